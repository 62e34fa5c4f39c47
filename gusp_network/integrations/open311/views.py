"""Services and service requests: the public view of themes and resident reports, and a new
report from GeoReport parameters.

Only public reports are read, listed or found by id (`nearby.public_report_criterion`: qualified,
not a duplicate nor refused at triage); any other id is answered 404, as an unknown one. Points are
rounded to 3 decimals (about 100 m), as in "déjà signalé ?". `agency_responsible` names the
responsible organisation only when its Network Member is public (`is_public`), else null.

A service is a `GUSP Theme`: its `service_code` is the theme's stable code (kept when the theme is
renamed), its `service_name` the theme's name. Where a client sends a `service_code`, a theme's
name is taken too, for the clients written when the name was the code.

A POST needs the `api_key` of an enabled `Open311 Client`, unless GUSP Settings accepts reports
without a key (`open311_keyless_posts`); a key that is sent must be valid either way.
"""

import html
import re

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.utils import flt, get_url, strip_html

from gusp_network.constants import CHANNEL_OPEN311, OPEN
from gusp_network.exceptions import Open311Error
from gusp_network.integrations.open311.parsing import (
	clean,
	date_window,
	end_of_day,
	full_name,
	has_consent,
	iso_datetime,
	parse_point,
	parse_statuses,
	split_list,
)
from gusp_network.resident_voice.contacts import filed_as_guest
from gusp_network.resident_voice.doctype.open311_client.open311_client import find_enabled_client
from gusp_network.resident_voice.nearby import public_coordinate, public_report_criterion
from gusp_network.settings import get_settings

MAX_REQUESTS = 1000
REQUEST_PATH = re.compile(r"requests/(?P<id>[^/]+)")  # the path without its format

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


# ---------------------------------------------------------------- services


def list_services() -> list[dict]:
	themes = frappe.get_all(
		"GUSP Theme",
		fields=["name", "service_code", "description", "parent_gusp_theme"],
		order_by="lft asc",
	)
	return [service_view(theme) for theme in themes]


def service_view(theme: dict) -> dict:
	return {
		"service_code": theme.service_code or theme.name,
		"service_name": theme.name,
		"description": theme.description or "",
		"metadata": False,
		"type": "realtime",
		"keywords": "",
		"group": theme.parent_gusp_theme or "",
	}


def themes_for(value) -> list[str]:
	"""The themes a `service_code` parameter names: codes, comma-separated, or a theme's name."""
	codes = split_list(value)
	if whole := clean(value if isinstance(value, str) else None):
		codes.append(whole)  # a name may hold a comma
	if not codes:
		return []
	theme = frappe.qb.DocType("GUSP Theme")
	query = frappe.qb.from_(theme).select(theme.name)
	return query.where(theme.service_code.isin(codes) | theme.name.isin(codes)).run(pluck=True)


# ---------------------------------------------------------------- reading service requests


def list_requests(args: dict) -> list[dict]:
	report = frappe.qb.DocType("Resident Report")
	conditions = request_conditions(report, args)
	return select_requests(report, conditions) if conditions is not None else []


def get_request(name: str) -> list[dict]:
	"""One public report; a report the public does not see is answered as an unknown one."""
	report = frappe.qb.DocType("Resident Report")
	found = select_requests(report, [report.name == name])
	if not found:
		raise Open311Error(404, _("No service request {0}").format(name))
	return found


def select_requests(report, conditions: list) -> list[dict]:
	"""The public view of the public reports matching every condition, newest first."""
	member = frappe.qb.DocType("Network Member")
	theme = frappe.qb.DocType("GUSP Theme")
	query = (
		frappe.qb.from_(report)
		.left_join(member)
		.on(member.name == report.responsible_member)
		.left_join(theme)
		.on(theme.name == report.theme)
		.select(
			*(report[field] for field in REQUEST_FIELDS),
			member.is_public.as_("agency_is_public"),
			theme.service_code,
		)
		.where(public_report_criterion(report))
	)
	for condition in conditions:
		query = query.where(condition)
	rows = query.orderby(report.creation, order=Order.desc).limit(MAX_REQUESTS).run(as_dict=True)
	return [request_view(row) for row in rows]


