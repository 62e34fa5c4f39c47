"""The showcase of actions, `/actions` and `/actions/<sheet>`: only the public sheets under way or
completed are listed, newest first and a page at a time; the chantier and territory filters narrow
the list; a draft or non-public sheet is not found; the evaluation summary counts validated
evaluations only; no private field is ever rendered; on a phone, the pages read in French and pass
axe.

Most pages are rendered in the test's own transaction (rolled back); the browser test commits its
sheet and deletes it afterwards.
"""

import json
from urllib.parse import urlencode

import frappe
import pytest
from frappe.utils import add_days, set_request, today
from frappe.website.serve import get_response
from markupsafe import escape

from gusp_network.knowledge.showcase import PAGE_LENGTH, public_sheet, score_text
from tests.factories import (
	delete,
	delete_traces,
	fake,
	french,
	make_action_sheet,
	make_network_member,
	make_territory,
	unique,
)
from tests.knowledge.factories import make_evaluation
from tests.portal.test_portal_pages import check_page

# what must never reach a public page: each private field of the sheet, its partners and evaluations
SECRETS = {
	"facilitators": "facilitation.secrete@exemple.org",
	"commitment": "ENGAGEMENT-CONFIDENTIEL-7731",
	"step": "ÉTAPE-CONFIDENTIELLE-7731",
	"resource": "BUDGET-CONFIDENTIEL-7731",
	"amount": "98765",
	"resource_centre_role": "RÔLE-CR-CONFIDENTIEL-7731",
	"evaluation_title": "TITRE-ÉVALUATION-CONFIDENTIEL-7731",
	"evaluator": "Évaluatrice Confidentielle Kermadec",
	"score_comment": "COMMENTAIRE-CONFIDENTIEL-7731",
	"draft_lesson": "LEÇON-BROUILLON-7731",
	"shared_lesson": "LEÇON-PARTAGÉE-7731",
	"private_partner": "Bailleur Confidentiel 7731",
}
VALIDATED_LESSON = "Les habitants ont repeint les halls avec le bailleur."


def render(path: str, lang: str = "en", **params) -> tuple[int, str]:
	"""The page as a guest gets it: (status, HTML)."""
	frappe.set_user("Guest")
	frappe.local.lang = lang
	frappe.local.form_dict = frappe._dict(params)
	set_request(method="GET", path=path, query_string=urlencode(params))
	try:
		response = get_response()
	finally:
		frappe.set_user("Administrator")
	return response.status_code, frappe.safe_decode(response.get_data())


def content(html: str) -> str:
	"""The page's own content, without the site's header, footer and scripts."""
	return html[html.index("<main") : html.index("</main>")]


def listed(html: str, *sheets) -> list[str]:
	"""The sheets among `sheets` the list links to, in the page's order."""
	positions = {sheet.name: html.find(f'href="/actions/{sheet.name}"') for sheet in sheets}
	return [name for name, where in sorted(positions.items(), key=lambda item: item[1]) if where >= 0]


def criteria(count: int) -> list[str]:
	"""Criteria of the admins' list, made for the test when the site has too few."""
	names = frappe.get_all("Evaluation Criterion", order_by="creation asc", pluck="name", limit=count)
	while len(names) < count:
		names.append(
			frappe.get_doc({"doctype": "Evaluation Criterion", "criterion_name": unique("Critère")})
			.insert()
			.name
		)
	return names


def private_sheet_fields(lead: str, lead_user: str, public_partner: str, private_partner: str) -> dict:
	return {
		"facilitators": SECRETS["facilitators"],
		"lead_user": lead_user,
		"resource_centre_role": SECRETS["resource_centre_role"],
		"partners": [
			{"network_member": public_partner, "role": "Partner", "commitment": SECRETS["commitment"]},
			{"network_member": private_partner, "role": "Funder", "commitment": SECRETS["commitment"]},
		],
		"steps": [{"step": SECRETS["step"], "owner_member": lead, "due_date": add_days(today(), 30)}],
		"resources": [
			{
				"resource_type": "Financial",
				"description": SECRETS["resource"],
				"amount": int(SECRETS["amount"]),
				"provided_by": private_partner,
			}
		],
	}


