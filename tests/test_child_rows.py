"""A child row reached on its own is judged by the record it is a row of (gusp_network.child_rows).

The permission matrix checks every child DocType over HTTP; these tests name the moves a user
would try through the REST API (`PUT`/`POST`/`DELETE /api/resource/<child>`), made here the way
Frappe's API makes them: the row loaded or built alone, then saved, inserted or deleted.
"""

import frappe
import pytest

from tests.factories import as_user, make_action_sheet


def step(sheet, **values):
	return {"parent": sheet.name, "parenttype": "Action Sheet", "parentfield": "steps", **values}


def first_step(sheet) -> str:
	return frappe.get_doc("Action Sheet", sheet.name).steps[0].name


def test_a_member_edits_the_rows_of_its_own_sheet_on_their_own(network):
	sheet = make_action_sheet(network.org_a, steps=[{"step": "Réunir les bailleurs"}])
	with as_user(network.member_a):
		row = frappe.get_doc("Action Sheet Step", first_step(sheet))
		row.step = "Réunir les bailleurs et la ville"
		row.save()
		frappe.get_doc(
			{"doctype": "Action Sheet Step", "step": "Diagnostic en marchant", **step(sheet)}
		).insert()
	titles = {row.step for row in frappe.get_doc("Action Sheet", sheet.name).steps}
	assert titles == {"Réunir les bailleurs et la ville", "Diagnostic en marchant"}


def test_a_member_cannot_read_change_add_or_remove_rows_of_another_organisations_draft(network):
	sheet = make_action_sheet(network.org_b, steps=[{"step": "Réunir les bailleurs"}])
	name = first_step(sheet)
	with as_user(network.member_a):
		row = frappe.get_doc("Action Sheet Step", name)
		assert not row.has_permission("read")
		with pytest.raises(frappe.PermissionError):
			row.save()
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc({"doctype": "Action Sheet Step", "step": "Intrusion", **step(sheet)}).insert()
		with pytest.raises(frappe.PermissionError):
			frappe.delete_doc("Action Sheet Step", name)
	assert [row.step for row in frappe.get_doc("Action Sheet", sheet.name).steps] == ["Réunir les bailleurs"]


def test_a_row_needs_a_parent_that_exists(network):
	sheet = make_action_sheet(network.org_a)
	with as_user(network.member_a):
		orphan = frappe.get_doc({"doctype": "Action Sheet Step", "step": "Orpheline", **step(sheet)})
		orphan.parent = "FA-inexistante"
		with pytest.raises(frappe.PermissionError):
			orphan.insert()
	assert not frappe.db.exists("Action Sheet Step", {"parent": "FA-inexistante"})
