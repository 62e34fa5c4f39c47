"""Open311 service codes: short, stable codes of the themes, which applications keep using when an
admin renames a theme; a theme's name still works for the clients written before codes."""

import frappe
import pytest

from gusp_network.patches.v0_4 import set_theme_service_codes
from tests.factories import delete, delete_reports_about, make_theme, qualify, unique
from tests.integrations.conftest import created_id, fresh_read, get_json, post_report


@pytest.fixture
def lighting():
	"""A theme named like a real one (accents, spaces), committed; renamed by the test."""
	theme = make_theme(theme_name=unique("Éclairage public"))
	frappe.db.commit()
	names = [theme.name]
	yield names
	frappe.db.rollback()
	delete_reports_about(names)
	for name in names:
		if frappe.db.exists("GUSP Theme", name):
			delete("GUSP Theme", name)
	frappe.db.commit()


def test_a_new_theme_gets_a_short_code_made_from_its_name():
	first = make_theme(theme_name="Éclairage public ZZ901")
	second = make_theme(theme_name="Éclairage-Public zz901")
	third = make_theme(theme_name="Cœur d'îlot : propreté ZZ901")

	assert first.service_code == "eclairage-public-zz901"
	assert second.service_code == "eclairage-public-zz901-2"
	assert third.service_code == "coeur-d-ilot-proprete-zz901"


def test_a_themes_code_cannot_be_changed_once_made():
	theme = make_theme()
	theme.service_code = "autre-code"

	with pytest.raises(frappe.CannotChangeConstantError):
		theme.save()


def test_a_renamed_theme_keeps_its_code_for_applications(http, open311_place, open311_client, lighting):
	code = frappe.db.get_value("GUSP Theme", lighting[0], "service_code")
	before = created_id(post_report(http, open311_place, open311_client.key, service_code=code))

	renamed = frappe.rename_doc("GUSP Theme", lighting[0], unique("Lumière dans la rue"))
	lighting.append(renamed)
	frappe.db.commit()

	services = {s["service_code"]: s for s in get_json(http, "/open311/v2/services.json").json()}
	assert services[code]["service_name"] == renamed
	after = created_id(post_report(http, open311_place, open311_client.key, service_code=code))
	qualify(before, after)
	listed = get_json(http, "/open311/v2/requests.json", service_code=code).json()
	assert {before, after} <= {request["service_request_id"] for request in listed}
	assert {request["service_code"] for request in listed} == {code}
	assert {request["service_name"] for request in listed} == {renamed}
	fresh_read()
	assert frappe.db.get_value("Resident Report", after, "theme") == renamed


def test_a_themes_name_is_still_taken_as_its_code(http, open311_place, open311_client):
	name = created_id(post_report(http, open311_place, open311_client.key, service_code=open311_place.theme))
	qualify(name)

	listed = get_json(http, "/open311/v2/requests.json", service_code=open311_place.theme).json()
	[request] = [request for request in listed if request["service_request_id"] == name]
	assert request["service_code"] == frappe.db.get_value("GUSP Theme", open311_place.theme, "service_code")


def test_the_patch_gives_a_code_to_every_theme_made_before_codes_and_changes_no_code():
	old = make_theme(theme_name="Gestion locative ZZ902")
	kept = make_theme(theme_name="Médiation ZZ902")
	frappe.db.set_value("GUSP Theme", old.name, "service_code", None)

	set_theme_service_codes.execute()
	set_theme_service_codes.execute()

	assert frappe.db.get_value("GUSP Theme", old.name, "service_code") == "gestion-locative-zz902"
	assert frappe.db.get_value("GUSP Theme", kept.name, "service_code") == kept.service_code
