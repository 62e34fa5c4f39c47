"""What the Cooperation module brings to a site installed before it: its workflows, the TFPB axes and
its notifications (each created only if missing)."""

from gusp_network.setup.cooperation import ensure_tfpb_axes
from gusp_network.setup.notifications import ensure_notifications
from gusp_network.setup.workflows import ensure_workflows


def execute():
	ensure_workflows()
	ensure_tfpb_axes()
	ensure_notifications()
