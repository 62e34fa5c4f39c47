"""Sites installed before resident reports existed get their admin-owned records.

Idempotent: each step creates only what is missing, so admins' edits stay.
"""

from gusp_network import install


def execute():
	install.ensure_roles()
	install.ensure_resident_report_workflow()
	install.ensure_report_assignment_rule()
	install.ensure_report_notifications()
	install.allow_guest_photo_uploads()
