"""Records the admins own, created once if missing.

Roles, the Action Sheet and Resident Report workflows (with their states and actions), the
assignment rule and the email notifications of resident reports, the default settings, the
resource centre and the ten chantiers are created when the app is installed. They are not
fixtures, which `bench migrate` re-imports: once created, they are the admins' to edit in
the desk, and nothing here overwrites them. Each function is idempotent, so a patch can
call it again to add what a later version brings (see patches.txt).
"""

import json
from pathlib import Path

import frappe
from frappe import _

ROLES = {
	# role: desk access
	"GUSP Admin": 1,
	"GUSP Resource Centre": 1,
	"GUSP Member": 1,
	"GUSP Manager": 1,
	"GUSP Resident": 0,
}

ACTION_SHEET_WORKFLOW = "Action Sheet Workflow"

# state: style (Workflow State colours)
WORKFLOW_STATES = {
	"Draft": "",
	"Proposed": "Info",
	"Approved": "Primary",
	"In Progress": "Warning",
	"Completed": "Success",
	"Abandoned": "Danger",
}

# (state, action, next state, roles allowed)
ACTION_SHEET_TRANSITIONS = [
	("Draft", "Propose", "Proposed", ["GUSP Member", "GUSP Resource Centre"]),
	("Draft", "Abandon", "Abandoned", ["GUSP Member", "GUSP Resource Centre"]),
	("Proposed", "Approve", "Approved", ["GUSP Resource Centre"]),
	("Proposed", "Send Back to Draft", "Draft", ["GUSP Resource Centre"]),
	("Proposed", "Abandon", "Abandoned", ["GUSP Resource Centre"]),
	("Approved", "Start", "In Progress", ["GUSP Member", "GUSP Resource Centre"]),
	("Approved", "Send Back to Draft", "Draft", ["GUSP Resource Centre"]),
	("Approved", "Abandon", "Abandoned", ["GUSP Resource Centre"]),
	("In Progress", "Complete", "Completed", ["GUSP Member", "GUSP Resource Centre"]),
	("In Progress", "Abandon", "Abandoned", ["GUSP Resource Centre"]),
	("Abandoned", "Reopen as Draft", "Draft", ["GUSP Resource Centre"]),
]

# Roles that may edit a document in each state (the workflow's "only allow edit for").
ACTION_SHEET_EDITORS = {
	"Draft": ["GUSP Member", "GUSP Resource Centre"],
	"Proposed": ["GUSP Resource Centre"],
	"Approved": ["GUSP Member", "GUSP Resource Centre"],
	"In Progress": ["GUSP Member", "GUSP Resource Centre"],
	"Completed": ["GUSP Resource Centre"],
	"Abandoned": ["GUSP Resource Centre"],
}

RESOURCE_CENTRE_NAME = "Centre de ressources GUSP"

RESIDENT_REPORT_WORKFLOW = "Resident Report Workflow"
RC, MEMBER = "GUSP Resource Centre", "GUSP Member"
# state: (style, roles that may edit, public status set on entering it — the Open311 status)
RESIDENT_REPORT_STATES = {
	"New": ("Info", [RC], "Open"),
	"Qualified": ("Primary", [RC], "Open"),
	"Forwarded": ("Primary", [RC, MEMBER], "Open"),
	"In Progress": ("Warning", [RC, MEMBER], "Open"),
	"Resolved": ("Success", [RC, MEMBER], "Closed"),
	"Closed": ("Success", [RC], "Closed"),
	"Rejected": ("Danger", [RC], "Closed"),
	"Duplicate": ("Inverse", [RC], "Closed"),
}
# "Reopen" open to the Guest role lets reporters reopen from the tracking page (portal.py).
RESIDENT_REPORT_TRANSITIONS = [
	("New", "Qualify", "Qualified", [RC]),
	("New", "Forward", "Forwarded", [RC]),
	("New", "Reject", "Rejected", [RC]),
	("New", "Mark as Duplicate", "Duplicate", [RC]),
	("Qualified", "Forward", "Forwarded", [RC]),
	("Qualified", "Reject", "Rejected", [RC]),
	("Qualified", "Mark as Duplicate", "Duplicate", [RC]),
	("Forwarded", "Start", "In Progress", [MEMBER, RC]),
	("Forwarded", "Close", "Closed", [MEMBER, RC]),
	("In Progress", "Resolve", "Resolved", [MEMBER, RC]),
	("In Progress", "Close", "Closed", [MEMBER, RC]),
	("Resolved", "Close", "Closed", [RC]),
	("Resolved", "Reopen", "In Progress", [RC, "Guest"]),
	("Closed", "Reopen", "In Progress", [RC, "Guest"]),
	("Rejected", "Reopen", "Qualified", [RC]),
]

