"""A new report's Workflow Action: the record Frappe would create, read from the cached workflow.

Frappe processes workflow actions on every save (`workflow_action.process_workflow_actions`, an
`on_update` hook on every DocType). On a new report it creates one Workflow Action listing the
roles that may take the report further (the desk's "Workflow Action" list and its open count),
and, when the workflow's "Send Email Alert" is on, emails those users. Finding the roles costs
Frappe a query per transition of the state (it reads whether each next state is optional row by
row, uncached), two more for the transitions, and none of it is cached across reports.

The report's own `on_update` runs before Frappe's hooks: when the workflow sends no email alert,
the same Workflow Action is created here as Frappe creates it, from the workflow Frappe
caches (`frappe.get_cached_doc`, cleared when an admin saves the workflow). Frappe's hook then
finds it (`is_workflow_action_already_created`) and stops. With email alerts on, or anything this
module does not read the way Frappe does (a state listed twice with different "optional" flags),
the whole processing stays Frappe's.
"""

import frappe
from frappe.desk.notifications import clear_doctype_notifications
from frappe.model.workflow import get_workflow_name, is_transition_condition_satisfied
from frappe.workflow.doctype.workflow_action.workflow_action import get_doc_workflow_state

WORKFLOW_ACTION = "Workflow Action"


def create_for_new_report(report) -> set[str] | None:
	"""On insert, before Frappe's hook: the Workflow Action's roles, or None when left to Frappe."""
	workflow_name = get_workflow_name(report.doctype)
	if not workflow_name:
		return None
	workflow = frappe.get_cached_doc("Workflow", workflow_name)
	if workflow.send_email_alert:
		return None
	roles = roles_for_next_actions(workflow, get_doc_workflow_state(report), report)
	if not roles:
		return None  # nothing to create, or not read as Frappe would: Frappe's to do
	# what Frappe does before looking for the next transitions (a new document has no actions
	# to mark completed)
	clear_doctype_notifications(WORKFLOW_ACTION)
	create_workflow_action(report, roles)
	return roles


def create_workflow_action(report, roles: set[str]) -> None:
	"""Frappe's `create_workflow_actions_for_roles`; its links are not looked up again (the roles come
	from the saved workflow, the reference is the report being saved)."""
	action = frappe.get_doc(
		{
			"doctype": WORKFLOW_ACTION,
			"reference_doctype": report.doctype,
			"reference_name": report.name,
			"workflow_state": get_doc_workflow_state(report),
			"status": "Open",
		}
	)
	for role in roles:
		action.append("permitted_roles", {"role": role})
	action.insert(ignore_permissions=True, ignore_links=True)


def roles_for_next_actions(workflow, state: str, doc) -> set[str] | None:
	"""The roles of the transitions out of `state` that Frappe lists (`get_next_possible_transitions`:
	not to an optional state, condition satisfied); None when Frappe's reading could differ."""
	optional = {}
	for row in workflow.states:
		optional.setdefault(row.state, set()).add(bool(row.is_optional_state))
	roles = set()
	for transition in workflow.transitions:
		if transition.state != state:
			continue
		flags = optional.get(transition.next_state, {False})
		if len(flags) > 1:
			return None
		if True in flags or not is_transition_condition_satisfied(transition, doc):
			continue
		roles.add(transition.allowed)
	return roles
