"""What the residents' forms offer: categories under their theme, neighbourhoods residents name,
a map that opens on the network; the same for every resident, and up to date with the desk."""

import frappe

from gusp_network.directory.geography import geojson_rectangle
from gusp_network.resident_voice.choices import account_prefill, neighbourhood_groups, theme_groups
from gusp_network.resident_voice.portal import map_settings
from tests.factories import as_user, make_geography, make_territory, make_theme, make_user, unique


def test_categories_are_the_concrete_problems_grouped_under_their_theme_in_french_order():
	living = make_theme(theme_name="Zz Cadre de vie test", is_group=1)
	for name in ("Zz Propreté test", "Zz Éclairage test", "Zz Bancs test"):
		make_theme(theme_name=name, parent_gusp_theme=living.name)
	group = next(g for g in theme_groups() if g["label"] == "Zz Cadre de vie test")
	assert [o["label"] for o in group["options"]] == [
		"Zz Bancs test",
		"Zz Éclairage test",
		"Zz Propreté test",
	]
	offered = {o["value"] for g in theme_groups() for o in g["options"]}
	assert living.name not in offered, "a heading is not a problem one can report"


def test_neighbourhoods_are_communes_and_priority_neighbourhoods_never_a_region():
	geo = make_geography()
	region = make_territory(territory_type="Region", territory_name="Zz Région test")
	groups = {g["label"]: {o["value"] for o in g["options"]} for g in neighbourhood_groups()}
	offered = set().union(*groups.values())
	assert geo.qpv in offered and geo.commune in offered
	assert region.name not in offered and geo.sector not in offered


def test_a_logged_in_resident_finds_their_name_and_email_already_filled_in():
	resident = make_user("GUSP Resident", user_type="Website User", first_name="Awa", last_name="Diallo")
	fields = {"name": "reporter_name", "email": "reporter_email"}
	with as_user(resident.name):
		assert account_prefill(fields) == {"reporter_name": "Awa Diallo", "reporter_email": resident.name}
	with as_user("Guest"):
		assert account_prefill(fields) == {}
	assert frappe.session.user == "Administrator"


def offered(groups: list[dict]) -> dict[str, str]:
	return {o["value"]: o["label"] for g in groups for o in g["options"]}


def headings(groups: list[dict]) -> dict[str, str]:
	return {o["value"]: g["label"] for g in groups for o in g["options"]}


def test_a_category_added_or_moved_in_the_desk_is_offered_at_once():
	living = make_theme(theme_name=unique("Zz Cadre de vie"), is_group=1)
	roads = make_theme(theme_name=unique("Zz Voirie"), is_group=1)
	assert living.name not in offered(theme_groups())  # the form was drawn: the list is cached
	pothole = make_theme(theme_name=unique("Zz Nid-de-poule"), parent_gusp_theme=living.name)
	assert headings(theme_groups())[pothole.name] == living.name
	pothole.parent_gusp_theme = roads.name
	pothole.save()
	assert headings(theme_groups())[pothole.name] == roads.name
	frappe.db.rollback()
	assert pothole.name not in offered(theme_groups()), "nothing rolled back is offered"


def test_a_new_neighbourhood_is_offered_at_once():
	neighbourhood_groups()
	qpv = make_territory(territory_type="QPV")
	assert qpv.name in offered(neighbourhood_groups())


def test_the_report_map_opens_on_the_network_with_its_new_perimeters():
	before = map_settings()
	make_territory(geolocation=geojson_rectangle((150.0, 60.0, 150.1, 60.1)))
	after = map_settings()
	assert after["longitude"] > before["longitude"] and after["latitude"] > before["latitude"]
	frappe.db.rollback()
	assert map_settings() == before