ASSIGNMENT_RULE = "Resident Report: referent of the responsible organisation"


def after_install() -> None:
	ensure_roles()
	ensure_action_sheet_workflow()
	ensure_resource_centre()
	ensure_workstreams()
	ensure_resident_report_workflow()
	ensure_report_assignment_rule()
	ensure_report_notifications()
	allow_guest_photo_uploads()


def ensure_roles() -> None:
	for role, desk_access in ROLES.items():
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": desk_access}).insert(
				ignore_permissions=True
			)
		elif not desk_access:
			# roles named in DocType permissions are created by the DocType sync, with desk access
			frappe.db.set_value("Role", role, "desk_access", 0)


def ensure_action_sheet_workflow() -> None:
	ensure_workflow(
		ACTION_SHEET_WORKFLOW,
		"Action Sheet",
		{state: (style, ACTION_SHEET_EDITORS[state], None) for state, style in WORKFLOW_STATES.items()},
		ACTION_SHEET_TRANSITIONS,
	)


def ensure_workflow(name: str, doctype: str, states: dict, transitions: list) -> None:
	"""Create a workflow, its states and actions if missing.

	`states`: {state: (style, roles that may edit, public status it sets or None)}.
	"""
	for state, (style, _editors, _status) in states.items():
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": style}
			).insert(ignore_permissions=True)
	for action in {t[1] for t in transitions}:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
	if frappe.db.exists("Workflow", name):
		return
	workflow = frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": name,
			"document_type": doctype,
			"workflow_state_field": "workflow_state",
			"is_active": 1,
			"send_email_alert": 0,
			"override_status": 1,
		}
	)
	for state, (_style, editors, public_status) in states.items():
		for role in editors:
			row = {"state": state, "doc_status": "0", "allow_edit": role}
			if public_status:
				row.update({"update_field": "public_status", "update_value": public_status})
			workflow.append("states", row)
	for state, action, next_state, roles in transitions:
		for role in roles:
			workflow.append(
				"transitions",
				{
					"state": state,
					"action": action,
					"next_state": next_state,
					"allowed": role,
					"allow_self_approval": 1,
				},
			)
	workflow.insert(ignore_permissions=True)


def ensure_resource_centre() -> None:
	"""The network's resource centre, named in the settings."""
	settings = frappe.get_single("GUSP Settings")
	if settings.resource_centre:
		return
	if not frappe.db.exists("Network Member", RESOURCE_CENTRE_NAME):
		frappe.get_doc(
			{
				"doctype": "Network Member",
				"member_name": RESOURCE_CENTRE_NAME,
				"acronym": "CR GUSP",
				"member_type": "Resource Centre",
				"is_public": 1,
				"description": _("Animates the partner network and its ten workstreams."),
			}
		).insert(ignore_permissions=True)
	settings.resource_centre = RESOURCE_CENTRE_NAME
	settings.save(ignore_permissions=True)


def load_workstreams() -> list[dict]:
	path = Path(frappe.get_app_path("gusp_network", "data", "workstreams.json"))
	return json.loads(path.read_text(encoding="utf-8"))["workstreams"]


def ensure_workstreams() -> None:
	"""The ten chantiers of the brief, word for word; existing ones are left as admins edited them."""
	existing = set(frappe.get_all("Workstream", pluck="number"))
	for data in load_workstreams():
		if data["number"] in existing:
			continue
		frappe.get_doc(
			{
				"doctype": "Workstream",
				"number": data["number"],
				"title": data["title"],
				"sheet_title": data["sheet_title"],
				"objectives": data["objectives"],
				"needs": data["needs"],
				"axes": [{"axis": axis} for axis in data["axes"]],
				"actions": [{"action": action} for action in data["actions"]],
			}
		).insert(ignore_permissions=True)


