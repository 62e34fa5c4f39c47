"""Workflows described in `setup/data/workflows/`, created with their states and actions if missing.

Once created, a workflow is the admins' to edit in the desk: nothing here updates an existing one.
"""

import frappe

from gusp_network.setup.records import read_folder

ACTION_SHEET_WORKFLOW = "Action Sheet Workflow"
RESIDENT_REPORT_WORKFLOW = "Resident Report Workflow"


def get_workflow_specs() -> list[dict]:
	return read_folder("workflows")


def get_workflow_spec(name: str) -> dict:
	return next(spec for spec in get_workflow_specs() if spec["name"] == name)


def ensure_workflows() -> None:
	for spec in get_workflow_specs():
		ensure_workflow(spec)


def ensure_workflow(spec: dict) -> None:
	"""Create a workflow, its states and actions if missing.

	`spec`: name, document_type, states [{state, style, editable_by, sets}], transitions
	[{state, action, next_state, allowed}].
	"""
	for state in spec["states"]:
		if not frappe.db.exists("Workflow State", state["state"]):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state["state"], "style": state["style"]}
			).insert(ignore_permissions=True)
	for action in {transition["action"] for transition in spec["transitions"]}:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
	if frappe.db.exists("Workflow", spec["name"]):
		return
	workflow = frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": spec["name"],
			"document_type": spec["document_type"],
			"workflow_state_field": "workflow_state",
			"is_active": 1,
			"send_email_alert": 0,
			"override_status": 1,
		}
	)
	for state in spec["states"]:
		sets = state.get("sets") or {}
		for role in state["editable_by"]:
			row = {"state": state["state"], "doc_status": "0", "allow_edit": role}
			for field, value in sets.items():
				row.update({"update_field": field, "update_value": value})
			workflow.append("states", row)
	for transition in spec["transitions"]:
		for role in transition["allowed"]:
			workflow.append(
				"transitions",
				{
					"state": transition["state"],
					"action": transition["action"],
					"next_state": transition["next_state"],
					"allowed": role,
					"allow_self_approval": 1,
				},
			)
	workflow.insert(ignore_permissions=True)
