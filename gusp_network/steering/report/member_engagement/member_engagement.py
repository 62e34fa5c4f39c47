"""Member Engagement: who carries the network, organisation by organisation.

One row per Network Member with:
- action sheets it leads, and those it is a partner of (its sheets running during the period);
- resident reports routed to it (`responsible_member`, received during the period; a report closed
  as a duplicate of another is not counted), those resolved (closed with an answer; a reopened
  report is open again) and those resolved on time (closed on or before their due date): the
  definitions of the Resident Report Service Levels report, so that both give the same figures;
- residents' needs answered: needs whose answering action sheet it leads or is a partner of
  (needs written down during the period);
- cooperation agreements it is a party to (running during the period);
- newsletter contributions it proposed (any state) and those published (written during the
  period);
- network meetings it attended (a participant row of the organisation marked attended; meetings
  held during the period);
- shared evaluations it took part in as an evaluator (dated in the period);
- an engagement total: sheets led and partnered, reports resolved, needs answered, agreements,
  contributions proposed, meetings attended and evaluations (reports received are not counted: they
  are sent to a member, not done by it).

Filters: period, and which organisations: territory and theme (an organisation whose territories or
themes include the one chosen or one under it in the tree), member type. The chart shows the ten
organisations with the highest engagement total.

Every figure is an SQL aggregate (one grouped subquery per figure, joined on the organisation).
Managers and the resource centre see every organisation; a member sees its own organisation's row
only (the reports routed to others, for one, are not theirs to read), and each figure counts only
the records the user may read (`permissions.read_criterion`).
"""

from dataclasses import dataclass
from datetime import date

import frappe
from frappe import _
from frappe.query_builder import Case, Order
from frappe.query_builder.functions import Coalesce, Count, IfNull, Sum
from frappe.utils import add_days, getdate
from pypika.terms import Criterion

from gusp_network.constants import CLOSED, CLOSING_DUPLICATE
from gusp_network.knowledge.newsletters import PUBLISHED
from gusp_network.permissions import NETWORK_READ_ROLES, get_user_member, is_scoped, read_criterion
from gusp_network.steering.queries import parents_with_row_under

MEMBER = "Network Member"
SHEET = "Action Sheet"
PARTNER = "Action Sheet Partner"
REPORT = "Resident Report"
NEED = "Resident Need"
AGREEMENT = "Cooperation Agreement"
PARTY = "Cooperation Agreement Party"
CONTRIBUTION = "Newsletter Contribution"
MEETING = "Network Meeting"
PARTICIPANT = "Network Meeting Participant"
EVALUATION = "Evaluation"
EVALUATOR = "Evaluation Evaluator"
TOP_MEMBERS = 10

# the figures added up in the engagement total
ENGAGEMENT = (
	"sheets_led",
	"sheets_partnered",
	"reports_resolved",
	"needs_answered",
	"agreements",
	"contributions_proposed",
	"meetings_attended",
	"evaluations",
)


@dataclass(frozen=True)
class EngagementFilters:
	from_date: date | None = None
	to_date: date | None = None
	territory: str | None = None
	theme: str | None = None
	member_type: str | None = None

	@classmethod
	def parse(cls, filters: dict | None) -> "EngagementFilters":
		filters = frappe._dict(filters or {})
		return cls(
			from_date=getdate(filters.from_date) if filters.from_date else None,
			to_date=getdate(filters.to_date) if filters.to_date else None,
			territory=filters.territory or None,
			theme=filters.theme or None,
			member_type=filters.member_type or None,
		)


def execute(filters: dict | None = None):
	rows = engagement_rows(EngagementFilters.parse(filters))
	return columns(), rows, None, chart(rows), summary(rows)


# ---------------------------------------------------------------- the organisations