def ensure_resident_report_workflow() -> None:
	ensure_workflow(
		RESIDENT_REPORT_WORKFLOW, "Resident Report", RESIDENT_REPORT_STATES, RESIDENT_REPORT_TRANSITIONS
	)


def ensure_report_assignment_rule() -> None:
	"""Reports are assigned (ToDo) to the referent routing picked, due on the report's due date."""
	if frappe.db.exists("Assignment Rule", ASSIGNMENT_RULE):
		return
	frappe.get_doc(
		{
			"doctype": "Assignment Rule",
			"name": ASSIGNMENT_RULE,
			"document_type": "Resident Report",
			"description": _("A new report goes to the referent of the organisation routing found."),
			"priority": 1,
			"rule": "Based on Field",
			"field": "responsible_user",
			"assign_condition": "responsible_user and public_status == 'Open'",
			"close_condition": "public_status == 'Closed'",
			"due_date_based_on": "due_date",
			"assignment_days": [
				{"day": day}
				for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
			],
		}
	).insert(ignore_permissions=True)


REPORT_NOTIFICATIONS = [
	{
		"name": "Resident Report: received",
		"event": "New",
		"subject": "Votre signalement {{ doc.name }} a bien été reçu",
		"message": (
			"<p>Bonjour,</p><p>Votre signalement <b>{{ doc.name }}</b> ({{ _(doc.theme) }}) a bien été reçu "
			"et transmis à l'organisation compétente.</p>"
			"<p>Suivez-le ici : <a href=\"{{ frappe.utils.get_url('/suivi/' + doc.tracking_key) }}\">"
			"{{ frappe.utils.get_url('/suivi/' + doc.tracking_key) }}</a></p>"
		),
	},
	{
		"name": "Resident Report: status changed",
		"event": "Value Change",
		"value_changed": "workflow_state",
		"subject": "Votre signalement {{ doc.name }} : {{ _(doc.workflow_state) }}",
		"message": (
			"<p>Bonjour,</p><p>Votre signalement <b>{{ doc.name }}</b> est maintenant : "
			"<b>{{ _(doc.workflow_state) }}</b>.</p>"
			"<p><a href=\"{{ frappe.utils.get_url('/suivi/' + doc.tracking_key) }}\">Voir le suivi</a></p>"
		),
	},
	{
		"name": "Resident Report: public update",
		"event": "Value Change",
		"value_changed": "last_public_update",
		"subject": "Du nouveau sur votre signalement {{ doc.name }}",
		"message": (
			"<p>Bonjour,</p><p>{{ doc.last_public_update }}</p>"
			"<p><a href=\"{{ frappe.utils.get_url('/suivi/' + doc.tracking_key) }}\">Voir le suivi</a></p>"
		),
	},
	{
		"name": "Resident Report: is it fixed?",
		"event": "Days After",
		"date_changed": "closed_on",
		"days_in_advance": 21,
		"extra_condition": " and doc.closing_reason == 'Fixed' and not doc.fix_confirmation",
		"subject": "Le problème signalé ({{ doc.name }}) est-il vraiment réglé ?",
		"message": (
			"<p>Bonjour,</p><p>Il y a trois semaines, votre signalement <b>{{ doc.name }}</b> a été "
			"marqué comme résolu. Est-ce vraiment le cas ?</p>"
			"<p><a href=\"{{ frappe.utils.get_url('/suivi/' + doc.tracking_key) }}\">Répondre en un clic</a></p>"
		),
	},
]


def ensure_report_notifications() -> None:
	"""Emails to reporters who left an address and agreed; admins edit text and recipients in the desk."""
	for spec in REPORT_NOTIFICATIONS:
		if frappe.db.exists("Notification", spec["name"]):
			continue
		spec = dict(spec)
		condition = "doc.consent and doc.reporter_email" + spec.pop("extra_condition", "")
		frappe.get_doc(
			{
				"doctype": "Notification",
				"document_type": "Resident Report",
				"channel": "Email",
				"enabled": 1,
				"is_standard": 0,
				"condition": condition,
				"recipients": [{"receiver_by_document_field": "reporter_email"}],
				**spec,
			}
		).insert(ignore_permissions=True)


def allow_guest_photo_uploads() -> None:
	"""Guests attach a photo to their report (Frappe limits guests to safe file types)."""
	frappe.db.set_single_value("System Settings", "allow_guests_to_upload_files", 1)
