"""GeoReport parameters: ISO 8601 dates in the site's time zone, statuses, lists, points."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from frappe import _
from frappe.utils import get_system_timezone, now_datetime

from gusp_network.constants import CLOSED, OPEN
from gusp_network.exceptions import Open311Error

DEFAULT_WINDOW_DAYS = 90
PUBLIC_STATUSES = {"open": OPEN, "closed": CLOSED}
TRUE_VALUES = ("1", "true", "yes", "on")
DATE_ONLY = re.compile(r"\d{4}-?\d{2}-?\d{2}")
EXAMPLE_DATETIME = "2026-05-01T00:00:00+02:00"


def site_timezone() -> ZoneInfo:
	return ZoneInfo(get_system_timezone())


def iso_datetime(value: datetime | None) -> str | None:
	"""ISO 8601 with the offset of the site's time zone (Frappe stores naive local times)."""
	if not value:
		return None
	return value.replace(microsecond=0, tzinfo=site_timezone()).isoformat()


def end_of_day(day: date | None) -> datetime | None:
	"""A report is due by the end of its due date."""
	return datetime.combine(day, time(23, 59, 59)) if day else None


def date_window(start_value: str | None, end_value: str | None) -> tuple[datetime, datetime]:
	"""The creation window: up to now, over the last 90 days, unless the client says otherwise."""
	end = parse_datetime(end_value, "end_date", end_of_day=True) if end_value else now_datetime()
	try:
		start = (
			parse_datetime(start_value, "start_date") if start_value else end - timedelta(DEFAULT_WINDOW_DAYS)
		)
	except OverflowError:  # an end_date in year 1
		raise Open311Error(400, _("{0} is out of range").format("end_date")) from None
	if start > end:
		raise Open311Error(400, _("start_date must be before end_date"))
	return start, end


def parse_datetime(value: str, parameter: str, end_of_day: bool = False) -> datetime:
	"""A naive datetime in the site's time zone, like Frappe's own columns.

	A date alone means the start of that day (for end_date: its end).
	"""
	text = str(value).strip()
	text = re.sub(r" (\d{2}:?\d{2})$", r"+\1", text)  # a "+" offset sent unencoded arrives as a space
	text = re.sub(r"[zZ]$", "+00:00", text)
	try:
		parsed = datetime.fromisoformat(text)
	except ValueError:
		raise Open311Error(
			400,
			_("{0} must be an ISO 8601 date and time, e.g. {1}").format(parameter, EXAMPLE_DATETIME),
		) from None
	if end_of_day and DATE_ONLY.fullmatch(text):
		parsed = datetime.combine(parsed.date(), time.max)
	if parsed.tzinfo:
		try:
			parsed = parsed.astimezone(site_timezone()).replace(tzinfo=None)
		except OverflowError:  # year 9999 or 1 moved across time zones
			raise Open311Error(400, _("{0} is out of range").format(parameter)) from None
	return parsed


def parse_statuses(value: str | None) -> list[str]:
	wanted = [status.lower() for status in split_list(value)]
	if any(status not in PUBLIC_STATUSES for status in wanted):
		raise Open311Error(400, _("status must be open or closed (or both, separated by a comma)"))
	return [PUBLIC_STATUSES[status] for status in wanted]


def split_list(value: str | list | None) -> list[str]:
	"""A comma-separated parameter (or a JSON list) as a list of non-empty strings."""
	items = value if isinstance(value, list) else str(value or "").split(",")
	return [text for item in items if (text := str(item).strip())]


def clean(value) -> str | None:
	text = str(value).strip() if value is not None else ""
	return text or None


def full_name(first_name, last_name) -> str | None:
	return " ".join(filter(None, (clean(first_name), clean(last_name)))) or None


def parse_point(latitude, longitude) -> tuple[float | None, float | None]:
	if clean(latitude) is None and clean(longitude) is None:
		return None, None
	try:
		if isinstance(latitude, bool) or isinstance(longitude, bool):
			raise ValueError("a yes/no is not a coordinate")
		return float(latitude), float(longitude)
	except (TypeError, ValueError):
		raise Open311Error(400, _("lat and long must both be given, as decimal numbers")) from None


def has_consent(args: dict) -> bool:
	"""GeoReport has no consent field: clients send it as the attribute `consent`."""
	value = args.get("attribute[consent]")
	if value is None and isinstance(args.get("attribute"), dict):
		value = args["attribute"].get("consent")
	return str(value).strip().lower() in TRUE_VALUES
