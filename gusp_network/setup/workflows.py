"""Workflows described in `setup/data/workflows/`, created with their states and actions if missing.

Once created, a workflow is the admins' to edit in the desk: nothing here updates an existing one,
except the patches that bring a later version's additions (each named, each once).
"""

import frappe

from gusp_network.setup.records import read_folder

ACTION_SHEET_WORKFLOW = "Action Sheet Workflow"
RESIDENT_REPORT_WORKFLOW = "Resident Report Workflow"
ACTION_MASTER = "Workflow Action Master"


def get_workflow_specs() -> list[dict]:
	return read_folder("workflows")


def get_workflow_spec(name: str) -> dict:
	return next(spec for spec in get_workflow_specs() if spec["name"] == name)


def ensure_workflows() -> None:
	for spec in get_workflow_specs():
		ensure_workflow(spec)
	make_actions_searchable_in_french()


def ensure_workflow(spec: dict) -> None:
	"""Create a workflow, its states and actions if missing.

	`spec`: name, document_type, states [{state, style, editable_by, sets}], transitions
	[{state, action, next_state, allowed, condition}].
	"""
	ensure_states(spec)
	ensure_actions(spec)
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
			# the state is the document's status: lists and forms show it, in its state's colour
			"override_status": 0,
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
		append_transition(workflow, transition)
	workflow.insert(ignore_permissions=True)


def append_transition(workflow, transition: dict) -> None:
	for role in transition["allowed"]:
		workflow.append(
			"transitions",
			{
				"state": transition["state"],
				"action": transition["action"],
				"next_state": transition["next_state"],
				"allowed": role,
				"allow_self_approval": 1,
				"condition": transition.get("condition"),
			},
		)


def ensure_states(spec: dict) -> None:
	"""Each state exists, with its colour: a state that has none (Frappe's own "Draft", or one made
	before colours were set) gets the spec's; a colour an admin chose stays."""
	for state in spec["states"]:
		current = frappe.db.get_value("Workflow State", state["state"], "style")
		if current is None:
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state["state"], "style": state["style"]}
			).insert(ignore_permissions=True)
		elif not current and state["style"]:
			frappe.db.set_value("Workflow State", state["state"], "style", state["style"])


def ensure_actions(spec: dict) -> None:
	for action in {transition["action"] for transition in spec["transitions"]}:
		if not frappe.db.exists(ACTION_MASTER, action):
			frappe.get_doc({"doctype": ACTION_MASTER, "workflow_action_name": action}).insert(
				ignore_permissions=True
			)


def add_transitions(workflow_name: str, actions: set[str]) -> None:
	"""Add to an existing workflow the spec's transitions for `actions` it does not have yet (a
	transition is known by its state and action: one an admin reworked is left alone)."""
	if not frappe.db.exists("Workflow", workflow_name):
		return
	spec = get_workflow_spec(workflow_name)
	ensure_actions(spec)
	workflow = frappe.get_doc("Workflow", workflow_name)
	present = {(row.state, row.action) for row in workflow.transitions}
	missing = [
		transition
		for transition in spec["transitions"]
		if transition["action"] in actions and (transition["state"], transition["action"]) not in present
	]
	for transition in missing:
		append_transition(workflow, transition)
	if missing:
		workflow.save(ignore_permissions=True)


def show_states_as_status() -> None:
	"""The app's workflows made before: their state becomes the status lists and forms show."""
	for spec in get_workflow_specs():
		ensure_states(spec)
		if frappe.db.get_value("Workflow", spec["name"], "override_status"):
			frappe.db.set_value("Workflow", spec["name"], "override_status", 0)
	frappe.clear_cache()


def make_actions_searchable_in_french() -> None:
	"""Workflow actions are records named in English ("Reopen"); the workflow editor's search then
	finds "Rouvrir" nowhere and an admin creates a duplicate. Marked as a translated DocType
	(Customize Form's "Translate Link Fields"), they are searched and shown in the user's language.
	Left alone when an admin already decided."""
	if frappe.db.exists(
		"Property Setter",
		{"doc_type": ACTION_MASTER, "doctype_or_field": "DocType", "property": "translated_doctype"},
	):
		return
	frappe.make_property_setter(
		{
			"doctype": ACTION_MASTER,
			"doctype_or_field": "DocType",
			"property": "translated_doctype",
			"value": "1",
			"property_type": "Check",
		},
		validate_fields_for_doctype=False,
		is_system_generated=False,
	)