@pytest.fixture
def world(network):
	"""A commune holding a QPV, another QPV, two chantiers; sheets on them in every situation:
	- `shown`: public, in progress, chantier 1, on the commune's QPV, with private fields filled,
	  two validated evaluations, a shared one and a draft one;
	- `completed`: public, completed, chantier 2, on the other QPV;
	- `draft`, `approved`, `abandoned`: public but not under way; `private`: in progress, not public.
	"""
	commune = make_territory(territory_type="Commune", is_group=1)
	qpv = make_territory(parent_gusp_territory=commune.name)
	other_qpv = make_territory()
	first, second = frappe.get_all("Workstream", order_by="number asc", pluck="name", limit=2)
	public_partner = make_network_member(is_public=1, member_name=unique("Régie de quartier")).name
	private_partner = make_network_member(is_public=0, member_name=unique(SECRETS["private_partner"])).name
	on_qpv = {"territories": [{"territory": qpv.name}]}
	shown = make_action_sheet(
		network.org_a,
		state="In Progress",
		is_public=1,
		workstream=first,
		objectives="- Rendre les halls accueillants\n- Associer les habitants",
		indicators=[
			{"indicator": "Halls repeints", "unit": "halls", "baseline": 0, "target": 12, "actual": 7}
		],
		**on_qpv,
		**private_sheet_fields(network.org_a, network.member_a, public_partner, private_partner),
	)
	completed = make_action_sheet(
		network.org_a,
		state="Completed",
		is_public=1,
		workstream=second,
		territories=[{"territory": other_qpv.name}],
	)
	hidden = {
		state.lower(): make_action_sheet(network.org_a, state=state, is_public=1, workstream=first, **on_qpv)
		for state in ("Draft", "Approved", "Abandoned")
	}
	hidden["private"] = make_action_sheet(
		network.org_a, state="In Progress", is_public=0, workstream=first, **on_qpv
	)
	relevance, effectiveness = criteria(2)

	def evaluate(state: str, scores: dict, **values):
		return make_evaluation(
			"Action Sheet",
			shown.name,
			network.org_a,
			state=state,
			title=SECRETS["evaluation_title"],
			evaluators=[
				{"network_member": network.org_a},
				{"evaluator_name": SECRETS["evaluator"], "is_resident": 1},
			],
			scores=[
				{"criterion": criterion, "score": score, "comment": SECRETS["score_comment"]}
				for criterion, score in scores.items()
			],
			**values,
		)

	validated = [
		evaluate(
			"Validated",
			{relevance: 4, effectiveness: 2},
			what_worked="<p>Un chantier éducatif <strong>avec les jeunes</strong>.</p><script>alert(1)</script>",
			lessons=f"<p>{VALIDATED_LESSON}</p>",
			evaluation_date=add_days(today(), -40),
		),
		evaluate("Validated", {relevance: 5}, lessons="", evaluation_date=add_days(today(), -10)),
	]
	evaluate("Shared", {relevance: 1, effectiveness: 1}, lessons=f"<p>{SECRETS['shared_lesson']}</p>")
	evaluate("Draft", {relevance: 1}, lessons=f"<p>{SECRETS['draft_lesson']}</p>")
	return frappe._dict(
		commune=commune.name,
		qpv=qpv.name,
		other_qpv=other_qpv.name,
		first=first,
		second=second,
		shown=shown,
		completed=completed,
		hidden=hidden,
		relevance=relevance,
		effectiveness=effectiveness,
		validated=validated,
		public_partner=public_partner,
		private_partner=private_partner,
	)


# ---------------------------------------------------------------- the list


