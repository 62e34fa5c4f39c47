""" "Déjà signalé ?": open reports of the same theme near a point, and "moi aussi"; and which
reports the public outputs (this list, Open311) may show at all.

A report is public once qualified: it has left the first state of the Resident Report
workflow (read from the active Workflow), and it is neither a duplicate (`duplicate_of` set or
closing reason Duplicate) nor refused at triage. The triage refusals are read from the workflow
too: the states that close a report (they set `public_status` to Closed) and that the first state
leads to directly, i.e. Rejected and Duplicate in the shipped workflow; Resolved and Closed are
reached only after a report was handled. (An admin who adds a transition from the first state to
Closed therefore hides every Closed report.) Without an active workflow, every report but the
duplicates is public.

A public point is rounded to 3 decimals, a cell of about 100 m (111 m north-south, less east-west).
Everything "déjà signalé ?" answers is derived from that cell, never from the exact point: an exact
distance from three points chosen by the caller would give the exact point back. So a report is
offered when its cell comes within the radius of the point asked about (no report within the radius
is missed), and its distance is measured to the cell's centre, to the nearest 10 m.
"""

import math

import frappe
from frappe import _
from frappe.model.workflow import get_workflow_name
from frappe.query_builder.functions import Coalesce
from frappe.utils import cint, flt, getdate
from pypika.terms import Criterion

from gusp_network.client_ip import client_key
from gusp_network.constants import CLOSED, CLOSING_DUPLICATE, OPEN
from gusp_network.exceptions import ReportIsDuplicateError, ReportNotOpenError
from gusp_network.permissions import get_initial_workflow_state
from gusp_network.resident_voice.intake import check_rate_limit
from gusp_network.settings import get_settings

REPORT = "Resident Report"
EARTH_RADIUS_M = 6_371_000
METRES_PER_DEGREE = 111_320
PUBLIC_DECIMALS = 3
CELL_HALF_DEGREES = 0.5 / 10**PUBLIC_DECIMALS
DISTANCE_STEP_M = 10
DEFAULT_RADIUS_M = 50
DEFAULT_ME_TOO_DAYS = 30


# ---------------------------------------------------------------- what the public sees


def unpublished_states() -> set[str] | None:
	"""Workflow states whose reports are not shown: the first state and the triage refusals
	(closing states the first state leads to directly). None without an active workflow."""
	first = get_initial_workflow_state(REPORT)
	if not first:
		return None
	workflow = frappe.get_cached_doc("Workflow", get_workflow_name(REPORT))
	closing = {
		row.state
		for row in workflow.states
		if row.update_field == "public_status" and row.update_value == CLOSED
	}
	refusals = {
		row.next_state for row in workflow.transitions if row.state == first and row.next_state in closing
	}
	return {first, *refusals}


def public_report_criterion(report) -> Criterion:
	"""Reports the public outputs may show (see the module's docstring), for `frappe.qb` queries
	on `report` (the Resident Report table)."""
	criterion = (report.duplicate_of.isnull() | (report.duplicate_of == "")) & (
		Coalesce(report.closing_reason, "") != CLOSING_DUPLICATE
	)
	hidden = unpublished_states()
	if hidden is not None:
		criterion &= report.workflow_state.notnull() & report.workflow_state.notin(sorted(hidden))
	return criterion


def is_public(report_name: str) -> bool:
	report = frappe.qb.DocType(REPORT)
	return bool(
		frappe.qb.from_(report)
		.select(report.name)
		.where((report.name == report_name) & public_report_criterion(report))
		.limit(1)
		.run()
	)


def public_coordinate(value) -> float:
	"""A latitude or longitude as the public outputs give it: 3 decimals, about 100 m."""
	return round(flt(value), PUBLIC_DECIMALS)


# ---------------------------------------------------------------- "déjà signalé ?"


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
	"""Great-circle distance in metres."""
	phi1, phi2 = math.radians(lat1), math.radians(lat2)
	dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
	a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
	return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def distance_to_cell_m(latitude: float, longitude: float, cell_lat: float, cell_lon: float) -> float:
	"""Distance from a point to the nearest point of the public cell centred on (cell_lat, cell_lon)."""
	nearest_lat = min(max(latitude, cell_lat - CELL_HALF_DEGREES), cell_lat + CELL_HALF_DEGREES)
	nearest_lon = min(max(longitude, cell_lon - CELL_HALF_DEGREES), cell_lon + CELL_HALF_DEGREES)
	return distance_m(latitude, longitude, nearest_lat, nearest_lon)


