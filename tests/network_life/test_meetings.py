"""Network Meetings: bad input refused, the workflow's guards, minutes emailed, decisions followed
up in the assignees' to-do lists, invitations with their calendar file, the desk calendar, and the
workstream's facilitation pair."""

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, add_to_date, get_datetime, now_datetime, today
from icalendar import Calendar

from gusp_network.endpoint_guards import get_events
from gusp_network.exceptions import (
	AlreadyRegisteredError,
	CapacityBelowRegistrationsError,
	DuplicateParticipantError,
	EndBeforeStartError,
	InvalidAssigneeError,
	InvalidFacilitatorError,
	MeetingNotStartedError,
	MinutesMissingError,
	NotOwnMeetingError,
	RegistrationClosedError,
)
from gusp_network.network_life.meetings import invite
from tests.factories import as_user, fake, make_action_sheet, make_user, queued_emails
from tests.network_life.factories import make_meeting

MEETING = "Network Meeting"
REGISTRATION = "Network Meeting Registration"
MINUTES = "Network Meeting: minutes published"


def count() -> int:
	return frappe.db.count(MEETING)


def registrant(**overrides) -> dict:
	"""A participant row of someone registered, with no account (their email is elsewhere)."""
	return {"participant_name": fake.name(), "organisation": fake.company(), "registered": 1, **overrides}


def register(meeting: str, **overrides):
	"""A registration, as the resource centre adds one: the email kept apart, a row on the meeting."""
	with as_user("Administrator"):
		return frappe.get_doc(
			{
				"doctype": REGISTRATION,
				"network_meeting": meeting,
				"participant_name": fake.name(),
				"organisation": fake.company(),
				"email": fake.unique.email(),
				"consent": 1,
				**overrides,
			}
		).insert()


def queued(name: str) -> list[frappe._dict]:
	return queued_emails(MEETING, name)


# ---------------------------------------------------------------- bad input


def test_a_meeting_ending_before_it_starts_is_refused_and_nothing_is_saved(network):
	before = count()
	start = add_to_date(now_datetime(), days=3)
	with pytest.raises(EndBeforeStartError):
		make_meeting(network.org_a, starts_on=start, ends_on=add_to_date(start, hours=-1))
	assert count() == before


def test_the_capacity_cannot_go_below_the_people_registered(network):
	meeting = make_meeting(
		network.org_a, is_public=1, capacity=5, participants=[registrant() for _ in range(3)]
	)
	assert meeting.registered_count == 3
	meeting.capacity = 2
	with pytest.raises(CapacityBelowRegistrationsError):
		meeting.save()
	assert frappe.db.get_value(MEETING, meeting.name, "capacity") == 5


def test_a_negative_capacity_is_refused(network):
	with pytest.raises(frappe.NonNegativeError):
		make_meeting(network.org_a, capacity=-1)


def test_the_same_person_cannot_be_listed_twice(network):
	with pytest.raises(DuplicateParticipantError):
		make_meeting(
			network.org_a,
			participants=[
				{"participant_name": "Membre B", "user": network.member_b},
				{"participant_name": "Membre B encore", "user": network.member_b},
			],
		)
	meeting = make_meeting(network.org_a)
	address = fake.unique.email()
	register(meeting.name, email=address)
	with pytest.raises(AlreadyRegisteredError):
		register(meeting.name, email=f" {address.upper()} ")
	assert frappe.db.count(REGISTRATION, {"network_meeting": meeting.name}) == 1


# ---------------------------------------------------------------- registrations


def test_a_registration_keeps_the_email_apart_and_lists_the_person_on_the_meeting(network):
	meeting = make_meeting(network.org_a, capacity=10)
	registration = register(meeting.name, participant_name="Yasmina Orvalec")
	meeting.reload()
	(row,) = meeting.participants
	assert (row.participant_name, row.registered, row.registration) == (
		"Yasmina Orvalec",
		1,
		registration.name,
	)
	assert meeting.registered_count == 1
	assert "email" not in row.as_dict() and registration.email not in frappe.as_json(meeting.as_dict())
	# members read the meeting, not the registration
	with as_user(network.member_a):
		assert frappe.has_permission(MEETING, "read", meeting.name)
		assert not frappe.has_permission(REGISTRATION, "read", registration.name)
	with as_user(network.centre):
		assert frappe.has_permission(REGISTRATION, "read", registration.name)


