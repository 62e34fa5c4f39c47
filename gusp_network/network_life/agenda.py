"""The public agenda: `/agenda` (www/agenda), one page per meeting (`/agenda/<meeting>`,
www/agenda_meeting), visitors' registration, and the iCal feed anyone may subscribe to
(`/agenda.ics`, hooks.py `page_renderer`).

The agenda lists the public meetings still to come in the state new meetings start in (Planned).
A visitor registers with a name, an email and an organisation: the registration lands as a
participant row of the meeting (registered, registered on the agenda), checked first (the meeting
is public, planned, not started, has a seat left, the email is not registered yet), with the
meeting row locked so that two visitors never take the last seat together. The email is used for
this meeting only: it gets the confirmation and its .ics file, and only the resource centre reads
it (permlevel 1). Public pages and the feed show no one's name or email: only the seats left.
"""

import unicodedata
from typing import Annotated

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Count
from frappe.rate_limiter import rate_limit
from frappe.utils import (
	add_days,
	format_date,
	format_time,
	get_datetime,
	get_url,
	now_datetime,
	validate_email_address,
)
from frappe.utils.html_utils import sanitize_html
from frappe.website.page_renderers.base_renderer import BaseRenderer
from pydantic import BeforeValidator
from werkzeug.wrappers import Response

from gusp_network.exceptions import (
	AlreadyRegisteredError,
	ConsentMissingError,
	InvalidContactError,
	InvalidInputError,
	MeetingFullError,
	RegistrationClosedError,
)
from gusp_network.network_life.ical import CANCELLED_STATE, calendar_of, meeting_ics
from gusp_network.network_life.registrations import REGISTRATION, is_registered
from gusp_network.permissions import get_initial_workflow_state

MEETING = "Network Meeting"
PLANNED = "Planned"  # when the meeting has no workflow (the workflow's first state otherwise)
AGENDA_ROUTE = "/agenda"
FEED_ROUTE = "agenda.ics"  # Frappe gives paths without their leading "/"
FEED_PAST_DAYS = 90  # the feed keeps recent meetings, so subscribers' calendars keep them too
MAX_LINE_LENGTH = 140  # Data columns are varchar(140)
CONFIRMATION_TEMPLATE = "templates/emails/agenda_registration.html"


# ---------------------------------------------------------------- what visitors send


def _form_text(value):
	"""Frappe checks a whitelisted method's arguments against their annotations, and answers a list
	or an object where text belongs with an English developer message (FrappeTypeError): this runs
	first and refuses them in the visitor's language."""
	if value is not None and not isinstance(value, str):
		frappe.throw(_("The form could not be read: please send it again."), InvalidInputError)
	return value


def _form_flag(value):
	"""A checkbox: text ("1", "on"), a number or a boolean; never a list or an object."""
	if value is not None and not isinstance(value, str | int | bool):
		frappe.throw(_("The form could not be read: please send it again."), InvalidInputError)
	return value


FormText = Annotated[str | None, BeforeValidator(_form_text)]
FormFlag = Annotated[str | int | bool | None, BeforeValidator(_form_flag)]


def clean_line(value: str | None, label: str, required: bool = False) -> str:
	"""One line of text as a person types it: trimmed, printable, at most 140 characters."""
	value = (value or "").strip()
	if required and not value:
		frappe.throw(_("{0} is required.").format(label), InvalidInputError)
	if len(value) > MAX_LINE_LENGTH:
		frappe.throw(
			_("{0} is too long: {1} characters at most.").format(label, MAX_LINE_LENGTH), InvalidInputError
		)
	if not is_printable(value):
		frappe.throw(_("{0}: this value is not valid.").format(label), InvalidInputError)
	return value


def is_printable(value: str) -> bool:
	"""No control character, and encodable (no lone surrogate): what a keyboard types; no angle
	bracket either (a name is shown in the desk's grids, which render HTML)."""
	try:
		value.encode("utf-8")
	except UnicodeEncodeError:
		return False
	return not any(unicodedata.category(char) in ("Cc", "Cs") or char in "<>" for char in value)


def checked_registration(
	participant_name: str | None,
	email: str | None,
	organisation: str | None,
	consent: str | int | bool | None,
) -> frappe._dict:
	"""The visitor's name, email and organisation, refused with a reason before anything is read."""
	participant_name = clean_line(participant_name, _("Your name"), required=True)
	email = clean_line(email, _("Your email"), required=True)
	# one plain address: Frappe's check also takes "Name <address>" and lists separated by commas
	if "," in email or (validate_email_address(email) or "").casefold() != email.casefold():
		frappe.throw(_("Give a valid email address, for example name@example.org."), InvalidContactError)
	organisation = clean_line(organisation, _("Your organisation"))
	if str(consent).lower() not in ("1", "true", "on", "yes"):
		frappe.throw(
			_("Tick the box to agree that your email is used for this meeting."), ConsentMissingError
		)
	return frappe._dict(participant_name=participant_name, email=email, organisation=organisation)


