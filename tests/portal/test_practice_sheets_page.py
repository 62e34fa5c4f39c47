"""/fiches-pratiques over HTTP and on a phone: published sheets only (a draft, a sheet in review or
an archived one is a 404 for a guest and for a member alike), newest first, searched and filtered
without JavaScript, a detail page with no private field, a published sheet's files public and a
draft's out of a guest's reach, and both pages in French and passing axe.

The live server has its own database connection: what it must see is committed under unique
titles and deleted afterwards, with the files it moved.
"""

import re
import secrets

import frappe
import pytest
import requests
from babel.dates import format_date
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today
from frappe.utils.password import delete_all_passwords_for, update_password

from tests.factories import (
	SITE,
	as_user,
	delete,
	delete_traces,
	fake,
	make_network_member,
	make_theme,
	unique,
)
from tests.knowledge.factories import make_practice_sheet
from tests.portal.test_portal_pages import check_page

ROUTE = "/fiches-pratiques"
PASSWORD = f"Gusp-{secrets.token_urlsafe(12)}"


@pytest.fixture
def committed():
	"""Names of (doctype, name) committed for the live server, deleted afterwards (sheets with their
	files on disk)."""
	made = []
	yield made
	frappe.db.rollback()
	for doctype, name in reversed(made):
		if doctype == "Practice Sheet":
			for file in frappe.get_all(
				"File", filters={"attached_to_doctype": doctype, "attached_to_name": name}, pluck="name"
			):
				delete("File", file)
			delete_traces(doctype, name)
		delete(doctype, name)
	frappe.db.commit()


@pytest.fixture
def sheets(network, committed):
	"""`sheets(state, **overrides)`: a sheet of organisation A, committed."""

	def make(state: str = "Published", *co_authors: str, **overrides):
		title = overrides.pop("title", f"Fiche pratique {fake.unique.random_int(100_000, 999_999)}")
		doc = make_practice_sheet(network.org_a, *co_authors, state=state, title=title, **overrides)
		committed.append(("Practice Sheet", doc.name))
		frappe.db.commit()
		return doc

	return make


@pytest.fixture
def member_session(live_server, network):
	"""Organisation A's member, logged in over HTTP (the lead of every sheet made here)."""
	update_password(network.member_a, PASSWORD)
	frappe.db.commit()
	session = requests.Session()
	session.headers["X-Frappe-Site-Name"] = SITE
	answer = session.post(f"{live_server}/api/method/login", data={"usr": network.member_a, "pwd": PASSWORD})
	assert answer.ok, answer.text[-300:]
	yield session
	session.close()
	frappe.db.rollback()
	delete_all_passwords_for("User", network.member_a)
	frappe.db.delete("Sessions", {"user": network.member_a})
	frappe.db.delete("Activity Log", {"user": network.member_a, "operation": ("in", ("Login", "Logout"))})
	frappe.db.commit()


def titles(html: str) -> list[str]:
	return re.findall(r'<h2 id="sheet-\d+" class="h4"><a href="[^"]+">([^<]+)</a>', html)


def test_only_published_sheets_are_listed_newest_first(http, sheets):
	token = f"halls{fake.unique.random_int(10_000, 99_999)}"
	older = sheets("Published", summary=f"{token} ancien", published_on=add_days(today(), -30))
	newer = sheets("Published", summary=f"{token} récent")
	hidden = [sheets(state, summary=f"{token} caché") for state in ("Draft", "In Review", "Archived")]
	page = http.get(http.url(ROUTE), params={"q": token})
	assert page.status_code == 200
	assert titles(page.text) == [newer.title, older.title]
	for sheet in hidden:
		assert sheet.title not in page.text and sheet.name not in page.text
	assert "2 fiches pratiques" in page.text


def test_unpublished_sheets_are_not_found_for_guests_and_members(http, sheets, member_session):
	for state in ("Draft", "In Review", "Archived"):
		sheet = sheets(state)
		for who, session in (("guest", http), ("member", member_session)):
			answer = session.get(http.url(f"{ROUTE}/{sheet.name}"))
			assert answer.status_code == 404, f"{state} for a {who}: {answer.status_code}"
			assert sheet.title not in answer.text and sheet.summary not in answer.text
	assert member_session.get(http.url(f"{ROUTE}/{sheets('Published').name}")).status_code == 200
	assert http.get(http.url(f"{ROUTE}/FP-0000-404")).status_code == 404


