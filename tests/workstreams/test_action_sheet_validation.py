"""Bad input on an action sheet gets a clear error and saves nothing."""

import frappe
import pytest
from frappe.utils import add_days, today

from gusp_network.exceptions import DuplicatePartnerError, EndBeforeStartError, StepBeforeStartError
from tests.factories import make_action_sheet, make_network_member


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