def request_conditions(report, args: dict) -> list | None:
	"""Filters from the query string; `service_request_id` overrides all the others (spec).

	None: no report can match (a `service_code` that names no theme).
	"""
	if ids := split_list(args.get("service_request_id")):
		return [report.name.isin(ids)]
	start, end = date_window(args.get("start_date"), args.get("end_date"))
	conditions = [report.creation.between(start, end)]
	if clean(args.get("service_code")):
		if not (themes := themes_for(args.get("service_code"))):
			return None
		conditions.append(report.theme.isin(themes))
	if statuses := parse_statuses(args.get("status")):
		conditions.append(report.public_status.isin(statuses))
	return conditions


def request_view(row: dict) -> dict:
	has_point = bool(flt(row.latitude) or flt(row.longitude))  # Float columns store 0 for "not set"
	return {
		"service_request_id": row.name,
		"status": (row.public_status or OPEN).lower(),
		"status_notes": row.last_public_update or None,
		"service_name": row.theme,
		"service_code": row.service_code or row.theme,
		"agency_responsible": row.responsible_member if row.agency_is_public else None,
		"service_notice": "",
		"requested_datetime": iso_datetime(row.creation),
		"updated_datetime": iso_datetime(row.modified),
		"expected_datetime": iso_datetime(end_of_day(row.due_date)),
		"address": row.address or None,
		"lat": public_coordinate(row.latitude) if has_point else None,
		"long": public_coordinate(row.longitude) if has_point else None,
		"media_url": public_media_url(row.photo),
	}


def public_media_url(photo: str | None) -> str | None:
	"""The photo's absolute URL when it is a public file; a private file is never exposed."""
	if not photo or "/private/" in photo:
		return None
	if photo.startswith("/files/"):
		return get_url(photo)
	return photo if photo.startswith(("http://", "https://")) else None


# ---------------------------------------------------------------- creating a service request


def create_request(args: dict) -> dict:
	"""A new report from GeoReport parameters (form-encoded, or a JSON body)."""
	client = authorised_client(args.get("api_key"))
	email = clean(args.get("email"))
	latitude, longitude = parse_point(args.get("lat"), args.get("long"))
	report = frappe.get_doc(
		{
			"doctype": "Resident Report",
			"channel": CHANNEL_OPEN311,
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
	if client:
		report.add_comment("Info", _("Received from the Open311 client {0}.").format(client.client_name))
	return {
		"service_request_id": report.name,
		"service_notice": "",
		"account_id": None,
		"tracking_url": get_url(f"/suivi/{report.tracking_key}"),
	}


def authorised_client(api_key) -> frappe._dict | None:
	"""The Open311 Client whose key is sent; None for a POST without a key, when the settings allow it."""
	if key := clean(api_key):
		if client := find_enabled_client(key):
			return client
		raise Open311Error(403, _("This api_key is not valid, or its application has been disabled."))
	if not get_settings().open311_keyless_posts:
		raise Open311Error(403, _("An api_key is required to send a service request."))
	return None


def find_service(service_code: str | None) -> str:
	"""The theme of a service code (or, for older clients, of a theme's name)."""
	if not service_code:
		raise Open311Error(400, _("service_code is required"))
	theme = frappe.db.get_value("GUSP Theme", {"service_code": service_code}, "name")
	theme = theme or frappe.db.exists("GUSP Theme", service_code)
	if not theme:
		raise Open311Error(400, _("service_code not found"))
	return theme


def insert_report(report) -> None:
	"""Insert as the current user, through the same controller as the portal.

	The controller refuses spam, closed guest reports and too many reports from one IP address,
	validates the report and routes it; its typed errors become GeoReport errors.
	"""
	frappe.clear_messages()
	try:
		with filed_as_guest():
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
