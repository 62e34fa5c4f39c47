"""The showcase of actions (chantier 9: "valoriser les actions réussies de la GUSP avec un langage
simple"): `/actions` lists the action sheets marked public that are under way or completed,
filterable by chantier and territory; `/actions/<sheet>` shows one of them with its objectives,
partners, results and the summary of its validated evaluations (www/actions, www/actions_sheet).

What a page shows is chosen here, field by field, and handed to the templates as plain dicts: never a
document. Left out on purpose: the people (lead person, facilitation pair, evaluators), the partners'
commitments, the steps and their owners, the resources and their amounts, the role of the resource
centre, the scores' comments. A partner organisation is named only when it is shown in the public
directory (Network Member `is_public`); the others are counted ("and 2 other partners"). An
evaluation is summed up only once validated: drafts and shared ones are the evaluators' work.
"""

import math
from dataclasses import dataclass
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.query_builder.functions import Avg, Count
from frappe.utils import cint, flt, format_date, getdate, strip_html_tags
from frappe.utils.html_utils import sanitize_html

from gusp_network.knowledge.evaluations import EVALUATION, VALIDATED

SHEET = "Action Sheet"
# the states of the Action Sheet Workflow (setup/data/workflows/action_sheet_workflow.json) a sheet is
# shown in: under way or done. Drafts, proposals, approved-not-started and abandoned sheets never are.
SHOWN_STATES = ("In Progress", "Completed")
SHOWCASE_ROUTE = "/actions"
PAGE_LENGTH = 12
SUMMARY_LENGTH = 220  # characters of the objectives on a card
MAX_VALUE_LENGTH = 140  # what a filter value may be (Link fields are varchar(140))
HIGHEST_SCORE = 5


@dataclass(frozen=True)
class ShowcaseFilters:
	"""What a visitor asked for in the page's address: `?chantier=CH-01&territoire=…&page=2`."""

	workstream: str | None = None
	territory: str | None = None
	page: int = 1

	@classmethod
	def parse(cls, form: dict | None) -> "ShowcaseFilters":
		form = form or {}
		return cls(
			workstream=_text(form.get("chantier")),
			territory=_text(form.get("territoire")),
			page=max(cint(_text(form.get("page")) or 1), 1),
		)


def _text(value) -> str | None:
	"""One value of the address, or None (a list, an empty or overlong value is ignored)."""
	if not isinstance(value, str):
		return None
	value = value.strip()
	return value if 0 < len(value) <= MAX_VALUE_LENGTH else None


# ---------------------------------------------------------------- the list


def showcase(form: dict | None) -> dict:
	"""What `/actions` shows: the filters' choices, the sheets of the page asked for, the pages."""
	asked = ShowcaseFilters.parse(form)
	workstreams = workstream_choices()
	territories = territory_choices()
	# a value that is not among the choices is ignored: the page then shows every sheet and says so
	workstream = asked.workstream if asked.workstream in {w["value"] for w in workstreams} else None
	territory = asked.territory if asked.territory in {t["value"] for t in territories} else None
	query = shown_sheets_query(workstream, territory)
	sheet = frappe.qb.DocType(SHEET)
	total = query.select(Count(sheet.name)).run()[0][0]
	pages = max(math.ceil(total / PAGE_LENGTH), 1)
	page = min(asked.page, pages)
	names = (
		query.select(sheet.name)
		.orderby(sheet.creation, order=frappe.qb.desc)
		.orderby(sheet.name, order=frappe.qb.desc)
		.limit(PAGE_LENGTH)
		.offset((page - 1) * PAGE_LENGTH)
		.run(pluck=True)
	)
	return {
		"sheets": cards(names),
		"total": total,
		"page_number": page,
		"page_count": pages,
		"workstream": workstream,
		"territory": territory,
		"workstreams": workstreams,
		"territories": territories,
		"previous_url": page_url(workstream, territory, page - 1) if page > 1 else None,
		"next_url": page_url(workstream, territory, page + 1) if page < pages else None,
	}


