"""What desk users meet first, as installed (and brought to older sites by the v0_4 patches):
workflow states shown as the status in their colour, amounts written the French way, workflow
actions found by their French names."""

import frappe
import pytest
from frappe.desk.search import search_link

from gusp_network.setup.workflows import get_workflow_specs
from tests.factories import as_user

# Frappe's indicator colour for each Workflow State style (frappe/public/js/frappe/model/indicator.js)
COLOURS = {
	"Success": "green",
	"Warning": "orange",
	"Danger": "red",
	"Primary": "blue",
	"Inverse": "black",
	"Info": "light-blue",
}


@pytest.mark.parametrize("spec", get_workflow_specs(), ids=lambda spec: spec["name"])
def test_lists_and_forms_show_the_workflow_state_as_the_status_in_its_colour(spec):
	# "Don't Override Status" checked hides the state: the Statut column stays empty
	assert not frappe.db.get_value("Workflow", spec["name"], "override_status")
	for state in spec["states"]:
		style = frappe.db.get_value("Workflow State", state["state"], "style")
		if state["style"]:
			assert style in COLOURS, f"{state['state']} has no colour"


def test_the_states_a_user_meets_first_have_telling_colours():
	colour = {
		name: COLOURS.get(style, "gray")
		for name, style in frappe.get_all("Workflow State", fields=["name", "style"], as_list=True)
	}
	assert colour["New"] == "light-blue"
	assert colour["In Progress"] == "orange"
	assert colour["Abandoned"] == colour["Rejected"] == "red"
	assert colour["Completed"] == colour["Resolved"] == "green"


def test_amounts_read_the_french_way():
	amount = frappe.get_meta("Action Sheet Resource").get_field("amount")
	assert frappe.format_value(15000, amount) == "15 000,00 €"
	assert frappe.format_value(1234.5, amount) == "1 234,50 €"


def test_the_workflow_editor_finds_actions_by_their_french_name(network):
	with as_user(network.admin):
		frappe.local.lang = "fr"
		found = [row["value"] for row in search_link("Workflow Action Master", "Rouvrir")]
		assert "Reopen" in found, "an admin does not create a second « Rouvrir »"
		found = [row["value"] for row in search_link("Workflow Action Master", "Valider")]
		assert "Approve" in found
