"""Workstream Progress: how each chantier advances, from its action sheets.

One row per chantier (Workstream, by number) with:
- its action sheets by workflow state: one column per state of the active Action Sheet workflow,
  in the workflow's order, read from the Workflow record (a state an admin adds gets its column),
  and "Other States" for sheets in a state the workflow no longer lists;
- the steps of those sheets: all, due (due date today or earlier), done, late (not done and due
  date passed, on a sheet not completed nor abandoned), and the share done;
- their indicators against target. Indicators have their own units (people, days, euros), so
  summing them says nothing: the report counts the indicators that state a target (a target other
  than the baseline) and how many have reached it: at or above a target above the baseline, at or
  below a target under it (an indicator meant to fall, such as a delay; there an actual of 0 reads
  as "not measured yet").

Filters: chantier; territory and theme (a sheet counts when one of its territories or themes is the
one chosen or under it in the tree); member (the sheet's lead or one of its partners); period (the
sheet runs during it: it starts before its end and ends after its start, an open date being no
limit). A stacked bar chart shows each chantier's sheets by state.

Everything is counted in SQL (aggregates grouped by chantier). A user counts only the sheets they
may read: the app's row rule (`permissions.read_criterion`: a member reads the network's sheets
but another organisation's drafts) is part of the query.
"""

from dataclasses import dataclass
from datetime import date

import frappe
from frappe import _
from frappe.model.workflow import get_workflow_name
from frappe.query_builder import Case, Order
from frappe.query_builder.functions import Coalesce, Count, Sum
from frappe.utils import flt, getdate, today
from pypika.terms import Criterion

from gusp_network.permissions import read_criterion
from gusp_network.steering.queries import parents_with_row_under

WORKSTREAM = "Workstream"
# the workflow states where a sheet has ended (setup/data/workflows/action_sheet_workflow.json)
ENDED_STATES = ("Completed", "Abandoned")
SHEET = "Action Sheet"
STEP = "Action Sheet Step"
INDICATOR = "Action Sheet Indicator"
PARTNER = "Action Sheet Partner"
SHEET_TERRITORY = "Action Sheet Territory"
SHEET_THEME = "Action Sheet Theme"
TERRITORY = "GUSP Territory"
THEME = "GUSP Theme"
OTHER_STATES = "other_states"
STATE_COLOURS = {
	"Success": "#48BB74",
	"Primary": "#449CF0",
	"Info": "#5E64FF",
	"Warning": "#ECAD4B",
	"Danger": "#E24C4C",
	"Inverse": "#4C5A67",
}
DEFAULT_COLOUR = "#98A1A9"


@dataclass(frozen=True)
class ProgressFilters:
	workstream: str | None = None
	territory: str | None = None
	theme: str | None = None
	member: str | None = None
	from_date: date | None = None
	to_date: date | None = None

	@classmethod
	def parse(cls, filters: dict | None) -> "ProgressFilters":
		filters = frappe._dict(filters or {})
		return cls(
			workstream=filters.workstream or None,
			territory=filters.territory or None,
			theme=filters.theme or None,
			member=filters.member or None,
			from_date=getdate(filters.from_date) if filters.from_date else None,
			to_date=getdate(filters.to_date) if filters.to_date else None,
		)


@dataclass(frozen=True)
class State:
	name: str
	fieldname: str
	style: str | None = None


def execute(filters: dict | None = None):
	states = workflow_states()
	rows = progress_rows(ProgressFilters.parse(filters), states)
	return columns(states), rows, None, chart(rows, states), summary(rows)


# ---------------------------------------------------------------- the workflow's states


def workflow_states() -> list[State]:
	"""The states of the active Action Sheet workflow, in its order (each once)."""
	workflow = get_workflow_name(SHEET)
	if not workflow:
		return []
	names = []
	styles = {}
	for row in frappe.get_cached_doc("Workflow", workflow).states:
		if row.state and row.state not in styles:
			names.append(row.state)
			styles[row.state] = None
	found = frappe.get_all("Workflow State", filters={"name": ("in", names)}, fields=["name", "style"])
	styles.update({row.name: row.style for row in found})
	return [State(name, f"state_{index}", styles[name]) for index, name in enumerate(names, start=1)]


def state_field() -> str:
	workflow = get_workflow_name(SHEET)
	field = workflow and frappe.get_cached_doc("Workflow", workflow).workflow_state_field
	return field or "workflow_state"


# ---------------------------------------------------------------- what is counted