def test_a_sheet_once_published_is_found_at_the_address_that_was_a_404(http, sheets, network):
	sheet = sheets("In Review")
	address = http.url(f"{ROUTE}/{sheet.name}")
	assert http.get(address).status_code == 404
	with as_user(network.centre):
		apply_workflow(frappe.get_doc("Practice Sheet", sheet.name).as_dict(), "Publish")
	frappe.db.commit()
	assert http.get(address).status_code == 200, "Frappe's memory of 404 addresses must not keep it hidden"


def test_search_looks_in_title_summary_and_content_and_filters_by_theme_and_type(http, sheets, committed):
	token = f"gardiens{fake.unique.random_int(10_000, 99_999)}"
	parent = make_theme(theme_name=unique("Propreté"), is_group=1).name
	child = make_theme(theme_name=unique("Halls"), parent_gusp_theme=parent).name
	committed.extend([("GUSP Theme", parent), ("GUSP Theme", child)])
	by_title = sheets(title=f"Fiche {token} balcons", sheet_type="Method")
	by_content = sheets(content=f"<p>Les {token} passent le matin.</p>", themes=[{"theme": child}])
	other = sheets(summary="Rien à voir", themes=[{"theme": parent}])

	def found(**params):
		answer = http.get(http.url(ROUTE), params=params)
		assert answer.status_code == 200
		assert "no such element" not in answer.text and "website.bundle" in answer.text, "styled as any page"
		return set(titles(answer.text))

	assert found(q=token) == {by_title.title, by_content.title}
	assert found(q=token, type="Method") == {by_title.title}
	assert found(thematique=parent) == {by_content.title, other.title}, "a theme finds its sub-themes' sheets"
	assert found(q=token, thematique=child) == {by_content.title}
	assert found(q=f"{token}%") == set(), "a wildcard is a character, not a pattern"
	form = http.get(http.url(ROUTE)).text
	for label in ('<label for="practice-q">', '<label for="practice-theme">', '<label for="practice-type">'):
		assert label in form
	assert ">Méthode<" in form and ">Retour d&#39;expérience<" in form, "the types in French"
	assert 'method="get"' in form


def test_the_list_is_paginated(http, sheets):
	token = f"pages{fake.unique.random_int(10_000, 99_999)}"
	made = [sheets(summary=token, published_on=add_days(today(), -day)) for day in range(11)]
	first = http.get(http.url(ROUTE), params={"q": token}).text
	assert titles(first) == [sheet.title for sheet in made[:10]]
	assert "Page 1 sur 2" in first
	next_url = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
	assert titles(http.get(http.url(next_url)).text) == [made[10].title]


def test_the_sheet_page_shows_what_is_public_and_nothing_private(http, sheets, committed, network):
	public_member = make_network_member(is_public=1, member_name=unique("Régie de quartier")).name
	hidden_member = make_network_member(is_public=0, member_name=unique("Bailleur discret")).name
	committed.extend([("Network Member", public_member), ("Network Member", hidden_member)])
	theme = make_theme(theme_name=unique("Encombrants")).name
	committed.append(("GUSP Theme", theme))
	sheet = sheets(
		"Published",
		public_member,
		hidden_member,
		sheet_type="Experience Feedback",
		summary="Trois gestes pour des halls propres.",
		themes=[{"theme": theme}],
		published_on="2026-03-05",
	)
	frappe.db.set_value(
		"Practice Sheet",
		sheet.name,
		"content",
		'<h2>Déroulé</h2><p onmouseover="steal()">Un passage le samedi.</p><script>alert(1)</script>',
	)
	frappe.db.commit()
	page = http.get(http.url(f"{ROUTE}/{sheet.name}"))
	assert page.status_code == 200
	text = page.text
	for shown in (
		sheet.title,
		"Retour d&#39;expérience",
		"Trois gestes pour des halls propres.",
		theme,
		"Un passage le samedi.",
	):
		assert shown in text
	assert format_date(getdate("2026-03-05"), "long", locale="fr") in text  # 5 mars 2026
	assert frappe.db.get_value("Network Member", public_member, "member_name") in text
	assert "un partenaire du réseau" in text
	assert frappe.db.get_value("Network Member", hidden_member, "member_name") not in text
	assert "<h2>Déroulé</h2>" in text
	assert "onmouseover" not in text and "<script>alert(1)" not in text
	article = text[text.index("<article") : text.index("</article>")]
	for private in (network.member_a, frappe.db.get_value("Network Member", network.org_a, "email")):
		assert private not in text
	for python in ("{'", "_dict", "None", "[]"):
		assert python not in article, "no Python value rendered"
	assert "window.print()" in text and "@media print" in text