def member_conditions(filters: EngagementFilters, user: str) -> list[Criterion] | None:
	"""The organisations listed; None when the user may see none."""
	member = frappe.qb.DocType(MEMBER)
	conditions = []
	if is_scoped(user, NETWORK_READ_ROLES):
		own = get_user_member(user)
		if not own:
			return None
		conditions.append(member.name == own)
	if filters.member_type:
		conditions.append(member.member_type == filters.member_type)
	if filters.territory:
		conditions.append(
			member.name.isin(
				in_tree(
					"Network Member Territory",
					"territories",
					"territory",
					"GUSP Territory",
					filters.territory,
				)
			)
		)
	if filters.theme:
		conditions.append(
			member.name.isin(in_tree("Network Member Theme", "themes", "theme", "GUSP Theme", filters.theme))
		)
	return conditions


def in_tree(child_doctype: str, parentfield: str, link_field: str, tree_doctype: str, root: str):
	return parents_with_row_under(MEMBER, child_doctype, parentfield, link_field, tree_doctype, root)


# ---------------------------------------------------------------- the figures


def engagement_rows(filters: EngagementFilters, user: str | None = None) -> list[dict]:
	user = user or frappe.session.user
	conditions = member_conditions(filters, user)
	if conditions is None:
		return []
	member = frappe.qb.DocType(MEMBER)
	query = frappe.qb.from_(member)
	figures = {}
	for alias, subquery in figure_queries(filters, user).items():
		table = subquery.as_(alias)
		query = query.left_join(table).on(table["member"] == member.name)
		for field in subquery_fields(alias):
			figures[field] = Coalesce(table[field], 0)
	total = None
	for field in ENGAGEMENT:
		total = figures[field] if total is None else total + figures[field]
	query = (
		query.select(
			member.name.as_("member"),
			member.member_type,
			*(value.as_(field) for field, value in figures.items()),
			total.as_("engagement"),
		)
		.orderby(total, order=Order.desc)
		.orderby(member.name)
	)
	if conditions:
		query = query.where(Criterion.all(conditions))
	rows = query.run(as_dict=True)
	for row in rows:
		for field in (*figures, "engagement"):
			row[field] = int(row[field] or 0)
	return rows


def subquery_fields(alias: str) -> tuple[str, ...]:
	return {
		"reports": ("reports_received", "reports_resolved", "reports_resolved_on_time"),
		"contributions": ("contributions_proposed", "contributions_published"),
	}.get(alias, (alias,))


def figure_queries(filters: EngagementFilters, user: str) -> dict:
	"""One query per figure, each giving `member` and its counts, grouped by organisation."""
	return {
		"sheets_led": sheets_led(filters, user),
		"sheets_partnered": sheets_partnered(filters, user),
		"reports": reports(filters, user),
		"needs_answered": needs_answered(filters, user),
		"agreements": agreements(filters, user),
		"contributions": contributions(filters, user),
		"meetings_attended": meetings_attended(filters, user),
		"evaluations": evaluations(filters, user),
	}


def readable(doctype: str, user: str) -> list[Criterion]:
	criterion = read_criterion(doctype, user)
	return [] if criterion is None else [criterion]


def running(table, filters: EngagementFilters) -> list[Criterion]:
	"""Records with a start and an end date that run during the period (an open date: no limit)."""
	conditions = []
	if filters.from_date:
		conditions.append(table.end_date.isnull() | (table.end_date >= filters.from_date))
	if filters.to_date:
		conditions.append(table.start_date.isnull() | (table.start_date <= filters.to_date))
	return conditions


def within(field, filters: EngagementFilters) -> list[Criterion]:
	"""A date or datetime field in the period, written so that its index serves."""
	conditions = []
	if filters.from_date:
		conditions.append(field >= filters.from_date)
	if filters.to_date:
		conditions.append(field < add_days(filters.to_date, 1))
	return conditions


def sheets_led(filters: EngagementFilters, user: str):
	sheet = frappe.qb.DocType(SHEET)
	return (
		frappe.qb.from_(sheet)
		.select(sheet.lead_member.as_("member"), Count(sheet.name).as_("sheets_led"))
		.where(Criterion.all([sheet.lead_member.notnull(), *running(sheet, filters), *readable(SHEET, user)]))
		.groupby(sheet.lead_member)
	)