def nearby_open_reports(theme: str, latitude: float, longitude: float, radius_m: float | None = None):
	"""Public open reports of the same theme whose cell comes within the radius, nearest first
	(public fields only, the point rounded)."""
	radius_m = (
		radius_m if radius_m is not None else cint(get_settings().duplicate_radius_m) or DEFAULT_RADIUS_M
	)
	latitude, longitude = flt(latitude), flt(longitude)
	# a whole cell of margin: every report whose cell is within the radius is read
	dlat = radius_m / METRES_PER_DEGREE + 2 * CELL_HALF_DEGREES
	dlon = (
		radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01)) + 2 * CELL_HALF_DEGREES
	)
	report = frappe.qb.DocType(REPORT)
	rows = (
		frappe.qb.from_(report)
		.select(
			report.name,
			report.theme,
			report.address,
			report.latitude,
			report.longitude,
			report.workflow_state,
			report.creation,
			report.me_too_count,
		)
		.where(
			(report.theme == theme)
			& (report.public_status == OPEN)
			& public_report_criterion(report)
			& report.latitude.between(latitude - dlat, latitude + dlat)
			& report.longitude.between(longitude - dlon, longitude + dlon)
		)
		.limit(50)
		.run(as_dict=True)
	)
	found = []
	for row in rows:
		cell_lat, cell_lon = public_coordinate(row.latitude), public_coordinate(row.longitude)
		if distance_to_cell_m(latitude, longitude, cell_lat, cell_lon) > radius_m:
			continue
		distance = distance_m(latitude, longitude, cell_lat, cell_lon)
		found.append(
			{
				"name": row.name,
				"theme": row.theme,
				"address": row.address,
				"latitude": cell_lat,
				"longitude": cell_lon,
				"status": _(row.workflow_state),
				"reported_on": str(getdate(row.creation)),
				"me_too_count": row.me_too_count,
				"distance_m": DISTANCE_STEP_M * round(distance / DISTANCE_STEP_M),
			}
		)
	return sorted(found, key=lambda r: (r["distance_m"], r["name"]))


# ---------------------------------------------------------------- "moi aussi"


def add_me_too(report_name: str) -> bool:
	"""Count one more resident for a public open report; False when this address already counts.

	One voice per address (an IPv6 connection's /64) and report over `me_too_days` of GUSP
	Settings: Redis `SET NX` keeps it, so two clicks at once from one address count once. One
	UPDATE adds the voice, so residents clicking at once are all counted. A click from an address
	already counted is answered as such (`False`), not as an error. Outside a request (no address)
	every call counts.

	Refused: a duplicate (`ReportIsDuplicateError`: the voice belongs to the original), a closed
	report and one the public does not see (`ReportNotOpenError`, as if unknown). The report's
	tracking key is not given out: report names are sequential, so handing keys to whoever names
	a report would let anyone collect them.
	"""
	check_rate_limit()
	check_me_too_allowed(report_name)
	if not claim_voice(report_name):
		return False
	report = frappe.qb.DocType(REPORT)
	(
		frappe.qb.update(report)
		.set(report.me_too_count, report.me_too_count + 1)
		.where((report.name == report_name) & (report.public_status == OPEN))
		.run()
	)
	return True


def keep_me_too_count(report) -> None:
	"""On saving a report: the voices counted in the database, not those of the version opened.

	`add_me_too` adds a voice with one UPDATE that leaves `modified` alone (a resident's click must
	not make a member reload the form), so a form opened before the click would write its older
	count back. Frappe has just locked the report's row and read it again to compare `modified`
	(`check_if_latest`: a locking read, which sees the last count committed): that count is kept, and
	a click arriving now waits for the row and adds its voice once this save commits."""
	before = report.get_doc_before_save()
	if before:
		report.me_too_count = before.me_too_count


def check_me_too_allowed(report_name: str) -> None:
	values = frappe.db.get_value(
		REPORT, report_name, ["public_status", "duplicate_of", "closing_reason"], as_dict=True
	)
	if values and (values.duplicate_of or values.closing_reason == CLOSING_DUPLICATE):
		frappe.throw(
			_("This report duplicates another one: please add your voice to that one."),
			ReportIsDuplicateError,
		)
	if not values or values.public_status != OPEN or not is_public(report_name):
		frappe.throw(_("This report is no longer open."), ReportNotOpenError)


def me_too_key(report_name: str, voter: str) -> str:
	return frappe.cache.make_key(f"gusp_me_too:{report_name}:{voter}")


def claim_voice(report_name: str) -> bool:
	"""True for the first voice of this address on this report over the period (atomic)."""
	voter = client_key()
	if not voter:
		return True
	days = cint(get_settings().me_too_days) or DEFAULT_ME_TOO_DAYS
	return bool(frappe.cache.set(me_too_key(report_name, voter), 1, ex=days * 24 * 3600, nx=True))
