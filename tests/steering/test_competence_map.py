"""Competence Map: a theme × territory matrix naming the lead member of each cell by land status,
by the rule routing follows (find_lead), with the grey zones marked; the filters narrow it and
every desk role reads the same map (the directory is public to the network)."""

from types import SimpleNamespace

import frappe
import pytest
from frappe.desk.query_report import run

from gusp_network.directory.who_does_what import find_lead
from gusp_network.steering.report.competence_map import competence_map
from tests.factories import (
	as_user,
	make_network_member,
	make_responsibility,
	make_territory,
	make_theme,
	unique,
)

REPORT = "Competence Map"


def competence_map_as_shown(**filters) -> dict:
	"""The report as the desk asks for it, for the session user: {theme: {territory: cell}}, the
	rows in their order with their indent, and the summary cards."""
	result = run(REPORT, filters=filters, ignore_prepared_report=True)
	labels = {column["fieldname"]: column["label"] for column in result["columns"]}
	cells = {
		row["theme"]: {labels[field]: row[field] for field in labels if field.startswith("territory_")}
		for row in result["result"]
	}
	return SimpleNamespace(
		cells=cells,
		territories=[labels[field] for field in labels if field.startswith("territory_")],
		rows=[(row["theme"], row["indent"]) for row in result["result"]],
		summary={card["label"]: card["value"] for card in result["report_summary"]},
	)


@pytest.fixture
def directory():
	"""A commune holding two QPV; a root theme holding "cleanliness" (with a sub-theme "bulky
	waste") and "lighting". The city leads cleanliness on every land of the commune; the landlord
	leads bulky waste on its own land in the first QPV, and lighting on its own land there; a member's
	proposal for lighting in the second QPV is not validated; a grey zone is open on lighting in the
	second QPV, another one on lighting in the first QPV is settled (by the landlord's rule)."""
	commune = make_territory(territory_type="Commune", is_group=1).name
	first_qpv = make_territory(parent_gusp_territory=commune).name
	second_qpv = make_territory(parent_gusp_territory=commune).name
	root = make_theme(is_group=1).name
	cleanliness = make_theme(parent_gusp_theme=root, is_group=1).name
	bulky_waste = make_theme(parent_gusp_theme=cleanliness).name
	lighting = make_theme(parent_gusp_theme=root).name
	city = make_network_member(acronym=unique("VLA")).name
	landlord = make_network_member(member_type="Social Landlord", acronym=unique("HDN")).name
	proposer = make_network_member(member_type="Association", acronym=unique("ASSO")).name

	make_responsibility(cleanliness, commune, city)
	make_responsibility(bulky_waste, first_qpv, landlord, land_status="Social Landlord")
	landlords_lighting = make_responsibility(
		lighting, first_qpv, landlord, land_status="Social Landlord"
	).name
	make_responsibility(lighting, first_qpv, city, role="Contributor")
	make_responsibility(lighting, second_qpv, proposer, status="Proposed")
	open_zone = make_grey_zone(lighting, second_qpv, "Pending")
	make_grey_zone(lighting, first_qpv, "Settled", resolution_responsibility=landlords_lighting)
	return SimpleNamespace(
		commune=commune,
		first_qpv=first_qpv,
		second_qpv=second_qpv,
		root=root,
		cleanliness=cleanliness,
		bulky_waste=bulky_waste,
		lighting=lighting,
		city=city,
		landlord=landlord,
		city_short=frappe.db.get_value("Network Member", city, "acronym"),
		landlord_short=frappe.db.get_value("Network Member", landlord, "acronym"),
		open_zone=open_zone,
	)


def make_grey_zone(theme: str, territory: str, status: str, **overrides) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Grey Zone",
				"theme": theme,
				"territory": territory,
				"land_status": "Any",
				"status": status,
				"origin": "Manual",
				"description": "Qui ramasse ?",
				**overrides,
			}
		)
		.insert()
		.name
	)


