"""Cooperation agreements: what the controller checks and computes, and the daily job."""


def expire_or_renew_agreements() -> None:
	"""Daily (hooks.py `scheduler_events`)."""