def sheet_conditions(filters: ProgressFilters, user: str | None = None) -> list[Criterion]:
	"""The Action Sheets the filters keep, among those the user may read."""
	sheet = frappe.qb.DocType(SHEET)
	conditions = []
	if filters.workstream:
		conditions.append(sheet.workstream == filters.workstream)
	if filters.territory:
		conditions.append(
			sheet.name.isin(
				in_tree(SHEET_TERRITORY, "territories", "territory", TERRITORY, filters.territory)
			)
		)
	if filters.theme:
		conditions.append(sheet.name.isin(in_tree(SHEET_THEME, "themes", "theme", THEME, filters.theme)))
	if filters.member:
		partner = frappe.qb.DocType(PARTNER)
		conditions.append(
			(sheet.lead_member == filters.member)
			| sheet.name.isin(
				frappe.qb.from_(partner)
				.select(partner.parent)
				.where(
					(partner.parenttype == SHEET)
					& (partner.parentfield == "partners")
					& (partner.network_member == filters.member)
				)
			)
		)
	if filters.from_date:
		conditions.append(sheet.end_date.isnull() | (sheet.end_date >= filters.from_date))
	if filters.to_date:
		conditions.append(sheet.start_date.isnull() | (sheet.start_date <= filters.to_date))
	readable = read_criterion(SHEET, user or frappe.session.user)
	if readable is not None:
		conditions.append(readable)
	return conditions


def in_tree(child_doctype: str, parentfield: str, link_field: str, tree_doctype: str, root: str):
	return parents_with_row_under(SHEET, child_doctype, parentfield, link_field, tree_doctype, root)


def progress_rows(filters: ProgressFilters, states: list[State], on: date | None = None) -> list[dict]:
	"""One row per chantier: sheets by state, steps, indicators (one SQL query)."""
	on = getdate(on or today())
	conditions = sheet_conditions(filters)
	workstream = frappe.qb.DocType(WORKSTREAM)
	sheets = sheets_by_state(conditions, states).as_("sheets")
	steps = step_figures(conditions, on).as_("steps")
	indicators = indicator_figures(conditions).as_("indicators")
	figures = {
		"sheets": sheets,
		OTHER_STATES: sheets,
		**{state.fieldname: sheets for state in states},
		"steps": steps,
		"steps_due": steps,
		"steps_done": steps,
		"late_steps": steps,
		"indicators": indicators,
		"indicators_reached": indicators,
	}
	query = (
		frappe.qb.from_(workstream)
		.left_join(sheets)
		.on(sheets["workstream"] == workstream.name)
		.left_join(steps)
		.on(steps["workstream"] == workstream.name)
		.left_join(indicators)
		.on(indicators["workstream"] == workstream.name)
		.select(
			workstream.name.as_("workstream"),
			workstream.number,
			workstream.title,
			*(Coalesce(table[field], 0).as_(field) for field, table in figures.items()),
		)
		.orderby(workstream.number)
		.orderby(workstream.name)
	)
	if filters.workstream:
		query = query.where(workstream.name == filters.workstream)
	rows = query.run(as_dict=True)
	for row in rows:
		for field in figures:
			row[field] = int(row[field] or 0)
		row["steps_done_share"] = share(row["steps_done"], row["steps"])
		row["indicators_reached_share"] = share(row["indicators_reached"], row["indicators"])
	return rows


def sheets_by_state(conditions: list[Criterion], states: list[State]):
	sheet = frappe.qb.DocType(SHEET)
	state = sheet[state_field()]
	known = [row.name for row in states]
	other = state.isnull() | state.notin(known) if known else state.isnull() | state.notnull()
	return (
		frappe.qb.from_(sheet)
		.select(
			sheet.workstream,
			Count(sheet.name).as_("sheets"),
			*(Sum(Case().when(state == row.name, 1).else_(0)).as_(row.fieldname) for row in states),
			Sum(Case().when(other, 1).else_(0)).as_(OTHER_STATES),
		)
		.where(Criterion.all(conditions))
		.groupby(sheet.workstream)
	)


def step_figures(conditions: list[Criterion], on: date):
	sheet = frappe.qb.DocType(SHEET)
	step = frappe.qb.DocType(STEP)
	done = step.done == 1
	due = step.due_date.notnull() & (step.due_date <= on)
	late = (
		(step.done == 0)
		& step.due_date.notnull()
		& (step.due_date < on)
		# a completed or abandoned sheet's unfinished steps are closed with it: late for nobody
		& sheet.workflow_state.notin(ENDED_STATES)
	)
	return (
		frappe.qb.from_(step)
		.join(sheet)
		.on(sheet.name == step.parent)
		.select(
			sheet.workstream,
			Count(step.name).as_("steps"),
			Sum(Case().when(due, 1).else_(0)).as_("steps_due"),
			Sum(Case().when(done, 1).else_(0)).as_("steps_done"),
			Sum(Case().when(late, 1).else_(0)).as_("late_steps"),
		)
		.where(Criterion.all([step.parenttype == SHEET, step.parentfield == "steps", *conditions]))
		.groupby(sheet.workstream)
	)