def test_removing_the_person_from_the_meeting_deletes_the_registration_and_back(network):
	meeting = make_meeting(network.org_a)
	first, second = register(meeting.name), register(meeting.name)
	meeting.reload()
	meeting.participants = [row for row in meeting.participants if row.registration != first.name]
	meeting.save()
	assert not frappe.db.exists(REGISTRATION, first.name)

	frappe.delete_doc(REGISTRATION, second.name)
	assert frappe.get_doc(MEETING, meeting.name).participants == []


# ---------------------------------------------------------------- who organises


def test_a_member_plans_their_organisations_meeting_but_not_anothers(network):
	with as_user(network.member_a):
		with pytest.raises(NotOwnMeetingError):
			make_meeting_as_user(network.org_b)
		mine = make_meeting_as_user(network.org_a)
	with as_user(network.member_b):
		assert frappe.has_permission(MEETING, "read", mine.name)
		assert not frappe.has_permission(MEETING, "write", mine.name)
	with as_user(network.member_a):
		assert frappe.has_permission(MEETING, "write", mine.name)


def make_meeting_as_user(organiser: str):
	start = add_to_date(now_datetime(), days=7)
	return frappe.get_doc(
		{
			"doctype": MEETING,
			"title": "Réunion tri-services",
			"meeting_type": "Tri-Service Meeting",
			"organiser": organiser,
			"starts_on": start,
			"ends_on": add_to_date(start, hours=2),
		}
	).insert()


# ---------------------------------------------------------------- workflow


def test_a_meeting_is_held_only_once_it_has_started(network):
	upcoming = make_meeting(network.org_a)
	assert upcoming.workflow_state == "Planned"
	with as_user(network.centre), pytest.raises(MeetingNotStartedError):
		apply_workflow(upcoming, "Mark as Held")
	assert frappe.db.get_value(MEETING, upcoming.name, "workflow_state") == "Planned"

	started = make_meeting(network.org_a, days_ahead=-1)
	with as_user(network.centre):
		assert apply_workflow(started, "Mark as Held").workflow_state == "Held"


def test_minutes_are_published_once_written_and_emailed_to_the_participants(network):
	member_email = frappe.db.get_value("User", network.member_b, "email")
	meeting = make_meeting(
		network.org_a,
		days_ahead=-2,
		participants=[
			{"participant_name": "Membre B", "network_member": network.org_b, "user": network.member_b},
		],
	)
	visitor = register(meeting.name)
	meeting.reload()
	meeting.db_set("workflow_state", "Held", update_modified=False)
	with as_user(network.centre), pytest.raises(MinutesMissingError):
		apply_workflow(frappe.get_doc(MEETING, meeting.name), "Publish Minutes")

	meeting.reload()
	meeting.minutes = "<p>Les services se répartissent le nettoyage des pieds d'immeubles.</p>"
	meeting.append(
		"decisions",
		{
			"decision": "Tester un passage commun le mardi",
			"owner_member": network.org_b,
			"due_date": add_days(today(), 30),
		},
	)
	meeting.save()
	with as_user(network.centre):
		apply_workflow(frappe.get_doc(MEETING, meeting.name), "Publish Minutes")

	emails = [row for row in queued(meeting.name) if row.subject.startswith("Compte rendu")]
	assert sorted(row.recipient for row in emails) == sorted([visitor.email, member_email])
	assert all("pieds d" in row.body and "Tester un passage commun le mardi" in row.body for row in emails)
	# the visitor's address is in an email of its own, and logged nowhere the network reads
	assert len({row.queue for row in emails}) == len(emails), "one email per address"
	logged = frappe.get_all(
		"Communication",
		filters={"reference_doctype": MEETING, "reference_name": meeting.name},
		fields=["recipients", "cc", "bcc", "content"],
	)
	assert logged and visitor.email not in frappe.as_json(logged)


def test_the_minutes_notification_is_the_admins_to_edit():
	notification = frappe.get_doc("Notification", MINUTES)
	assert notification.enabled and not notification.is_standard
	fields = {row.receiver_by_document_field for row in notification.recipients}
	assert fields == {"user,participants"}


