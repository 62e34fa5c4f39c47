"""A guest on a phone reports a broken street light with a photo and a map point, then follows it."""

import re

import frappe

from gusp_network.resident_voice.contacts import report_by_key
from tests.factories import tiny_png


def test_a_guest_reports_on_a_phone_with_a_photo_and_a_map_point_then_opens_the_tracking_page(
	phone, place, network, created_reports, tmp_path
):
	photo = tmp_path / "lampadaire.png"
	photo.write_bytes(tiny_png())
	page = phone
	page.goto("/signalement/new")

	# the page is in French even though the browser asks for English
	page.get_by_role("button", name="Envoyer le signalement").wait_for()

	theme = page.locator("[data-fieldname='theme'] input")
	theme.fill(place.theme[:5])
	page.locator("[data-fieldname='theme'] ul[role='listbox'] li", has_text=place.theme).first.click()
	page.locator("[data-fieldname='description'] textarea").fill(
		"Le lampadaire devant l'aire de jeux ne s'allume plus le soir."
	)

	page.locator("[data-fieldname='photo'] button").first.click()
	page.locator(".modal:visible input[type='file']").set_input_files(str(photo))
	page.locator(".modal:visible").get_by_role("button", name="Charger", exact=True).click()
	page.locator("[data-fieldname='photo'] .attached-file-link").wait_for(state="visible")

	# the map opens on the network's territories; a tap in its middle lands in the QPV
	page.locator("#gusp-map.leaflet-container").wait_for()
	page.locator("#gusp-map").click(position={"x": 190, "y": 160})
	page.wait_for_function("Number(frappe.web_form.get_value('latitude')) !== 0")
	page.locator("[data-fieldname='reporter_email'] input").fill("riverain@example.org")

	page.get_by_role("button", name="Envoyer le signalement").click()
	link = page.locator(".gusp-tracking-link a")
	link.wait_for(state="visible")
	assert re.search(r"/suivi/[\w-]{24}$", link.get_attribute("href"))

	name = report_by_key(link.get_attribute("href").rsplit("/", 1)[1])
	created_reports.append(name)
	report = frappe.get_doc("Resident Report", name)
	assert report.photo and report.photo.endswith(".png")
	assert (report.territory, report.responsible_member, report.channel) == (
		place.qpv,
		network.org_a,
		"Portal",
	)
	assert report.latitude and report.longitude and '"Point"' in report.geolocation
	assert frappe.db.get_value("Resident Contact", name, "email") == "riverain@example.org"

	link.click()
	page.get_by_role("heading", name=f"Signalement {name}").wait_for()
	assert "Nouveau" in page.inner_text("main")
	assert "riverain@example.org" not in page.content()
