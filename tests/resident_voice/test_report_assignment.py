"""A new report is assigned, and offered to the roles that take it further, exactly as Frappe's
Assignment Rule and workflow would: the app makes them directly (resident_voice/assignment.py,
workflow_actions.py), and whatever an admin changes in the desk is still Frappe's to apply."""

import frappe
import pytest
from frappe.cache_manager import clear_doctype_map
from frappe.model.workflow import get_workflow_name
from frappe.utils import add_days, get_weekday, getdate, today
from frappe.workflow.doctype.workflow_action.workflow_action import get_next_possible_transitions

from gusp_network.resident_voice import assignment, workflow_actions
from tests.factories import as_user, make_geography, make_report, make_responsibility, make_theme

RULE = "Resident Report: referent of the responsible organisation"
TODO_FIELDS = ["allocated_to", "date", "description", "assignment_rule", "status", "priority", "assigned_by"]


@pytest.fixture
def routed(network):
	"""A theme organisation A leads on a QPV: its reports go to A's referent (member_a)."""
	theme = make_theme(service_level_days=3).name
	territory = make_geography().qpv
	make_responsibility(theme, territory, network.org_a)

	def report(**values):
		with as_user("Guest"):
			return make_report(theme, territory=territory, **values)

	return report


@pytest.fixture
def rule():
	"""The installed rule, for an admin to edit in the test (Frappe caches the rules outside the
	database: forgotten afterwards)."""
	doc = frappe.get_doc("Assignment Rule", RULE)
	doc.last_user = None  # Frappe's round-robin bookmark may name a user deleted since
	yield doc
	frappe.db.rollback()
	clear_doctype_map("Assignment Rule", "Resident Report")
	clear_doctype_map("Assignment Rule", "due_date_rules_for_Resident Report")
	frappe.clear_document_cache("Assignment Rule", RULE)


@pytest.fixture
def frappe_alone(monkeypatch):
	"""Frappe's own hooks do all the work, as before the app made them directly."""

	def use_frappe():
		monkeypatch.setattr(assignment, "assign_new_report", lambda report: None)
		monkeypatch.setattr(workflow_actions, "create_for_new_report", lambda report: None)

	return use_frappe


def assignments(report) -> list[dict]:
	return frappe.get_all(
		"ToDo",
		filters={"reference_type": "Resident Report", "reference_name": report.name},
		fields=TODO_FIELDS,
	)


def assigned_comments(report) -> list[str]:
	return frappe.get_all(
		"Comment",
		filters={"reference_doctype": "Resident Report", "reference_name": report.name},
		pluck="comment_type",
	)


def workflow_action(report) -> tuple[list[dict], set[str]]:
	actions = frappe.get_all(
		"Workflow Action",
		filters={"reference_doctype": "Resident Report", "reference_name": report.name},
		fields=["name", "status", "workflow_state", "user"],
	)
	roles = set(
		frappe.get_all(
			"Workflow Action Permitted Role",
			filters={"parent": ("in", [a.name for a in actions])},
			pluck="role",
		)
	)
	return [{k: v for k, v in a.items() if k != "name"} for a in actions], roles


def test_the_assignment_is_the_one_frappes_rule_makes(routed, network, frappe_alone):
	ours = routed()
	[todo] = assignments(ours)
	assert (todo.allocated_to, getdate(todo.date)) == (network.member_a, getdate(add_days(today(), 3)))
	assert todo.assignment_rule == RULE and todo.status == "Open"
	assert frappe.db.get_value("Resident Report", ours.name, "_assign") == f'["{network.member_a}"]'

	frappe_alone()
	theirs = routed()
	assert assignments(theirs) == [todo]
	assert assigned_comments(theirs) == assigned_comments(ours) == ["Assigned"]
	assert frappe.db.get_value("Resident Report", theirs.name, "_assign") == f'["{network.member_a}"]'


def test_reports_made_at_the_same_moment_do_not_write_the_rule(routed, rule):
	"""Frappe wrote its round-robin bookmark on the rule for every report: a row each report waited
	for. A "Based on Field" rule does not use it."""
	before = frappe.db.get_value("Assignment Rule", RULE, ["modified", "last_user"])
	assert assignments(routed()) and assignments(routed())
	assert frappe.db.get_value("Assignment Rule", RULE, ["modified", "last_user"]) == before