# ---------------------------------------------------------------- decisions


def open_todos(name: str) -> list[frappe._dict]:
	return frappe.get_all(
		"ToDo",
		filters={"reference_type": MEETING, "reference_name": name, "status": "Open"},
		fields=["name", "allocated_to", "date", "description"],
	)


def test_a_decision_lands_in_its_owners_todo_list_and_leaves_it_when_done(network):
	meeting = make_meeting(network.org_a, state="Held", days_ahead=-10)
	meeting.append(
		"decisions",
		{
			"decision": "Cartographier les bancs",
			"owner_member": network.org_b,
			"due_date": add_days(today(), -3),
		},
	)
	meeting.save()

	(todo,) = open_todos(meeting.name)
	assert todo.allocated_to == network.member_b  # the owner member's first staff account
	assert str(todo.date) == add_days(today(), -3)
	assert "Cartographier les bancs" in todo.description
	# overdue: in the assignee's list of open ToDos due before today
	with as_user(network.member_b):
		overdue = frappe.get_list(
			"ToDo",
			filters={"allocated_to": network.member_b, "status": "Open", "date": ["<", today()]},
			pluck="name",
		)
	assert todo.name in overdue

	meeting.reload()
	meeting.decisions[0].decision_status = "Done"
	meeting.save()
	assert not open_todos(meeting.name)
	assert frappe.db.get_value("ToDo", todo.name, "status") == "Closed"


def test_closing_the_todo_marks_the_decision_done(network):
	meeting = make_meeting(network.org_a, state="Held", days_ahead=-1)
	meeting.append("decisions", {"decision": "Relancer le bailleur", "owner_member": network.org_a})
	meeting.save()
	(todo,) = open_todos(meeting.name)
	with as_user(network.member_a):
		doc = frappe.get_doc("ToDo", todo.name)
		doc.status = "Closed"
		doc.save()
	assert (
		frappe.db.get_value("Network Meeting Decision", {"parent": meeting.name}, "decision_status") == "Done"
	)


def test_reassigning_a_decision_moves_its_todo(network):
	meeting = make_meeting(network.org_a, state="Held", days_ahead=-1)
	meeting.append("decisions", {"decision": "Préparer la marche", "owner_member": network.org_a})
	meeting.save()
	meeting.reload()
	meeting.decisions[0].assigned_to = network.member_b
	meeting.save()
	assert [row.allocated_to for row in open_todos(meeting.name)] == [network.member_b]


def test_a_dropped_reopened_or_removed_decision_follows_in_the_todo_list(network):
	meeting = make_meeting(network.org_a, state="Held", days_ahead=-1)
	meeting.append("decisions", {"decision": "Former les gardiens", "owner_member": network.org_a})
	meeting.append("decisions", {"decision": "Poser des bancs", "owner_member": network.org_a})
	meeting.save()
	first, second = (row.todo for row in meeting.decisions)

	meeting.decisions[0].decision_status = "Dropped"
	meeting.save()
	assert frappe.db.get_value("ToDo", first, "status") == "Cancelled"

	meeting.decisions[0].decision_status = "Open"  # re-opened: on the list again
	meeting.save()
	assert meeting.decisions[0].todo != first
	assert frappe.db.get_value("ToDo", meeting.decisions[0].todo, "status") == "Open"

	meeting.decisions = meeting.decisions[:1]  # a decision removed from the minutes
	meeting.save()
	assert frappe.db.get_value("ToDo", second, "status") == "Cancelled"
	assert len(open_todos(meeting.name)) == 1


def test_a_cancelled_meeting_leaves_no_open_todo(network):
	meeting = make_meeting(network.org_a)
	meeting.append("decisions", {"decision": "Préparer la salle", "owner_member": network.org_a})
	meeting.save()
	assert open_todos(meeting.name)
	with as_user(network.centre):
		apply_workflow(frappe.get_doc(MEETING, meeting.name), "Cancel Meeting")
	assert open_todos(meeting.name) == []


