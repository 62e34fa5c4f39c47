"""Practice sheets and newsletter contributions on a site installed before them: their workflows,
the network's newsletter Email Group, and the public pages in the website's menu (each only if
missing)."""

from gusp_network.setup.newsletter import ensure_network_email_group
from gusp_network.setup.website import add_public_pages_to_menu
from gusp_network.setup.workflows import ensure_workflows


def execute():
	ensure_workflows()
	ensure_network_email_group()
	add_public_pages_to_menu()
