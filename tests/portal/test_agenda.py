"""The public agenda over HTTP and on a phone: a visitor registers, hostile input is refused in
French with nothing saved, two visitors never take the last seat together, the pages show no one's
name or email, the iCal feed parses back, and the pages read in French and pass axe.

The live server has its own database connection: meetings are committed under unique titles and
deleted afterwards, with the emails they caused.
"""

import json
import re
from concurrent.futures import ThreadPoolExecutor

import frappe
import pytest
import requests
from babel.dates import format_date
from icalendar import Calendar

from tests.conftest import clear_rate_limits
from tests.factories import SITE, delete, delete_traces, fake, french, make_theme, unique
from tests.network_life.factories import make_meeting
from tests.portal.test_portal_pages import check_page

REGISTER = "/api/method/gusp_network.network_life.agenda.register"
GUEST = {
	"participant_name": "Maïwenn Quérouil",
	"email": "maiwenn.querouil@example.org",
	"organisation": "Régie de quartier des Tilleuls",
	"consent": "1",
}
STAFF_PARTICIPANT = {"participant_name": "Gaëtan Rivallain", "email": "g.rivallain@example.org"}
PROGRAMME = "<p>Point sur la propreté des halls, puis tour de table des partenaires.</p>"


@pytest.fixture
def meetings(network):
	"""`meetings(**overrides)`: a public meeting of organisation A, committed; deleted afterwards
	with its emails and history."""
	made = []

	def make(**overrides):
		# digits only: letters could spell an English word, which the French-only check would catch
		title = f"Rencontre de quartier {fake.unique.random_int(10_000, 99_999)}"
		values = {"is_public": 1, "title": title, "agenda": PROGRAMME, **overrides}
		doc = make_meeting(network.org_a, **values)
		frappe.db.commit()
		made.append(doc.name)
		return doc

	yield make
	frappe.db.rollback()
	for name in made:
		for queued in frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Network Meeting", "reference_name": name},
			pluck="name",
		):
			delete("Email Queue", queued)
		delete_traces("Network Meeting", name)
		delete("Network Meeting", name)
	frappe.db.commit()


@pytest.fixture
def theme():
	name = make_theme(theme_name=unique("Propreté des halls")).name
	frappe.db.commit()
	yield name
	frappe.db.rollback()
	delete("GUSP Theme", name)
	frappe.db.commit()


def post(http, meeting: str, as_json: bool = False, **values) -> requests.Response:
	data = {"meeting": meeting, **GUEST, **values}
	return http.post(http.url(REGISTER), **({"json": data} if as_json else {"data": data}))


def told(response: requests.Response) -> str:
	"""What the visitor is told when refused."""
	entries = json.loads(response.json().get("_server_messages") or "[]")
	return " ".join(json.loads(entry).get("message", "") for entry in entries)


def registered(meeting: str) -> list[frappe._dict]:
	"""The meeting's registered participants, each with the email of its registration (kept apart)."""
	frappe.db.rollback()  # what the server committed
	rows = frappe.get_all(
		"Network Meeting Participant",
		filters={"parent": meeting, "parenttype": "Network Meeting", "registered": 1},
		fields=["participant_name", "registration", "organisation", "registered_on_agenda"],
		order_by="idx asc",
	)
	for row in rows:
		row["email"] = frappe.db.get_value("Network Meeting Registration", row.pop("registration"), "email")
	return rows


def in_french(message: str) -> str:
	text = french(message)
	assert text != message, f"no French for {message!r}"
	return text


