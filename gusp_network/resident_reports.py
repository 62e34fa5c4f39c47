"""Rules around resident reports that are not the report's own fields.

Who may report (guests, when the settings allow it), how often from one address, what a
photo may be, which open reports lie nearby ("déjà signalé ?"), the "me too" count, and the
weak signals raised when one theme keeps coming back on one territory.
"""

import math

import filetype
import frappe
from frappe import _
from frappe.utils import add_days, cint, flt, getdate, now_datetime, today

EARTH_RADIUS_M = 6_371_000
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp"}


class TooManyReportsError(frappe.RateLimitExceededError):
	pass


def settings():
	return frappe.get_cached_doc("GUSP Settings")


def is_guest() -> bool:
	return frappe.session.user == "Guest"


def check_guest_may_report() -> None:
	from gusp_network.gusp_network.doctype.resident_report.resident_report import GuestReportsClosedError

	if is_guest() and not settings().allow_guest_reports:
		frappe.throw(
			_("Please log in to report a problem."),
			GuestReportsClosedError,
			title=_("Login required"),
		)


def check_rate_limit() -> None:
	"""Guests may send a limited number of reports per hour from one IP address."""
	limit = cint(settings().guest_reports_per_hour)
	ip = getattr(frappe.local, "request_ip", None)
	if not (is_guest() and limit and ip):
		return
	key = frappe.cache.make_key(f"gusp_report_rate:{ip}:{now_datetime():%Y%m%d%H}")
	count = frappe.cache.incr(key)
	if count == 1:
		frappe.cache.expire(key, 3600)
	if count > limit:
		frappe.throw(
			_("Too many reports were sent from your connection in the last hour. Please try again later."),
			TooManyReportsError,
			title=_("Please wait"),
		)


def check_photo(file_url: str) -> None:
	"""Only images, up to the size set in GUSP Settings."""
	from gusp_network.gusp_network.doctype.resident_report.resident_report import InvalidPhotoError

	extension = file_url.rsplit(".", 1)[-1].lower() if "." in file_url else ""
	file = frappe.get_all(
		"File",
		filters={"file_url": file_url},
		fields=["name", "file_size"],
		order_by="creation desc",
		limit=1,
	)
	if extension not in IMAGE_EXTENSIONS or not file:
		frappe.throw(_("The photo must be an image (JPEG, PNG, GIF or WebP)."), InvalidPhotoError)
	max_mb = cint(settings().max_photo_size_mb)
	if max_mb and flt(file[0].file_size) > max_mb * 1024 * 1024:
		frappe.throw(_("The photo is larger than {0} MB.").format(max_mb), InvalidPhotoError)
	content = frappe.get_doc("File", file[0].name).get_content()
	if not filetype.is_image(content if isinstance(content, bytes) else content.encode()):
		frappe.throw(_("The photo must be an image (JPEG, PNG, GIF or WebP)."), InvalidPhotoError)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
	"""Great-circle distance in metres."""
	phi1, phi2 = math.radians(lat1), math.radians(lat2)
	dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
	a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
	return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def nearby_open_reports(theme: str, latitude: float, longitude: float, radius_m: float | None = None):
	"""Open reports of the same theme within the radius, nearest first (public fields only)."""
	radius_m = radius_m if radius_m is not None else cint(settings().duplicate_radius_m) or 50
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
			& (report.public_status == "Open")
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

	The report's tracking key is not given out: report names are sequential, so handing keys
	to whoever names a report would let anyone collect them.
	"""
	check_rate_limit()
	public_status = frappe.db.get_value("Resident Report", report_name, "public_status")
	if public_status != "Open":
		raise frappe.DoesNotExistError(_("This report is no longer open."))
	count = cint(frappe.db.get_value("Resident Report", report_name, "me_too_count")) + 1
	frappe.db.set_value("Resident Report", report_name, "me_too_count", count, update_modified=False)


def raise_weak_signal(report) -> str | None:
	"""Open a weak-signal Resident Need when a theme passes the threshold on a territory.

	Once per theme × territory × period: no new signal while one raised within the period exists.
	"""
	threshold, days = cint(settings().weak_signal_threshold), cint(settings().weak_signal_days)
	if not (threshold and days and report.theme and report.territory):
		return None
	since = add_days(today(), -days)
	count = frappe.db.count(
		"Resident Report",
		{"theme": report.theme, "territory": report.territory, "creation": (">=", f"{since} 00:00:00")},
	)
	if count < threshold:
		return None
	already = frappe.db.exists(
		"Resident Need",
		{
			"is_weak_signal": 1,
			"theme": report.theme,
			"territory": report.territory,
			"period_end": (">=", since),
		},
	)
	if already:
		return None
	need = frappe.get_doc(
		{
			"doctype": "Resident Need",
			"need_type": "Need",
			"source": "Weak Signal",
			"is_weak_signal": 1,
			"theme": report.theme,
			"territory": report.territory,
			"period_start": since,
			"period_end": today(),
			"report_count": count,
			"description": _("{0} reports about {1} in {2} over the last {3} days.").format(
				count, report.theme, report.territory, days
			),
		}
	)
	need.insert(ignore_permissions=True)
	return need.name
