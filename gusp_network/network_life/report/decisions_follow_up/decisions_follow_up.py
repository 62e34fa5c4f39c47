"""Decisions Follow-up: the decisions taken in network meetings, overdue first.

One row per decision (a `Network Meeting Decision` row of a meeting), with its owner member,
assignee, due date, status, meeting, workstream, action sheet and the grey zone it settles.
Filters: owner member, workstream, status, overdue only. A decision is overdue while it is open
and its due date has passed; rows come overdue first (the oldest due date first), then by due
date, then the undated ones.

Only the decisions of meetings the user may read are shown and counted: the decision rows and their
meetings are read in one `frappe.qb` query, then kept when `frappe.get_list` says the user may read
the meeting (the DocType's permissions, the app's row rules and the user's User Permissions).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

import frappe
from frappe import _
from frappe.utils import cint, date_diff, getdate, today

MEETING = "Network Meeting"
DECISION = "Network Meeting Decision"
# Network Meeting Decision.decision_status of a decision still to carry out
OPEN = "Open"


@dataclass(frozen=True)
class DecisionFilters:
	owner_member: str | None = None
	workstream: str | None = None
	decision_status: str | None = None  # None: every status
	overdue_only: bool = False

	@classmethod
	def parse(cls, filters: dict | None) -> "DecisionFilters":
		filters = frappe._dict(filters or {})
		return cls(
			owner_member=filters.owner_member or None,
			workstream=filters.workstream or None,
			decision_status=filters.decision_status or None,
			overdue_only=bool(cint(filters.overdue_only)),
		)


def execute(filters: dict | None = None):
	rows = find_decisions(DecisionFilters.parse(filters))
	return columns(), rows, None, chart(rows), summary(rows)


# ---------------------------------------------------------------- rows


def find_decisions(filters: DecisionFilters, on: date | None = None) -> list[dict]:
	"""The decisions matching the filters in the meetings the session user may read, overdue first."""
	on = getdate(on or today())
	decision = frappe.qb.DocType(DECISION)
	meeting = frappe.qb.DocType(MEETING)
	decisions = (
		decision_query(filters, on)
		.select(
			decision.parent,
			decision.idx,
			decision.decision,
			decision.owner_member,
			decision.assigned_to,
			decision.due_date,
			decision.decision_status,
			decision.action_sheet,
			decision.grey_zone,
			meeting.title.as_("meeting_title"),
			meeting.starts_on.as_("meeting_starts_on"),
			meeting.workstream.as_("meeting_workstream"),
		)
		.run(as_dict=True)
	)
	if not decisions:
		return []
	# what the user may read: the DocType's permissions, the app's row rules, User Permissions
	readable = set(
		frappe.get_list(
			MEETING,
			filters={"name": ("in", list({row.parent for row in decisions}))},
			pluck="name",
			limit_page_length=0,
		)
	)
	meetings = {}
	for row in decisions:
		if row.parent in readable and row.parent not in meetings:
			meetings[row.parent] = frappe._dict(
				name=row.parent,
				title=row.meeting_title,
				held_on=getdate(row.meeting_starts_on) if row.meeting_starts_on else None,
				workstream=row.meeting_workstream,
			)
	decisions = [row for row in decisions if row.parent in meetings]
	decisions.sort(key=lambda row: follow_up_order(row, meetings[row.parent], on))
	return [as_row(row, meetings[row.parent], on) for row in decisions]


def decision_query(filters: DecisionFilters, on: date):
	"""The decision rows of meetings (no column chosen yet) matching the filters."""
	decision = frappe.qb.DocType(DECISION)
	meeting = frappe.qb.DocType(MEETING)
	query = (
		frappe.qb.from_(decision)
		.join(meeting)
		.on(meeting.name == decision.parent)
		.where((decision.parenttype == MEETING) & (decision.parentfield == "decisions"))
	)
	if filters.owner_member:
		query = query.where(decision.owner_member == filters.owner_member)
	if filters.workstream:
		query = query.where(meeting.workstream == filters.workstream)
	if filters.decision_status:
		query = query.where(decision.decision_status == filters.decision_status)
	if filters.overdue_only:
		query = query.where((decision.decision_status == OPEN) & (decision.due_date < on))
	return query


def as_row(decision: frappe._dict, meeting: frappe._dict, on: date) -> dict:
	overdue = is_overdue(decision.decision_status, decision.due_date, on)
	return {
		"decision": decision.decision,
		"owner_member": decision.owner_member,
		"assigned_to": decision.assigned_to,
		"due_date": decision.due_date,
		"days_overdue": date_diff(on, decision.due_date) if overdue else None,
		"decision_status": decision.decision_status,
		"meeting": meeting.name,
		"meeting_title": meeting.title,
		"meeting_date": meeting.held_on,
		"workstream": meeting.workstream,
		"action_sheet": decision.action_sheet,
		"grey_zone": decision.grey_zone,
		"is_overdue": int(overdue),
	}


def is_overdue(status: str | None, due_date, on: date) -> bool:
	return status == OPEN and bool(due_date) and getdate(due_date) < on


def follow_up_order(decision: frappe._dict, meeting: frappe._dict, on: date) -> tuple:
	"""Overdue first, the oldest due date first; then by due date; the undated last; then by
	meeting date and the decision's place in its meeting."""
	overdue = is_overdue(decision.decision_status, decision.due_date, on)
	due = getdate(decision.due_date) if decision.due_date else date.max
	held = meeting.held_on or date.max
	return (not overdue, not decision.due_date, due, held, meeting.name, decision.idx)