def test_a_guest_registers_over_http_and_lands_as_a_participant(http, meetings):
	meeting = meetings(capacity=30)
	response = post(http, meeting.name)
	assert response.status_code == 200, response.text[-500:]
	answer = response.json()["message"]
	assert set(answer) == {"meeting", "message", "seats_left"}, "a confirmation, not the document"
	assert answer["seats_left"] == 29
	assert answer["message"] == in_french("You are registered. A confirmation is on its way to {0}.").format(
		GUEST["email"]
	)
	assert registered(meeting.name) == [
		{
			"participant_name": GUEST["participant_name"],
			"email": GUEST["email"],
			"organisation": GUEST["organisation"],
			"registered_on_agenda": 1,
		}
	]
	queued = {"reference_doctype": "Network Meeting", "reference_name": meeting.name}
	assert frappe.db.count("Email Queue", queued) == 1
	# the meeting, which the whole network reads, holds no email: only its registration does
	assert GUEST["email"] not in frappe.as_json(frappe.get_doc("Network Meeting", meeting.name).as_dict())


def test_a_full_meeting_and_a_second_registration_of_an_email_are_refused_in_french(http, meetings):
	meeting = meetings(capacity=1)
	assert post(http, meeting.name).ok
	again = post(http, meeting.name, email=GUEST["email"].upper())
	assert again.status_code == 417
	assert told(again) == in_french("This email address is already registered for this meeting.")
	full = post(http, meeting.name, participant_name="Loïc Brélivet", email="loic.brelivet@example.org")
	assert full.status_code == 417
	assert told(full) == in_french("This meeting is full: no seat is left.")
	assert [row.email for row in registered(meeting.name)] == [GUEST["email"]]


@pytest.mark.parametrize(
	("case", "overrides", "message"),
	[
		("private", {"is_public": 0}, "This meeting is not on the agenda."),
		("cancelled", {"state": "Cancelled"}, "This meeting was cancelled."),
		(
			"past",
			{"state": "Held", "days_ahead": -3},
			"Registration for this meeting is closed: it has started.",
		),
	],
)
def test_a_meeting_not_open_on_the_agenda_refuses_registration(http, meetings, case, overrides, message):
	meeting = meetings(**overrides)
	response = post(http, meeting.name)
	assert response.status_code == 417, response.text[-300:]
	assert told(response) == in_french(message)
	assert registered(meeting.name) == []


