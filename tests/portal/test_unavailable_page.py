"""What residents see while MariaDB or Redis restarts (gusp_network/wsgi.py): the page, French only
and accessible like every page they reach, and the report form keeping what they typed when the
server answers "try again" (the fault tests check when these answers are given)."""

import re

import frappe
from werkzeug.test import EnvironBuilder

from gusp_network.wsgi import PAGE, unavailable
from tests.portal.test_portal_pages import axe_violations, english_lines
from tests.resident_voice.test_browser import place_on_map

PORTAL_ACCEPT = "application/json, text/javascript, */*; q=0.01"
AJAX = "XMLHttpRequest"


def test_the_try_again_page_reads_in_french_and_passes_axe_on_a_phone(browser):
	context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="fr-FR")
	page = context.new_page()
	try:
		page.set_content(PAGE)
		assert page.get_attribute("html", "lang") == "fr"
		assert "réessayer" in page.inner_text("main")
		assert english_lines(page) == []
		assert axe_violations(page) == []
	finally:
		context.close()


def test_a_report_sent_during_an_outage_is_kept_in_the_form_and_goes_through_on_retry(
	phone, place, created_reports
):
	# the wrapper's answer to the portal's request (frappe.call posts to "/" with `cmd`, asking JSON)
	sent = EnvironBuilder(
		path="/", method="POST", headers={"Accept": PORTAL_ACCEPT, "X-Requested-With": AJAX}
	)
	answer = unavailable(sent.get_environ())
	assert (answer.status_code, answer.mimetype) == (503, "application/json")
	page = phone
	page.goto("/signalement/new")
	page.get_by_label("Catégorie").select_option(place.theme)
	place_on_map(page)
	description = "La grille du square ne ferme plus depuis samedi."
	page.locator("[data-fieldname='description'] textarea").fill(description)
	page.locator("[data-fieldname='reporter_email'] input").fill("lison.barbe@example.org")

	# the database is away: the server answers what the wrapper answers then
	def database_away(route):
		# the portal posts to "/" with `cmd` (frappe.call in a website page)
		if route.request.method == "POST" and "web_form.accept" in (route.request.post_data or ""):
			route.fulfill(status=503, headers=dict(answer.headers), body=answer.get_data(as_text=True))
		else:
			route.continue_()

	page.route("**/*", database_away)
	page.get_by_role("button", name="Envoyer le signalement").click()
	dialog = page.locator(".modal:visible")
	dialog.get_by_text(re.compile("réessayer dans quelques instants")).wait_for()
	assert "Service momentanément indisponible" in dialog.inner_text()
	dialog.locator(".btn-modal-close, [data-dismiss='modal']").first.click()
	assert page.locator("[data-fieldname='description'] textarea").input_value() == description
	assert page.locator("[data-fieldname='reporter_email'] input").input_value() == "lison.barbe@example.org"

	# back: the same form, sent again, is filed
	page.unroute("**/*", database_away)
	page.get_by_role("button", name="Envoyer le signalement").click()
	link = page.locator(".gusp-tracking-link a")
	link.wait_for(state="visible")
	frappe.db.rollback()
	name = frappe.db.get_value("Resident Report", {"description": description})
	assert name
	created_reports.append(name)
