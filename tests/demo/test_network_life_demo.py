"""The demo's network life as a new user finds it: past meetings held, most with their minutes
published and their decisions (one overdue, in its assignee's to-do list), public meetings to come
with seats left and visitors registered, one cancelled; a study trip in each state of its workflow."""

import frappe
from frappe.desk.query_report import run
from frappe.utils import flt, getdate, now_datetime, strip_html_tags, today

from gusp_network import demo
from gusp_network.demo import network_life
from gusp_network.demo.network_life import MEETINGS, TRIPS

MEETING = "Network Meeting"
TRIP = "Study Trip"
DEMO_MEMBER = "membre@demo.gusp.fr"  # staff of Ville de Lysmont


def test_on_the_demo_past_meetings_have_their_minutes_and_decisions_and_public_ones_seats_left(demo_files):
	"""One load for four checks (a demo load takes a while)."""
	demo.load()
	meetings = frappe.get_all(
		MEETING,
		filters={"title": ("in", [spec["title"] for spec in MEETINGS])},
		fields=["name", "meeting_type", "workstream", "workflow_state", "starts_on"],
	)
	assert len(meetings) == len(MEETINGS)
	assert {meeting.workflow_state for meeting in meetings} == {
		"Planned",
		"Held",
		"Minutes Published",
		"Cancelled",
	}
	assert len({meeting.meeting_type for meeting in meetings}) >= 6
	assert len({meeting.workstream for meeting in meetings}) >= 5
	now = now_datetime()
	for meeting in meetings:
		if meeting.workflow_state in ("Held", "Minutes Published"):
			assert meeting.starts_on < now, meeting.name
		if meeting.workflow_state == "Planned":
			assert meeting.starts_on > now, meeting.name

	public_meetings_to_come_have_seats_left_and_visitors_registered()
	published_minutes_come_with_attendance_and_decisions()
	an_overdue_decision_shows_in_the_follow_up_and_in_its_assignees_to_do_list()


def public_meetings_to_come_have_seats_left_and_visitors_registered():
	"""What /agenda lists: public meetings still planned, not started, with a capacity not reached."""
	open_ones = []
	for name in frappe.get_all(
		MEETING,
		filters={"is_public": 1, "workflow_state": "Planned", "starts_on": (">", now_datetime())},
		pluck="name",
	):
		doc = frappe.get_doc(MEETING, name)
		visitors = [row for row in doc.participants if row.registered_on_agenda]
		assert doc.registered_count == sum(row.registered for row in doc.participants)
		if doc.capacity > doc.registered_count and visitors:
			assert all(row.registration and row.registered for row in visitors), name
			emails = frappe.get_all(
				"Network Meeting Registration", filters={"network_meeting": name}, pluck="email"
			)
			assert len(emails) == len(visitors) and all("@" in email for email in emails), name
			open_ones.append(name)
	assert len(open_ones) >= 2


def published_minutes_come_with_attendance_and_decisions():
	published = [
		frappe.get_doc(MEETING, name)
		for name in frappe.get_all(MEETING, filters={"workflow_state": "Minutes Published"}, pluck="name")
	]
	assert len(published) >= 2
	for doc in published:
		assert strip_html_tags(doc.minutes).strip(), doc.name
		assert any(row.attended for row in doc.participants), doc.name
		assert 2 <= len(doc.decisions) <= 3, doc.name
		doc.run_method("validate")  # the meeting's own checks accept it as it is
	decisions = [row for doc in published for row in doc.decisions]
	assert any(row.action_sheet for row in decisions), "a decision follows an action sheet"
	settled = [row.grey_zone for row in decisions if row.grey_zone]
	assert settled and frappe.db.exists("Grey Zone", settled[0]), "a decision settles a grey zone"
	held = frappe.get_all(MEETING, filters={"workflow_state": "Held"}, pluck="name")
	assert held and any(row.attended for row in frappe.get_doc(MEETING, held[0]).participants)


def an_overdue_decision_shows_in_the_follow_up_and_in_its_assignees_to_do_list():
	frappe.set_user(DEMO_MEMBER)
	report = run("Decisions Follow-up", filters={"overdue_only": 1}, ignore_prepared_report=True)
	overdue = [row for row in report["result"] if isinstance(row, dict) and row.get("is_overdue")]
	mine = [row for row in overdue if row["assigned_to"] == DEMO_MEMBER]
	assert mine, report["result"]
	assert getdate(mine[0]["due_date"]) < getdate(today())
	todos = frappe.get_list(
		"ToDo",
		filters={
			"allocated_to": DEMO_MEMBER,
			"status": "Open",
			"reference_type": MEETING,
			"reference_name": mine[0]["meeting"],
		},
		fields=["date", "description"],
	)
	assert [getdate(todo.date) for todo in todos] == [getdate(mine[0]["due_date"])]
	frappe.set_user("Administrator")


def test_the_demo_holds_a_study_trip_in_each_state_and_loading_it_twice_changes_nothing(demo_files):
	demo.load()
	states = dict(
		frappe.get_all(
			TRIP,
			filters={"title": ("in", [spec["title"] for spec in TRIPS])},
			fields=["workflow_state", "name"],
			as_list=True,
		)
	)
	workflow = {row.state for row in frappe.get_doc("Workflow", "Study Trip Workflow").states}
	assert workflow <= set(states)

	capitalised = frappe.get_doc(TRIP, states["Capitalised"])
	assert strip_html_tags(capitalised.learnings).strip()
	assert capitalised.visits and capitalised.participants
	estimated = sum(flt(line.estimated_amount) for line in capitalised.budget_lines)
	actual = sum(flt(line.actual_amount) for line in capitalised.budget_lines)
	assert estimated > 0 and actual > 0
	assert (capitalised.estimated_total, capitalised.actual_total) == (estimated, actual)
	assert capitalised.budget_gap == actual - estimated
	assert getdate(capitalised.end_date) < getdate(today())
	for name in states.values():
		frappe.get_doc(TRIP, name).run_method("validate")  # each trip passes its own checks

	before = counts()
	assert network_life.make_network_life() == "0 rencontres, 0 voyages d'étude"
	assert counts() == before


def counts() -> dict[str, int]:
	return {
		doctype: frappe.db.count(doctype)
		for doctype in (
			MEETING,
			TRIP,
			"Network Meeting Participant",
			"Network Meeting Decision",
			"Study Trip Budget Line",
			"ToDo",
		)
	}
