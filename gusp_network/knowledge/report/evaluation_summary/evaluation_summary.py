"""Evaluation Summary: how the network's shared evaluations score, criterion by criterion.

One row per criterion (the admins' list, in its order) with the number of evaluations that scored
it, the number of scores, their average, lowest and highest; under it, one row per kind of evaluated
record (action sheet, meeting, study trip, agreement) and workstream. A criterion left unscored (0)
does not count, as in the evaluation's own average (knowledge/evaluations.py). The workstream of an
evaluation is the evaluated record's (action sheets, meetings and study trips have one; agreements
do not, so a workstream filter leaves them out). The latest lessons come under the filters, and a
bar chart gives the average by criterion.

Filters: workstream, kind of evaluated record, dates (the evaluation's date), state (the desk asks
for Validated first; no state: every state).

Only the evaluations the user may read are counted: they come from `frappe.get_list` (the DocType's
permissions, the app's row rules and the user's User Permissions); their scores are then read with
`frappe.qb` from those evaluations only.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import frappe
from frappe import _
from frappe.utils import escape_html, flt, format_date, getdate, strip_html_tags

EVALUATION = "Evaluation"
SCORE = "Evaluation Score"
CRITERION = "Evaluation Criterion"
LATEST_LESSONS = 10
LESSON_LENGTH = 300  # characters of each lesson in the report


@dataclass(frozen=True)
class SummaryFilters:
	workstream: str | None = None
	reference_doctype: str | None = None
	from_date: date | None = None
	to_date: date | None = None
	workflow_state: str | None = None  # None: every state

	@classmethod
	def parse(cls, filters: dict | None) -> "SummaryFilters":
		filters = frappe._dict(filters or {})
		return cls(
			workstream=filters.workstream or None,
			reference_doctype=filters.reference_doctype or None,
			from_date=getdate(filters.from_date) if filters.from_date else None,
			to_date=getdate(filters.to_date) if filters.to_date else None,
			workflow_state=filters.workflow_state or None,
		)


def execute(filters: dict | None = None):
	evaluations = find_evaluations(SummaryFilters.parse(filters))
	rows = criterion_rows(evaluations, scores_of(evaluations))
	return columns(), rows, lessons_message(evaluations), chart(rows), summary(evaluations, rows)


# ---------------------------------------------------------------- what is counted


def find_evaluations(filters: SummaryFilters) -> list[frappe._dict]:
	"""The evaluations matching the filters that the session user may read, newest first, each with
	the workstream of the record it evaluates."""
	conditions = []
	if filters.reference_doctype:
		conditions.append(["reference_doctype", "=", filters.reference_doctype])
	if filters.workflow_state:
		conditions.append(["workflow_state", "=", filters.workflow_state])
	if filters.from_date:
		conditions.append(["evaluation_date", ">=", filters.from_date])
	if filters.to_date:
		conditions.append(["evaluation_date", "<=", filters.to_date])
	# what the user may read: the DocType's permissions, the app's row rules, User Permissions
	evaluations = frappe.get_list(
		EVALUATION,
		filters=conditions,
		fields=[
			"name",
			"title",
			"reference_doctype",
			"reference_name",
			"evaluation_date",
			"average_score",
			"lessons",
		],
		order_by="evaluation_date desc, creation desc",
		limit_page_length=0,
	)
	workstreams = workstreams_of(evaluations)
	for evaluation in evaluations:
		evaluation.workstream = workstreams.get((evaluation.reference_doctype, evaluation.reference_name))
	if filters.workstream:
		evaluations = [row for row in evaluations if row.workstream == filters.workstream]
	return evaluations


def workstreams_of(evaluations: list[frappe._dict]) -> dict[tuple[str, str], str]:
	"""(kind, record) → the record's workstream, for the kinds of record that have one."""
	names = defaultdict(set)
	for evaluation in evaluations:
		if evaluation.reference_doctype and evaluation.reference_name:
			names[evaluation.reference_doctype].add(evaluation.reference_name)
	found = {}
	for doctype, records in names.items():
		if not frappe.get_meta(doctype).has_field("workstream"):
			continue
		for record in frappe.get_all(
			doctype, filters={"name": ("in", list(records))}, fields=["name", "workstream"]
		):
			found[(doctype, record.name)] = record.workstream
	return found


def scores_of(evaluations: list[frappe._dict]) -> list[frappe._dict]:
	"""The scores given (1 to 5) in these evaluations: evaluation, criterion, score."""
	if not evaluations:
		return []
	score = frappe.qb.DocType(SCORE)
	return (
		frappe.qb.from_(score)
		.select(score.parent, score.criterion, score.score)
		.where(
			(score.parenttype == EVALUATION)
			& (score.parentfield == "scores")
			& score.parent.isin([evaluation.name for evaluation in evaluations])
			& (score.score > 0)
			& score.criterion.isnotnull()
		)
		.run(as_dict=True)
	)


# ---------------------------------------------------------------- rows


