"""What the Network Life module brings to a site installed before it: its workflows and its
notifications (each created only if missing)."""

from gusp_network.setup.notifications import ensure_notifications
from gusp_network.setup.workflows import ensure_workflows


def execute():
	ensure_workflows()
	ensure_notifications()
