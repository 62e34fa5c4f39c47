"""Perimeters and trees are cached, and the cache follows the data."""

import frappe

from gusp_network.directory.geography import find_territory, geojson_rectangle, territory_polygons
from gusp_network.directory.who_does_what import lineage
from tests.factories import make_territory, make_theme

# far from the demo and from the other tests' places
POINT = (-20.05, -120.05)  # latitude, longitude
BOX = (-120.1, -20.1, -120.0, -20.0)  # west, south, east, north


def test_a_new_perimeter_routes_at_once_and_a_rolled_back_one_is_forgotten():
	assert find_territory(*POINT) is None
	territory = make_territory(geolocation=geojson_rectangle(BOX))
	assert find_territory(*POINT) == territory.name, "saving the territory refreshed the cache"
	frappe.db.rollback()
	assert find_territory(*POINT) is None, "the rollback took the cached perimeter with it"
	assert territory.name not in [name for name, _rings in territory_polygons()]


def test_a_moved_perimeter_is_read_again():
	territory = make_territory(geolocation=geojson_rectangle(BOX))
	assert find_territory(*POINT) == territory.name
	territory.geolocation = geojson_rectangle((10.0, 10.0, 10.1, 10.1))
	territory.save()
	assert find_territory(*POINT) is None
	assert find_territory(10.05, 10.05) == territory.name


def test_a_theme_moved_under_another_parent_changes_its_lineage():
	first, second = make_theme(is_group=1), make_theme(is_group=1)
	child = make_theme(parent_gusp_theme=first.name)
	assert lineage("GUSP Theme", child.name) == [child.name, first.name]
	child.parent_gusp_theme = second.name
	child.save()
	assert lineage("GUSP Theme", child.name) == [child.name, second.name]
