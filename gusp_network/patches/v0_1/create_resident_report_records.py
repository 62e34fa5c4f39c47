"""Sites installed before resident reports existed get their admin-owned records.

Idempotent: each step creates only what is missing, so admins' edits stay.
"""

from gusp_network.setup.assignment_rules import ensure_assignment_rules
from gusp_network.setup.defaults import forbid_guest_uploads
from gusp_network.setup.notifications import ensure_notifications
from gusp_network.setup.roles import ensure_roles
from gusp_network.setup.workflows import ensure_workflows


def execute():
	ensure_roles()
	ensure_workflows()
	ensure_assignment_rules()
	ensure_notifications()
	forbid_guest_uploads()
