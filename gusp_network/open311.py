"""Open311 GeoReport v2 at /open311/v2/, so city systems and apps can exchange reports.

- `GET services.json`: every `GUSP Theme` is a service (code and name = the theme's name).
- `GET requests.json`: public fields of the reports (filters `service_request_id`, `service_code`,
  `start_date`, `end_date`, `status`), newest first, the last 90 days by default, 1000 at most.
- `GET requests/<id>.json`: one report, as a one-element list.
- `POST requests.json`: a new `Resident Report` (channel "Open311"), inserted as the current user
  (a guest, usually) exactly like the portal does, so the controller's checks, who may report,
  the per-IP rate limit and routing all apply.

JSON only. Errors are GeoReport's list: `[{"code": 400, "description": "..."}]`.

Deliberate departures from the spec:
- no `api_key`: a POST is treated as a guest report, with the portal's rate limit;
- `media_url` in a POST is ignored (the server never fetches remote files);
- GeoReport has no consent field: an email is used to write to the reporter only when the client
  also sends the attribute `attribute[consent]=true`;
- the POST answer adds `tracking_url`, the reporter's public tracking page (clients ignore
  unknown keys).

Transactions: Frappe's `app.sync_database` commits after every POST that returns a response
without raising, so a created report needs no commit here (STYLE.md: no commit in app code).
The flip side is that an error answered as JSON is a "successful" return too: the renderer
rolls the transaction back before answering any error, so a refused POST leaves nothing behind
(not even a grey zone opened by routing or a naming-series number).
"""

import html
import json
import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.utils import flt, get_system_timezone, get_url, now_datetime, strip_html
from frappe.utils.error import log_error_snapshot
from frappe.website.page_renderers.base_renderer import BaseRenderer
from werkzeug.wrappers import Response

ROOT = "open311/v2"  # Frappe gives paths without their leading and trailing "/"
CHANNEL = "Open311"
DEFAULT_WINDOW_DAYS = 90
MAX_REQUESTS = 1000
READ = ("GET", "HEAD")
READ_WRITE = ("GET", "HEAD", "POST")
PUBLIC_STATUSES = {"open": "Open", "closed": "Closed"}
TRUE_VALUES = ("1", "true", "yes", "on")
REQUEST_PATH = re.compile(r"requests/(?P<id>[^/]+)\.json")
DATE_ONLY = re.compile(r"\d{4}-?\d{2}-?\d{2}")
EXAMPLE_DATETIME = "2026-05-01T00:00:00+02:00"
CONTENT_TYPE = "application/json; charset=utf-8"

# Public fields only: never the reporter's identity or contact, the tracking key or the internal
# notes. Nor `description` (optional in GeoReport): it is the reporter's free text, which our
# own public tracking page does not show either.
REQUEST_FIELDS = (
	"name",
	"public_status",
	"last_public_update",
	"theme",
	"responsible_member",
	"creation",
	"modified",
	"due_date",
	"address",
	"latitude",
	"longitude",
	"photo",
)


class Open311Error(Exception):
	"""An error answered as GeoReport's error list."""

	def __init__(self, status: int, *messages: str, headers: dict | None = None):
		super().__init__(*messages)
		self.status = status
		self.messages = messages
		self.headers = headers or {}


class Open311Renderer(BaseRenderer):
	"""Frappe tries `page_renderer` hooks first: `can_render`, then `render` (a werkzeug Response)."""

	def can_render(self) -> bool:
		return self.path == ROOT or self.path.startswith(f"{ROOT}/")

	def render(self) -> Response:
		method = frappe.request.method
		cors = cors_headers() if method in READ else {}
		try:
			data, status = dispatch(self.path.removeprefix(ROOT).lstrip("/"), method)
		except Open311Error as error:
			frappe.db.rollback()
			return error_response(error.status, error.messages, {**cors, **error.headers})
		except Exception as error:
			frappe.db.rollback()
			log_error_snapshot(error)  # deferred insert: survives the rollback, as Frappe does for 5xx
			return error_response(500, [_("The request could not be processed.")], cors)
		return json_response(data, status, cors)


# ---------------------------------------------------------------- routing and responses