def test_each_cell_names_the_lead_routing_would_find_for_every_land_status(directory):
	filters = competence_map.MapFilters.parse(
		{"parent_territory": directory.commune, "theme": directory.root}
	)
	themes = competence_map.find_themes(filters)
	territories = competence_map.find_territories(filters)
	lands = competence_map.land_statuses(filters)
	leads = competence_map.find_leads(
		themes, territories, lands, competence_map.find_rules(themes, territories, filters)
	)

	assert lands == ["Public Land", "Social Landlord", "Co-ownership", "Private"]
	assert len(leads) == 4 * 2
	for (theme, territory), by_land in leads.items():
		for land, rule in by_land.items():
			assert (rule.network_member if rule else None) == find_lead(theme, territory, land), (
				theme,
				territory,
				land,
			)


def test_the_map_reads_lead_by_land_status_and_marks_the_grey_zones(directory):
	shown = competence_map_as_shown(
		territory_type="QPV", parent_territory=directory.commune, theme=directory.root
	)
	city, landlord = directory.city_short, directory.landlord_short
	first, second = directory.first_qpv, directory.second_qpv

	assert shown.territories == [first, second]
	assert shown.rows == [
		(directory.root, 0),
		(directory.cleanliness, 1),
		(directory.bulky_waste, 2),
		(directory.lighting, 1),
	]
	# nobody leads the root theme, and nobody raised it
	assert shown.cells[directory.root] == {first: "Grey Zone · not raised", second: "Grey Zone · not raised"}
	# the city's rule on the commune reaches both QPV
	assert shown.cells[directory.cleanliness] == {first: f"{city} (all land)", second: f"{city} (all land)"}
	# the sub-theme inherits the city's rule, and the landlord leads on its own land
	assert shown.cells[directory.bulky_waste] == {
		first: f"{city} (all land) / {landlord} (landlords)",
		second: f"{city} (all land)",
	}
	# a contributor leads nothing, a settled grey zone is not marked; a proposal leads nothing
	# until validated, and the open grey zone is named
	assert shown.cells[directory.lighting] == {
		first: f"{landlord} (landlords) / Grey Zone (public land, co-ownerships, private land)",
		second: f"Grey Zone · {directory.open_zone} open",
	}
	assert shown.summary == {
		"Cells": 8,
		"Cells Covered": 4,
		"Cells Partly Covered": 1,
		"Grey Zones": 3,
		"Open Grey Zone Records": 1,
	}


def test_the_filters_narrow_the_map(directory):
	city, landlord = directory.city_short, directory.landlord_short
	first, second = directory.first_qpv, directory.second_qpv

	on_public_land = competence_map_as_shown(
		parent_territory=directory.commune, theme=directory.root, land_status="Public Land"
	)
	assert on_public_land.cells[directory.bulky_waste] == {
		first: f"{city} (all land)",
		second: f"{city} (all land)",
	}
	assert on_public_land.cells[directory.lighting][first] == "Grey Zone · not raised"

	on_landlords_land = competence_map_as_shown(
		parent_territory=directory.commune, theme=directory.root, land_status="Social Landlord"
	)
	assert on_landlords_land.cells[directory.lighting][first] == f"{landlord} (landlords)"

	one_branch = competence_map_as_shown(parent_territory=directory.commune, theme=directory.cleanliness)
	assert one_branch.rows == [(directory.cleanliness, 0), (directory.bulky_waste, 1)]

	communes = competence_map_as_shown(territory_type="Commune", theme=directory.root)
	assert directory.commune in communes.territories
	assert first not in communes.territories
	assert communes.cells[directory.cleanliness][directory.commune] == f"{city} (all land)"
	# on the commune as a whole, the landlord's rule on one QPV decides nothing
	assert communes.cells[directory.lighting][directory.commune] == "Grey Zone · not raised"

	children = competence_map_as_shown(
		territory_type="", parent_territory=directory.commune, theme=directory.root
	)
	assert children.territories == [first, second]


def test_every_desk_role_reads_the_same_map(directory, network):
	filters = {"parent_territory": directory.commune, "theme": directory.root}
	as_admin = competence_map_as_shown(**filters)
	for user in (network.member_a, network.manager, network.centre):
		with as_user(user):
			assert competence_map_as_shown(**filters) == as_admin
