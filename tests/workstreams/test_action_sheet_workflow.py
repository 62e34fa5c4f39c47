"""The Action Sheet workflow: each transition is open to the roles the Workflow names, and only to them."""

import frappe
import pytest
from frappe.model.workflow import WorkflowTransitionError, apply_workflow

from gusp_network.setup.workflows import ACTION_SHEET_WORKFLOW
from tests.factories import as_user, make_action_sheet
from tests.knowledge.factories import make_evaluation

TRANSITIONS = sorted(
	{
		(row["state"], row["action"], row["next_state"])
		for row in frappe.get_all(
			"Workflow Transition",
			filters={"parent": ACTION_SHEET_WORKFLOW},
			fields=["state", "action", "next_state"],
		)
	}
)


def allowed_roles(state: str, action: str) -> set[str]:
	return set(
		frappe.get_all(
			"Workflow Transition",
			filters={"parent": ACTION_SHEET_WORKFLOW, "state": state, "action": action},
			pluck="allowed",
		)
	)


def test_the_workflow_covers_the_whole_life_of_an_action_sheet():
	workflow = frappe.get_doc("Workflow", ACTION_SHEET_WORKFLOW)
	assert workflow.is_active
	assert workflow.document_type == "Action Sheet"
	states = [s.state for s in workflow.states]
	assert states[0] == "Draft"
	assert {"Draft", "Proposed", "Approved", "In Progress", "Completed", "Abandoned"} <= set(states)
	assert ("Draft", "Propose", "Proposed") in TRANSITIONS
	assert ("Proposed", "Approve", "Approved") in TRANSITIONS
	assert ("In Progress", "Complete", "Completed") in TRANSITIONS
	assert any(t[2] == "Draft" for t in TRANSITIONS), "a sheet can go back to Draft"


def test_a_new_action_sheet_starts_in_draft(network):
	sheet = make_action_sheet(network.org_a)
	assert sheet.workflow_state == "Draft"


@pytest.mark.parametrize("state,action,next_state", TRANSITIONS)
@pytest.mark.parametrize("who", ["member", "centre", "manager"])
def test_each_transition_is_allowed_for_its_roles_and_refused_for_others(
	network, who, state, action, next_state
):
	user = {"member": network.member_a, "centre": network.centre, "manager": network.manager}[who]
	sheet = make_action_sheet(network.org_a, state=state)
	if next_state == "Completed":  # a sheet is completed once evaluated (GUSP Settings, on by default)
		make_evaluation("Action Sheet", sheet.name, network.org_a, state="Validated")
	may = bool(allowed_roles(state, action) & set(frappe.get_roles(user)))
	with as_user(user):
		if may:
			apply_workflow(sheet.as_dict(), action)
		else:
			with pytest.raises((WorkflowTransitionError, frappe.PermissionError)):
				apply_workflow(sheet.as_dict(), action)
	expected = next_state if may else state
	assert frappe.db.get_value("Action Sheet", sheet.name, "workflow_state") == expected
	# the roles themselves: members propose and run, the resource centre validates, managers only read
	if who == "manager":
		assert not may
	if action == "Approve":
		assert may == (who == "centre")


def test_a_member_cannot_move_another_organisations_sheet(network):
	sheet = make_action_sheet(network.org_b)
	with as_user(network.member_a), pytest.raises(frappe.PermissionError):
		apply_workflow(sheet.as_dict(), "Propose")
	assert frappe.db.get_value("Action Sheet", sheet.name, "workflow_state") == "Draft"