def sheets_partnered(filters: EngagementFilters, user: str):
	sheet = frappe.qb.DocType(SHEET)
	partner = frappe.qb.DocType(PARTNER)
	return (
		frappe.qb.from_(partner)
		.join(sheet)
		.on(sheet.name == partner.parent)
		.select(partner.network_member.as_("member"), Count(sheet.name).distinct().as_("sheets_partnered"))
		.where(
			Criterion.all(
				[
					partner.parenttype == SHEET,
					partner.parentfield == "partners",
					*running(sheet, filters),
					*readable(SHEET, user),
				]
			)
		)
		.groupby(partner.network_member)
	)


def reports(filters: EngagementFilters, user: str):
	"""Grouped on IFNULL(member, ''), which no index gives in order: MariaDB then reads the reports in
	one sequential pass, rather than walking the member index with a random read per report (several
	times slower once the reports no longer fit in memory). A report routed to nobody joins no row."""
	report = frappe.qb.DocType(REPORT)
	resolved = report.public_status == CLOSED
	on_time = resolved & (report.closed_on <= report.due_date)
	member = IfNull(report.responsible_member, "")
	return (
		frappe.qb.from_(report)
		.select(
			member.as_("member"),
			Count(report.name).as_("reports_received"),
			Sum(Case().when(resolved, 1).else_(0)).as_("reports_resolved"),
			Sum(Case().when(on_time, 1).else_(0)).as_("reports_resolved_on_time"),
		)
		.where(
			Criterion.all(
				[
					(report.public_status != CLOSED)
					| (IfNull(report.closing_reason, "") != CLOSING_DUPLICATE),
					*within(report.creation, filters),
					*readable(REPORT, user),
				]
			)
		)
		.groupby(member)
	)


def needs_answered(filters: EngagementFilters, user: str):
	"""Needs whose answering sheet the organisation leads or is a partner of (each need once)."""
	sheet = frappe.qb.DocType(SHEET)
	partner = frappe.qb.DocType(PARTNER)
	need = frappe.qb.DocType(NEED)
	carriers = (
		frappe.qb.from_(sheet)
		.select(sheet.name.as_("sheet"), sheet.lead_member.as_("member"))
		.union(
			frappe.qb.from_(partner)
			.select(partner.parent.as_("sheet"), partner.network_member.as_("member"))
			.where((partner.parenttype == SHEET) & (partner.parentfield == "partners"))
		)
	).as_("carriers")
	return (
		frappe.qb.from_(need)
		.join(carriers)
		.on(carriers["sheet"] == need.action_sheet)
		.select(carriers["member"].as_("member"), Count(need.name).distinct().as_("needs_answered"))
		.where(Criterion.all([*within(need.creation, filters), *readable(NEED, user)]))
		.groupby(carriers["member"])
	)


def agreements(filters: EngagementFilters, user: str):
	agreement = frappe.qb.DocType(AGREEMENT)
	party = frappe.qb.DocType(PARTY)
	return (
		frappe.qb.from_(party)
		.join(agreement)
		.on(agreement.name == party.parent)
		.select(party.network_member.as_("member"), Count(agreement.name).distinct().as_("agreements"))
		.where(
			Criterion.all(
				[
					party.parenttype == AGREEMENT,
					party.parentfield == "parties",
					*running(agreement, filters),
					*readable(AGREEMENT, user),
				]
			)
		)
		.groupby(party.network_member)
	)


def contributions(filters: EngagementFilters, user: str):
	contribution = frappe.qb.DocType(CONTRIBUTION)
	return (
		frappe.qb.from_(contribution)
		.select(
			contribution.contributor.as_("member"),
			Count(contribution.name).as_("contributions_proposed"),
			Sum(Case().when(contribution.workflow_state == PUBLISHED, 1).else_(0)).as_(
				"contributions_published"
			),
		)
		.where(
			Criterion.all(
				[
					contribution.contributor.notnull(),
					*within(contribution.creation, filters),
					*readable(CONTRIBUTION, user),
				]
			)
		)
		.groupby(contribution.contributor)
	)


