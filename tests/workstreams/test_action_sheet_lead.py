"""A member who names another organisation as an action sheet's lead is told what is allowed.

Frappe's bare refusal read "… n'a pas accès à ce document.: Fiche action - None".
"""

import json

import frappe
import pytest
from frappe.desk.form.save import savedocs

from gusp_network.exceptions import NotOwnActionSheetError
from tests.factories import as_user, make_user, make_workstream_name


def new_sheet(lead_member: str, **values) -> dict:
	return {
		"doctype": "Action Sheet",
		"title": "Réparer l'éclairage du square",
		"workstream": make_workstream_name(),
		"lead_member": lead_member,
		**values,
	}


def test_a_member_choosing_another_organisation_as_lead_is_told_what_is_allowed(network):
	frappe.local.message_log = []
	with as_user(network.member_a), pytest.raises(NotOwnActionSheetError) as refused:
		# as the desk's Save button sends it
		savedocs(
			json.dumps({**new_sheet(network.org_b), "__islocal": 1, "name": "new-action-sheet-1"}), "Save"
		)
	message = str(refused.value)
	assert network.org_a in message and network.org_b in message
	shown = " ".join(str(m) for m in frappe.local.message_log)
	assert network.org_a in shown and "None" not in shown
	assert not frappe.db.exists("Action Sheet", {"title": "Réparer l'éclairage du square"})


def test_it_is_still_a_permission_refusal(network):
	with as_user(network.member_a), pytest.raises(frappe.PermissionError):
		frappe.get_doc(new_sheet(network.org_b)).insert()


def test_a_member_may_create_a_sheet_led_by_another_organisation_when_theirs_is_partner(network):
	with as_user(network.member_a):
		sheet = frappe.get_doc(
			new_sheet(network.org_b, partners=[{"network_member": network.org_a, "role": "Partner"}])
		).insert()
	assert sheet.lead_member == network.org_b


def test_a_user_of_no_organisation_is_told_to_ask_the_resource_centre(network):
	loner = make_user("GUSP Member").name
	with as_user(loner), pytest.raises(NotOwnActionSheetError) as refused:
		frappe.get_doc(new_sheet(network.org_a)).insert()
	assert "resource centre" in str(refused.value)


def test_the_resource_centre_creates_sheets_for_any_organisation(network):
	with as_user(network.centre):
		sheet = frappe.get_doc(new_sheet(network.org_b)).insert()
	assert sheet.lead_member == network.org_b
