""" "Déjà signalé ?": open reports of the same theme near a point, and "moi aussi"."""

import math

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate

from gusp_network.constants import OPEN
from gusp_network.exceptions import ReportNotOpenError
from gusp_network.resident_voice.intake import check_rate_limit
from gusp_network.settings import get_settings

EARTH_RADIUS_M = 6_371_000


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
	"""Great-circle distance in metres."""
	phi1, phi2 = math.radians(lat1), math.radians(lat2)
	dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
	a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
	return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def nearby_open_reports(theme: str, latitude: float, longitude: float, radius_m: float | None = None):
	"""Open reports of the same theme within the radius, nearest first (public fields only)."""
	radius_m = radius_m if radius_m is not None else cint(get_settings().duplicate_radius_m) or 50
	latitude, longitude = flt(latitude), flt(longitude)
	dlat = radius_m / 111_320
	dlon = radius_m / (111_320 * max(math.cos(math.radians(latitude)), 0.01))
	report = frappe.qb.DocType("Resident Report")
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
			& report.duplicate_of.isnull()
			& report.latitude.between(latitude - dlat, latitude + dlat)
			& report.longitude.between(longitude - dlon, longitude + dlon)
		)
		.limit(50)
		.run(as_dict=True)
	)
	found = []
	for row in rows:
		distance = distance_m(latitude, longitude, flt(row.latitude), flt(row.longitude))
		if distance <= radius_m:
			found.append(
				{
					"name": row.name,
					"theme": row.theme,
					"address": row.address,
					"status": _(row.workflow_state),
					"reported_on": str(getdate(row.creation)),
					"me_too_count": row.me_too_count,
					"distance_m": round(distance),
				}
			)
	return sorted(found, key=lambda r: r["distance_m"])


def add_me_too(report_name: str) -> None:
	"""Count one more resident for an open report.

	One UPDATE adds the voice, so two residents clicking at once are both counted. The report's
	tracking key is not given out: report names are sequential, so handing keys to whoever
	names a report would let anyone collect them.
	"""
	check_rate_limit()
	if frappe.db.get_value("Resident Report", report_name, "public_status") != OPEN:
		raise ReportNotOpenError(_("This report is no longer open."))
	report = frappe.qb.DocType("Resident Report")
	(
		frappe.qb.update(report)
		.set(report.me_too_count, report.me_too_count + 1)
		.where((report.name == report_name) & (report.public_status == OPEN))
		.run()
	)