def shown_sheets_query(workstream: str | None = None, territory: str | None = None):
	"""The sheets shown (public, under way or completed), in a chantier, on a territory or one of the
	territories it holds (a commune holds its QPVs)."""
	sheet = frappe.qb.DocType(SHEET)
	query = frappe.qb.from_(sheet).where((sheet.is_public == 1) & sheet.workflow_state.isin(SHOWN_STATES))
	if workstream:
		query = query.where(sheet.workstream == workstream)
	if territory:
		place = frappe.qb.DocType("GUSP Territory")
		row = frappe.qb.DocType("Action Sheet Territory")
		bounds = frappe.db.get_value("GUSP Territory", territory, ["lft", "rgt"], as_dict=True)
		within = (
			frappe.qb.from_(row)
			.join(place)
			.on(place.name == row.territory)
			.select(row.parent)
			.where((row.parenttype == SHEET) & (row.parentfield == "territories"))
		)
		if bounds and bounds.lft and bounds.rgt:
			within = within.where((place.lft >= bounds.lft) & (place.rgt <= bounds.rgt))
		else:
			within = within.where(place.name == territory)
		query = query.where(sheet.name.isin(within))
	return query


def page_url(workstream: str | None, territory: str | None, page: int) -> str:
	params = {"chantier": workstream, "territoire": territory, "page": page if page > 1 else None}
	query = urlencode({key: value for key, value in params.items() if value})
	return f"{SHOWCASE_ROUTE}?{query}" if query else SHOWCASE_ROUTE


def workstream_choices() -> list[dict]:
	"""The chantiers that have a sheet shown, in their order: `{"value", "label"}`."""
	sheet = frappe.qb.DocType(SHEET)
	used = shown_sheets_query().select(sheet.workstream).distinct().run(pluck=True)
	workstreams = frappe.get_all(
		"Workstream",
		filters={"name": ("in", [name for name in used if name] or [""])},
		fields=["name", "number", "title"],
		order_by="number asc",
	)
	return [{"value": w.name, "label": workstream_label(w)} for w in workstreams]


def territory_choices() -> list[dict]:
	"""The territories named by a sheet shown and those that hold them (a commune holds its QPVs), in
	the order of the tree, each indented under the one that holds it: `{"value", "label"}`."""
	sheet = frappe.qb.DocType(SHEET)
	row = frappe.qb.DocType("Action Sheet Territory")
	used = (
		frappe.qb.from_(row)
		.select(row.territory)
		.distinct()
		.where(
			(row.parenttype == SHEET)
			& (row.parentfield == "territories")
			& row.parent.isin(shown_sheets_query().select(sheet.name))
		)
		.run(pluck=True)
	)
	if not used:
		return []
	tree = {
		place.name: place
		for place in frappe.get_all("GUSP Territory", fields=["name", "parent_gusp_territory", "lft"])
	}
	chosen = set()
	for name in filter(None, used):
		while name in tree and name not in chosen:
			chosen.add(name)
			name = tree[name].parent_gusp_territory

	def depth(name: str) -> int:
		parent = tree[name].parent_gusp_territory
		return depth(parent) + 1 if parent in chosen else 0

	ordered = sorted(chosen, key=lambda name: (tree[name].lft or 0, name.casefold()))
	return [{"value": name, "label": "\u00a0\u00a0" * depth(name) + name} for name in ordered]


def workstream_label(workstream: dict) -> str:
	return _("Workstream {0}: {1}").format(workstream["number"], workstream["title"])


CARD_FIELDS = ["name", "title", "workstream", "workflow_state", "objectives", "progress"]


def cards(names: list[str]) -> list[dict]:
	"""The cards of the list, in the order of `names`."""
	if not names:
		return []
	found = {
		row.name: row for row in frappe.get_all(SHEET, filters={"name": ("in", names)}, fields=CARD_FIELDS)
	}
	workstreams = workstream_labels([row.workstream for row in found.values()])
	territories = children_of(names, "Action Sheet Territory", "territories", "territory")
	return [
		{
			"name": name,
			"title": found[name].title,
			"url": f"{SHOWCASE_ROUTE}/{name}",
			"workstream": workstreams.get(found[name].workstream, ""),
			"status": _(found[name].workflow_state),
			"completed": found[name].workflow_state == SHOWN_STATES[-1],
			"territories": territories.get(name, []),
			"objectives": shorten(" · ".join(lines_of(found[name].objectives)), SUMMARY_LENGTH),
		}
		for name in names
		if name in found
	]


