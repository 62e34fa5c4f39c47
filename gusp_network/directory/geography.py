"""Territories on the map: which territory holds a point, and the perimeters it is read from.

Perimeters are `GUSP Territory.geolocation` values (GeoJSON Polygon or MultiPolygon features);
they are parsed once and cached in Redis until a territory changes
(`who_does_what.clear_tree_caches`), smallest first with their bounding boxes, so finding the
territory of a point reads only the few perimeters whose box holds it.
"""

import json

import frappe
from frappe.utils.caching import redis_cache

Ring = list[tuple[float, float]]


def find_territory(latitude: float | None, longitude: float | None) -> str | None:
	"""The smallest territory whose perimeter contains the point."""
	if latitude in (None, "") or longitude in (None, "") or not (latitude or longitude):
		return None
	x, y = float(longitude), float(latitude)
	for name, (west, south, east, north), ring in territory_index():
		if west <= x <= east and south <= y <= north and point_in_ring((x, y), ring):
			return name
	return None


@redis_cache(ttl=24 * 3600)
def territory_polygons() -> list[tuple[str, list[Ring]]]:
	"""(territory, outer rings) for every territory with a perimeter."""
	result = []
	for row in frappe.get_all(
		"GUSP Territory", filters={"geolocation": ("is", "set")}, fields=["name", "geolocation"]
	):
		rings = outer_rings(row.geolocation)
		if rings:
			result.append((row.name, rings))
	return result


@redis_cache(ttl=24 * 3600)
def territory_index() -> list[tuple[str, tuple[float, float, float, float], Ring]]:
	"""Every outer ring as (territory, bounding box, ring), the smallest first: the first ring that
	holds a point is the smallest one (of equal areas, the first listed, as a scan of all would find)."""
	rings = [(name, ring) for name, territory_rings in territory_polygons() for ring in territory_rings]
	rings.sort(key=lambda entry: ring_area(entry[1]))  # a stable sort: equal areas keep their order
	return [(name, bounding_box(ring), ring) for name, ring in rings]


@redis_cache(ttl=24 * 3600)
def territory_extent() -> tuple[float, float, float, float] | None:
	"""(west, south, east, north) around every perimeter: where the network's maps open."""
	boxes = [box for _name, box, _ring in territory_index()]
	if not boxes:
		return None
	return (
		min(box[0] for box in boxes),
		min(box[1] for box in boxes),
		max(box[2] for box in boxes),
		max(box[3] for box in boxes),
	)


def bounding_box(ring: Ring) -> tuple[float, float, float, float]:
	"""(west, south, east, north)."""
	xs, ys = [x for x, _y in ring], [y for _x, y in ring]
	return min(xs), min(ys), max(xs), max(ys)


def outer_rings(geojson: str) -> list[Ring]:
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


def point_in_ring(point: tuple[float, float], ring: Ring) -> bool:
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


def ring_area(ring: Ring) -> float:
	return (
		abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=False))) / 2
	)


def geojson_rectangle(box: tuple[float, float, float, float]) -> str:
	"""A Geolocation value (FeatureCollection) for a (west, south, east, north) rectangle."""
	west, south, east, north = (round(value, 5) for value in box)
	ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
	feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
	return json.dumps({"type": "FeatureCollection", "features": [feature]})
