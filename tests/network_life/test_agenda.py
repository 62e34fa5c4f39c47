"""The public agenda's rules, in the test's transaction: who may register to which meeting, what is
refused and why, what the agenda lists and what the iCal feed holds (network_life/agenda.py).

Registrations are made as a guest, as the agenda's form makes them; HTTP, the pages and the browser
are in tests/portal/test_agenda.py.
"""

import email

import frappe
import pytest
from icalendar import Calendar

from gusp_network.exceptions import (
	AlreadyRegisteredError,
	ConsentMissingError,
	InvalidContactError,
	InvalidInputError,
	MeetingFullError,
	RegistrationClosedError,
)
from gusp_network.network_life.agenda import agenda_feed, register, upcoming_meetings
from tests.factories import as_user, make_theme
from tests.network_life.factories import make_meeting

VISITOR = {
	"participant_name": "Yasmina Orvalec",
	"email": "yasmina.orvalec@example.org",
	"organisation": "Amicale des locataires du Clos",
	"consent": "1",
}


def register_as_guest(meeting: str, **values):
	with as_user("Guest"):
		return register(meeting=meeting, **{**VISITOR, **values})


def participants(meeting: str) -> list[frappe._dict]:
	"""The meeting's participant rows, each with the email of its registration (kept apart)."""
	rows = frappe.get_all(
		"Network Meeting Participant",
		filters={"parent": meeting, "parenttype": "Network Meeting"},
		fields=["participant_name", "registration", "organisation", "registered", "registered_on_agenda"],
		order_by="idx asc",
	)
	for row in rows:
		row["email"] = frappe.db.get_value("Network Meeting Registration", row.pop("registration"), "email")
	return rows


def public_meeting(network, **overrides):
	return make_meeting(network.org_a, is_public=1, **overrides)


def test_a_visitor_registers_and_lands_as_a_participant_with_a_confirmation_and_its_ics(network):
	meeting = public_meeting(network, capacity=20)
	answer = register_as_guest(meeting.name)
	assert answer["meeting"] == meeting.name
	assert participants(meeting.name) == [
		{
			"participant_name": "Yasmina Orvalec",
			"email": "yasmina.orvalec@example.org",
			"organisation": "Amicale des locataires du Clos",
			"registered": 1,
			"registered_on_agenda": 1,
		}
	]
	assert frappe.db.get_value("Network Meeting", meeting.name, "registered_count") == 1
	[queued] = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Network Meeting", "reference_name": meeting.name},
		fields=["name", "message"],
	)
	assert frappe.get_all("Email Queue Recipient", {"parent": queued.name}, pluck="recipient") == [
		"yasmina.orvalec@example.org"
	]
	mime = email.message_from_string(queued.message)
	[ics] = [part for part in mime.walk() if part.get_filename() == f"{meeting.name}.ics"]
	[event] = Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")
	assert str(event["summary"]) == meeting.title
	body = " ".join(
		part.get_payload(decode=True).decode()
		for part in mime.walk()
		if part.get_content_type() == "text/html"
	)
	assert meeting.title in body and "Yasmina" not in body, "the meeting, not what the visitor typed"


def test_a_full_meeting_refuses_the_next_visitor_and_saves_nothing(network):
	meeting = public_meeting(network, capacity=1)
	register_as_guest(meeting.name)
	with pytest.raises(MeetingFullError):
		register_as_guest(meeting.name, participant_name="Brune Talhouët", email="brune@example.org")
	assert [row.email for row in participants(meeting.name)] == ["yasmina.orvalec@example.org"]


def test_participants_added_in_the_desk_without_registration_take_no_seat(network):
	meeting = public_meeting(network, capacity=1)
	meeting.append("participants", {"participant_name": "Intervenant invité", "registered": 0})
	meeting.save()
	register_as_guest(meeting.name)
	assert len(participants(meeting.name)) == 2


def test_the_same_email_cannot_register_twice_whatever_its_case(network):
	meeting = public_meeting(network)
	register_as_guest(meeting.name)
	with pytest.raises(AlreadyRegisteredError):
		register_as_guest(meeting.name, participant_name="Y. Orvalec", email=" Yasmina.ORVALEC@example.org ")
	assert len(participants(meeting.name)) == 1


