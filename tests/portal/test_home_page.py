"""The GUSP home page: where residents start, and where they land after logging in."""

import re
import secrets

import frappe
import pytest
import requests
from frappe.utils.password import update_password

from tests.factories import SITE, delete, delete_traces, make_user

PASSWORD = f"Gusp-{secrets.token_urlsafe(12)}"


@pytest.fixture
def accounts(network):
	"""A resident with a password, and the member of organisation A with the same one."""
	resident = make_user("GUSP Resident", user_type="Website User").name
	for user in (resident, network.member_a):
		update_password(user, PASSWORD)
	frappe.db.commit()
	yield frappe._dict(resident=resident, member=network.member_a)
	frappe.db.rollback()
	frappe.db.delete("Sessions", {"user": ("in", (resident, network.member_a))})
	for contact in frappe.get_all("Contact", filters={"user": resident}, pluck="name"):
		delete("Contact", contact)
	delete_traces("User", resident)
	delete("User", resident)
	frappe.db.commit()


def log_in(live_server: str, user: str) -> tuple[requests.Session, dict]:
	session = requests.Session()
	session.headers["X-Frappe-Site-Name"] = SITE
	answer = session.post(f"{live_server}/api/method/login", data={"usr": user, "pwd": PASSWORD})
	assert answer.ok, answer.text[-300:]
	return session, answer.json()


def test_the_home_page_offers_a_guest_to_report_and_to_share_a_need(http):
	page = http.get(http.url("/"))
	assert page.status_code == 200
	assert "Votre quartier, ensemble" in page.text
	assert 'href="/signalement/new"' in page.text and 'href="/besoin/new"' in page.text
	assert "Se connecter à Frappe" not in page.text
	login = http.get(http.url("/login")).text
	assert "Se connecter à Réseau GUSP" in login
	assert "Se connecter à Frappe" not in login and "Créer un compte Frappe" not in login


def test_a_resident_lands_on_the_home_page_after_logging_in_and_a_member_on_the_desk(live_server, accounts):
	session, answer = log_in(live_server, accounts.resident)
	assert answer["home_page"] == "/accueil"
	home = session.get(f"{live_server}{answer['home_page']}")
	assert home.status_code == 200 and 'href="/mes-signalements"' in home.text
	# a resident who opens the login page again is sent home, not to the desk
	again = session.get(f"{live_server}/login", allow_redirects=False)
	assert again.status_code in (301, 302) and again.headers["Location"].rstrip("/").endswith("accueil")
	_member_session, member_answer = log_in(live_server, accounts.member)
	assert member_answer["home_page"] == "/app/gusp"


def menu_links(html: str) -> list[str]:
	"""The links of the website's menu (the navbar), in order."""
	navbar = html.split('id="navbarSupportedContent"', 1)[1].split("</nav>", 1)[0]
	return re.findall(r'href="(/[^"]*)"', navbar)


def test_the_home_page_and_every_page_s_menu_lead_to_the_network_s_public_pages(http):
	page = http.get(http.url("/")).text
	discover = page.split('id="discover-title"', 1)[1].split("</section>", 1)[0]
	assert "Découvrir le réseau" in page
	for route, title in (
		("/annuaire", "Qui fait quoi"),
		("/actions", "Les actions du réseau"),
		("/fiches-pratiques", "Fiches pratiques"),
	):
		assert f'href="{route}"' in discover and title in discover, route
	for path in ("/", "/agenda"):
		links = menu_links(http.get(http.url(path)).text)
		assert links[:4] == ["/agenda", "/annuaire", "/actions", "/fiches-pratiques"], (path, links)


def test_without_a_public_directory_the_home_page_does_not_offer_it(http, gusp_settings):
	gusp_settings(commit=True, public_directory=0)
	page = http.get(http.url("/")).text
	discover = page.split('id="discover-title"', 1)[1].split("</section>", 1)[0]
	assert 'href="/annuaire"' not in discover and 'href="/actions"' in discover