def test_only_public_sheets_under_way_or_completed_are_listed_newest_first(world):
	status, html = render("/actions")
	assert status == 200
	assert listed(html, world.shown, world.completed, *world.hidden.values()) == [
		world.completed.name,
		world.shown.name,
	]


def test_a_card_shows_the_title_chantier_territories_status_and_objectives_in_french(world):
	_status, html = render("/actions", lang="fr", territoire=world.qpv)
	assert escape(world.shown.title) in html
	chantier = french("Workstream {0}: {1}").format(
		1, frappe.db.get_value("Workstream", world.first, "title")
	)
	assert escape(chantier) in html
	assert world.qpv in html
	assert french("In Progress") != "In Progress" and french("In Progress") in html
	assert "Rendre les halls accueillants · Associer les habitants" in html


def test_the_chantier_filter_narrows_the_list(world):
	_status, html = render("/actions", chantier=world.second)
	assert world.completed.name in listed(html, world.shown, world.completed)
	assert world.shown.name not in listed(html, world.shown, world.completed)
	assert f'<option value="{world.second}" selected>' in html


def test_the_territory_filter_takes_the_territories_a_territory_holds(world):
	on_commune = listed(render("/actions", territoire=world.commune)[1], world.shown, world.completed)
	on_other = listed(render("/actions", territoire=world.other_qpv)[1], world.shown, world.completed)
	both = listed(
		render("/actions", chantier=world.second, territoire=world.qpv)[1], world.shown, world.completed
	)
	assert (on_commune, on_other, both) == ([world.shown.name], [world.completed.name], [])


def test_an_unknown_filter_value_is_ignored_and_the_form_works_without_javascript(world):
	status, html = render("/actions", chantier="CH-99<script>", territoire=["a", "b"])
	assert status == 200
	assert "<script>alert" not in html and "CH-99<script>" not in html
	assert world.shown.name in listed(html, world.shown)
	assert '<form class="gusp-actions-filters" method="get" action="/actions"' in html
	assert '<label for="filter-workstream">' in html and '<label for="filter-territory">' in html


def test_a_long_list_comes_a_page_at_a_time(network):
	territory = make_territory().name
	sheets = [
		make_action_sheet(
			network.org_a, state="Completed", is_public=1, territories=[{"territory": territory}]
		)
		for _ in range(PAGE_LENGTH + 1)
	]
	_status, first_page = render("/actions", territoire=territory)
	_status, second_page = render("/actions", territoire=territory, page="2")
	newest_first = [sheet.name for sheet in reversed(sheets)]
	assert listed(first_page, *sheets) == newest_first[:PAGE_LENGTH]
	assert listed(second_page, *sheets) == newest_first[PAGE_LENGTH:]
	assert f'href="{escape("/actions?" + urlencode({"territoire": territory, "page": 2}))}"' in first_page
	assert 'rel="prev"' in second_page and 'rel="next"' not in second_page


# ---------------------------------------------------------------- one sheet


@pytest.mark.parametrize("which", ["draft", "approved", "abandoned", "private"])
def test_a_sheet_not_shown_is_not_found(world, which):
	sheet = world.hidden[which]
	status, html = render(f"/actions/{sheet.name}")
	assert status == 404
	assert escape(sheet.title) not in html


def test_an_unknown_sheet_is_not_found():
	assert render("/actions/FA-1999-99999")[0] == 404


def test_the_sheet_page_shows_objectives_partners_results_and_validated_evaluations_only(world):
	status, html = render(f"/actions/{world.shown.name}")
	assert status == 200
	assert escape(world.shown.title) in html
	assert "<li>Rendre les halls accueillants</li>" in html
	assert world.public_partner in html
	assert "And one other partner." in html  # the organisation not in the public directory is counted
	assert "Halls repeints" in html
	summary = public_sheet(world.shown.name)["evaluation"]
	# validated: (4, 2) and (5); the shared (1, 1) and the draft (1) do not count
	assert summary["count"] == 2
	assert summary["average"] == score_text(4.0)  # the averages 3.0 and 5.0, each evaluation alike
	assert [(row["criterion"], row["average"]) for row in summary["criteria"]] == [
		(world.relevance, score_text(4.5)),
		(world.effectiveness, score_text(2.0)),
	]
	for text in (score_text(4.0), score_text(4.5), score_text(2.0), VALIDATED_LESSON, "avec les jeunes"):
		assert text in html
	assert "<script>alert(1)" not in html