def test_a_published_sheet_s_files_are_public_and_a_draft_s_out_of_a_guest_s_reach(http, sheets, network):
	published, draft = sheets("In Review"), sheets("Draft")
	files = {}
	for sheet in (published, draft):
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"guide-{secrets.token_hex(6)}.txt",
				"content": f"Guide des halls {secrets.token_hex(8)}",
				"attached_to_doctype": "Practice Sheet",
				"attached_to_name": sheet.name,
				"attached_to_field": "attachment",
				"is_private": 1,
			}
		).insert(ignore_permissions=True)
		doc = frappe.get_doc("Practice Sheet", sheet.name)
		doc.append("attachments", {"attachment": file.file_url, "description": "Guide à imprimer"})
		doc.save()
		files[sheet.name] = file.name
	frappe.db.commit()
	with as_user(network.centre):
		apply_workflow(frappe.get_doc("Practice Sheet", published.name).as_dict(), "Publish")
	frappe.db.commit()

	public_url = frappe.db.get_value("File", files[published.name], "file_url")
	assert public_url.startswith("/files/")
	# Frappe's static files are found by the Host header (as nginx finds them by the site's folder)
	served = http.get(http.url(public_url), headers={"Host": SITE})
	assert served.status_code == 200 and served.text.startswith("Guide des halls")
	page = http.get(http.url(f"{ROUTE}/{published.name}")).text
	assert f'href="{public_url}"' in page and "Guide à imprimer" in page

	draft_url = frappe.db.get_value("File", files[draft.name], "file_url")
	assert draft_url.startswith("/private/files/")
	assert http.get(http.url(draft_url)).status_code == 403
	# nor under the public folder (the development server answers 500 for a missing file, nginx 404)
	assert http.get(http.url(draft_url.replace("/private", "")), headers={"Host": SITE}).status_code != 200


def test_the_pages_read_in_french_and_pass_axe_on_a_phone(phone, sheets, committed):
	theme = make_theme(theme_name=unique("Tranquillité")).name
	committed.append(("GUSP Theme", theme))
	sheet = sheets(
		"Published",
		title=f"Médiation de nuit {fake.unique.random_int(10_000, 99_999)}",
		summary="Des médiateurs passent le soir dans les halls.",
		content="<h2>Déroulé</h2><p>Les médiateurs passent entre 20 h et minuit.</p>",
		themes=[{"theme": theme}],
	)
	page = phone
	problems = []
	page.goto(ROUTE)
	page.wait_for_load_state("networkidle")
	problems += check_page(page, ROUTE)
	page.get_by_label("Mots à chercher").fill("médiateurs")
	page.get_by_label("Thème").select_option(theme)
	page.get_by_role("button", name="Rechercher").click()
	page.wait_for_load_state("networkidle")
	assert sheet.title in page.inner_text("body")
	problems += check_page(page, "search results")
	page.get_by_role("link", name=sheet.title).click()
	page.wait_for_load_state("networkidle")
	assert page.get_by_role("heading", level=1).inner_text() == sheet.title
	assert page.get_by_role("button", name="Imprimer cette fiche").is_visible()
	problems += check_page(page, "sheet page")
	page.emulate_media(media="print")
	assert not page.locator(".navbar").first.is_visible()
	assert not page.get_by_role("button", name="Imprimer cette fiche").is_visible()
	assert not problems, "\n".join(problems)
