"""`./gusp bench`: the app at network scale against Frappe's own baselines (see run.py)."""
