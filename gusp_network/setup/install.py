"""Records the admins own, created once if missing.

Roles, workflows (with their states and actions), assignment rules, email notifications, the
default settings, the resource centre and the ten chantiers are created when the app is
installed. They are not fixtures, which `bench migrate` re-imports: once created, they are the
admins' to edit in the desk, and nothing here overwrites them. Each step is idempotent, so a
patch can run it again to add what a later version brings (see patches.txt).
"""

from gusp_network.setup.assignment_rules import ensure_assignment_rules
from gusp_network.setup.defaults import ensure_resource_centre, ensure_workstreams, forbid_guest_uploads
from gusp_network.setup.notifications import ensure_notifications
from gusp_network.setup.roles import ensure_roles
from gusp_network.setup.workflows import ensure_workflows


def after_install() -> None:
	ensure_roles()
	ensure_workflows()
	ensure_resource_centre()
	ensure_workstreams()
	ensure_assignment_rules()
	ensure_notifications()
	forbid_guest_uploads()