def criterion_rows(evaluations: list[frappe._dict], scores: list[frappe._dict]) -> list[dict]:
	"""A row per criterion, then a row per kind of record and workstream under it."""
	by_name = {evaluation.name: evaluation for evaluation in evaluations}
	kinds = kind_order()
	by_criterion = defaultdict(list)
	for row in scores:
		by_criterion[row.criterion].append(row)
	rows = []
	for criterion in sorted(by_criterion, key=criterion_order()):
		given = by_criterion[criterion]
		rows.append({**figures(given), "criterion": criterion, "indent": 0})
		groups = defaultdict(list)
		for row in given:
			evaluation = by_name[row.parent]
			groups[(evaluation.reference_doctype, evaluation.workstream)].append(row)
		for kind, workstream in sorted(
			groups, key=lambda key: (kinds.get(key[0], len(kinds)), key[0] or "", not key[1], key[1] or "")
		):
			rows.append(
				{
					**figures(groups[(kind, workstream)]),
					"criterion": criterion,
					"kind": _(kind) if kind else "",
					"reference_doctype": kind,
					"workstream": workstream,
					"indent": 1,
				}
			)
	return rows


def figures(scores: list[frappe._dict]) -> dict:
	values = [row.score for row in scores]
	return {
		"evaluations": len({row.parent for row in scores}),
		"scores": len(values),
		"average_score": flt(sum(values) / len(values), 2),
		"lowest_score": min(values),
		"highest_score": max(values),
	}


def criterion_order():
	"""The admins' list of criteria in its order; criteria no longer listed after, by name."""
	order = {
		name: index
		for index, name in enumerate(frappe.get_all(CRITERION, order_by="creation asc", pluck="name"))
	}
	return lambda criterion: (order.get(criterion, len(order)), criterion)


def kind_order() -> dict[str, int]:
	"""The kinds of evaluated record, in the order of the Evaluation's own list."""
	options = frappe.get_meta(EVALUATION).get_field("reference_doctype").options or ""
	return {kind: index for index, kind in enumerate(filter(None, options.split("\n")))}


# ---------------------------------------------------------------- columns, chart, summary, lessons


def columns() -> list[dict]:
	return [
		{
			"fieldname": "criterion",
			"label": _("Criterion"),
			"fieldtype": "Link",
			"options": CRITERION,
			"width": 240,
		},
		{"fieldname": "kind", "label": _("What Is Evaluated"), "fieldtype": "Data", "width": 170},
		{
			"fieldname": "workstream",
			"label": _("Workstream"),
			"fieldtype": "Link",
			"options": "Workstream",
			"width": 180,
		},
		{"fieldname": "evaluations", "label": _("Evaluations"), "fieldtype": "Int", "width": 110},
		{"fieldname": "scores", "label": _("Scores"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "average_score",
			"label": _("Average Score"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 120,
		},
		{"fieldname": "lowest_score", "label": _("Lowest Score"), "fieldtype": "Int", "width": 110},
		{"fieldname": "highest_score", "label": _("Highest Score"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "reference_doctype",
			"label": _("Document Type"),
			"fieldtype": "Data",
			"hidden": 1,
		},
	]


def chart(rows: list[dict]) -> dict | None:
	"""The average of each criterion, out of 5."""
	criteria = [row for row in rows if row["indent"] == 0]
	if not criteria:
		return None
	return {
		"data": {
			"labels": [row["criterion"] for row in criteria],
			"datasets": [{"name": _("Average Score"), "values": [row["average_score"] for row in criteria]}],
		},
		"type": "bar",
		"colors": ["#449CF0"],
		"fieldtype": "Float",
	}


def summary(evaluations: list[frappe._dict], rows: list[dict]) -> list[dict]:
	"""How many evaluations, their average (each evaluation weighs the same; one with no score does
	not count), how many criteria were scored."""
	averages = [flt(row.average_score) for row in evaluations if flt(row.average_score)]
	return [
		{"value": len(evaluations), "label": _("Evaluations"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": flt(sum(averages) / len(averages), 2) if averages else 0,
			"label": _("Average Score"),
			"datatype": "Float",
			"indicator": "Green",
		},
		{
			"value": sum(1 for row in rows if row["indent"] == 0),
			"label": _("Criteria Scored"),
			"datatype": "Int",
			"indicator": "Blue",
		},
	]


def latest_lessons(evaluations: list[frappe._dict]) -> list[frappe._dict]:
	"""The lessons of the latest evaluations that wrote some, newest first, as plain text."""
	found = []
	for evaluation in evaluations:
		text = " ".join(strip_html_tags(evaluation.lessons or "").split())
		if text:
			if len(text) > LESSON_LENGTH:
				text = text[:LESSON_LENGTH].rsplit(" ", 1)[0] + "…"
			found.append(frappe._dict(evaluation, text=text))
		if len(found) == LATEST_LESSONS:
			break
	return found


def lessons_message(evaluations: list[frappe._dict]) -> str | None:
	"""The latest lessons, under the filters: every value escaped (the desk shows it as HTML)."""
	lessons = latest_lessons(evaluations)
	if not lessons:
		return None
	items = []
	for row in lessons:
		about = " · ".join(
			escape_html(part)
			for part in (
				_(row.reference_doctype or ""),
				row.reference_name or "",
				format_date(row.evaluation_date) if row.evaluation_date else "",
			)
			if part
		)
		link = f'<a href="/app/evaluation/{escape_html(row.name)}">{escape_html(row.title or row.name)}</a>'
		item = _("{0} ({1}): {2}").format(link, about, escape_html(row.text))  # outside f-strings: extracted
		items.append(f"<li>{item}</li>")
	heading = _("Latest lessons")
	return (
		f'<div class="evaluation-lessons"><strong>{escape_html(heading)}</strong>'
		f"<ul>{''.join(items)}</ul></div>"
	)
