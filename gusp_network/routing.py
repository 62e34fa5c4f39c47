"""Who handles a resident report.

1. The territory: the one given, else the smallest `GUSP Territory` whose perimeter holds
   the report's point.
2. The responsible member: the `Responsibility` rows with role Lead for the report's
   theme or one of its parents, on its territory or one of its parents, for its land
   status (or "Any"). Who owns the ground comes first (the exact land status, then "Any"),
   then the most local territory, then the most precise theme. When the resident does not
   know the land status, every rule counts and the one presumed in GUSP Settings (public
   land by default) comes first.
3. The due date: the theme's service level (or its parents'), else the default setting.
4. No rule: the report goes to the resource centre and a `Grey Zone` for that theme ×
   territory is opened, or the open one is reused.

Assigning the report to a person is left to Frappe's Assignment Rule (created at
install, "Based on Field" `responsible_user`), so admins change it without code.
"""

import json

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate, today

UNKNOWN_LAND_STATUS = "Unknown"
ANY_LAND_STATUS = "Any"


def route_report(report) -> None:
	"""Fill the routing fields of a new report (document not yet saved)."""
	report.territory = report.territory or find_territory(report.latitude, report.longitude)
	member = find_lead(report.theme, report.territory, report.land_status)
	report.grey_zone = None
	if not member:
		member = frappe.db.get_single_value("GUSP Settings", "resource_centre")
		if report.territory:
			report.grey_zone = open_grey_zone(report.theme, report.territory, report.land_status)
	report.responsible_member = member
	report.responsible_user = first_staff_user(member)
	report.due_date = report.due_date or due_date_for(report.theme)


# ---------------------------------------------------------------- territory from a point


def find_territory(latitude: float | None, longitude: float | None) -> str | None:
	"""The smallest territory whose perimeter contains the point."""
	if latitude in (None, "") or longitude in (None, "") or not (latitude or longitude):
		return None
	point = (float(longitude), float(latitude))
	best, best_area = None, None
	for name, polygons in territory_polygons():
		for ring in polygons:
			if point_in_ring(point, ring):
				area = ring_area(ring)
				if best_area is None or area < best_area:
					best, best_area = name, area
	return best


def territory_polygons() -> list[tuple[str, list[list[tuple[float, float]]]]]:
	"""(territory, outer rings) for every territory with a perimeter, cached per request."""
	cached = getattr(frappe.local, "gusp_territory_polygons", None)
	if cached is not None:
		return cached
	result = []
	for row in frappe.get_all(
		"GUSP Territory", filters={"geolocation": ("is", "set")}, fields=["name", "geolocation"]
	):
		rings = outer_rings(row.geolocation)
		if rings:
			result.append((row.name, rings))
	frappe.local.gusp_territory_polygons = result
	return result


def outer_rings(geojson: str) -> list[list[tuple[float, float]]]:
	"""Outer rings of the Polygon / MultiPolygon features of a Geolocation value."""
	try:
		data = json.loads(geojson)
	except (TypeError, ValueError):
		return []
	features = data.get("features", []) if data.get("type") == "FeatureCollection" else [data]
	rings = []
	for feature in features:
		geometry = feature.get("geometry") or {}
		if geometry.get("type") == "Polygon":
			polygons = [geometry["coordinates"]]
		elif geometry.get("type") == "MultiPolygon":
			polygons = geometry["coordinates"]
		else:
			continue
		rings.extend([tuple(map(float, p[:2])) for p in polygon[0]] for polygon in polygons if polygon)
	return rings


def point_in_ring(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
	"""Ray casting; points are (longitude, latitude)."""
	x, y = point
	inside = False
	j = len(ring) - 1
	for i in range(len(ring)):
		xi, yi = ring[i]
		xj, yj = ring[j]
		if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
			inside = not inside
		j = i
	return inside


def ring_area(ring: list[tuple[float, float]]) -> float:
	return (
		abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=False))) / 2
	)


# ---------------------------------------------------------------- who does what


def lineage(doctype: str, name: str | None) -> list[str]:
	"""The record and its ancestors in a tree, most specific first."""
	if not name:
		return []
	bounds = frappe.db.get_value(doctype, name, ["lft", "rgt"], as_dict=True)
	if not bounds:
		return []
	return frappe.get_all(
		doctype,
		filters={"lft": ("<=", bounds.lft), "rgt": (">=", bounds.rgt)},
		order_by="lft desc",
		pluck="name",
	)


def find_lead(theme: str, territory: str | None, land_status: str | None) -> str | None:
	"""The lead member for a theme on a territory and land status, or None."""
	themes = lineage("GUSP Theme", theme)
	territories = lineage("GUSP Territory", territory)
	if not themes or not territories:
		return None
	rule = frappe.qb.DocType("Responsibility")
	query = (
		frappe.qb.from_(rule)
		.select(rule.network_member, rule.theme, rule.territory, rule.land_status)
		.where((rule.role == "Lead") & rule.theme.isin(themes) & rule.territory.isin(territories))
	)
	known = bool(land_status) and land_status != UNKNOWN_LAND_STATUS
	if known:
		query = query.where(rule.land_status.isin([land_status, ANY_LAND_STATUS]))
	else:
		land_status = frappe.db.get_single_value("GUSP Settings", "presumed_land_status")
	rows = query.run(as_dict=True)
	if not rows:
		return None

	def rank(row):
		# who owns the ground first, then the most local territory, then the most precise theme
		land = 0 if row.land_status == land_status else 1 if row.land_status == ANY_LAND_STATUS else 2
		return (land, territories.index(row.territory), themes.index(row.theme), row.network_member)

	return min(rows, key=rank).network_member


def first_staff_user(member: str | None) -> str | None:
	"""The member's first enabled staff user (the Assignment Rule assigns the report to them)."""
	if not member:
		return None
	staff = frappe.qb.DocType("Network Member User")
	user = frappe.qb.DocType("User")
	rows = (
		frappe.qb.from_(staff)
		.join(user)
		.on(user.name == staff.user)
		.select(staff.user)
		.where((staff.parent == member) & (staff.parenttype == "Network Member") & (user.enabled == 1))
		.orderby(staff.idx)
		.limit(1)
		.run()
	)
	return rows[0][0] if rows else None


def due_date_for(theme: str) -> str:
	"""Today plus the theme's service level (or its parents'), else the default one."""
	for name in lineage("GUSP Theme", theme):
		days = frappe.db.get_value("GUSP Theme", name, "service_level_days")
		if days:
			return str(add_days(getdate(today()), cint(days)))
	default = cint(frappe.db.get_single_value("GUSP Settings", "default_service_level_days")) or 15
	return str(add_days(getdate(today()), default))


def open_grey_zone(theme: str, territory: str, land_status: str | None) -> str:
	"""The open grey zone for this theme × territory, opened if there is none."""
	existing = frappe.get_all(
		"Grey Zone",
		filters={"theme": theme, "territory": territory, "status": ("!=", "Settled")},
		order_by="creation asc",
		pluck="name",
		limit=1,
	)
	if existing:
		return existing[0]
	zone = frappe.get_doc(
		{
			"doctype": "Grey Zone",
			"theme": theme,
			"territory": territory,
			"land_status": land_status if land_status and land_status != UNKNOWN_LAND_STATUS else "Any",
			"origin": "Automatic",
			"raised_by": frappe.db.get_single_value("GUSP Settings", "resource_centre"),
			"description": _("Opened automatically: no organisation leads {0} in {1}.").format(
				theme, territory
			),
		}
	)
	zone.insert(ignore_permissions=True)
	return zone.name
