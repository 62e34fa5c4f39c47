"""Bad input gets a clear error and saves nothing."""

import frappe
import pytest
from frappe.utils import add_days, today

from gusp_network.gusp_network.doctype.action_sheet.action_sheet import (
	DuplicatePartnerError,
	EndBeforeStartError,
	StepBeforeStartError,
)
from gusp_network.gusp_network.doctype.grey_zone.grey_zone import UnresolvedGreyZoneError
from gusp_network.gusp_network.doctype.responsibility.responsibility import DuplicateResponsibilityError
from tests.factories import make_action_sheet, make_network_member, make_territory, make_theme


def count(doctype: str) -> int:
	return frappe.db.count(doctype)


def test_an_action_sheet_without_its_mandatory_fields_is_refused():
	before = count("Action Sheet")
	with pytest.raises(frappe.MandatoryError) as error:
		frappe.get_doc({"doctype": "Action Sheet", "title": "Sans chantier"}).insert()
	assert "workstream" in str(error.value) and "lead_member" in str(error.value)
	assert count("Action Sheet") == before


def test_a_step_due_before_the_sheet_starts_is_refused():
	member = make_network_member().name
	before = count("Action Sheet")
	with pytest.raises(StepBeforeStartError):
		make_action_sheet(
			member,
			start_date=today(),
			steps=[{"step": "Réunion de lancement", "due_date": add_days(today(), -3)}],
		)
	assert count("Action Sheet") == before


def test_an_end_date_before_the_start_is_refused():
	member = make_network_member().name
	with pytest.raises(EndBeforeStartError):
		make_action_sheet(member, start_date=today(), end_date=add_days(today(), -1))


def test_a_negative_amount_is_refused():
	member = make_network_member().name
	before = count("Action Sheet")
	with pytest.raises(frappe.NonNegativeError):
		make_action_sheet(
			member,
			resources=[{"resource_type": "Financial", "description": "Subvention", "amount": -500}],
		)
	assert count("Action Sheet") == before


def test_the_lead_cannot_also_be_listed_as_partner():
	member = make_network_member().name
	with pytest.raises(DuplicatePartnerError):
		make_action_sheet(member, partners=[{"network_member": member, "role": "Partner"}])


def test_progress_is_the_share_of_steps_done():
	member = make_network_member().name
	sheet = make_action_sheet(
		member,
		steps=[
			{"step": "Diagnostic", "done": 1},
			{"step": "Concertation", "done": 1},
			{"step": "Mise en œuvre", "done": 0},
			{"step": "Bilan", "done": 0},
		],
	)
	assert sheet.progress == 50
	sheet.steps[2].done = 1
	sheet.save()
	assert sheet.progress == 75


def make_responsibility(**values):
	return frappe.get_doc({"doctype": "Responsibility", "role": "Lead", **values}).insert()


def test_who_does_what_is_unique_per_theme_territory_member_and_role():
	values = {
		"theme": make_theme().name,
		"territory": make_territory().name,
		"network_member": make_network_member().name,
		"land_status": "Public Land",
	}
	make_responsibility(**values)
	before = count("Responsibility")
	frappe.local.lang = "fr"
	with pytest.raises(DuplicateResponsibilityError) as error:
		make_responsibility(**values)
	assert "déjà" in str(error.value), "the error is in French on a French site"
	assert count("Responsibility") == before
	# another role for the same member is a different commitment
	make_responsibility(**values | {"role": "Funder"})


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
	zone.resolution_responsibility = make_responsibility(
		theme=theme, territory=territory, network_member=make_network_member().name
	).name
	zone.save()
	assert zone.resolved_on