def test_a_decision_is_assigned_to_a_desk_user_only(network):
	resident = make_user("GUSP Resident").name
	meeting = make_meeting(network.org_a, state="Held", days_ahead=-1)
	meeting.append(
		"decisions", {"decision": "Relancer", "owner_member": network.org_a, "assigned_to": resident}
	)
	with pytest.raises(InvalidAssigneeError):
		meeting.save()


def test_a_member_cannot_hand_their_meeting_over_to_another_organisation(network):
	with as_user(network.member_a):
		mine = make_meeting_as_user(network.org_a)
		mine.organiser = network.org_b
		with pytest.raises(NotOwnMeetingError):
			mine.save()
	assert frappe.db.get_value(MEETING, mine.name, "organiser") == network.org_a


def test_a_decision_links_an_action_sheet(network):
	sheet = make_action_sheet(network.org_a)
	meeting = make_meeting(network.org_a, state="Held", days_ahead=-1)
	meeting.append(
		"decisions",
		{"decision": "Lancer la fiche", "owner_member": network.org_a, "action_sheet": sheet.name},
	)
	meeting.save()
	assert (
		frappe.db.get_value("Network Meeting Decision", {"parent": meeting.name}, "action_sheet")
		== sheet.name
	)


# ---------------------------------------------------------------- invitations and calendar


def test_invitations_carry_the_meetings_calendar_file(network):
	meeting = make_meeting(
		network.org_a,
		participants=[
			{"participant_name": "Membre B", "network_member": network.org_b, "user": network.member_b},
		],
	)
	visitor = register(meeting.name)
	with as_user(network.member_a):
		answer = invite(meeting.name)
	assert "2" in answer
	emails = queued(meeting.name)
	assert len(emails) == 2 and all(row.subject.startswith("Invitation") for row in emails)
	assert {row.recipient for row in emails} == {
		visitor.email,
		frappe.db.get_value("User", network.member_b, "email"),
	}
	assert len({row.queue for row in emails}) == 2, "one email per address"
	(attached,) = emails[0].calendars
	calendar = Calendar.from_ical(attached)
	(event,) = calendar.walk("VEVENT")
	assert str(event["summary"]) == meeting.title
	assert event.decoded("dtstart").replace(tzinfo=None) == get_datetime(meeting.starts_on)
	assert calendar.walk("VTIMEZONE"), "the time zone is described (RFC 5545)"


def test_invitations_are_sent_by_the_organiser_of_a_planned_meeting_only(network):
	meeting = make_meeting(network.org_a)
	register(meeting.name)
	with as_user(network.member_b), pytest.raises(frappe.PermissionError):
		invite(meeting.name)
	meeting.db_set("workflow_state", "Cancelled", update_modified=False)
	with as_user(network.member_a), pytest.raises(RegistrationClosedError):
		invite(meeting.name)
	assert queued(meeting.name) == []


def calendar_events(user: str, start: str, end: str) -> dict[str, frappe._dict]:
	"""The desk calendar's events, as `user` gets them through the app's guarded endpoint."""
	field_map = frappe.as_json({"start": "starts_on", "end": "ends_on", "id": "name", "title": "title"})
	fields = frappe.as_json(["name", "title", "starts_on", "ends_on", "workflow_state"])
	with as_user(user):
		return {row.name: row for row in get_events(MEETING, start, end, field_map, fields=fields)}


def test_the_desk_calendar_follows_a_meeting_that_moves_or_is_cancelled(network):
	meeting = make_meeting(network.org_a, days_ahead=10)
	window = (add_days(today(), 0), add_days(today(), 60))
	assert meeting.name in calendar_events(network.member_b, *window)

	meeting.starts_on = add_to_date(meeting.starts_on, days=30)
	meeting.ends_on = add_to_date(meeting.ends_on, days=30)
	meeting.save()
	assert meeting.name not in calendar_events(network.member_b, add_days(today(), 0), add_days(today(), 20))
	moved = calendar_events(network.member_b, *window)[meeting.name]
	assert get_datetime(moved.starts_on) == get_datetime(meeting.starts_on)

	with as_user(network.centre):
		apply_workflow(frappe.get_doc(MEETING, meeting.name), "Cancel Meeting")
	assert calendar_events(network.member_b, *window)[meeting.name].workflow_state == "Cancelled"


