"""Demo knowledge, from `data/knowledge.json`: shared evaluations, practice sheets and one newsletter
edition.

The completed action sheets (the public ones first) are evaluated by their lead, a partner and the
residents' council, and the evaluations validated; the lessons of the first become a published
practice sheet in one action, as a member would do it from the evaluation's form. A meeting's
evaluation stays shared, awaiting the resource centre. Two practice sheets written by the network
are published. Partners propose four contributions to the newsletter; the resource centre selects
three and builds the edition from them (ready to send: the demo sends no email).

Each record goes through its workflow (demo/common.py `move_to`), so the controllers' checks apply.
A record already there (same title) is left as it is, so loading twice adds nothing; `load()` adds
Knowledge to a site that already holds the rest of the demo.
"""

import frappe

from gusp_network.demo.common import (
	RESOURCE_CENTRE,
	as_administrator_without_emails,
	move_to,
	read_json,
)
from gusp_network.knowledge.newsletters import build_newsletter
from gusp_network.knowledge.practice_sheets import create_practice_sheet_from_evaluation

KNOWLEDGE = read_json("knowledge.json")
EVALUATION = "Evaluation"
SHEET = "Action Sheet"
PRACTICE_SHEET = "Practice Sheet"
CONTRIBUTION = "Newsletter Contribution"
RESIDENTS = "Conseil citoyen"
SHEET_EVALUATION = "Évaluation partagée — "  # the title of a sheet's evaluation, before the sheet's


def load() -> None:
	"""Add the demo's knowledge to a site (`bench --site SITE execute gusp_network.demo.knowledge.load`):
	for a site where the rest of the demo is already loaded."""
	frappe.local.lang = frappe.db.get_single_value("System Settings", "language") or frappe.local.lang
	print(as_administrator_without_emails(make_knowledge))


def make_knowledge() -> str:
	"""The evaluations, practice sheets and newsletter; a summary line for the console."""
	evaluations = make_sheet_evaluations()
	evaluations += make_meeting_evaluation()
	sheets = sum(make_practice_sheet(spec) for spec in KNOWLEDGE["practice_sheets"])
	if evaluations:
		sheets += practice_sheet_from_lessons()
	newsletter = make_newsletter()
	return (
		f"{evaluations} évaluations partagées, {sheets} fiches pratiques publiées, "
		f"lettre du réseau : {newsletter or 'déjà là'}"
	)


def member(name: str | None) -> str | None:
	if name == RESOURCE_CENTRE:
		return frappe.db.get_single_value("GUSP Settings", "resource_centre")
	return name


def criteria() -> list[str]:
	return frappe.get_all(
		"Evaluation Criterion", filters={"is_default": 1}, pluck="name", order_by="creation asc"
	)


def scored(values: list[int]) -> list[dict]:
	return [
		{"criterion": criterion, "score": score} for criterion, score in zip(criteria(), values, strict=False)
	]


# ---------------------------------------------------------------- evaluations


def completed_sheets(count: int) -> list[frappe._dict]:
	"""The completed action sheets, public ones first, not evaluated yet."""
	evaluated = frappe.get_all(EVALUATION, filters={"reference_doctype": SHEET}, pluck="reference_name")
	sheets = frappe.get_all(
		SHEET,
		filters={"workflow_state": "Completed", "name": ("not in", evaluated or [""])},
		fields=["name", "title", "lead_member", "is_public"],
		order_by="is_public desc, name asc",
	)
	return sheets[:count]


def make_sheet_evaluations() -> int:
	if frappe.db.exists(EVALUATION, {"title": ("like", f"{SHEET_EVALUATION}%")}):
		return 0
	specs = KNOWLEDGE["evaluations"]
	made = 0
	for sheet, spec in zip(completed_sheets(len(specs)), specs, strict=False):
		partner = frappe.get_all(
			"Action Sheet Partner",
			filters={"parent": sheet.name, "parenttype": SHEET, "network_member": ("!=", sheet.lead_member)},
			pluck="network_member",
			order_by="idx asc",
			limit=1,
		)
		evaluators = [{"network_member": sheet.lead_member}]
		evaluators += [{"network_member": name} for name in partner]
		evaluators.append({"evaluator_name": RESIDENTS, "is_resident": 1})
		doc = frappe.get_doc(
			{
				"doctype": EVALUATION,
				"title": f"{SHEET_EVALUATION}{sheet.title}",
				"reference_doctype": SHEET,
				"reference_name": sheet.name,
				"evaluators": evaluators,
				"scores": scored(spec["scores"]),
				**{
					field: spec[field]
					for field in ("what_worked", "what_did_not", "lessons", "recommendations")
				},
			}
		).insert()
		move_to(doc, "Validated")
		made += 1
	return made


def make_meeting_evaluation() -> int:
	spec = KNOWLEDGE["meeting_evaluation"]
	meeting = frappe.db.get_value(
		"Network Meeting", {"title": spec["meeting"]}, ["name", "organiser"], as_dict=True
	)
	if not meeting or frappe.db.exists(EVALUATION, {"title": spec["title"]}):
		return 0
	doc = frappe.get_doc(
		{
			"doctype": EVALUATION,
			"title": spec["title"],
			"reference_doctype": "Network Meeting",
			"reference_name": meeting.name,
			"evaluators": [{"network_member": meeting.organiser}],
			"scores": scored(spec["scores"]),
			"what_worked": spec["what_worked"],
			"lessons": spec["lessons"],
		}
	).insert()
	move_to(doc, "Shared")
	return 1


# ---------------------------------------------------------------- practice sheets


def make_practice_sheet(spec: dict) -> int:
	if frappe.db.exists(PRACTICE_SHEET, {"title": spec["title"]}):
		return 0
	doc = frappe.get_doc(
		{
			"doctype": PRACTICE_SHEET,
			"title": spec["title"],
			"sheet_type": spec["sheet_type"],
			"lead_member": member(spec["lead_member"]),
			"summary": spec["summary"],
			"content": spec["content"],
			"themes": [{"theme": theme} for theme in spec["themes"]],
			"territories": [{"territory": territory} for territory in spec["territories"]],
			"co_authors": [{"network_member": member(name)} for name in spec["co_authors"]],
		}
	).insert()
	move_to(doc, "Published")
	return 1


def practice_sheet_from_lessons() -> int:
	"""The lessons of the first validated evaluation of a public sheet become a published practice
	sheet, through the evaluation form's action."""
	evaluation = frappe.get_all(
		EVALUATION,
		filters={"workflow_state": "Validated", "reference_doctype": SHEET},
		fields=["name", "what_worked"],
		order_by="creation asc",
		limit=1,
	)
	if not evaluation:
		return 0
	doc = frappe.get_doc(PRACTICE_SHEET, create_practice_sheet_from_evaluation(evaluation[0].name))
	if not doc.summary:
		doc.summary = frappe.utils.strip_html_tags(evaluation[0].what_worked or doc.title)
		doc.save()
	move_to(doc, "Published")
	return 1


# ---------------------------------------------------------------- newsletter


def make_newsletter() -> str | None:
	selected = []
	for spec in KNOWLEDGE["contributions"]:
		if frappe.db.exists(CONTRIBUTION, {"title": spec["title"]}):
			continue
		doc = frappe.get_doc(
			{
				"doctype": CONTRIBUTION,
				"title": spec["title"],
				"contributor": member(spec["contributor"]),
				"text": spec["text"],
			}
		).insert()
		if spec["state"] != doc.workflow_state:
			move_to(doc, spec["state"])
		if spec["state"] == "Selected":
			selected.append(doc.name)
	return build_newsletter(selected) if selected else None
