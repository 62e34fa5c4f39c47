"""The public directory, `/annuaire`: who does what for a theme on a territory, as a resident finds it.

The lead comes first with the contact its organisation publishes; a theme nobody leads is told as a
grey zone; an organisation outside the public directory, a proposal not yet validated and the
network's staff never appear; the page answers 404 while the directory is off, reads in French and
passes axe on a phone.

The live server has its own database connection: the network below is committed under unique
names and deleted afterwards.
"""

import html
import json

import frappe
import pytest

from gusp_network.directory.public_directory import anchor, public_members, who_does_what
from tests.factories import delete, fake, french, make_network_member, make_responsibility, make_user
from tests.portal.test_portal_pages import check_page

STAFF_EMAIL = "zephyrine.kerbrat-louarn.7731@agents-prives.example.org"
STAFF_FIRST, STAFF_LAST = "Zéphyrine", "Kerbrat-Louarn"


def number() -> int:
	# digits only: letters could spell an English word, which the French-only check would catch
	return fake.unique.random_int(10_000, 99_999)


def make_tree(doctype: str, name_field: str, name: str, **values) -> str:
	return frappe.get_doc({"doctype": doctype, name_field: name, **values}).insert().name


@pytest.fixture(scope="module")
def published(network):
	"""A commune holding a QPV holding a sector; cleanliness (a group) and its bulky waste, street
	lighting, and pests that nobody leads. The city leads cleanliness on the QPV, an association
	contributes on the commune, an organisation outside the public directory leads lighting and
	funds cleanliness, and a public landlord proposed (not yet validated) to lead bulky waste on the
	sector. The city has a desk user, who is also its transversality referent."""
	frappe.set_user("Administrator")
	n = number()
	commune = make_tree(
		"GUSP Territory",
		"territory_name",
		f"Quérénoc {n}",
		territory_type="Commune",
		code="97411",
		is_group=1,
	)
	qpv = make_tree(
		"GUSP Territory",
		"territory_name",
		f"Les Genêts {n}",
		territory_type="QPV",
		is_group=1,
		parent_gusp_territory=commune,
	)
	sector = make_tree(
		"GUSP Territory",
		"territory_name",
		f"Secteur Nord {n}",
		territory_type="Sector",
		parent_gusp_territory=qpv,
	)
	cleanliness = make_tree("GUSP Theme", "theme_name", f"Propreté {n}", is_group=1)
	bulky = make_tree("GUSP Theme", "theme_name", f"Encombrants {n}", parent_gusp_theme=cleanliness)
	lighting = make_tree("GUSP Theme", "theme_name", f"Éclairage {n}")
	pests = make_tree("GUSP Theme", "theme_name", f"Nuisibles {n}")
	city = make_network_member(
		member_name=f"Ville de Quérénoc {n}",
		member_type="Municipality",
		is_public=1,
		email=f"proprete.{n}@ville-querenoc.fr",
		phone="03 20 00 00 01",
		website="https://www.ville-querenoc.fr",
		address="1 place de la Mairie\n97411 Quérénoc",
		territories=[{"territory": commune}],
		themes=[{"theme": cleanliness}],
	).name
	association = make_network_member(
		member_name=f"Régie de quartier {n}",
		member_type="Association",
		is_public=1,
		email=f"contact.{n}@regie-genets.fr",
		territories=[{"territory": qpv}],
		themes=[{"theme": bulky}],
	).name
	hidden = make_network_member(
		member_name=f"Syndic Discret {n}", member_type="Company", is_public=0, email=f"syndic.{n}@discret.fr"
	).name
	proposer = make_network_member(
		member_name=f"Bailleur Prudent {n}", member_type="Social Landlord", is_public=1
	).name
	centre = make_network_member(
		member_name=f"Centre de ressources {n}",
		member_type="Resource Centre",
		is_public=1,
		email=f"centre.{n}@gusp-ressources.fr",
		phone="03 20 00 00 09",
	).name
	staff = make_user(
		"GUSP Member", member=city, email=STAFF_EMAIL, first_name=STAFF_FIRST, last_name=STAFF_LAST
	).name
	frappe.db.set_value("Network Member", city, "transversality_referent", staff)
	rules = [
		make_responsibility(
			cleanliness,
			qpv,
			city,
			scope="Nettoiement des rues et des places",
			limits="Pas dans les parties communes",
		).name,
		make_responsibility(
			bulky, commune, association, role="Contributor", scope="Sortie des encombrants"
		).name,
		make_responsibility(lighting, qpv, hidden).name,
		make_responsibility(cleanliness, commune, hidden, role="Funder").name,
		make_responsibility(bulky, sector, proposer, status="Proposed").name,
	]
	zone = frappe.get_doc(
		{"doctype": "Grey Zone", "theme": pests, "territory": qpv, "description": "Rats près des caves"}
	).insert()
	frappe.db.commit()
	yield frappe._dict(
		commune=commune,
		qpv=qpv,
		sector=sector,
		cleanliness=cleanliness,
		bulky=bulky,
		lighting=lighting,
		pests=pests,
		city=city,
		association=association,
		hidden=hidden,
		proposer=proposer,
		centre=centre,
		staff=staff,
		rules=rules,
	)
	frappe.set_user("Administrator")
	frappe.db.rollback()
	delete("Grey Zone", zone.name)
	for rule in rules:
		delete("Responsibility", rule)
	for member in (city, association, hidden, proposer, centre):
		delete("Network Member", member)
	for contact in frappe.get_all("Contact", filters={"user": staff}, pluck="name"):
		delete("Contact", contact)
	frappe.delete_doc("User", staff, force=True, ignore_permissions=True, ignore_on_trash=True)
	for doctype, name in (
		("GUSP Theme", bulky),
		("GUSP Theme", cleanliness),
		("GUSP Theme", lighting),
		("GUSP Theme", pests),
		("GUSP Territory", sector),
		("GUSP Territory", qpv),
		("GUSP Territory", commune),
	):
		delete(doctype, name)
	frappe.db.commit()


