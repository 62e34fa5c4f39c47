"""Entry points for residents on the website: guests allowed, inputs checked, nothing personal returned.

The tracking key is the resident's only credential: 24 random URL-safe characters
(`secrets.token_urlsafe(18)`), looked up by exact match, never listed.
"""

import frappe
from frappe import _
from frappe.model.workflow import get_workflow_name
from frappe.rate_limiter import rate_limit
from frappe.utils import cint, date_diff, today

from gusp_network import resident_reports

TRACKING_FIELDS = [
	"name",
	"theme",
	"territory",
	"workflow_state",
	"public_status",
	"creation",
	"due_date",
	"closed_on",
	"closing_reason",
	"fix_confirmation",
	"me_too_count",
	"duplicate_of",
]


def get_report_by_key(key: str | None):
	"""The report a tracking key opens; a plain 404 for any other key."""
	if not key or len(key) < 20 or len(key) > 64:
		raise frappe.PageDoesNotExistError
	name = frappe.db.get_value("Resident Report", {"tracking_key": key}, "name")
	if not name:
		raise frappe.PageDoesNotExistError
	return frappe.get_doc("Resident Report", name)


def public_view(report) -> dict:
	"""What anyone holding the key may see: no reporter identity, no contact, no internal note."""
	view = frappe._dict({field: report.get(field) for field in TRACKING_FIELDS})
	view.updates = [{"posted_on": u.posted_on, "update": u.update} for u in report.updates]
	view.status_label = _(report.workflow_state)
	view.can_reopen = can_reopen(report)
	view.can_confirm_fix = report.public_status == "Closed" and report.closing_reason == "Fixed"
	return view


def reopen_transition(report):
	"""The workflow's "Reopen" transition from the report's state open to the Guest role, if any."""
	workflow_name = get_workflow_name("Resident Report")
	if not workflow_name:
		return None
	workflow = frappe.get_cached_doc("Workflow", workflow_name)
	for transition in workflow.transitions:
		if (
			transition.state == report.workflow_state
			and transition.action == "Reopen"
			and transition.allowed == "Guest"
		):
			return transition
	return None


def can_reopen(report) -> bool:
	if report.public_status != "Closed" or not report.closed_on:
		return False
	days = cint(frappe.db.get_single_value("GUSP Settings", "reopen_days"))
	return date_diff(today(), report.closed_on) <= days and bool(reopen_transition(report))


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=60, seconds=60)
def nearby_reports(theme: str, latitude: float, longitude: float) -> list[dict]:
	"""Open reports of the same theme close to a point: "déjà signalé ?"."""
	if not frappe.db.exists("GUSP Theme", theme):
		return []
	return resident_reports.nearby_open_reports(theme, latitude, longitude)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=60)
def me_too(report: str) -> dict:
	"""Add one more resident to an open report instead of a new one."""
	resident_reports.add_me_too(report)
	return {"name": report}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=60)
def reopen(key: str) -> dict:
	"""The reporter reopens a report closed less than `reopen_days` ago."""
	report = get_report_by_key(key)
	if not can_reopen(report):
		frappe.throw(_("This report can no longer be reopened. Please send a new report."))
	move_to(report, reopen_transition(report).next_state, _("Reopened by the resident."))
	return {"status": _(report.workflow_state)}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=60)
def confirm_fix(key: str, fixed: int) -> dict:
	"""The reporter says whether the problem is really fixed; if not, the report reopens when it may."""
	report = get_report_by_key(key)
	if report.public_status != "Closed" or report.closing_reason != "Fixed":
		frappe.throw(_("This report is not marked as fixed."))
	report.fix_confirmation = "Confirmed" if cint(fixed) else "Not Fixed"
	if not cint(fixed) and can_reopen(report):
		move_to(report, reopen_transition(report).next_state, _("The resident says it is not fixed."))
	else:
		report.save(ignore_permissions=True)
	return {"status": _(report.workflow_state), "fix_confirmation": _(report.fix_confirmation)}


def move_to(report, state: str, note: str) -> None:
	"""Apply a workflow state on the reporter's behalf.

	The caller has checked the key and that the workflow opens this transition to the Guest
	role; Frappe's workflow check needs a user who may read the report, so the change is
	saved as Administrator, with a public note saying who asked for it.
	"""
	workflow = frappe.get_cached_doc("Workflow", get_workflow_name("Resident Report"))
	target = next(s for s in workflow.states if s.state == state)
	report.workflow_state = state
	if target.update_field:
		report.set(target.update_field, target.update_value)
	report.append("updates", {"update": note})
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		report.save(ignore_permissions=True)
	finally:
		frappe.set_user(user)


OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def map_settings() -> dict:
	"""Where the report map opens: the network's territories, or France when none has a perimeter."""
	from gusp_network.routing import territory_polygons

	points = [point for _name, rings in territory_polygons() for ring in rings for point in ring]
	if not points:
		return {"latitude": 46.6, "longitude": 2.4, "zoom": 5, "tiles": OSM_TILES}
	lngs, lats = [p[0] for p in points], [p[1] for p in points]
	return {
		"latitude": (min(lats) + max(lats)) / 2,
		"longitude": (min(lngs) + max(lngs)) / 2,
		"zoom": 13,
		"tiles": OSM_TILES,
	}


# Strings of Frappe's own widgets on web forms (file uploader, autocomplete) that Frappe does not
# send to website pages: the portal would show them in English.
WIDGET_MESSAGES = [
	"Attach",
	"Begin typing for results.",
	"Camera",
	"Clear",
	"Drag and drop files here or upload from",
	"Link",
	"My Device",
	"Optimize",
	"Private",
	"Set all public",
	"Upload",
]


def web_form_messages(messages: list[str]) -> dict[str, str]:
	"""Translations for a web form's script and for Frappe's widgets it uses."""
	return {message: _(message) for message in [*messages, *WIDGET_MESSAGES]}