def dispatch(resource: str, method: str) -> tuple[list[dict], int]:
	"""Answer one resource under /open311/v2/; (data, HTTP status)."""
	if resource.endswith(".xml"):
		raise Open311Error(400, _("Only JSON is supported (use .json)"))
	if resource == "services.json":
		check_method(method, READ)
		return list_services(), 200
	if resource == "requests.json":
		check_method(method, READ_WRITE)
		if method == "POST":
			return [create_request(frappe.form_dict)], 201
		return list_requests(frappe.form_dict), 200
	if match := REQUEST_PATH.fullmatch(resource):
		check_method(method, READ)
		return get_request(match["id"]), 200
	raise Open311Error(404, _("Not found: see /open311/v2/services.json and /open311/v2/requests.json"))


def check_method(method: str, allowed: tuple[str, ...]) -> None:
	"""405 for other methods. Frappe itself answers 404 to PUT, PATCH and DELETE outside /api/."""
	if method not in allowed:
		raise Open311Error(405, _("Method not allowed"), headers={"Allow": ", ".join(allowed)})


def json_response(data: list[dict], status: int, headers: dict | None = None) -> Response:
	body = json.dumps(data, ensure_ascii=False, default=str)
	return Response(body, status=status, headers=headers, content_type=CONTENT_TYPE)


def error_response(status: int, messages: Iterable[str], headers: dict | None = None) -> Response:
	return json_response([{"code": status, "description": message} for message in messages], status, headers)


def cors_headers() -> dict:
	"""Public data: any origin may read it.

	When the site sets `allow_cors`, Frappe adds its own Access-Control-Allow-Origin to every
	response; a second one would make browsers refuse both, so the site's policy applies then.
	"""
	return {} if frappe.conf.allow_cors else {"Access-Control-Allow-Origin": "*"}


# ---------------------------------------------------------------- services


def list_services() -> list[dict]:
	themes = frappe.get_all(
		"GUSP Theme", fields=["name", "description", "parent_gusp_theme"], order_by="lft asc"
	)
	return [service_view(theme) for theme in themes]


def service_view(theme: dict) -> dict:
	return {
		"service_code": theme.name,
		"service_name": theme.name,
		"description": theme.description or "",
		"metadata": False,
		"type": "realtime",
		"keywords": "",
		"group": theme.parent_gusp_theme or "",
	}


# ---------------------------------------------------------------- reading service requests


def list_requests(args: dict) -> list[dict]:
	report = frappe.qb.DocType("Resident Report")
	return select_requests(report, request_conditions(report, args))


def get_request(name: str) -> list[dict]:
	report = frappe.qb.DocType("Resident Report")
	found = select_requests(report, [report.name == name])
	if not found:
		raise Open311Error(404, _("No service request {0}").format(name))
	return found


def select_requests(report, conditions: list) -> list[dict]:
	"""The public view of the reports matching every condition, newest first."""
	query = frappe.qb.from_(report).select(*(report[field] for field in REQUEST_FIELDS))
	for condition in conditions:
		query = query.where(condition)
	rows = query.orderby(report.creation, order=Order.desc).limit(MAX_REQUESTS).run(as_dict=True)
	return [request_view(row) for row in rows]


def request_conditions(report, args: dict) -> list:
	"""Filters from the query string; `service_request_id` overrides all the others (spec)."""
	if ids := split_list(args.get("service_request_id")):
		return [report.name.isin(ids)]
	start, end = date_window(args.get("start_date"), args.get("end_date"))
	conditions = [report.creation.between(start, end)]
	if service_code := clean(args.get("service_code")):
		conditions.append(report.theme == service_code)
	if statuses := parse_statuses(args.get("status")):
		conditions.append(report.public_status.isin(statuses))
	return conditions


