"""The Steering module on a site installed before it: its number cards, charts and dashboard, each
only if missing (an admin's edits are kept)."""

from gusp_network.setup.steering import ensure_steering_records


def execute():
	ensure_steering_records()