def indicator_figures(conditions: list[Criterion]):
	sheet = frappe.qb.DocType(SHEET)
	indicator = frappe.qb.DocType(INDICATOR)
	rising = indicator.target > indicator.baseline
	falling = indicator.target < indicator.baseline
	reached = (rising & (indicator.actual >= indicator.target)) | (
		falling & (indicator.actual > 0) & (indicator.actual <= indicator.target)
	)
	return (
		frappe.qb.from_(indicator)
		.join(sheet)
		.on(sheet.name == indicator.parent)
		.select(
			sheet.workstream,
			Count(indicator.name).as_("indicators"),
			Sum(Case().when(reached, 1).else_(0)).as_("indicators_reached"),
		)
		.where(
			Criterion.all(
				[
					indicator.parenttype == SHEET,
					indicator.parentfield == "indicators",
					indicator.target != indicator.baseline,
					*conditions,
				]
			)
		)
		.groupby(sheet.workstream)
	)


def share(part: int, whole: int) -> float:
	return flt(100 * part / whole, 1) if whole else 0.0


# ---------------------------------------------------------------- columns, chart, summary


def columns(states: list[State]) -> list[dict]:
	def count(fieldname: str, label: str, width: int = 110) -> dict:
		return {"fieldname": fieldname, "label": label, "fieldtype": "Int", "width": width}

	return [
		{
			"fieldname": "workstream",
			"label": _("Workstream"),
			"fieldtype": "Link",
			"options": WORKSTREAM,
			"width": 110,
		},
		{"fieldname": "title", "label": _("Title"), "fieldtype": "Data", "width": 260},
		count("sheets", _("Action Sheets")),
		*(count(state.fieldname, _(state.name)) for state in states),
		count(OTHER_STATES, _("Other States")),
		count("steps", _("Steps"), 90),
		count("steps_due", _("Steps Due")),
		count("steps_done", _("Steps Done")),
		count("late_steps", _("Late Steps")),
		{"fieldname": "steps_done_share", "label": _("Steps Done (%)"), "fieldtype": "Percent", "width": 120},
		count("indicators", _("Indicators with a Target"), 150),
		count("indicators_reached", _("Indicators Reaching Target"), 160),
		{
			"fieldname": "indicators_reached_share",
			"label": _("Indicators Reaching Target (%)"),
			"fieldtype": "Percent",
			"width": 180,
		},
	]


def chart(rows: list[dict], states: list[State]) -> dict | None:
	"""Each chantier's sheets, stacked by workflow state (the chantiers with sheets only)."""
	rows = [row for row in rows if row["sheets"]]
	if not rows:
		return None
	datasets = [
		(state.name, state.fieldname, STATE_COLOURS.get(state.style or "", DEFAULT_COLOUR))
		for state in states
	]
	if any(row[OTHER_STATES] for row in rows):
		datasets.append(("Other States", OTHER_STATES, DEFAULT_COLOUR))
	return {
		"data": {
			"labels": [chantier_label(row) for row in rows],
			"datasets": [
				{"name": _(label), "values": [row[field] for row in rows]}
				for label, field, _colour in datasets
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": [colour for _label, _field, colour in datasets],
		"fieldtype": "Int",
	}


def chantier_label(row: dict) -> str:
	return _("Workstream {0}").format(row["number"]) if row.get("number") else row["workstream"]


def summary(rows: list[dict]) -> list[dict]:
	steps = sum(row["steps"] for row in rows)
	indicators = sum(row["indicators"] for row in rows)
	return [
		{
			"value": sum(row["sheets"] for row in rows),
			"label": _("Action Sheets"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"value": share(sum(row["steps_done"] for row in rows), steps),
			"label": _("Steps Done (%)"),
			"datatype": "Percent",
			"indicator": "Green",
		},
		{
			"value": sum(row["late_steps"] for row in rows),
			"label": _("Late Steps"),
			"datatype": "Int",
			"indicator": "Red",
		},
		{
			"value": share(sum(row["indicators_reached"] for row in rows), indicators),
			"label": _("Indicators Reaching Target (%)"),
			"datatype": "Percent",
			"indicator": "Green",
		},
	]