def meetings_attended(filters: EngagementFilters, user: str):
	meeting = frappe.qb.DocType(MEETING)
	participant = frappe.qb.DocType(PARTICIPANT)
	return (
		frappe.qb.from_(participant)
		.join(meeting)
		.on(meeting.name == participant.parent)
		.select(
			participant.network_member.as_("member"), Count(meeting.name).distinct().as_("meetings_attended")
		)
		.where(
			Criterion.all(
				[
					participant.parenttype == MEETING,
					participant.parentfield == "participants",
					participant.attended == 1,
					*within(meeting.starts_on, filters),
					*readable(MEETING, user),
				]
			)
		)
		.groupby(participant.network_member)
	)


def evaluations(filters: EngagementFilters, user: str):
	evaluation = frappe.qb.DocType(EVALUATION)
	evaluator = frappe.qb.DocType(EVALUATOR)
	return (
		frappe.qb.from_(evaluator)
		.join(evaluation)
		.on(evaluation.name == evaluator.parent)
		.select(evaluator.network_member.as_("member"), Count(evaluation.name).distinct().as_("evaluations"))
		.where(
			Criterion.all(
				[
					evaluator.parenttype == EVALUATION,
					evaluator.parentfield == "evaluators",
					*within(evaluation.evaluation_date, filters),
					*readable(EVALUATION, user),
				]
			)
		)
		.groupby(evaluator.network_member)
	)


# ---------------------------------------------------------------- columns, chart, summary


def columns() -> list[dict]:
	def count(fieldname: str, label: str, width: int = 120) -> dict:
		return {"fieldname": fieldname, "label": label, "fieldtype": "Int", "width": width}

	return [
		{
			"fieldname": "member",
			"label": _("Network Member"),
			"fieldtype": "Link",
			"options": MEMBER,
			"width": 240,
		},
		{"fieldname": "member_type", "label": _("Member Type"), "fieldtype": "Select", "width": 140},
		count("sheets_led", _("Sheets Led")),
		count("sheets_partnered", _("Sheets Partnered"), 130),
		count("reports_received", _("Reports Received"), 130),
		count("reports_resolved", _("Reports Resolved"), 130),
		count("reports_resolved_on_time", _("Resolved on Time"), 130),
		count("needs_answered", _("Needs Answered"), 130),
		count("agreements", _("Agreements")),
		count("contributions_proposed", _("Contributions Proposed"), 160),
		count("contributions_published", _("Contributions Published"), 160),
		count("meetings_attended", _("Meetings Attended"), 140),
		count("evaluations", _("Evaluations")),
		count("engagement", _("Engagement Total"), 140),
	]


def chart(rows: list[dict]) -> dict | None:
	"""The ten organisations with the highest engagement total (rows come highest first)."""
	top = [row for row in rows if row["engagement"]][:TOP_MEMBERS]
	if not top:
		return None
	return {
		"data": {
			"labels": [row["member"] for row in top],
			"datasets": [{"name": _("Engagement Total"), "values": [row["engagement"] for row in top]}],
		},
		"type": "bar",
		"colors": ["#449CF0"],
		"fieldtype": "Int",
	}


def summary(rows: list[dict]) -> list[dict]:
	received = sum(row["reports_received"] for row in rows)
	return [
		{
			"value": sum(1 for row in rows if row["engagement"]),
			"label": _("Engaged Members"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"value": sum(row["sheets_led"] for row in rows),
			"label": _("Sheets Led"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{"value": received, "label": _("Reports Received"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": sum(row["reports_resolved_on_time"] for row in rows),
			"label": _("Resolved on Time"),
			"datatype": "Int",
			"indicator": "Green",
		},
		{
			"value": sum(row["meetings_attended"] for row in rows),
			"label": _("Meetings Attended"),
			"datatype": "Int",
			"indicator": "Blue",
		},
	]
