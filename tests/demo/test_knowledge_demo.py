"""The demo's knowledge as a new user finds it: an outside partner finds who handles bulky waste in
a priority neighbourhood on /annuaire; a completed action sheet with a validated evaluation is on
/actions; the lessons of an evaluation became a published practice sheet on /fiches-pratiques; a
newsletter edition is built from three partners' contributions, ready to send."""

import frappe
from frappe.utils import strip_html_tags

from gusp_network import demo
from gusp_network.demo.knowledge import KNOWLEDGE, make_knowledge
from gusp_network.directory.public_directory import who_does_what
from tests.knowledge.test_showcase import render

BULKY_WASTE = "Encombrants"
QPV = "Les Tilleuls"


def test_on_the_demo_a_partner_finds_who_does_what_and_an_evaluated_action_became_a_practice_sheet_and_news(
	demo_files,
):
	"""One load for the whole path of the issue's "done when" (a demo load takes a while)."""
	demo.load()

	# who handles bulky waste in Les Tilleuls: a lead for each kind of ground, the agglomeration's
	# collection (whoever owns the ground) among them, and the page says so
	answer = who_does_what(BULKY_WASTE, QPV)
	assert not answer["grey_zone"]
	assert "Val-de-Lys Agglomération" in [lead["member"] for lead in answer["leads"]]
	status, page = render("/annuaire", lang="fr", territoire=QPV, thematique=BULKY_WASTE)
	assert status == 200 and "Val-de-Lys Agglomération" in page

	# completed sheets are evaluated, together, and validated; one of them shows on /actions
	evaluations = frappe.get_all(
		"Evaluation",
		filters={"reference_doctype": "Action Sheet", "workflow_state": "Validated"},
		fields=["name", "reference_name", "average_score"],
	)
	assert len(evaluations) == len(KNOWLEDGE["evaluations"])
	assert all(3 <= evaluation.average_score <= 5 for evaluation in evaluations)
	shown = [
		evaluation
		for evaluation in evaluations
		if frappe.db.get_value("Action Sheet", evaluation.reference_name, "is_public")
	]
	assert shown, "a completed public action sheet carries a validated evaluation"
	status, page = render(f"/actions/{shown[0].reference_name}", lang="fr")
	assert status == 200 and "Évaluation partagée" in page

	# its lessons became a published practice sheet, shown on /fiches-pratiques
	from_lessons = frappe.get_all(
		"Practice Sheet",
		filters={
			"source_doctype": "Evaluation",
			"source_name": ("in", [evaluation.name for evaluation in evaluations]),
			"workflow_state": "Published",
		},
		fields=["name", "title", "source_name", "content"],
	)
	assert len(from_lessons) == 1
	lessons = frappe.db.get_value("Evaluation", from_lessons[0].source_name, "lessons")
	assert strip_html_tags(lessons).strip()[:40] in strip_html_tags(from_lessons[0].content)
	written = [spec["title"] for spec in KNOWLEDGE["practice_sheets"]]
	assert frappe.db.count("Practice Sheet", {"workflow_state": "Published", "title": ("in", written)}) == 2
	status, page = render("/fiches-pratiques", lang="fr")
	assert status == 200 and f"/fiches-pratiques/{from_lessons[0].name}" in page

	# a newsletter edition, built from the three selected contributions, waits to be sent
	contributions = frappe.get_all(
		"Newsletter Contribution", fields=["title", "workflow_state", "newsletter"], order_by="creation asc"
	)
	edition = {row.newsletter for row in contributions if row.newsletter}
	assert len(edition) == 1
	newsletter = frappe.get_doc("Newsletter", edition.pop())
	assert not newsletter.email_sent and newsletter.email_group[0].email_group
	built_from = [row.title for row in contributions if row.newsletter]
	assert len(built_from) == 3
	positions = [newsletter.message_html.find(frappe.utils.escape_html(title)) for title in built_from]
	assert -1 not in positions and positions == sorted(positions), "the three items, in order"
	assert {row.workflow_state for row in contributions if not row.newsletter} == {"Proposed"}

	# loading again adds nothing
	counts = {
		doctype: frappe.db.count(doctype)
		for doctype in ("Evaluation", "Practice Sheet", "Newsletter Contribution", "Newsletter")
	}
	demo.load()
	make_knowledge()
	assert counts == {doctype: frappe.db.count(doctype) for doctype in counts}