@pytest.mark.parametrize(
	"case",
	["private", "cancelled", "started", "held", "past", "unknown", "not a name"],
)
def test_registration_is_refused_to_a_meeting_not_open_on_the_agenda(network, case):
	overrides = {
		"private": {"is_public": 0},
		"cancelled": {"state": "Cancelled"},
		"started": {"days_ahead": 0},  # at the top of the current hour
		"held": {"state": "Held", "days_ahead": -1},
		"past": {"days_ahead": -30},
	}.get(case, {})
	meeting = make_meeting(network.org_a, **{"is_public": 1, **overrides})
	name = {"unknown": "RENC-1999-999", "not a name": "x" * 5000}.get(case, meeting.name)
	with pytest.raises(RegistrationClosedError):
		register_as_guest(name)
	assert participants(meeting.name) == []


@pytest.mark.parametrize(
	("values", "error"),
	[
		({"participant_name": ""}, InvalidInputError),
		({"participant_name": "   "}, InvalidInputError),
		({"participant_name": "N" * 141}, InvalidInputError),
		({"participant_name": "Ali\x00ce"}, InvalidInputError),
		({"participant_name": ["Yasmina", "Orvalec"]}, InvalidInputError),
		({"email": {"address": "yasmina@example.org"}}, InvalidInputError),
		({"email": "pas-une-adresse"}, InvalidContactError),
		({"email": ""}, InvalidInputError),
		({"email": "a" * 140 + "@example.org"}, InvalidInputError),
		({"organisation": "O" * 141}, InvalidInputError),
		({"consent": None}, ConsentMissingError),
		({"consent": "0"}, ConsentMissingError),
		({"consent": [1]}, InvalidInputError),
	],
)
def test_bad_input_is_refused_and_nothing_is_saved(network, values, error):
	meeting = public_meeting(network)
	with pytest.raises(error):
		register_as_guest(meeting.name, **values)
	assert participants(meeting.name) == []


def test_the_agenda_lists_public_planned_meetings_still_to_come_soonest_first(network):
	theme = make_theme().name
	later = public_meeting(network, days_ahead=20, capacity=10, themes=[{"theme": theme}])
	sooner = public_meeting(network, days_ahead=3)
	hidden = [
		make_meeting(network.org_a, is_public=0),
		make_meeting(network.org_a, is_public=1, state="Cancelled"),
		make_meeting(network.org_a, is_public=1, days_ahead=-5),
	]
	register_as_guest(later.name)
	listed = [meeting for meeting in upcoming_meetings() if meeting.name in {later.name, sooner.name}]
	assert [meeting.name for meeting in listed] == [sooner.name, later.name]
	assert not {meeting.name for meeting in upcoming_meetings()} & {doc.name for doc in hidden}
	shown = listed[1]
	assert shown.themes == [theme]
	assert shown.seats_left == 9 and listed[0].seats_left is None, "no capacity: no count"
	assert shown.registration_open
	assert "participants" not in shown and "email" not in str(shown.keys())


def test_the_feed_holds_public_meetings_of_the_last_90_days_and_to_come_and_marks_the_cancelled(network):
	public = public_meeting(network)
	recent = make_meeting(network.org_a, is_public=1, state="Held", days_ahead=-10)
	old = make_meeting(network.org_a, is_public=1, state="Held", days_ahead=-200)
	private = make_meeting(network.org_a, is_public=0)
	cancelled = make_meeting(network.org_a, is_public=1, state="Cancelled")
	events = {
		str(event["uid"]).split("@")[0]: event for event in Calendar.from_ical(agenda_feed()).walk("VEVENT")
	}
	assert {public.name, recent.name, cancelled.name} <= set(events)
	assert not {old.name, private.name} & set(events)
	# a cancelled meeting stays in the feed, so that subscribed calendars remove it
	assert str(events[cancelled.name]["status"]) == "CANCELLED"
	assert str(events[public.name]["status"]) == "CONFIRMED"
	assert str(events[public.name]["url"]).endswith(f"/agenda/{public.name}")
	assert str(events[public.name]["summary"]) == public.title
