"""Records the admins own, created once if missing.

Roles, workflows (with their states and actions), assignment rules, email notifications and the
account they leave from, the default settings, the resource centre and the ten chantiers are
created when the app is installed. They are not fixtures, which `bench migrate` re-imports: once
created, they are the admins' to edit in the desk, and nothing here overwrites them. Each step is idempotent, so a
patch can run it again to add what a later version brings (see patches.txt).
"""

from gusp_network.setup.assignment_rules import ensure_assignment_rules
from gusp_network.setup.cooperation import ensure_tfpb_axes
from gusp_network.setup.defaults import (
	ensure_resource_centre,
	ensure_workstreams,
	forbid_guest_uploads,
	use_french_amounts,
)
from gusp_network.setup.knowledge import ensure_evaluation_criteria, require_evaluations_by_default
from gusp_network.setup.newsletter import ensure_network_email_group
from gusp_network.setup.notifications import ensure_notifications
from gusp_network.setup.outgoing_email import ensure_outgoing_email_account
from gusp_network.setup.roles import ensure_roles
from gusp_network.setup.steering import ensure_steering_records
from gusp_network.setup.website import add_public_pages_to_menu, name_the_website
from gusp_network.setup.workflows import ensure_workflows


def after_install() -> None:
	ensure_roles()
	ensure_workflows()
	ensure_resource_centre()
	ensure_workstreams()
	ensure_tfpb_axes()
	ensure_evaluation_criteria()
	require_evaluations_by_default()
	ensure_network_email_group()
	ensure_assignment_rules()
	ensure_notifications()
	ensure_outgoing_email_account()
	forbid_guest_uploads()
	use_french_amounts()
	name_the_website()
	add_public_pages_to_menu()
	ensure_steering_records()
