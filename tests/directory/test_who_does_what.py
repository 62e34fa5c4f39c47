"""Who does what: one record per commitment, and grey zones end in a decision."""

import frappe
import pytest

from gusp_network.exceptions import DuplicateResponsibilityError, UnresolvedGreyZoneError
from tests.factories import make_network_member, make_responsibility, make_territory, make_theme


def test_who_does_what_is_unique_per_theme_territory_member_and_role():
	rule = (make_theme().name, make_territory().name, make_network_member().name)
	make_responsibility(*rule, land_status="Public Land")
	before = frappe.db.count("Responsibility")
	frappe.local.lang = "fr"
	with pytest.raises(DuplicateResponsibilityError) as error:
		make_responsibility(*rule, land_status="Public Land")
	assert "déjà" in str(error.value), "the error is in French on a French site"
	assert frappe.db.count("Responsibility") == before
	# another role for the same member is a different commitment
	make_responsibility(*rule, land_status="Public Land", role="Funder")


def test_a_grey_zone_is_resolved_only_by_a_who_does_what_decision():
	theme, territory = make_theme().name, make_territory().name
	zone = frappe.get_doc(
		{"doctype": "Grey Zone", "theme": theme, "territory": territory, "description": "Qui ramasse ?"}
	).insert()
	zone.status = "Settled"
	with pytest.raises(UnresolvedGreyZoneError):
		zone.save()
	zone.reload()
	zone.status = "Settled"
	zone.resolution_responsibility = make_responsibility(theme, territory, make_network_member().name).name
	zone.save()
	assert zone.resolved_on
