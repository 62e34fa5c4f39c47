"""Meetings as iCalendar (RFC 5545), written with the `icalendar` package: the .ics file an
invitation carries and the public feed of the agenda (`/agenda.ics`)."""

import re
from datetime import datetime
from html import unescape
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import frappe
from frappe.utils import get_datetime, get_system_timezone, get_url, now_datetime, strip_html_tags
from icalendar import Calendar, Event

PRODUCT_ID = "-//Centre de ressources GUSP//Réseau GUSP//FR"
CANCELLED_STATE = "Cancelled"


def local_datetime(value) -> datetime:
	"""A Datetime field (naive, in the site's time zone) as an aware datetime."""
	return get_datetime(value).replace(tzinfo=ZoneInfo(get_system_timezone()))


def plain_text(html_text: str) -> str:
	"""A rich text as plain text: one line per paragraph, entities decoded."""
	with_breaks = re.sub(r"(?i)</(p|div|li|h[1-6])>|<br\s*/?>", "\n", html_text)
	lines = (unescape(line).replace("\xa0", " ").strip() for line in strip_html_tags(with_breaks).split("\n"))
	return "\n".join(line for line in lines if line)


def meeting_uid(meeting_name: str) -> str:
	return f"{meeting_name}@{urlparse(get_url()).hostname or 'gusp'}"


def meeting_event(meeting, url: str | None = None) -> Event:
	"""One VEVENT for a Network Meeting (a document or a dict with its fields)."""
	event = Event()
	event.add("uid", meeting_uid(meeting.name))
	event.add("dtstamp", local_datetime(now_datetime()))
	event.add("dtstart", local_datetime(meeting.starts_on))
	event.add("dtend", local_datetime(meeting.ends_on))
	event.add("summary", meeting.title)
	if meeting.get("venue"):
		event.add("location", meeting.venue)
	if meeting.get("agenda"):
		event.add("description", plain_text(meeting.agenda))
	if url:
		event.add("url", url)
	event.add("status", "CANCELLED" if meeting.get("workflow_state") == CANCELLED_STATE else "CONFIRMED")
	return event


def calendar_of(meetings, name: str, url_of=None) -> bytes:
	"""A VCALENDAR holding one VEVENT per meeting. `url_of(meeting)` gives each one's page."""
	calendar = Calendar()
	calendar.add("prodid", PRODUCT_ID)
	calendar.add("version", "2.0")
	calendar.add("calscale", "GREGORIAN")
	calendar.add("method", "PUBLISH")
	calendar.add("x-wr-calname", name)
	calendar.add("x-wr-timezone", get_system_timezone())
	for meeting in meetings:
		calendar.add_component(meeting_event(meeting, url_of(meeting) if url_of else None))
	# RFC 5545: every TZID used is described by a VTIMEZONE
	calendar.add_missing_timezones()
	return calendar.to_ical()


def meeting_ics(meeting, url: str | None = None) -> bytes:
	"""The .ics file attached to an invitation or a registration's confirmation."""
	return calendar_of([meeting], frappe._("Network Meeting"), (lambda _meeting: url) if url else None)