@pytest.fixture
def directory_on(published, gusp_settings):
	"""The public directory on, with the test's resource centre (committed: the live server reads
	them; restored afterwards)."""
	gusp_settings(commit=True, public_directory=1, resource_centre=published.centre)
	return published


def page_text(http, **query) -> str:
	response = http.get(http.url("/annuaire"), params=query)
	assert response.status_code == 200, response.text[-500:]
	# styled as any page: the query string is not mistaken for the page's context (its `theme`)
	assert "no such element" not in response.text and "website.bundle" in response.text
	return html.unescape(response.text)


def assert_nobody_private_in(text: str, place) -> None:
	for private in (STAFF_EMAIL, STAFF_LAST, place.hidden, place.proposer):
		assert private not in text, f"{private} is shown"


# ---------------------------------------------------------------- what the directory answers


def test_a_covered_theme_lists_the_lead_first_with_its_public_contact(published):
	answer = who_does_what(published.bulky, published.sector)
	# the city leads cleanliness on the QPV, so bulky waste in its sector
	assert [entry["member"] for entry in answer["leads"]] == [published.city]
	lead = answer["leads"][0]
	assert lead["contact"]["email"].startswith("proprete.")
	assert lead["contact"]["website"] == "https://www.ville-querenoc.fr"
	assert lead["contact"]["address"] == ["1 place de la Mairie", "97411 Quérénoc"]
	assert (lead["scope"], lead["limits"]) == (
		"Nettoiement des rues et des places",
		"Pas dans les parties communes",
	)
	assert [entry["member"] for entry in answer["others"]] == [published.association]
	assert answer["others"][0]["role"] == "Contributes"
	assert answer["hidden_others"] == 1, "the hidden funder is counted, not named"
	assert not answer["grey_zone"] and not answer["hidden_lead"]
	assert_nobody_private_in(json.dumps(answer, ensure_ascii=False), published)


def test_a_proposed_responsibility_counts_only_once_validated(published):
	assert published.proposer not in json.dumps(who_does_what(published.bulky, published.sector))
	frappe.db.set_value("Responsibility", published.rules[-1], "status", "Validated")
	# validated, the landlord's rule on the sector is closer than the city's on the QPV
	assert who_does_what(published.bulky, published.sector)["leads"][0]["member"] == published.proposer


def test_a_theme_nobody_leads_is_a_grey_zone_said_to_be_treated_when_one_is_open(published):
	answer = who_does_what(published.pests, published.sector)
	assert answer["grey_zone"] and answer["leads"] == []
	assert answer["grey_zone_open"], "the open grey zone on the QPV covers its sector"
	elsewhere = who_does_what(published.pests, published.commune)
	assert elsewhere["grey_zone"] and not elsewhere["grey_zone_open"]