# ---------------------------------------------------------------- facilitation pair


def test_the_facilitation_pair_follows_its_workstreams_meetings_and_sheets(network):
	workstream = frappe.get_doc(
		{
			"doctype": "Workstream",
			"number": 100 + fake.unique.random_int(1, 800),
			"title": fake.sentence(nb_words=4).rstrip("."),
			"facilitation_member": network.org_a,
			"facilitation_member_user": network.member_a,
			"facilitation_resource_centre_user": network.centre,
		}
	).insert(ignore_permissions=True)
	meeting = make_meeting(network.org_b, workstream=workstream.name)
	sheet = make_action_sheet(network.org_b, workstream=workstream.name)
	pair = {network.member_a, network.centre}
	assert set(meeting.facilitators.split(",")) == pair
	assert set(frappe.db.get_value("Action Sheet", sheet.name, "facilitators").split(",")) == pair

	# the pair is told of the new meeting, by email and in the desk
	assert {row.recipient for row in queued(meeting.name)} >= {
		frappe.db.get_value("User", user, "email") for user in pair
	}
	assert frappe.db.exists("Notification Log", {"document_name": meeting.name, "for_user": network.centre})

	# "My workstreams' meetings": the shortcut's filter finds it for either of the pair
	with as_user(network.member_a):
		mine = frappe.get_list(
			MEETING, filters={"facilitators": ["like", f"%{network.member_a}%"]}, pluck="name"
		)
	assert meeting.name in mine

	# the pair changes: the records follow
	workstream.facilitation_member, workstream.facilitation_member_user = network.org_b, network.member_b
	workstream.save(ignore_permissions=True)
	assert set(frappe.db.get_value(MEETING, meeting.name, "facilitators").split(",")) == {
		network.member_b,
		network.centre,
	}
	assert network.member_b in frappe.db.get_value("Action Sheet", sheet.name, "facilitators")


def test_a_facilitation_pair_is_the_members_agent_and_a_resource_centre_user(network):
	workstream = frappe.get_doc(
		{
			"doctype": "Workstream",
			"number": 100 + fake.unique.random_int(1, 800),
			"title": fake.sentence(nb_words=4).rstrip("."),
			"facilitation_member": network.org_a,
			"facilitation_member_user": network.member_b,  # organisation B's agent
		}
	)
	with pytest.raises(InvalidFacilitatorError):
		workstream.insert(ignore_permissions=True)
	workstream.facilitation_member_user = network.member_a
	workstream.facilitation_resource_centre_user = network.manager
	with pytest.raises(InvalidFacilitatorError):
		workstream.insert(ignore_permissions=True)


def test_participants_are_told_when_a_planned_meeting_moves_or_is_cancelled(network):
	member_email = frappe.db.get_value("User", network.member_b, "email")
	meeting = make_meeting(
		network.org_a, participants=[{"participant_name": "Membre B", "user": network.member_b}]
	)
	visitor = register(meeting.name)
	meeting.reload()
	meeting.venue = "Salle polyvalente"  # not the date: nobody is told
	meeting.save()
	assert [row for row in queued(meeting.name) if row.subject.startswith("Rencontre")] == []

	meeting.starts_on = add_to_date(meeting.starts_on, days=7)
	meeting.ends_on = add_to_date(meeting.ends_on, days=7)
	meeting.save()
	moved = [row for row in queued(meeting.name) if row.subject.startswith("Rencontre déplacée")]
	assert sorted(row.recipient for row in moved) == sorted([visitor.email, member_email])
	assert len({row.queue for row in moved}) == 2, "the visitor's address in an email of its own"

	with as_user(network.centre):
		apply_workflow(frappe.get_doc(MEETING, meeting.name), "Cancel Meeting")
	cancelled = [row for row in queued(meeting.name) if row.subject.startswith("Rencontre annulée")]
	assert sorted(row.recipient for row in cancelled) == sorted([visitor.email, member_email])
	logged = frappe.get_all(
		"Communication",
		filters={"reference_doctype": MEETING, "reference_name": meeting.name},
		fields=["recipients", "cc", "bcc"],
	)
	assert visitor.email not in frappe.as_json(logged)
