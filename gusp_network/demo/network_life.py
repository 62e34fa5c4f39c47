"""Demo network life, from `data/network_life.json`: meetings of every kind and a study trip in
each state of its workflow.

Past meetings are held, their attendance ticked, and most have their minutes published with their
decisions (one settling a grey zone, one following an action sheet, one overdue, which sits in its
assignee's to-do list); upcoming ones are planned, two of them public with seats left and visitors
registered from the agenda; one is cancelled. The trips carry their programme, participants and
budget; the capitalised one its learnings.

Each record goes through its workflow as a user would take it, so the controllers' checks apply (a
meeting is marked as held once it has started, its minutes are published once written, a trip is
capitalised once its learnings are written); the path from the first state is read from the
Workflow. Dates are counted from the day of the load. A record already there (same title) is left
as it is, so loading twice adds nothing; `load()` adds Network Life to a site that already holds
the rest of the demo.
"""

from datetime import date

import frappe
from frappe.utils import add_days, add_to_date, get_datetime, getdate, today

from gusp_network.demo.common import (
	RESOURCE_CENTRE,
	as_administrator_without_emails,
	initial_state,
	move_to,
	read_json,
)

NETWORK_LIFE = read_json("network_life.json")
MEETINGS = NETWORK_LIFE["meetings"]
TRIPS = NETWORK_LIFE["trips"]

MEETING = "Network Meeting"
REGISTRATION = "Network Meeting Registration"
TRIP = "Study Trip"
# the meeting's state once it has taken place: its attendance, minutes and decisions are written then
HELD = "Held"


def load() -> None:
	"""Add the demo's meetings and study trips to a site (`bench --site SITE execute
	gusp_network.demo.network_life.load`): for a site where the rest of the demo is already loaded."""
	print(as_administrator_without_emails(make_network_life))


def make_network_life() -> str:
	"""The meetings and the study trips; a summary line for the console."""
	day = getdate(today())
	meetings = sum(make_meeting(spec, day) for spec in MEETINGS)
	trips = sum(make_trip(spec, day) for spec in TRIPS)
	return f"{meetings} rencontres, {trips} voyages d'étude"


def member(name: str | None) -> str | None:
	"""The Network Member a data row names: @resource_centre is the one in GUSP Settings."""
	if name == RESOURCE_CENTRE:
		return frappe.db.get_single_value("GUSP Settings", "resource_centre")
	return name


def workstream(number: int | None) -> str | None:
	return frappe.db.get_value("Workstream", {"number": number}) if number else None


def person(who: str) -> dict:
	"""A participant's name, and their account when `who` is a demo user's email."""
	if "@" in who and frappe.db.exists("User", who):
		return {"participant_name": frappe.db.get_value("User", who, "full_name") or who, "user": who}
	return {"participant_name": who}


# ---------------------------------------------------------------- meetings


def make_meeting(spec: dict, day: date) -> int:
	if frappe.db.exists(MEETING, {"title": spec["title"]}):
		return 0
	doc = frappe.get_doc(meeting_values(spec, day))
	doc.workflow_state = initial_state(MEETING)
	doc.insert()
	register_visitors(doc, spec)
	doc = frappe.get_doc(MEETING, doc.name)
	if "minutes" in spec or spec["state"] == HELD:
		move_to(doc, HELD)
		doc = frappe.get_doc(MEETING, doc.name)
		write_what_happened(doc, spec, day)
	move_to(doc, spec["state"])
	return 1


def meeting_values(spec: dict, day: date) -> dict:
	offset, time = spec["start"]
	starts_on = get_datetime(f"{add_days(day, offset)} {time}:00")
	return {
		"doctype": MEETING,
		"title": spec["title"],
		"meeting_type": spec["meeting_type"],
		"organiser": member(spec["organiser"]),
		"workstream": workstream(spec.get("workstream")),
		"starts_on": starts_on,
		"ends_on": add_to_date(starts_on, hours=spec["hours"]),
		"venue": spec.get("venue"),
		"territory": spec.get("territory"),
		"themes": [{"theme": theme} for theme in spec.get("themes", [])],
		"is_public": spec.get("is_public", 0),
		"capacity": spec.get("capacity", 0),
		"agenda": spec.get("agenda"),
		"participants": [
			{**person(who), "network_member": member(org), "participant_role": role, "registered": 1}
			for who, org, role, _attended in spec.get("participants", [])
		],
	}


def register_visitors(doc, spec: dict) -> None:
	"""The visitors registered on the agenda: their email on a registration, their name on the meeting."""
	for name, organisation, email in spec.get("registrations", []):
		frappe.get_doc(
			{
				"doctype": REGISTRATION,
				"network_meeting": doc.name,
				"participant_name": name,
				"organisation": organisation,
				"email": email,
				"consent": 1,
				"registered_on_agenda": 1,
			}
		).insert()


def write_what_happened(doc, spec: dict, day: date) -> None:
	"""Once the meeting is held: who came (the visitors registered on the agenda did), its minutes
	and its decisions."""
	attended = [row[3] for row in spec.get("participants", [])]
	attended += [1] * len(spec.get("registrations", []))
	for row, came in zip(doc.participants, attended, strict=True):
		row.attended = came
	doc.minutes = spec.get("minutes")
	for decision in spec.get("decisions", []):
		doc.append("decisions", decision_values(decision, day))
	doc.save()


def decision_values(spec: dict, day: date) -> dict:
	assignee = spec.get("assigned_to")
	return {
		"decision": spec["decision"],
		"owner_member": member(spec["owner_member"]),
		"assigned_to": assignee if assignee and frappe.db.exists("User", assignee) else None,
		"due_date": add_days(day, spec["due"]),
		"decision_status": spec["status"],
		"action_sheet": frappe.db.get_value("Action Sheet", {"title": spec["action_sheet"]})
		if spec.get("action_sheet")
		else None,
		"grey_zone": grey_zone(*spec["grey_zone"]) if spec.get("grey_zone") else None,
	}


def grey_zone(theme: str, territory: str) -> str | None:
	return frappe.db.get_value("Grey Zone", {"theme": theme, "territory": territory})


# ---------------------------------------------------------------- study trips


def make_trip(spec: dict, day: date) -> int:
	if frappe.db.exists(TRIP, {"title": spec["title"]}):
		return 0
	doc = frappe.get_doc(trip_values(spec, day))
	doc.workflow_state = initial_state(TRIP)
	doc.insert()
	move_to(doc, spec["state"])
	return 1


def trip_values(spec: dict, day: date) -> dict:
	start = add_days(day, spec["start"])
	return {
		"doctype": TRIP,
		"title": spec["title"],
		"destination": spec["destination"],
		"organiser": member(spec["organiser"]),
		"workstream": workstream(spec.get("workstream")),
		"start_date": start,
		"end_date": add_days(start, spec["days"] - 1),
		"objectives": spec["objectives"],
		"visits": [
			{"visit_date": add_days(start, offset), "host": host, "topic": topic, "notes": notes}
			for offset, host, topic, notes in spec.get("visits", [])
		],
		"participants": [
			{**person(who), "network_member": member(org), "participant_role": role}
			for who, org, role in spec.get("participants", [])
		],
		"budget_lines": [
			{
				"category": category,
				"description": description,
				"estimated_amount": estimated,
				"actual_amount": actual,
				"funded_by": member(funded_by),
			}
			for category, description, estimated, actual, funded_by in spec.get("budget_lines", [])
		],
		"learnings": spec.get("learnings"),
	}