def test_a_lead_outside_the_public_directory_is_not_named(published):
	answer = who_does_what(published.lighting, published.sector)
	assert answer["hidden_lead"] and answer["leads"] == []
	assert not answer["grey_zone"], "someone leads: it is not a grey zone"
	assert published.hidden not in json.dumps(answer, ensure_ascii=False)
	members = json.dumps(public_members(), ensure_ascii=False)
	assert published.city in members and published.hidden not in members


# ---------------------------------------------------------------- the page over HTTP


def test_the_page_answers_a_search_lead_first_with_its_public_contact(http, directory_on):
	place = directory_on
	text = page_text(http, territoire=place.sector, thematique=place.bulky)
	answer = text.split('id="answer-title"', 1)[1].split('id="members-title"', 1)[0]
	assert place.city in answer and place.association in answer
	assert answer.index(place.city) < answer.index(place.association), "the lead first"
	assert "mailto:proprete." in answer and "03 20 00 00 01" in answer and "97411 Quérénoc" in answer
	assert french("Lead partner") in answer and french("Contributes") in answer
	assert french("Other partners of the network also take part.") in answer
	assert f'<option value="{place.sector}" selected>' in text, "the form keeps the choice"
	assert_nobody_private_in(text, place)


def test_the_page_says_plainly_that_nobody_leads_a_grey_zone(http, directory_on):
	place = directory_on
	text = page_text(http, territoire=place.sector, thematique=place.pests)
	assert french("Grey zone: nobody is designated yet") in text
	assert french("This question is already being treated by the partners of the network.") in text
	assert place.centre in text and "mailto:centre." in text, "how to reach the resource centre"
	assert "Rats près des caves" not in text, "nothing private about the grey zone"
	assert_nobody_private_in(text, place)


def test_the_page_sends_to_the_resource_centre_when_the_lead_is_not_public(http, directory_on):
	place = directory_on
	text = page_text(http, territoire=place.sector, thematique=place.lighting)
	assert (
		french("A partner of the network handles this, but does not appear in the public directory.") in text
	)
	assert place.centre in text
	assert french("Grey zone: nobody is designated yet") not in text
	assert_nobody_private_in(text, place)


def test_without_a_search_the_page_lists_the_public_members_and_the_downloads(http, directory_on):
	place = directory_on
	text = page_text(http)
	card = text.split(f'id="{anchor(place.city)}"', 1)[1].split("</article>", 1)[0]
	assert place.city in text and place.association in text and place.commune in text
	assert french("Municipality") in card and place.commune in card and place.cleanliness in card
	for route in ("/annuaire.json", "/annuaire.csv", "/annuaire-services.csv"):
		assert f'href="{route}"' in text
	assert place.hidden not in text and STAFF_EMAIL not in text and STAFF_LAST not in text


def test_an_unknown_choice_is_said_and_a_single_choice_narrows_the_members(http, directory_on):
	place = directory_on
	text = page_text(http, territoire="Atlantide", thematique=place.bulky)
	assert french("This territory or theme is not in the lists: choose one from the lists.") in text
	narrowed = page_text(http, territoire=place.sector)
	assert french("Choose both a territory and a theme to find out who is in charge.") in narrowed
	members = narrowed.split('id="members-title"', 1)[1]
	assert place.city in members and place.association in members and place.centre not in members


def test_the_directory_off_answers_404_and_so_do_its_exports(http, published, gusp_settings):
	gusp_settings(commit=True, public_directory=0)
	for path in ("/annuaire", "/annuaire.json", "/annuaire.csv", "/annuaire-services.csv"):
		response = http.get(http.url(path))
		assert response.status_code == 404, path
		assert published.city not in response.text
	gusp_settings(commit=True, public_directory=1)
	assert http.get(http.url("/annuaire.json")).status_code == 200, "no 404 kept in a cache"


def test_the_directory_reads_in_french_and_passes_axe_on_a_phone(phone, directory_on):
	place = directory_on
	page = phone
	page.goto("/annuaire")
	page.wait_for_load_state("networkidle")
	problems = check_page(page, "/annuaire")
	page.get_by_label(french("Territory")).select_option(place.sector)
	page.get_by_label(french("Theme")).select_option(place.bulky)
	page.get_by_role("button", name=french("Find who does what")).click()
	page.wait_for_load_state("networkidle")
	assert place.city in page.locator(".gusp-directory-answer").inner_text()
	problems += check_page(page, "a covered theme")
	page.goto(f"/annuaire?territoire={place.sector}&thematique={place.pests}")
	page.wait_for_load_state("networkidle")
	problems += check_page(page, "a grey zone")
	assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
