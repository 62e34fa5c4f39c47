"""Resident Report Service Levels: how each organisation, territory or theme handles residents' reports.

One row per group (the organisation a report is routed to, its territory or its theme: the "group
by" filter, organisation first) with, for the reports received in the period:

- received: every report created in the period, except those closed as a duplicate of another
  (the problem is counted once, on the report they duplicate);
- open: public status Open (what the workflow's states set: New, Qualified, Forwarded, In Progress);
- resolved: public status Closed with an answer (fixed, not ours, no action possible); a report
  reopened is open again, and resolved only once it is closed again;
- past due: open with its due date passed (before today);
- median and 90th-percentile days to resolve: from the day it was received to its closing date,
  over the resolved reports (continuous percentiles, as a spreadsheet's PERCENTILE);
- closed on time: resolved on or before its due date; the share is taken over the resolved reports
  that had a due date;
- "moi aussi" voices: the residents who said they have the same problem;
- reopened: reports closed then opened again at least once (`reopen_count`, which the report's
  controller counts); the rate is taken over the reports closed at least once.

Filters: received from / to, territory (with its sub-territories), theme (with its sub-themes),
organisation, group by. A bar chart gives the share closed on time per group; the cards above the
table give the same figures for the whole selection.

Every figure is computed by the database in two queries (GROUP BY over a window query: MariaDB has
PERCENTILE_CONT only as a window function). A member counts only the reports routed to their
organisation (`gusp_network.permissions.read_criterion`, the rule of the Resident Report list).
"""

from dataclasses import dataclass
from datetime import date

import frappe
from frappe import _
from frappe.query_builder import Case, CustomFunction
from frappe.query_builder.functions import Count, Date, IfNull, Max, Sum
from frappe.utils import add_days, flt, getdate, today
from pypika.terms import Term
from pypika.utils import format_alias_sql

from gusp_network.constants import CLOSED, CLOSING_DUPLICATE, OPEN
from gusp_network.permissions import read_criterion

REPORT = "Resident Report"
TERRITORY = "GUSP Territory"
THEME = "GUSP Theme"
# group by → (Resident Report field, the DocType it links to, the column's label)
GROUPS = {
	"organisation": ("responsible_member", "Network Member", "Organisation"),
	"territory": ("territory", TERRITORY, "Territory"),
	"theme": ("theme", THEME, "Theme"),
}
DEFAULT_GROUP = "organisation"

DateDiff = CustomFunction("DATEDIFF", ["end", "start"])


class PercentileCont(Term):
	"""`PERCENTILE_CONT(f) WITHIN GROUP (ORDER BY x) OVER (PARTITION BY g)`: MariaDB's percentile,
	a window function only (pypika has no WITHIN GROUP). NULL values of `x` are left out."""

	def __init__(self, fraction: float, order_by: Term, partition_by: Term | None = None, alias=None):
		super().__init__(alias=alias)
		self.fraction = float(fraction)
		self.order_by = order_by
		self.partition_by = partition_by

	def nodes_(self):
		yield self
		yield from self.order_by.nodes_()
		if self.partition_by is not None:
			yield from self.partition_by.nodes_()

	def get_sql(self, with_alias: bool = False, **kwargs) -> str:
		order = self.order_by.get_sql(**kwargs)
		partition = (
			f"PARTITION BY {self.partition_by.get_sql(**kwargs)}" if self.partition_by is not None else ""
		)
		sql = f"PERCENTILE_CONT({self.fraction}) WITHIN GROUP (ORDER BY {order}) OVER ({partition})"
		return format_alias_sql(sql, self.alias if with_alias else None, **kwargs)


@dataclass(frozen=True)
class ServiceLevelFilters:
	from_date: date | None = None
	to_date: date | None = None
	territory: str | None = None
	theme: str | None = None
	member: str | None = None
	group_by: str = DEFAULT_GROUP

	@classmethod
	def parse(cls, filters: dict | None) -> "ServiceLevelFilters":
		filters = frappe._dict(filters or {})
		return cls(
			from_date=getdate(filters.from_date) if filters.from_date else None,
			to_date=getdate(filters.to_date) if filters.to_date else None,
			territory=filters.territory or None,
			theme=filters.theme or None,
			member=filters.member or None,
			group_by=filters.group_by if filters.group_by in GROUPS else DEFAULT_GROUP,
		)


