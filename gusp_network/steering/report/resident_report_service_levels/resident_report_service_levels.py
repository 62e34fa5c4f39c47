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

The reports are read in ONE query that counts them per group and per number of days to resolve
(GROUP BY: a few thousand rows for a hundred thousand reports, where a window PERCENTILE_CONT would
sort every report twice); the rows, the cards and the percentiles are added up from those counts.
A member counts only the reports routed to their organisation
(`gusp_network.permissions.read_criterion`, the rule of the Resident Report list).
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import frappe
from frappe import _
from frappe.query_builder import Case, CustomFunction
from frappe.query_builder.functions import Count, Date, IfNull, Sum
from frappe.utils import add_days, flt, getdate, today

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
# what the query sums per group and number of days (see `histogram_query`)
COUNTS = (
	"received",
	"open_reports",
	"past_due",
	"resolved",
	"closed_on_time",
	"resolved_with_due_date",
	"me_too_voices",
	"reopened",
	"closed_once",
)


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
	groups = tallies(filters, getdate(today()), GROUPS[filters.group_by][0])
	rows = sorted_rows(groups)
	return columns(filters.group_by), rows, None, chart(rows), summary(overall(groups))


# ---------------------------------------------------------------- figures


@dataclass
class Tally:
	"""A group's counts, and how many of its resolved reports took each number of days."""

	counts: Counter = field(default_factory=Counter)
	days: Counter = field(default_factory=Counter)

	def add(self, row: dict) -> None:
		self.counts.update({name: int(row[name] or 0) for name in COUNTS})
		if row["days"] is not None:
			self.days[int(row["days"])] += int(row["resolved"] or 0)


def service_levels(filters: ServiceLevelFilters, on: date | None = None) -> list[dict]:
	"""One row per group, the most reports received first."""
	return sorted_rows(tallies(filters, getdate(on or today()), GROUPS[filters.group_by][0]))


def network_figures(filters: ServiceLevelFilters, on: date | None = None) -> dict:
	"""The same figures for the whole selection (every group together)."""
	return overall(tallies(filters, getdate(on or today()), None))


def sorted_rows(groups: dict[str | None, Tally]) -> list[dict]:
	rows = [as_row(group_value, tally) for group_value, tally in groups.items()]
	rows.sort(key=lambda row: (-row["received"], row["group_value"] is None, row["group_value"] or ""))
	return rows


def overall(groups: dict[str | None, Tally]) -> dict:
	total = Tally()
	for tally in groups.values():
		total.counts.update(tally.counts)
		total.days.update(tally.days)
	return as_row(None, total)


def tallies(filters: ServiceLevelFilters, on: date, fieldname: str | None) -> dict[str | None, Tally]:
	"""Group (by `fieldname`; None: one group) → its Tally, from ONE pass over the reports: the
	database counts them per group and per number of days to resolve (a few thousand rows at most),
	the percentiles are then read off those counts."""
	groups = defaultdict(Tally)
	for row in histogram_query(filters, on, fieldname).run(as_dict=True):
		groups[row.get("group_value")].add(row)
	return groups


def histogram_query(filters: ServiceLevelFilters, on: date, fieldname: str | None):
	"""The reports counted, grouped by `fieldname` (when given) and by days to resolve (NULL: not
	resolved, or no closing date), with the sums of their 0/1 flags."""
	report = frappe.qb.DocType(REPORT)
	is_open = report.public_status == OPEN
	is_resolved = report.public_status == CLOSED
	reopened = IfNull(report.reopen_count, 0) > 0
	days = Case().when(is_resolved, DateDiff(report.closed_on, Date(report.creation))).else_(None)
	query = (
		frappe.qb.from_(report)
		.select(
			days.as_("days"),
			Count("*").as_("received"),
			Sum(flag(is_open)).as_("open_reports"),
			Sum(flag(is_open & (report.due_date < on))).as_("past_due"),
			Sum(flag(is_resolved)).as_("resolved"),
			Sum(flag(is_resolved & (report.closed_on <= report.due_date))).as_("closed_on_time"),
			Sum(flag(is_resolved & report.due_date.isnotnull())).as_("resolved_with_due_date"),
			Sum(IfNull(report.me_too_count, 0)).as_("me_too_voices"),
			Sum(flag(reopened)).as_("reopened"),
			Sum(flag(is_resolved | reopened)).as_("closed_once"),
		)
		.groupby(days)
	)
	if fieldname:
		query = query.select(report[fieldname].as_("group_value")).groupby(report[fieldname])
	for condition in conditions(filters, report):
		query = query.where(condition)
	return query


def percentile(days: Counter, fraction: float) -> float | None:
	"""The continuous percentile (as PERCENTILE_CONT and a spreadsheet's PERCENTILE) of the values
	counted in `days` (value → how many times)."""
	total = sum(days.values())
	if not total:
		return None
	position = fraction * (total - 1)
	ranks = (math.floor(position), math.ceil(position))
	found, seen = [None, None], 0
	for value in sorted(days):
		seen += days[value]
		for index, rank in enumerate(ranks):
			if found[index] is None and rank < seen:
				found[index] = value
		if found[1] is not None:
			break
	lower, upper = found
	return lower + (position - ranks[0]) * (upper - lower)


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


def as_row(group_value: str | None, tally: Tally) -> dict:
	counts = tally.counts
	median, p90 = percentile(tally.days, 0.5), percentile(tally.days, 0.9)
	return {
		"group_value": group_value,
		"received": counts["received"],
		"resolved": counts["resolved"],
		"open_reports": counts["open_reports"],
		"past_due": counts["past_due"],
		"median_days": None if median is None else flt(median, 1),
		"p90_days": None if p90 is None else flt(p90, 1),
		"closed_on_time": counts["closed_on_time"],
		"on_time_share": share(counts["closed_on_time"], counts["resolved_with_due_date"]),
		"me_too_voices": counts["me_too_voices"],
		"reopened": counts["reopened"],
		"reopen_rate": share(counts["reopened"], counts["closed_once"]),
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