def test_a_sheet_with_no_validated_evaluation_says_so(world):
	_status, html = render(f"/actions/{world.completed.name}")
	assert "This action has not been evaluated yet." in html


def test_no_private_field_is_rendered(world, network):
	pages = [render(f"/actions/{world.shown.name}")[1], render("/actions", territoire=world.qpv)[1]]
	staff = frappe.db.get_value("User", network.member_a, ["full_name", "email"])
	for html in pages:
		leaked = [what for what, value in SECRETS.items() if value in html]
		leaked += [value for value in (*staff, world.private_partner) if value in html]
		assert not leaked, leaked
		# never a Python value dumped as text
		marks = ("{'", "{&#39;", "_dict(", ">None<", "[&#39;", "['", "<Document")
		assert not [mark for mark in marks if mark in content(html)]


# ---------------------------------------------------------------- on a phone


@pytest.fixture
def committed_sheet(network):
	"""A public sheet in progress with a validated evaluation, and a private one, committed for the
	live server; deleted afterwards with their history. Digits, not letters, make names unique:
	letters could spell an English word, which the French-only check would catch."""
	number = fake.unique.random_int(10_000, 99_999)
	territory = make_territory(territory_name=f"Quartier des Tilleuls {number}").name
	partner = make_network_member(is_public=1, member_name=f"Régie de quartier {number}").name
	sheet = make_action_sheet(
		network.org_a,
		state="In Progress",
		is_public=1,
		title=f"Embellir les halls ensemble {number}",
		objectives="- Rendre les halls accueillants\n- Associer les habitants",
		description="<p>Les habitants et le bailleur repeignent les halls.</p>",
		territories=[{"territory": territory}],
		partners=[{"network_member": partner, "role": "Partner"}],
		indicators=[
			{"indicator": "Halls repeints", "unit": "halls", "baseline": 0, "target": 12, "actual": 7}
		],
	)
	private = make_action_sheet(network.org_a, state="In Progress", is_public=0)
	evaluation = make_evaluation(
		"Action Sheet",
		sheet.name,
		network.org_a,
		state="Validated",
		what_worked="<p>Un chantier éducatif avec les jeunes.</p>",
		lessons=f"<p>{VALIDATED_LESSON}</p>",
	)
	frappe.db.commit()
	yield frappe._dict(sheet=sheet.name, private=private.name, territory=territory)
	frappe.db.rollback()
	for doctype, name in (
		("Evaluation", evaluation.name),
		("Action Sheet", sheet.name),
		("Action Sheet", private.name),
		("Network Member", partner),
		("GUSP Territory", territory),
	):
		delete_traces(doctype, name)
		delete(doctype, name)
	frappe.db.commit()


def test_on_a_phone_the_showcase_and_a_sheet_read_in_french_and_pass_axe(phone, committed_sheet):
	page = phone
	problems = []
	page.goto("/actions")
	page.get_by_label(french("Territory")).select_option(committed_sheet.territory)
	page.get_by_role("button", name=french("Show the actions")).click()
	page.wait_for_load_state("networkidle")
	assert "territoire=" in page.url
	problems += check_page(page, "/actions filtered")
	page.get_by_role("link", name="Embellir les halls ensemble").first.click()
	page.wait_for_load_state("networkidle")
	assert page.url.endswith(f"/actions/{committed_sheet.sheet}")
	assert VALIDATED_LESSON in page.inner_text("body")
	problems += check_page(page, "/actions/<sheet>")
	assert page.goto(f"/actions/{committed_sheet.private}").status == 404
	assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