def execute(filters: dict | None = None):
	frappe.has_permission(REPORT, "report", throw=True)
	filters = ServiceLevelFilters.parse(filters)
	on = getdate(today())
	rows = service_levels(filters, on)
	return (
		columns(filters.group_by),
		rows,
		None,
		chart(rows),
		summary(network_figures(filters, on)),
	)


# ---------------------------------------------------------------- figures


def service_levels(filters: ServiceLevelFilters, on: date | None = None) -> list[dict]:
	"""One row per group, the most reports received first."""
	fieldname = GROUPS[filters.group_by][0]
	rows = figures_query(filters, getdate(on or today()), fieldname).run(as_dict=True)
	rows = [as_row(row) for row in rows]
	rows.sort(key=lambda row: (-row["received"], row["group_value"] is None, row["group_value"] or ""))
	return rows


def network_figures(filters: ServiceLevelFilters, on: date | None = None) -> dict:
	"""The same figures for the whole selection (every group together)."""
	rows = figures_query(filters, getdate(on or today()), None).run(as_dict=True)
	return as_row(rows[0]) if rows and rows[0].received else as_row(frappe._dict(received=0))


def figures_query(filters: ServiceLevelFilters, on: date, fieldname: str | None):
	"""GROUP BY `fieldname` (None: one row) over the reports, each with its flags and its group's
	percentiles of days to resolve."""
	reports = reports_query(filters, on, fieldname).as_("reports")
	query = frappe.qb.from_(reports).select(
		Count("*").as_("received"),
		Sum(reports.is_open).as_("open_reports"),
		Sum(reports.is_past_due).as_("past_due"),
		Sum(reports.is_resolved).as_("resolved"),
		Max(reports.median_days).as_("median_days"),
		Max(reports.p90_days).as_("p90_days"),
		Sum(reports.is_on_time).as_("closed_on_time"),
		Sum(reports.has_due_date).as_("resolved_with_due_date"),
		Sum(reports.me_too).as_("me_too_voices"),
		Sum(reports.is_reopened).as_("reopened"),
		Sum(reports.was_closed).as_("closed_once"),
	)
	if fieldname:
		query = query.select(reports.group_value).groupby(reports.group_value)
	return query


def reports_query(filters: ServiceLevelFilters, on: date, fieldname: str | None):
	"""One row per report counted, with 0/1 flags, its days to resolve and its group's percentiles."""
	report = frappe.qb.DocType(REPORT)
	is_open = report.public_status == OPEN
	is_resolved = report.public_status == CLOSED
	days = Case().when(is_resolved, DateDiff(report.closed_on, Date(report.creation))).else_(None)
	group = report[fieldname] if fieldname else None
	reopened = IfNull(report.reopen_count, 0) > 0
	query = frappe.qb.from_(report).select(
		flag(is_open).as_("is_open"),
		flag(is_open & (report.due_date < on)).as_("is_past_due"),
		flag(is_resolved).as_("is_resolved"),
		flag(is_resolved & report.due_date.isnotnull()).as_("has_due_date"),
		flag(is_resolved & (report.closed_on <= report.due_date)).as_("is_on_time"),
		IfNull(report.me_too_count, 0).as_("me_too"),
		flag(reopened).as_("is_reopened"),
		flag(is_resolved | reopened).as_("was_closed"),
		PercentileCont(0.5, days, group).as_("median_days"),
		PercentileCont(0.9, days, group).as_("p90_days"),
	)
	if group is not None:
		query = query.select(group.as_("group_value"))
	for condition in conditions(filters, report):
		query = query.where(condition)
	return query


def flag(condition) -> Case:
	return Case().when(condition, 1).else_(0)


def conditions(filters: ServiceLevelFilters, report) -> list:
	found = [(report.public_status != CLOSED) | (IfNull(report.closing_reason, "") != CLOSING_DUPLICATE)]
	if filters.from_date:
		found.append(report.creation >= filters.from_date)
	if filters.to_date:
		found.append(report.creation < add_days(filters.to_date, 1))
	if filters.territory:
		found.append(report.territory.isin(subtree(TERRITORY, filters.territory)))
	if filters.theme:
		found.append(report.theme.isin(subtree(THEME, filters.theme)))
	if filters.member:
		found.append(report.responsible_member == filters.member)
	# what the user may read: a member, the reports routed to their organisation
	criterion = read_criterion(REPORT, frappe.session.user)
	if criterion is not None:
		found.append(criterion)
	return found


