"""In the desk, a record's workflow state is its status: lists and forms show it in its state's
colour, and a transition says in French what happened. Amounts read "15 000,00 €"; a report's photo
shows in its form.

Real browser on the live server (desk-sized window, French desk), for a member moving an action
sheet and for the resource centre reading a report.
"""

import frappe
import pytest
from frappe.utils.password import update_password

from tests.factories import SITE, delete, delete_traces, french, make_action_sheet, make_report, tiny_png

PASSWORD = "Desk-gusp-2026!"


@pytest.fixture
def desk(browser, live_server):
	"""`desk(user)`: a desk-sized page logged in as the user (a password is set for the test)."""
	contexts, users = [], []

	def open_as(user: str):
		update_password(user, PASSWORD)
		frappe.db.commit()
		users.append(user)
		context = browser.new_context(
			base_url=live_server,
			viewport={"width": 1366, "height": 900},
			locale="fr-FR",
			extra_http_headers={"X-Frappe-Site-Name": SITE},
		)
		contexts.append(context)
		page = context.new_page()
		response = page.request.post("/api/method/login", form={"usr": user, "pwd": PASSWORD})
		assert response.ok, response.text()
		return page

	yield open_as
	for context in contexts:
		context.close()
	frappe.db.rollback()
	for user in users:
		frappe.db.delete("__Auth", {"doctype": "User", "name": user, "fieldname": "password"})
	frappe.db.commit()


@pytest.fixture
def draft_sheet(network):
	sheet = make_action_sheet(
		network.org_a,
		title="Éclairer le square Jean-Moulin",
		resources=[{"resource_type": "Financial", "description": "Subvention", "amount": 15000}],
	)
	frappe.db.commit()
	yield sheet
	frappe.db.rollback()
	delete_traces("Action Sheet", sheet.name)
	delete("Action Sheet", sheet.name)
	frappe.db.commit()


def status_pill(page):
	"""The status shown in the form's title bar."""
	pill = page.locator(".page-head .indicator-pill:visible").first
	pill.wait_for()
	return pill


def test_a_member_sees_the_sheets_status_and_amounts_and_is_told_in_french_what_proposing_did(
	desk, network, draft_sheet
):
	page = desk(network.member_a)
	draft, proposed = french("Draft"), french("Proposed")

	page.goto(f"/app/action-sheet?name={draft_sheet.name}")
	row_status = page.locator(".list-row-container .list-row-col .indicator-pill").first
	row_status.wait_for()
	assert row_status.inner_text().strip() == draft, "the Statut column shows the state"
	assert "gray" in row_status.get_attribute("class")

	page.goto(f"/app/action-sheet/{draft_sheet.name}")
	assert status_pill(page).inner_text().strip() == draft
	amount = page.locator("[data-fieldname='resources'] .grid-body [data-fieldname='amount']").first
	assert amount.inner_text().strip() == "15 000,00 €", "amounts read the French way"

	page.locator(".actions-btn-group > button:visible").click()
	page.locator(".actions-btn-group .dropdown-item:visible", has_text=french("Propose")).click()
	said = french("Done: {0}. The status is now {1}.").format(french("Propose"), proposed)
	page.locator("#alert-container", has_text=said).wait_for()
	page.wait_for_function(
		"([text]) => document.querySelector('.page-head .indicator-pill')?.innerText.trim() === text",
		arg=[proposed],
	)
	assert "light-blue" in status_pill(page).get_attribute("class")
	frappe.db.rollback()  # read what the server committed
	assert frappe.db.get_value("Action Sheet", draft_sheet.name, "workflow_state") == "Proposed"


def test_the_resource_centre_sees_a_reports_status_and_photo(desk, network, place, created_reports):
	report = make_report(place.theme, territory=place.qpv)
	created_reports.append(report.name)
	photo = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "lampadaire.png",
			"is_private": 1,
			"content": tiny_png(0x42),
			"attached_to_doctype": "Resident Report",
			"attached_to_name": report.name,
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("Resident Report", report.name, "photo", photo.file_url)
	frappe.db.commit()
	page = desk(network.centre)

	page.goto(f"/app/resident-report?name={report.name}")
	row_status = page.locator(".list-row-container .list-row-col .indicator-pill").first
	row_status.wait_for()
	assert row_status.inner_text().strip() == french("New")
	assert "light-blue" in row_status.get_attribute("class")

	page.goto(f"/app/resident-report/{report.name}")
	assert status_pill(page).inner_text().strip() == french("New")
	thumbnail = page.locator(".sidebar-image:visible")
	thumbnail.wait_for()
	assert thumbnail.get_attribute("src") == photo.file_url
	page.wait_for_function("() => document.querySelector('.sidebar-image').naturalWidth > 0")