# ---------------------------------------------------------------- registration


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=60 * 60)
def register(
	meeting: FormText = None,
	participant_name: FormText = None,
	email: FormText = None,
	organisation: FormText = None,
	consent: FormFlag = None,
) -> dict:
	"""A visitor registers to a public meeting of the agenda (the form of `/agenda/<meeting>`)."""
	person = checked_registration(participant_name, email, organisation, consent)
	doc = meeting_open_for_registration(meeting)
	check_seat_for(doc, person.email)
	# a visitor has no permission on meetings: the checks above stand in for them. The email is kept
	# on a registration only the resource centre reads; the meeting lists the name (registrations.py)
	frappe.get_doc(
		{
			"doctype": REGISTRATION,
			"network_meeting": doc.name,
			"participant_name": person.participant_name,
			"organisation": person.organisation,
			"email": person.email,
			"consent": 1,
			"registered_on_agenda": 1,
		}
	).insert(ignore_permissions=True)
	doc.reload()
	send_confirmation(doc, person.email)
	return {
		"meeting": doc.name,
		"message": _("You are registered. A confirmation is on its way to {0}.").format(person.email),
		# the page shows the seats left: it updates them without a reload
		"seats_left": max(doc.capacity - doc.registered_count, 0) if doc.capacity else None,
	}


def meeting_open_for_registration(name: str | None) -> Document:
	"""The meeting, its row locked until the registration is saved: public, planned, not started.

	Read with locking reads (`for_update`), which see the last registration committed whatever this
	request read before: a second visitor waits for the first one's seat, then counts it.
	"""
	fields = ["name", "is_public", "workflow_state", "starts_on"]
	locked = None
	if isinstance(name, str) and 0 < len(name) <= MAX_LINE_LENGTH:
		locked = frappe.db.get_value(MEETING, name, fields, as_dict=True, for_update=True)
	if not locked or not locked.is_public:
		frappe.throw(_("This meeting is not on the agenda."), RegistrationClosedError)
	if locked.workflow_state == CANCELLED_STATE:
		frappe.throw(_("This meeting was cancelled."), RegistrationClosedError)
	if get_datetime(locked.starts_on) <= now_datetime():
		frappe.throw(_("Registration for this meeting is closed: it has started."), RegistrationClosedError)
	if locked.workflow_state != registration_state():
		frappe.throw(_("Registration is closed."), RegistrationClosedError)
	return frappe.get_doc(MEETING, locked.name, for_update=True)


def registration_state() -> str:
	"""Visitors register while a meeting is in the state new meetings start in (Planned)."""
	return get_initial_workflow_state(MEETING) or PLANNED


def check_seat_for(doc, email: str) -> None:
	"""A seat left (when the meeting has a capacity), and this email not registered yet."""
	if is_registered(doc.name, email):
		frappe.throw(_("This email address is already registered for this meeting."), AlreadyRegisteredError)
	registered = sum(1 for row in doc.participants if row.registered)
	if doc.capacity and registered >= doc.capacity:
		frappe.throw(_("This meeting is full: no seat is left."), MeetingFullError)


def send_confirmation(doc, email: str) -> None:
	"""The confirmation, with the meeting's .ics file, queued like every email of the site. It
	names the meeting, not the visitor: what a visitor typed is never sent to the address given."""
	message = frappe.render_template(
		CONFIRMATION_TEMPLATE,
		{"meeting": public_meeting(doc), "url": meeting_url(doc.name)},
	)
	frappe.sendmail(
		recipients=[email],
		subject=_("Registration confirmed: {0}").format(doc.title),
		message=message,
		attachments=[{"fname": f"{doc.name}.ics", "fcontent": meeting_ics(doc, meeting_url(doc.name))}],
		reference_doctype=doc.doctype,
		reference_name=doc.name,
		now=False,
	)


# ---------------------------------------------------------------- what the pages show


def meeting_url(name: str) -> str:
	return get_url(f"{AGENDA_ROUTE}/{name}")


def upcoming_meetings() -> list[frappe._dict]:
	"""The agenda: public meetings in the registration state that have not ended, soonest first."""
	meetings = frappe.get_all(
		MEETING,
		filters={
			"is_public": 1,
			"workflow_state": registration_state(),
			"ends_on": (">", now_datetime()),
		},
		fields=PUBLIC_FIELDS,
		order_by="starts_on asc",
		limit=200,
	)
	return with_themes_and_seats(meetings)


def public_meeting_named(name) -> frappe._dict | None:
	"""One meeting for its page: any public meeting, cancelled and past ones saying so."""
	if not isinstance(name, str) or not name or len(name) > MAX_LINE_LENGTH:
		return None
	meetings = frappe.get_all(MEETING, filters={"name": name, "is_public": 1}, fields=PUBLIC_FIELDS)
	return with_themes_and_seats(meetings)[0] if meetings else None