def request_view(row: dict) -> dict:
	has_point = bool(flt(row.latitude) or flt(row.longitude))  # Float columns store 0 for "not set"
	return {
		"service_request_id": row.name,
		"status": (row.public_status or "Open").lower(),
		"status_notes": row.last_public_update or None,
		"service_name": row.theme,
		"service_code": row.theme,
		"agency_responsible": row.responsible_member,
		"service_notice": "",
		"requested_datetime": iso_datetime(row.creation),
		"updated_datetime": iso_datetime(row.modified),
		"expected_datetime": iso_datetime(end_of_day(row.due_date)),
		"address": row.address or None,
		"lat": flt(row.latitude) if has_point else None,
		"long": flt(row.longitude) if has_point else None,
		"media_url": public_media_url(row.photo),
	}


def public_media_url(photo: str | None) -> str | None:
	"""The photo's absolute URL when it is a public file; a private file is never exposed."""
	if not photo or "/private/" in photo:
		return None
	if photo.startswith("/files/"):
		return get_url(photo)
	return photo if photo.startswith(("http://", "https://")) else None


# ---------------------------------------------------------------- dates, statuses, lists


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
	start = parse_datetime(start_value, "start_date") if start_value else end - timedelta(DEFAULT_WINDOW_DAYS)
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
		parsed = parsed.astimezone(site_timezone()).replace(tzinfo=None)
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


# ---------------------------------------------------------------- creating a service request


def create_request(args: dict) -> dict:
	"""A new report from GeoReport parameters (form-encoded, or a JSON body)."""
	email = clean(args.get("email"))
	latitude, longitude = parse_point(args.get("lat"), args.get("long"))
	report = frappe.get_doc(
		{
			"doctype": "Resident Report",
			"channel": CHANNEL,
			"theme": find_service(clean(args.get("service_code"))),
			"description": clean(args.get("description")),
			"address": clean(args.get("address_string")),
			"latitude": latitude,
			"longitude": longitude,
			"reporter_name": full_name(args.get("first_name"), args.get("last_name")),
			"reporter_email": email,
			"reporter_phone": clean(args.get("phone")),
			"consent": int(bool(email) and has_consent(args)),
			# media_url is not read: the server does not fetch files from elsewhere
		}
	)
	insert_report(report)
	return {
		"service_request_id": report.name,
		"service_notice": "",
		"account_id": None,
		"tracking_url": get_url(f"/suivi/{report.tracking_key}"),
	}


def find_service(service_code: str | None) -> str:
	if not service_code:
		raise Open311Error(400, _("service_code is required"))
	if not frappe.db.exists("GUSP Theme", service_code):
		raise Open311Error(400, _("service_code not found"))
	return service_code


def full_name(first_name, last_name) -> str | None:
	return " ".join(filter(None, (clean(first_name), clean(last_name)))) or None


def parse_point(latitude, longitude) -> tuple[float | None, float | None]:
	if clean(latitude) is None and clean(longitude) is None:
		return None, None
	try:
		return float(latitude), float(longitude)
	except (TypeError, ValueError):
		raise Open311Error(400, _("lat and long must both be given, as decimal numbers")) from None


def has_consent(args: dict) -> bool:
	"""GeoReport has no consent field: clients send it as the attribute `consent`."""
	value = args.get("attribute[consent]")
	if value is None and isinstance(args.get("attribute"), dict):
		value = args["attribute"].get("consent")
	return str(value).strip().lower() in TRUE_VALUES


def insert_report(report) -> None:
	"""Insert as the current user, through the same controller as the portal.

	The controller refuses spam, closed guest reports and too many reports from one IP address,
	validates the report and routes it; its typed errors become GeoReport errors.
	"""
	frappe.clear_messages()
	try:
		report.insert(ignore_permissions=True)
	except frappe.RateLimitExceededError as error:  # a ValidationError: catch it first
		raise Open311Error(429, *error_messages(error)) from error
	except frappe.ValidationError as error:
		raise Open311Error(400, *error_messages(error)) from error
	except frappe.PermissionError as error:
		raise Open311Error(403, *error_messages(error)) from error


def error_messages(error: Exception) -> list[str]:
	"""The translated messages shown to the user (as plain text), else the exception's own."""
	messages = [entry.get("message") for entry in frappe.get_message_log() if entry.get("message")]
	frappe.clear_messages()
	texts = [html.unescape(strip_html(str(message))).strip() for message in messages or [str(error)]]
	return [text for text in texts if text] or [_("The request could not be processed.")]
