"""Entry points for residents on the website: guests allowed, inputs checked, nothing personal
returned. Called by the report form (`web_form/signalement`) and the tracking page (`/suivi`)."""

import json

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint
from frappe.website.doctype.web_form.web_form import accept as frappe_accept

from gusp_network.constants import CLOSED, CLOSING_FIXED, FIX_CONFIRMED, FIX_NOT_FIXED
from gusp_network.directory.geography import territory_extent
from gusp_network.exceptions import InvalidInputError
from gusp_network.resident_voice import contacts, followers, input_checks, nearby, tracking

RESIDENT_FORMS = {"signalement": "Resident Report", "besoin": "Resident Need"}


@frappe.whitelist(allow_guest=True, methods=["POST"])
def accept(web_form: str | None = None, data: str | None = None):
	"""Frappe's web-form submit (`web_form.accept`, wired in hooks.py), checked first, answering less.

	Frappe 15.44 crashes (500) on data that is not a JSON object, looks up Link values before any
	check (a list there is a 500), turns any value naming "base64" into a public file of the
	document, and answers with the whole document (internal fields included). For the residents'
	forms the data is checked field by field first, a photo must be a file sent through
	`photos.py`, what a logged-in resident sends is filed as a guest's would be (nothing made
	while filing it names them: `contacts.filed_as_guest`), and the answer is the reference and,
	for a report, its tracking link: the only time the reporter gets the key. Other web forms are
	Frappe's, untouched.
	"""
	if web_form not in RESIDENT_FORMS:
		return frappe_accept(web_form, data)
	data = checked_form_data(RESIDENT_FORMS[web_form], data)
	with contacts.filed_as_guest():
		doc = frappe_accept(web_form, data)
	if doc.doctype == "Resident Report":
		return {"name": doc.name, "tracking_url": doc.tracking_url}
	return {"name": doc.name}


def checked_form_data(doctype: str, data: str | None) -> str:
	try:
		values = json.loads(data) if isinstance(data, str) else None
	except ValueError:
		values = None
	if not isinstance(values, dict):
		frappe.throw(_("The form could not be read: please send it again."), InvalidInputError)
	input_checks.check_plain_values(doctype, values)
	photo = values.get("photo")
	if photo and (photo.startswith("data:") or "base64" in photo):
		frappe.throw(_("Send the photo with the form's photo button."), InvalidInputError)
	return json.dumps(values)


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=60, seconds=60)
def nearby_reports(
	theme: str | None = None, latitude: str | float | None = None, longitude: str | float | None = None
) -> list[dict]:
	"""Open reports of the same theme close to a point: "déjà signalé ?"."""
	lat, lng = input_checks.point(latitude, longitude)
	if not isinstance(theme, str) or not frappe.db.exists("GUSP Theme", theme):
		return []
	return nearby.nearby_open_reports(theme, lat, lng)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=60)
def me_too(report: str | None = None) -> dict:
	"""Add one more resident to an open report instead of a new one (once per address)."""
	if not isinstance(report, str) or not report:
		frappe.throw(_("Say which report you add your voice to."), InvalidInputError)
	counted = nearby.add_me_too(report)
	message = (
		_("Your voice was added to this report.")
		if counted
		else _("Your voice is already counted for this report.")
	)
	return {"name": report, "counted": counted, "message": message}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=60)
def reopen(key: str | None = None, ref: str | None = None, sig: str | None = None) -> dict:
	"""The reporter reopens a report closed less than `reopen_days` ago (key, or signed link)."""
	report = tracking.get_report(key, ref, sig)
	if not tracking.can_reopen(report):
		frappe.throw(_("This report can no longer be reopened. Please send a new report."))
	tracking.move_to(report, tracking.reopen_transition(report).next_state, _("Reopened by the resident."))
	return {"status": _(report.workflow_state)}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=3600)
def follow(report: str | None = None, email: str | None = None, consent: str | int | None = None) -> dict:
	"""After "me too": be emailed when the report moves on (never given its tracking link)."""
	if not isinstance(report, str) or not report or not isinstance(email, str):
		frappe.throw(_("Say which report to follow, and your email."), InvalidInputError)
	added = followers.add_follower(report, email, consent)
	message = (
		_("Done: we will email you when this report moves on.")
		if added
		else _("This email is already kept informed of this report.")
	)
	return {"name": report, "added": added, "message": message}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=60)
def confirm_fix(
	fixed: str | int | None = None, key: str | None = None, ref: str | None = None, sig: str | None = None
) -> dict:
	"""The reporter says whether the problem is really fixed; if not, the report reopens when it may."""
	if str(fixed) not in ("0", "1"):
		frappe.throw(_("Say whether the problem is fixed (yes or no)."), InvalidInputError)
	report = tracking.get_report(key, ref, sig)
	if report.public_status != CLOSED or report.closing_reason != CLOSING_FIXED:
		frappe.throw(_("This report is not marked as fixed."))
	report.fix_confirmation = FIX_CONFIRMED if cint(fixed) else FIX_NOT_FIXED
	if not cint(fixed) and tracking.can_reopen(report):
		tracking.move_to(
			report, tracking.reopen_transition(report).next_state, _("The resident says it is not fixed.")
		)
	else:
		report.save(ignore_permissions=True)
	return {"status": _(report.workflow_state), "fix_confirmation": _(report.fix_confirmation)}


OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def map_settings() -> dict:
	"""Where the report map opens: the network's territories, or France when none has a perimeter."""
	extent = territory_extent()
	if not extent:
		return {"latitude": 46.6, "longitude": 2.4, "zoom": 5, "tiles": OSM_TILES}
	west, south, east, north = extent
	return {
		"latitude": (south + north) / 2,
		"longitude": (west + east) / 2,
		"zoom": 13,
		"tiles": OSM_TILES,
	}


def web_form_messages(messages: list[str]) -> dict[str, str]:
	"""Translations for a web form's own script (Frappe's widgets: portal_translations.py)."""
	return {message: _(message) for message in messages}