def subtree(doctype: str, name: str):
	"""The names of a tree node and every node under it (nested sets)."""
	node = frappe.qb.DocType(doctype).as_("node")
	ancestor = frappe.qb.DocType(doctype).as_("ancestor")
	return (
		frappe.qb.from_(node)
		.join(ancestor)
		.on((node.lft >= ancestor.lft) & (node.rgt <= ancestor.rgt))
		.select(node.name)
		.where(ancestor.name == name)
	)


def as_row(row: frappe._dict) -> dict:
	received = int(row.received or 0)
	resolved = int(row.resolved or 0)
	reopened = int(row.reopened or 0)
	return {
		"group_value": row.get("group_value"),
		"received": received,
		"resolved": resolved,
		"open_reports": int(row.open_reports or 0),
		"past_due": int(row.past_due or 0),
		"median_days": None if row.median_days is None else flt(row.median_days, 1),
		"p90_days": None if row.p90_days is None else flt(row.p90_days, 1),
		"closed_on_time": int(row.closed_on_time or 0),
		"on_time_share": share(row.closed_on_time, row.resolved_with_due_date),
		"me_too_voices": int(row.me_too_voices or 0),
		"reopened": reopened,
		"reopen_rate": share(reopened, row.closed_once),
	}


def share(part, whole) -> float | None:
	"""A percentage with one decimal; None when there is nothing to divide by."""
	return flt(100 * flt(part) / flt(whole), 1) if flt(whole) else None


# ---------------------------------------------------------------- columns, chart, summary


def columns(group_by: str = DEFAULT_GROUP) -> list[dict]:
	_fieldname, doctype, label = GROUPS[group_by]
	return [
		{
			"fieldname": "group_value",
			"label": _(label),
			"fieldtype": "Link",
			"options": doctype,
			"width": 220,
		},
		{"fieldname": "received", "label": _("Received"), "fieldtype": "Int", "width": 100},
		{"fieldname": "resolved", "label": _("Resolved"), "fieldtype": "Int", "width": 100},
		{"fieldname": "open_reports", "label": _("Open"), "fieldtype": "Int", "width": 90},
		{"fieldname": "past_due", "label": _("Past Due"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "median_days",
			"label": _("Median Days to Resolve"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 130,
		},
		{
			"fieldname": "p90_days",
			"label": _("90th Percentile Days"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 130,
		},
		{"fieldname": "closed_on_time", "label": _("Closed on Time"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "on_time_share",
			"label": _("Share Closed on Time"),
			"fieldtype": "Percent",
			"width": 130,
		},
		{"fieldname": "me_too_voices", "label": _("Me Too Voices"), "fieldtype": "Int", "width": 110},
		{"fieldname": "reopened", "label": _("Reopened"), "fieldtype": "Int", "width": 100},
		{"fieldname": "reopen_rate", "label": _("Reopen Rate"), "fieldtype": "Percent", "width": 110},
	]


def chart(rows: list[dict]) -> dict | None:
	"""The share of reports closed on time, per group that resolved reports with a due date."""
	measured = [row for row in rows if row["on_time_share"] is not None]
	if not measured:
		return None
	return {
		"data": {
			"labels": [row["group_value"] or _("Not Set") for row in measured],
			"datasets": [
				{"name": _("Share Closed on Time"), "values": [row["on_time_share"] for row in measured]}
			],
		},
		"type": "bar",
		"colors": ["#29CD42"],
		"fieldtype": "Percent",
	}


def summary(figures: dict) -> list[dict]:
	return [
		{"value": figures["received"], "label": _("Received"), "datatype": "Int", "indicator": "Blue"},
		{"value": figures["open_reports"], "label": _("Open"), "datatype": "Int", "indicator": "Orange"},
		{"value": figures["past_due"], "label": _("Past Due"), "datatype": "Int", "indicator": "Red"},
		{
			"value": figures["on_time_share"] or 0,
			"label": _("Share Closed on Time"),
			"datatype": "Percent",
			"indicator": "Green",
		},
		{
			"value": figures["median_days"] or 0,
			"label": _("Median Days to Resolve"),
			"datatype": "Float",
			"indicator": "Blue",
		},
		{
			"value": figures["reopen_rate"] or 0,
			"label": _("Reopen Rate"),
			"datatype": "Percent",
			"indicator": "Orange",
		},
	]