HOSTILE = {
	"a list as the name": (
		{"participant_name": ["Maïwenn", "Quérouil"]},
		True,
		"The form could not be read: please send it again.",
	),
	"an object as the email": (
		{"email": {"$ne": ""}},
		True,
		"The form could not be read: please send it again.",
	),
	"a number as the name": (
		{"participant_name": 42},
		True,
		"The form could not be read: please send it again.",
	),
	"a list as the meeting": (
		{"meeting": ["RENC-2026-001"]},
		True,
		"The form could not be read: please send it again.",
	),
	"an overlong name": (
		{"participant_name": "M" * 100_000},
		False,
		"{0} is too long: {1} characters at most.",
	),
	"a name of control characters": (
		{"participant_name": "\x01\x07\x1b[31m"},
		False,
		"{0}: this value is not valid.",
	),
	"no name": ({"participant_name": ""}, False, "{0} is required."),
	# quoted, it parses as JSON, which Frappe's sanitiser lets through; the desk's grids render HTML
	"markup as the name": (
		{"participant_name": '"<img src=x onerror=alert(document.cookie)>"'},
		False,
		"{0}: this value is not valid.",
	),
	"markup as the organisation": (
		{"organisation": "<b onmouseover=alert(1)>Amicale</b>"},
		False,
		"{0}: this value is not valid.",
	),
	"a bad email": (
		{"email": "maiwenn@"},
		False,
		"Give a valid email address, for example name@example.org.",
	),
	"markup as the email": (
		{"email": "<script>alert(1)</script>@x.org"},
		False,
		"Give a valid email address, for example name@example.org.",
	),
	"two emails": (
		{"email": "a@example.org, b@example.org"},
		False,
		"Give a valid email address, for example name@example.org.",
	),
	"a named email": (
		{"email": "Maïwenn <m@example.org>"},
		False,
		"Give a valid email address, for example name@example.org.",
	),
	"no consent": (
		{"consent": "0"},
		False,
		"Tick the box to agree that your email is used for this meeting.",
	),
	"an unknown meeting": ({"meeting": "RENC-1999-999"}, False, "This meeting is not on the agenda."),
	"an injection as the meeting": ({"meeting": "' OR '1'='1"}, False, "This meeting is not on the agenda."),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_registrations_are_refused_in_french_and_save_nothing(http, meetings, case):
	meeting = meetings()
	values, as_json, message = HOSTILE[case]
	response = post(http, values.pop("meeting", meeting.name), as_json=as_json, **values)
	assert response.status_code == 417, response.text[-500:]
	expected = re.escape(in_french(message)).replace(r"\{0\}", ".+").replace(r"\{1\}", "140")
	assert re.fullmatch(expected, told(response)), told(response)
	assert registered(meeting.name) == []


def test_registrations_from_one_address_are_rate_limited(http, meetings):
	meeting = meetings()
	statuses = [post(http, meeting.name, consent="0").status_code for _ in range(11)]
	assert statuses == [417] * 10 + [429]
	assert registered(meeting.name) == []


def test_two_visitors_never_take_the_last_seats_together(live_server, meetings):
	meeting = meetings(capacity=2)
	clear_rate_limits()

	def attempt(index: int) -> requests.Response:
		with requests.Session() as session:
			session.headers["X-Frappe-Site-Name"] = SITE
			data = {**GUEST, "meeting": meeting.name, "email": f"visiteur.{index}@example.org"}
			return session.post(f"{live_server}{REGISTER}", data=data)

	with ThreadPoolExecutor(max_workers=6) as pool:
		responses = list(pool.map(attempt, range(6)))
	clear_rate_limits()
	assert sorted(response.status_code for response in responses) == [200, 200, 417, 417, 417, 417]
	full = in_french("This meeting is full: no seat is left.")
	assert {told(response) for response in responses if not response.ok} == {full}
	assert len(registered(meeting.name)) == 2
	assert frappe.db.get_value("Network Meeting", meeting.name, "registered_count") == 2


def test_the_agenda_lists_the_public_meeting_to_come_and_nobody_s_name_or_email(http, meetings, theme):
	public = meetings(capacity=30, themes=[{"theme": theme}])
	hidden = [meetings(is_public=0), meetings(state="Cancelled"), meetings(state="Held", days_ahead=-3)]
	assert post(http, public.name).ok
	public.reload()
	public.append(
		"participants", {"participant_name": STAFF_PARTICIPANT["participant_name"], "registered": 1}
	)
	public.save()
	frappe.db.commit()

	page = http.get(http.url("/agenda"))
	assert page.status_code == 200
	text = page.text
	assert public.title in text and f'href="/agenda/{public.name}' in text
	assert not [doc.title for doc in hidden if doc.title in text], (
		"private, cancelled and past meetings are not listed"
	)
	assert in_french("Tri-Service Meeting") in text and theme in text
	assert format_date(public.starts_on, "full", locale="fr") in text, "the date in French"
	assert re.search(rf"{in_french('Seats left')}</dt>\s*<dd[^>]*>28</dd>", text)
	assert 'href="/agenda.ics"' in text
	details = http.get(http.url(f"/agenda/{public.name}"))
	assert details.status_code == 200 and 'name="participant_name"' in details.text
	assert "propreté des halls" in details.text, "the programme"
	for private in (GUEST, STAFF_PARTICIPANT):
		for value in (private["participant_name"], private["email"]):
			assert value not in text and value not in details.text


def test_a_meeting_page_exists_for_public_meetings_only(http, meetings):
	private, cancelled = meetings(is_public=0), meetings(state="Cancelled")
	assert http.get(http.url(f"/agenda/{private.name}")).status_code == 404
	assert http.get(http.url("/agenda/RENC-1999-999")).status_code == 404
	page = http.get(http.url(f"/agenda/{cancelled.name}"))
	assert page.status_code == 200
	assert (
		in_french("This meeting was cancelled.") in page.text and 'name="participant_name"' not in page.text
	)


def test_the_form_registers_without_javascript(http, meetings):
	meeting = meetings()
	form = {key: value for key, value in GUEST.items()}
	page = http.post(http.url(f"/agenda/{meeting.name}"), data=form)
	assert page.status_code == 200
	assert (
		in_french("You are registered. A confirmation is on its way to {0}.").format(GUEST["email"])
		in page.text
	)
	assert [row.email for row in registered(meeting.name)] == [GUEST["email"]]
	again = http.post(http.url(f"/agenda/{meeting.name}"), data=form)
	assert in_french("This email address is already registered for this meeting.") in again.text
	assert len(registered(meeting.name)) == 1


def test_the_ical_feed_parses_and_holds_public_meetings_only_the_cancelled_marked(http, meetings):
	public = meetings()
	recent = meetings(state="Held", days_ahead=-3)
	private, cancelled = meetings(is_public=0), meetings(state="Cancelled")
	response = http.get(http.url("/agenda.ics"))
	assert response.status_code == 200
	assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
	calendar = Calendar.from_ical(response.content)
	assert str(calendar["x-wr-calname"]) == in_french("GUSP Network agenda")
	events = {str(event["uid"]).split("@")[0]: event for event in calendar.walk("VEVENT")}
	assert {public.name, recent.name, cancelled.name} <= set(events)
	assert private.name not in events
	assert str(events[cancelled.name]["status"]) == "CANCELLED", "subscribed calendars remove it"
	assert str(events[public.name]["url"]).endswith(f"/agenda/{public.name}")
	assert str(events[public.name]["location"]) == public.venue


def test_the_home_page_offers_the_agenda(http):
	page = http.get(http.url("/")).text
	assert 'href="/agenda"' in page and in_french("Meetings agenda") in page


def test_a_visitor_registers_on_a_phone_and_the_agenda_reads_in_french_and_passes_axe(phone, meetings, theme):
	meeting = meetings(capacity=12, themes=[{"theme": theme}])
	page = phone
	page.goto("/agenda")
	page.wait_for_load_state("networkidle")
	problems = check_page(page, "/agenda")
	page.get_by_role("link", name=meeting.title).click()
	page.get_by_role("button", name=in_french("Register")).wait_for()
	problems += check_page(page, "meeting page with its form")

	page.get_by_label(in_french("Your name")).fill(GUEST["participant_name"])
	page.get_by_label(in_french("Your email")).fill(GUEST["email"])
	page.get_by_label(in_french("Your organisation (optional)")).fill(GUEST["organisation"])
	page.get_by_label(
		in_french("I agree that my email is used for this meeting only, and for nothing else.")
	).check()
	page.get_by_role("button", name=in_french("Register")).click()
	status = page.get_by_role("status")
	status.filter(has_text=GUEST["email"]).wait_for()
	assert status.inner_text() == in_french(
		"You are registered. A confirmation is on its way to {0}."
	).format(GUEST["email"])
	# the seats left follow without a reload (12 seats, one taken)
	assert page.locator("[data-seats-left]").inner_text() == "11"
	problems += check_page(page, "registered")

	# the same email again: refused, said on the page, not in a dialog
	page.reload()
	page.get_by_label(in_french("Your name")).fill("Maïwenn Q.")
	page.get_by_label(in_french("Your email")).fill(GUEST["email"])
	page.get_by_label(
		in_french("I agree that my email is used for this meeting only, and for nothing else.")
	).check()
	page.get_by_role("button", name=in_french("Register")).click()
	page.get_by_role("alert").filter(
		has_text=in_french("This email address is already registered for this meeting.")
	).wait_for()
	problems += check_page(page, "refused")
	assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
	assert len(registered(meeting.name)) == 1