def public_meeting(doc) -> frappe._dict:
	"""A meeting document as the pages and the confirmation show it."""
	meeting = frappe._dict({field: doc.get(field) for field in PUBLIC_FIELDS})
	return with_themes_and_seats([meeting])[0]


PUBLIC_FIELDS = [
	"name",
	"title",
	"meeting_type",
	"workflow_state",
	"starts_on",
	"ends_on",
	"venue",
	"territory",
	"capacity",
	"agenda",
]


def with_themes_and_seats(meetings: list) -> list[frappe._dict]:
	"""Adds what the pages show: themes, seats left, when in words, whether registration is open."""
	names = [meeting.name for meeting in meetings]
	themes = themes_of(names)
	registered = registered_counts(names)
	now, state = now_datetime(), registration_state()
	for meeting in meetings:
		meeting.themes = themes.get(meeting.name, [])
		meeting.seats_left = (
			max(meeting.capacity - registered.get(meeting.name, 0), 0) if meeting.capacity else None
		)
		meeting.starts_on, meeting.ends_on = get_datetime(meeting.starts_on), get_datetime(meeting.ends_on)
		meeting.when = when(meeting.starts_on, meeting.ends_on)
		meeting.cancelled = meeting.workflow_state == CANCELLED_STATE
		meeting.started = meeting.starts_on <= now
		meeting.registration_open = (
			meeting.workflow_state == state and not meeting.started and meeting.seats_left != 0
		)
		# always: Frappe returns a text that parses as JSON unsanitised
		meeting.agenda = sanitize_html(meeting.agenda or "", linkify=False, always_sanitize=True)
		meeting.url = f"{AGENDA_ROUTE}/{meeting.name}"
	return meetings


def themes_of(names: list[str]) -> dict[str, list[str]]:
	themes = {}
	for row in frappe.get_all(
		"Network Meeting Theme",
		filters={"parenttype": MEETING, "parent": ("in", names or [""])},
		fields=["parent", "theme"],
		order_by="idx asc",
	):
		themes.setdefault(row.parent, []).append(row.theme)
	return themes


def registered_counts(names: list[str]) -> dict[str, int]:
	participant = frappe.qb.DocType("Network Meeting Participant")
	rows = (
		frappe.qb.from_(participant)
		.select(participant.parent, Count("*"))
		.where(
			(participant.parenttype == MEETING)
			& participant.parent.isin(names or [""])
			& (participant.registered == 1)
		)
		.groupby(participant.parent)
		.run()
	)
	return {parent: count for parent, count in rows}


def when(starts_on, ends_on) -> str:
	"""The dates and times in words, in the reader's language: "jeudi 3 décembre 2026, de 14:00 à 16:00"."""
	start, end = get_datetime(starts_on), get_datetime(ends_on)
	if start.date() == end.date():
		return _("{0}, from {1} to {2}").format(
			format_date(start.date(), "full"),
			format_time(start.time(), "short"),
			format_time(end.time(), "short"),
		)
	return _("From {0} at {1} to {2} at {3}").format(
		format_date(start.date(), "full"),
		format_time(start.time(), "short"),
		format_date(end.date(), "full"),
		format_time(end.time(), "short"),
	)


# ---------------------------------------------------------------- the iCal feed


def feed_meetings() -> list[frappe._dict]:
	"""Public meetings upcoming and of the last 90 days; a cancelled one stays, marked cancelled, so
	that subscribed calendars remove it."""
	return frappe.get_all(
		MEETING,
		filters={
			"is_public": 1,
			"ends_on": (">=", add_days(now_datetime(), -FEED_PAST_DAYS)),
		},
		fields=["name", "title", "workflow_state", "starts_on", "ends_on", "venue", "agenda"],
		order_by="starts_on asc",
		limit=500,
	)


def agenda_feed() -> bytes:
	return calendar_of(
		feed_meetings(), _("GUSP Network agenda"), url_of=lambda meeting: meeting_url(meeting.name)
	)


class AgendaFeedRenderer(BaseRenderer):
	"""`/agenda.ics` (hooks.py `page_renderer`): Frappe tries `can_render`, then `render`."""

	def can_render(self) -> bool:
		return self.path == FEED_ROUTE

	def render(self) -> Response:
		response = Response(agenda_feed(), status=200, content_type="text/calendar; charset=utf-8")
		response.headers["Content-Disposition"] = 'inline; filename="agenda.ics"'
		return response


# ---------------------------------------------------------------- the form without JavaScript


def register_from_page(form: dict) -> tuple[str | None, str | None]:
	"""A registration posted by the meeting page's form (no JavaScript): (confirmation, error)."""
	try:
		# the same checks as a call of the API: the annotations' validators, the rate limit
		answer = register(
			meeting=form.get("meeting"),
			participant_name=form.get("participant_name"),
			email=form.get("email"),
			organisation=form.get("organisation"),
			consent=form.get("consent"),
		)
	except frappe.ValidationError as error:
		frappe.clear_messages()
		return None, str(error) or _("The registration could not be recorded. Please try again.")
	return answer["message"], None
