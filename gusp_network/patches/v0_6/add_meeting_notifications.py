"""Sites that installed Network Life before meetings told their participants of a cancellation or a
new date get those notifications (created only if missing)."""

from gusp_network.setup.notifications import ensure_notifications


def execute():
	ensure_notifications()
