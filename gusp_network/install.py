"""Records the admins own, created once if missing.

Roles, the Action Sheet workflow (its states and actions), the default settings, the
resource centre and the ten chantiers are created when the app is installed. They are
not fixtures, which `bench migrate` re-imports: once created, they are the admins' to
edit in the desk, and nothing here overwrites them. Each function is idempotent, so a
patch can call it again to add what a later version brings.
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


def after_install() -> None:
	ensure_roles()
	ensure_action_sheet_workflow()
	ensure_resource_centre()
	ensure_workstreams()


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
	for state, style in WORKFLOW_STATES.items():
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": state, "style": style}).insert(
				ignore_permissions=True
			)
	for action in {t[1] for t in ACTION_SHEET_TRANSITIONS}:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
	if frappe.db.exists("Workflow", ACTION_SHEET_WORKFLOW):
		return
	workflow = frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": ACTION_SHEET_WORKFLOW,
			"document_type": "Action Sheet",
			"workflow_state_field": "workflow_state",
			"is_active": 1,
			"send_email_alert": 0,
			"override_status": 1,
		}
	)
	for state in WORKFLOW_STATES:
		for role in ACTION_SHEET_EDITORS[state]:
			workflow.append("states", {"state": state, "doc_status": "0", "allow_edit": role})
	for state, action, next_state, roles in ACTION_SHEET_TRANSITIONS:
		for role in roles:
			workflow.append(
				"transitions",
				{"state": state, "action": action, "next_state": next_state, "allowed": role, "allow_self_approval": 1},
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
