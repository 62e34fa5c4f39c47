"""Residents on a phone: the home page, a report with a photo and a map point, "déjà signalé ?",
"moi aussi" and being kept informed, the tracking page with a staff update word for word, reopen."""

import re

import frappe

from gusp_network.resident_voice.contacts import report_by_key
from tests.factories import qualify, tiny_png
from tests.resident_voice.test_portal import submit

STAFF_UPDATE = "Le lampadaire a été remplacé ce matin par l'équipe éclairage — merci de votre signalement."


TAP = {"x": 190, "y": 160}  # the middle of the map, which opens on the network's territories


def open_report_nearby(page, live_http, place, created_reports) -> str:
	"""A qualified report of the same kind where the test will tap: "déjà signalé ?" offers it."""
	page.locator("#gusp-map.leaflet-container").wait_for()
	point = page.evaluate(f"gusp_map.containerPointToLatLng([{TAP['x']}, {TAP['y']}])")
	answer = submit(
		live_http,
		place,
		description="Le lampadaire clignote toute la nuit.",
		latitude=round(point["lat"], 6),
		longitude=round(point["lng"], 6),
	)
	assert answer.ok, answer.text[-300:]
	name = answer.json()["message"]["name"]
	created_reports.append(name)
	qualify(name)
	return name


def place_on_map(page):
	page.locator("#gusp-map").click(position=TAP)
	page.wait_for_function("Number(frappe.web_form.get_value('latitude')) !== 0")


def test_a_guest_reports_from_the_home_page_and_follows_it_to_a_staff_update_then_reopens_it(
	phone, http, place, network, created_reports, tmp_path
):
	photo = tmp_path / "lampadaire.png"
	photo.write_bytes(tiny_png())
	page = phone
	page.goto("/")
	page.get_by_role("link", name=re.compile("Signaler un problème")).click()

	# the page is in French even though the browser asks for English
	page.get_by_role("button", name="Envoyer le signalement").wait_for()
	nearby = open_report_nearby(page, http, place, created_reports)
	# categories come grouped under their theme, in a list a screen reader reads; chosen first,
	# then the point: "déjà signalé ?" appears as soon as both are known
	page.get_by_label("Catégorie").select_option(place.theme)
	place_on_map(page)
	offer = page.locator(".gusp-nearby")
	offer.get_by_text(nearby).wait_for()
	assert "Déjà signalé ?" in offer.inner_text()

	page.locator("[data-fieldname='description'] textarea").fill(
		"Le lampadaire devant l'aire de jeux ne s'allume plus le soir."
	)
	page.locator("[data-fieldname='photo'] button").first.click()
	page.locator(".modal:visible input[type='file']").set_input_files(str(photo))
	page.locator(".modal:visible").get_by_role("button", name="Charger", exact=True).click()
	page.locator("[data-fieldname='photo'] .attached-file-link").wait_for(state="visible")
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

	# the organisation in charge posts an update, then resolves the report
	report.append("updates", {"message": STAFF_UPDATE})
	report.save(ignore_permissions=True)
	frappe.db.set_value(
		"Resident Report",
		name,
		{"workflow_state": "Resolved", "public_status": "Closed", "closing_reason": "No Action Possible"},
	)
	report.db_set("closed_on", frappe.utils.today())
	frappe.db.commit()

	link.click()
	page.get_by_role("heading", name=f"Signalement {name}").wait_for()
	main = page.inner_text("main")
	assert STAFF_UPDATE in main, "the staff's words, as written"
	assert "riverain@example.org" not in page.content()

	page.get_by_role("button", name=re.compile("rouvrir")).click()
	page.get_by_text("En cours").first.wait_for()
	frappe.db.rollback()
	assert frappe.db.get_value("Resident Report", name, "workflow_state") == "In Progress"


def test_a_resident_adds_their_voice_and_asks_to_be_kept_informed(phone, http, place, created_reports):
	page = phone
	page.goto("/signalement/new")
	nearby = open_report_nearby(page, http, place, created_reports)
	place_on_map(page)
	page.get_by_label("Catégorie").select_option(place.theme)
	offer = page.locator(".gusp-nearby li", has_text=nearby)
	offer.get_by_role("button", name="Moi aussi").click()

	page.get_by_text("Votre voix compte").wait_for()
	follow = page.locator("form.gusp-follow")
	follow.get_by_label("Votre e-mail").fill("voisine@example.org")
	follow.get_by_role("button", name="Me tenir informé(e)").click()
	page.locator(".modal:visible").get_by_text("Cochez la case").wait_for()  # no consent, nothing kept
	page.locator(".modal:visible").get_by_role("button", name="Fermer").first.click()
	page.locator(".modal:visible").wait_for(state="hidden")
	follow.get_by_label("J’accepte d’être informé(e) par email de ce signalement").check()
	follow.get_by_role("button", name="Me tenir informé(e)").click()
	page.get_by_text("C’est noté").wait_for()

	frappe.db.rollback()
	followers = frappe.get_all(
		"Resident Contact Follower", filters={"parent": nearby}, fields=["email", "consent"]
	)
	assert [(f.email, f.consent) for f in followers] == [("voisine@example.org", 1)]
	assert frappe.db.get_value("Resident Report", nearby, "me_too_count") == 1
	assert "/suivi/" not in page.content(), "the joined report's tracking link belongs to its reporter"
