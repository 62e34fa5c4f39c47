"""Territories on the map: which territory holds a point, and the perimeters it is read from.

Perimeters are `GUSP Territory.geolocation` values (GeoJSON Polygon or MultiPolygon features);
they are parsed once and cached in Redis until a territory changes
(`who_does_what.clear_tree_caches`).
"""

import json

import frappe
from frappe.utils.caching import redis_cache

Ring = list[tuple[float, float]]


def find_territory(latitude: float | None, longitude: float | None) -> str | None:
	"""The smallest territory whose perimeter contains the point."""
	if latitude in (None, "") or longitude in (None, "") or not (latitude or longitude):
		return None
	point = (float(longitude), float(latitude))
	best, best_area = None, None
	for name, rings in territory_polygons():
		for ring in rings:
			if point_in_ring(point, ring):
				area = ring_area(ring)
				if best_area is None or area < best_area:
					best, best_area = name, area
	return best


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