def workstream_labels(names: list[str]) -> dict[str, str]:
	rows = frappe.get_all(
		"Workstream",
		filters={"name": ("in", list(set(filter(None, names))) or [""])},
		fields=["name", "number", "title"],
	)
	return {row.name: workstream_label(row) for row in rows}


def children_of(parents: list[str], child_doctype: str, parentfield: str, field: str) -> dict[str, list[str]]:
	"""One field of a child table of action sheets, by sheet, in the table's order."""
	found = {}
	for row in frappe.get_all(
		child_doctype,
		filters={"parenttype": SHEET, "parentfield": parentfield, "parent": ("in", parents or [""])},
		fields=["parent", field],
		order_by="idx asc",
	):
		if row.get(field):
			found.setdefault(row.parent, []).append(row.get(field))
	return found


def shorten(text: str | None, length: int) -> str:
	"""Plain text of at most `length` characters, cut between two words."""
	text = " ".join(strip_html_tags(text or "").split())
	if len(text) <= length:
		return text
	return text[:length].rsplit(" ", 1)[0].rstrip(" ,;:.-") + "…"


def lines_of(text: str | None) -> list[str]:
	"""The lines of a plain text, without the dashes or bullets that start a list item."""
	lines = (line.strip().lstrip("-•*–").strip() for line in strip_html_tags(text or "").splitlines())
	return [line for line in lines if line]


# ---------------------------------------------------------------- one sheet


SHEET_FIELDS = [
	"name",
	"title",
	"workstream",
	"workflow_state",
	"is_public",
	"lead_member",
	"start_date",
	"end_date",
	"progress",
	"description",
	"objectives",
	"target_public",
	"resident_participation",
]


def public_sheet(name) -> dict | None:
	"""What `/actions/<sheet>` shows of a sheet, or None when the sheet is not shown."""
	if not _text(name):
		return None
	rows = frappe.get_all(
		SHEET,
		filters={"name": name, "is_public": 1, "workflow_state": ("in", SHOWN_STATES)},
		fields=SHEET_FIELDS,
	)
	if not rows:
		return None
	doc = rows[0]
	workstream = frappe.db.get_value("Workstream", doc.workstream, ["number", "title"], as_dict=True)
	partners = public_partners(doc.name, doc.lead_member)
	return {
		"name": doc.name,
		"title": doc.title,
		"workstream": workstream_label(workstream) if workstream else "",
		"status": _(doc.workflow_state),
		"completed": doc.workflow_state == SHOWN_STATES[-1],
		"territories": children_of([doc.name], "Action Sheet Territory", "territories", "territory").get(
			doc.name, []
		),
		"themes": [
			_(theme)
			for theme in children_of([doc.name], "Action Sheet Theme", "themes", "theme").get(doc.name, [])
		],
		"dates": dates_of(doc.start_date, doc.end_date),
		"progress": cint(doc.progress),
		# always: Frappe returns a text that parses as JSON unsanitised
		"description": sanitize_html(doc.description or "", linkify=False, always_sanitize=True),
		"objectives": lines_of(doc.objectives),
		"target_public": lines_of(doc.target_public),
		"resident_participation": lines_of(doc.resident_participation),
		"lead": partners["lead"],
		"partners": partners["named"],
		"other_partners": partners["others"],
		"indicators": indicators_of(doc.name),
		"evaluation": evaluation_summary(doc.name),
	}


def dates_of(start, end) -> str:
	if start and end:
		return _("From {0} to {1}").format(
			format_date(getdate(start), "long"), format_date(getdate(end), "long")
		)
	if start:
		return _("Since {0}").format(format_date(getdate(start), "long"))
	return ""


def public_partners(sheet: str, lead_member: str | None) -> dict:
	"""The lead organisation and the partners, named when they are in the public directory; the
	others only counted."""
	partners = [
		member
		for member in children_of([sheet], "Action Sheet Partner", "partners", "network_member").get(
			sheet, []
		)
		if member != lead_member
	]
	partners = list(dict.fromkeys(partners))
	public = set(
		frappe.get_all(
			"Network Member",
			filters={"name": ("in", [*partners, lead_member or ""]), "is_public": 1},
			pluck="name",
		)
	)
	return {
		"lead": lead_member if lead_member in public else None,
		"named": [member for member in partners if member in public],
		"others": sum(1 for member in partners if member not in public)
		+ (1 if lead_member and lead_member not in public else 0),
	}


