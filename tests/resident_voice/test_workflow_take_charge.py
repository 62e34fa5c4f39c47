"""The organisation a new report is routed to takes it at once, unless GUSP Settings makes new
reports wait for the resource centre (`reports_wait_for_qualification`).

The Workflow decides, through the condition of its "Take Charge" transition: an admin edits it
in the desk, no code reads the setting.
"""

import frappe
import pytest
from frappe.model.workflow import WorkflowTransitionError, apply_workflow, get_transitions

from gusp_network.setup.workflows import RESIDENT_REPORT_WORKFLOW
from tests.factories import as_user, make_geography, make_report, make_responsibility, make_theme

TAKE_CHARGE = "Take Charge"


@pytest.fixture
def street_light(network):
	"""A new report about a street light, routed to organisation A (the lead there)."""
	geo = make_geography()
	theme = make_theme(service_level_days=2).name
	make_responsibility(theme, geo.qpv, network.org_a)
	with as_user("Guest"):
		report = make_report(theme, territory=geo.qpv)
	assert (report.workflow_state, report.responsible_member) == ("New", network.org_a)
	return report


def actions_for(user: str, report) -> list[str]:
	"""The actions the desk offers the user on the report (Frappe's own list)."""
	with as_user(user):
		return [t["action"] for t in get_transitions(frappe.get_doc("Resident Report", report.name))]


def take_charge(user: str, report):
	with as_user(user):
		return apply_workflow(frappe.get_doc("Resident Report", report.name).as_dict(), TAKE_CHARGE)


def test_the_routed_organisation_takes_a_new_report_at_once_by_default(network, street_light, gusp_settings):
	assert not frappe.db.get_single_value("GUSP Settings", "reports_wait_for_qualification")
	gusp_settings(reports_wait_for_qualification=0)  # as saved by the form: "0", not nothing
	with as_user(network.member_a):
		assert frappe.has_permission("Resident Report", "read", doc=street_light.name)
		assert street_light.name in frappe.get_list("Resident Report", pluck="name", limit_page_length=0)
	assert TAKE_CHARGE in actions_for(network.member_a, street_light)
	taken = take_charge(network.member_a, street_light)
	assert taken.workflow_state == "In Progress"
	assert frappe.db.get_value("Resident Report", street_light.name, "public_status") == "Open"


def test_another_organisation_cannot_take_it(network, street_light):
	with pytest.raises(frappe.PermissionError):
		take_charge(network.member_b, street_light)
	assert frappe.db.get_value("Resident Report", street_light.name, "workflow_state") == "New"


def test_when_new_reports_wait_for_the_resource_centre_members_cannot_take_them(
	network, street_light, gusp_settings
):
	gusp_settings(reports_wait_for_qualification=1)
	assert TAKE_CHARGE not in actions_for(network.member_a, street_light)
	with pytest.raises(WorkflowTransitionError):
		take_charge(network.member_a, street_light)
	assert frappe.db.get_value("Resident Report", street_light.name, "workflow_state") == "New"
	# the resource centre qualifies and forwards it as before; then the organisation starts it
	assert {"Qualify", "Forward"} <= set(actions_for(network.centre, street_light))
	with as_user(network.centre):
		apply_workflow(frappe.get_doc("Resident Report", street_light.name).as_dict(), "Forward")
	assert "Start" in actions_for(network.member_a, street_light)


def test_the_rule_is_the_workflows_condition_which_admins_edit():
	workflow = frappe.get_doc("Workflow", RESIDENT_REPORT_WORKFLOW)
	[transition] = [t for t in workflow.transitions if t.action == TAKE_CHARGE]
	assert (transition.state, transition.next_state, transition.allowed) == (
		"New",
		"In Progress",
		"GUSP Member",
	)
	assert "reports_wait_for_qualification" in transition.condition