# ---------------------------------------------------------------- columns, chart, summary


def columns() -> list[dict]:
	return [
		{"fieldname": "decision", "label": _("Decision"), "fieldtype": "Data", "width": 300},
		{
			"fieldname": "owner_member",
			"label": _("Owner Member"),
			"fieldtype": "Link",
			"options": "Network Member",
			"width": 200,
		},
		{
			"fieldname": "assigned_to",
			"label": _("Assigned To"),
			"fieldtype": "Link",
			"options": "User",
			"width": 180,
		},
		{"fieldname": "due_date", "label": _("Due Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "days_overdue", "label": _("Days Overdue"), "fieldtype": "Int", "width": 110},
		{"fieldname": "decision_status", "label": _("Status"), "fieldtype": "Select", "width": 100},
		{
			"fieldname": "meeting",
			"label": _("Network Meeting"),
			"fieldtype": "Link",
			"options": MEETING,
			"width": 140,
		},
		{"fieldname": "meeting_title", "label": _("Meeting Title"), "fieldtype": "Data", "width": 220},
		{"fieldname": "meeting_date", "label": _("Meeting Date"), "fieldtype": "Date", "width": 110},
		{
			"fieldname": "workstream",
			"label": _("Workstream"),
			"fieldtype": "Link",
			"options": "Workstream",
			"width": 180,
		},
		{
			"fieldname": "action_sheet",
			"label": _("Action Sheet"),
			"fieldtype": "Link",
			"options": "Action Sheet",
			"width": 160,
		},
		{
			"fieldname": "grey_zone",
			"label": _("Grey Zone Settled"),
			"fieldtype": "Link",
			"options": "Grey Zone",
			"width": 160,
		},
		{"fieldname": "is_overdue", "label": _("Overdue"), "fieldtype": "Check", "width": 80, "hidden": 1},
	]


def chart(rows: list[dict]) -> dict | None:
	"""Each owner member's decisions, overdue and not, the most overdue first."""
	if not rows:
		return None
	overdue = Counter(row["owner_member"] for row in rows if row["is_overdue"])
	others = Counter(row["owner_member"] for row in rows if not row["is_overdue"])
	owners = sorted(
		set(overdue) | set(others), key=lambda owner: (-overdue[owner], -others[owner], owner or "")
	)
	return {
		"data": {
			"labels": [owner or _("Not Set") for owner in owners],
			"datasets": [
				{"name": _("Overdue"), "values": [overdue[owner] for owner in owners]},
				{"name": _("Not Overdue"), "values": [others[owner] for owner in owners]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#E24C4C", "#449CF0"],
		"fieldtype": "Int",
	}


def summary(rows: list[dict]) -> list[dict]:
	return [
		{"value": len(rows), "label": _("Decisions"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": sum(row["is_overdue"] for row in rows),
			"label": _("Overdue"),
			"datatype": "Int",
			"indicator": "Red",
		},
		{
			"value": len({row["owner_member"] for row in rows if row["owner_member"]}),
			"label": _("Owner Members"),
			"datatype": "Int",
			"indicator": "Blue",
		},
	]