def indicators_of(sheet: str) -> list[dict]:
	"""The sheet's indicators: where it started, the target, where it stands."""
	rows = frappe.get_all(
		"Action Sheet Indicator",
		filters={"parenttype": SHEET, "parentfield": "indicators", "parent": sheet},
		fields=["indicator", "unit", "baseline", "target", "actual"],
		order_by="idx asc",
	)
	return [
		{
			"indicator": row.indicator,
			"unit": row.unit or "",
			"baseline": number(row.baseline),
			"target": number(row.target),
			"actual": number(row.actual),
		}
		for row in rows
		if row.indicator
	]


def number(value) -> str:
	"""A figure as the site writes it (the site's number format), without useless decimals."""
	value = flt(value, 2)
	precision = 0 if value == int(value) else 2 if flt(value, 1) != value else 1
	return frappe.format_value(value, {"fieldtype": "Float", "precision": precision})


# ---------------------------------------------------------------- its evaluations


def evaluation_summary(sheet: str) -> dict | None:
	"""The validated evaluations of a sheet, summed up: their count, their average (each evaluation
	weighs the same), the average of each criterion (a criterion left unscored does not count), and
	what worked and the lessons of each, newest first. None when none is validated."""
	evaluations = frappe.get_all(
		EVALUATION,
		filters={"reference_doctype": SHEET, "reference_name": sheet, "workflow_state": VALIDATED},
		fields=["name", "evaluation_date", "average_score", "what_worked", "lessons"],
		order_by="evaluation_date desc, creation desc",
	)
	if not evaluations:
		return None
	averages = [flt(row.average_score) for row in evaluations if flt(row.average_score)]
	average = flt(sum(averages) / len(averages), 1) if averages else None
	return {
		"count": len(evaluations),
		"average": score_text(average) if average else None,
		"average_percent": score_percent(average),
		"criteria": criterion_averages([row.name for row in evaluations]),
		"findings": [
			{
				"date": format_date(getdate(row.evaluation_date), "long") if row.evaluation_date else "",
				"what_worked": clean_html(row.what_worked),
				"lessons": clean_html(row.lessons),
			}
			for row in evaluations
			if strip_html_tags(row.what_worked or "").strip() or strip_html_tags(row.lessons or "").strip()
		],
	}


def criterion_averages(evaluations: list[str]) -> list[dict]:
	"""Each criterion scored in these evaluations, in the order of the admins' list of criteria."""
	score = frappe.qb.DocType("Evaluation Score")
	rows = (
		frappe.qb.from_(score)
		.select(score.criterion, Avg(score.score).as_("average"), Count(score.name).as_("scores"))
		.where(
			(score.parenttype == EVALUATION)
			& (score.parentfield == "scores")
			& score.parent.isin(evaluations or [""])
			& (score.score > 0)
		)
		.groupby(score.criterion)
		.run(as_dict=True)
	)
	order = {
		name: index
		for index, name in enumerate(
			frappe.get_all("Evaluation Criterion", order_by="creation asc", pluck="name")
		)
	}
	rows.sort(key=lambda row: (order.get(row.criterion, len(order)), row.criterion or ""))
	return [
		{
			"criterion": _(row.criterion),
			"average": score_text(flt(row.average, 1)),
			"percent": score_percent(flt(row.average, 1)),
		}
		for row in rows
		if row.criterion
	]


def score_text(value: float) -> str:
	"""A score out of five, as the site writes numbers: "4,5 / 5"."""
	return _("{0} out of {1}").format(
		frappe.format_value(flt(value, 1), {"fieldtype": "Float", "precision": 1}), HIGHEST_SCORE
	)


def score_percent(value: float | None) -> int:
	return round(flt(value) * 100 / HIGHEST_SCORE) if value else 0


def clean_html(html: str | None) -> str:
	"""Rich text as the evaluators wrote it, without what a browser could run."""
	if not strip_html_tags(html or "").strip():
		return ""
	return sanitize_html(html, linkify=False, always_sanitize=True)
