"""Practice sheets and newsletter contributions on a site installed before them: their workflows
and the network's newsletter Email Group (each only if missing)."""

from gusp_network.setup.newsletter import ensure_network_email_group
from gusp_network.setup.workflows import ensure_workflows


def execute():
	ensure_workflows()
	ensure_network_email_group()
