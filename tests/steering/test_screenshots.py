"""The README's pictures, taken by the browser suite on factory data so they follow the pages:
the resident form on a phone, a tracking page, a manager's home workspace and two reports, written
to docs/screenshots/."""

from pathlib import Path

import frappe
import pytest
from frappe.utils.password import update_password

from tests.conftest import delete_report
from tests.factories import SITE, make_report

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "Desk-gusp-2026!"
PNG = b"\x89PNG\r\n\x1a\n"
# the Steering reports first; the Network Life and Knowledge ones stand in on a site without them
REPORTS = (
	"Resident Report Service Levels",
	"Workstream Progress",
	"Decisions Follow-up",
	"Evaluation Summary",
)


def saved(name: str) -> Path:
	path = SCREENSHOTS / name
	assert path.read_bytes().startswith(PNG), f"{name} is a PNG"
	assert path.stat().st_size > 5_000, f"{name} shows something"
	return path


@pytest.fixture(scope="module")
def tracked_report(place):
	"""A report in the QPV, routed to organisation A, with a public update (committed)."""
	frappe.set_user("Administrator")
	doc = make_report(
		place.theme, territory=place.qpv, description="Lampadaire éteint rue des Lilas depuis une semaine."
	)
	doc.append("updates", {"message": "Le signalement a été transmis au service de l'éclairage."})
	doc.save(ignore_permissions=True)
	frappe.db.commit()
	yield doc
	frappe.db.rollback()
	delete_report(doc.name)
	frappe.db.commit()


@pytest.fixture
def manager_page(browser, live_server, network):
	"""A desk-sized French page logged in as the manager."""
	update_password(network.manager, PASSWORD)
	frappe.db.commit()
	context = browser.new_context(
		base_url=live_server,
		viewport={"width": 1440, "height": 1000},
		locale="fr-FR",
		extra_http_headers={"X-Frappe-Site-Name": SITE},
	)
	page = context.new_page()
	response = page.request.post("/api/method/login", form={"usr": network.manager, "pwd": PASSWORD})
	assert response.ok, response.text()
	yield page
	context.close()
	frappe.db.delete("__Auth", {"doctype": "User", "name": network.manager, "fieldname": "password"})
	frappe.db.commit()


def test_the_resident_form_and_the_tracking_page_are_pictured_on_a_phone(phone, tracked_report):
	SCREENSHOTS.mkdir(parents=True, exist_ok=True)
	phone.goto("/signalement/new")
	phone.locator("form, .web-form").first.wait_for()
	phone.wait_for_load_state("networkidle")
	phone.screenshot(path=SCREENSHOTS / "resident-form-phone.png", full_page=True)
	saved("resident-form-phone.png")

	phone.goto(f"/suivi/{tracked_report.tracking_key}")
	phone.wait_for_load_state("networkidle")
	assert tracked_report.name in phone.content() or "Lilas" in phone.content()
	phone.screenshot(path=SCREENSHOTS / "tracking-page-phone.png", full_page=True)
	saved("tracking-page-phone.png")


def test_the_managers_workspace_and_two_reports_are_pictured(manager_page, tracked_report):
	SCREENSHOTS.mkdir(parents=True, exist_ok=True)
	page = manager_page
	page.goto("/app")
	page.locator(".number-widget-box").first.wait_for(timeout=30_000)
	# every card shows its number and every chart its drawing (or says it has no data)
	page.wait_for_function(
		"""() => {
			const cards = [...document.querySelectorAll('.number-widget-box')];
			const charts = [...document.querySelectorAll('.dashboard-widget-box')];
			return cards.length && cards.every((c) => c.querySelector('.widget-content .number'))
				&& charts.length && charts.every((c) => !/Loading|Chargement/.test(c.innerText));
		}""",
		timeout=60_000,
	)
	page.wait_for_load_state("networkidle")
	assert page.url.endswith("/app/steering"), "a manager lands on the Steering workspace"
	page.screenshot(path=SCREENSHOTS / "manager-workspace.png", full_page=True)
	saved("manager-workspace.png")

	reports = [name for name in REPORTS if frappe.db.exists("Report", name)][:2]
	assert len(reports) == 2
	for report in reports:
		picture = f"report-{frappe.scrub(report).replace('_', '-')}.png"
		page.goto(f"/app/query-report/{report}")
		page.locator(".report-wrapper .dt-scrollable, .report-wrapper .no-result").first.wait_for(
			timeout=30_000
		)
		page.wait_for_load_state("networkidle")
		page.screenshot(path=SCREENSHOTS / picture, full_page=True)
		saved(picture)
