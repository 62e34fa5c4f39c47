"""What a fresh site has once the app is installed."""

import json

import frappe
import pytest
from frappe.translate import get_full_dict

from gusp_network.setup import install
from gusp_network.setup.defaults import load_workstreams
from gusp_network.setup.roles import get_roles


def test_the_roles_exist_and_residents_have_no_desk():
	for role, desk_access in get_roles().items():
		assert frappe.db.get_value("Role", role, "desk_access") == desk_access


def test_the_site_speaks_french():
	assert frappe.db.get_single_value("System Settings", "language") == "fr"
	assert frappe.db.get_single_value("System Settings", "time_zone") == "Europe/Paris"
	assert frappe.db.get_single_value("System Settings", "setup_complete")


@pytest.mark.parametrize(
	"source,french",
	[
		("Action Sheet", "Fiche action"),
		("Workstream", "Chantier"),
		("Grey Zone", "Zone floue"),
		("Responsibility", "Qui fait quoi"),
		("Land Status", "Domanialité"),
		("Social Landlord", "Bailleur social"),
		("Proposed", "Proposée"),
		("In Progress", "En cours"),
		("Approve", "Valider"),
		("Send Back to Draft", "Renvoyer en brouillon"),
	],
)
def test_what_users_read_is_in_french(source, french):
	assert get_full_dict("fr").get(source) == french


def test_the_resource_centre_is_set_up():
	centre = frappe.db.get_single_value("GUSP Settings", "resource_centre")
	assert frappe.db.get_value("Network Member", centre, "member_type") == "Resource Centre"


def test_the_default_settings_are_there():
	settings = frappe.get_single("GUSP Settings")
	assert settings.default_service_level_days == 15
	assert settings.allow_guest_reports == 1


def test_the_gusp_workspace_links_the_chantiers_sheets_directory_and_settings():
	workspace = frappe.get_doc("Workspace", "GUSP")
	targets = {link.link_to for link in workspace.links if link.type == "Link"}
	assert {"Workstream", "Action Sheet", "Network Member", "Responsibility", "GUSP Settings"} <= targets
	content_cards = {b["data"].get("card_name") for b in json.loads(workspace.content) if b["type"] == "card"}
	assert content_cards == {link.label for link in workspace.links if link.type == "Card Break"}


def test_the_ten_chantiers_are_installed_with_the_brief_text():
	workstreams = frappe.get_all(
		"Workstream", fields=["name", "number", "title", "objectives", "needs"], order_by="number asc"
	)
	assert [w.number for w in workstreams] == list(range(1, 11))
	assert workstreams[0].title == "Rendre lisible le système"
	assert workstreams[9].title == "Être connecté au terrain"
	assert "- Clarifier le “qui fait quoi” collectivement" in workstreams[0].objectives
	assert "Partir de la paroles / besoins des habitants" in workstreams[9].needs
	ch5 = frappe.get_doc("Workstream", "CH-05")
	assert "Créer un outil partagé de suivi des actions GUSP et des signalements." in [
		a.action for a in ch5.actions
	]
	ch7 = frappe.get_doc("Workstream", "CH-07")
	assert [a.axis for a in ch7.axes] == ["Animation & Cooperation", "Legitimacy & Engagement"]
	for data in load_workstreams():
		doc = frappe.get_doc("Workstream", f"CH-{data['number']:02d}")
		assert (doc.title, doc.objectives, doc.needs) == (data["title"], data["objectives"], data["needs"])
		assert [a.action for a in doc.actions] == data["actions"]


def test_installing_again_neither_duplicates_nor_overwrites_an_admins_edits():
	ch1 = frappe.get_doc("Workstream", "CH-01")
	ch1.title = "Rendre lisible le système (édité)"
	ch1.save()
	frappe.delete_doc("Workstream", "CH-10")
	install.after_install()
	assert frappe.db.count("Workstream") == 10
	assert frappe.db.get_value("Workstream", "CH-01", "title") == "Rendre lisible le système (édité)"
	assert frappe.db.get_value("Workstream", "CH-10", "title") == "Être connecté au terrain"
	assert frappe.db.count("Workflow", {"document_type": "Action Sheet"}) == 1