def test_a_rule_disabled_in_the_desk_assigns_nothing(routed, rule):
	rule.disabled = 1
	rule.save()
	assert assignments(routed()) == []


def test_a_round_robin_chosen_in_the_desk_is_frappes_round_robin(routed, rule, network):
	rule.rule = "Round Robin"
	rule.field = None
	rule.users = []
	rule.append("users", {"user": network.centre})
	rule.save()
	[todo] = assignments(routed())
	assert todo.allocated_to == network.centre, "the rule's users, not the routed referent"
	assert frappe.db.get_value("Assignment Rule", RULE, "last_user") == network.centre


def test_the_condition_written_in_the_desk_decides(routed, rule, network, gusp_settings):
	rule.assign_condition = "responsible_user and public_status == 'Open' and theme == 'Nothing'"
	rule.save()
	assert assignments(routed()) == []
	rule.assign_condition = "responsible_user and theme != 'Nothing'"
	rule.save()
	assert [t.allocated_to for t in assignments(routed())] == [network.member_a]


def test_an_unassign_condition_is_applied_by_frappe(routed, rule, network, frappe_alone):
	rule.unassign_condition = "public_status == 'Closed'"
	rule.save()
	ours = assignments(routed())
	frappe_alone()
	assert assignments(routed()) == ours
	assert [t.allocated_to for t in ours] == [network.member_a]


def test_a_rule_not_applied_today_assigns_nothing(routed, rule):
	rule.assignment_days = []
	rule.append("assignment_days", {"day": "Monday" if get_weekday() != "Monday" else "Tuesday"})
	rule.save()
	assert assignments(routed()) == []


@pytest.mark.parametrize("wait", [0, 1])
def test_the_workflow_action_is_the_one_frappe_creates(routed, gusp_settings, frappe_alone, wait):
	"""The roles that may take the new report further: members too, unless new reports wait for
	the resource centre (the condition of the "Take Charge" transition)."""
	gusp_settings(reports_wait_for_qualification=wait)
	ours = routed()
	expected = {
		t.allowed for t in get_next_possible_transitions(get_workflow_name("Resident Report"), "New", ours)
	}
	assert ("GUSP Member" in expected) == (not wait)
	assert workflow_action(ours) == ([{"status": "Open", "workflow_state": "New", "user": None}], expected)

	frappe_alone()
	assert workflow_action(routed()) == workflow_action(ours)


def test_with_email_alerts_on_the_workflow_action_is_left_to_frappe(routed, monkeypatch):
	from frappe.workflow.doctype.workflow_action import workflow_action as frappe_workflow_action

	workflow = get_workflow_name("Resident Report")
	frappe.db.set_value("Workflow", workflow, "send_email_alert", 1)
	frappe.clear_document_cache("Workflow", workflow)
	made, emails = [], []
	create = workflow_actions.create_for_new_report
	monkeypatch.setattr(workflow_actions, "create_for_new_report", lambda r: made.append(create(r)))
	monkeypatch.setattr(frappe_workflow_action, "enqueue", lambda method, **kwargs: emails.append(method))
	try:
		report = routed()
		assert made == [None], "Frappe's to do"
		assert emails == [frappe_workflow_action.send_workflow_action_email]
		actions, roles = workflow_action(report)
		assert len(actions) == 1 and roles
	finally:
		frappe.db.rollback()
		frappe.clear_document_cache("Workflow", workflow)


def test_a_new_report_reads_its_workflow_and_rule_from_the_cache(routed, monkeypatch):
	"""Frappe read each next state of the workflow and the rule itself from the database, for
	every report."""
	routed()
	queries = []
	sql = frappe.db.sql
	monkeypatch.setattr(
		frappe.db, "sql", lambda query, *a, **k: queries.append(str(query)) or sql(query, *a, **k)
	)
	routed()
	read = [q for q in queries if any(t in q for t in ("tabWorkflow Document State", "tabAssignment Rule"))]
	assert read == []
