"""Number cards the Document Type cards cannot count (Number Card type "Custom", setup/steering.py).

Each reads only what the user may read: the figures of the Resident Report Service Levels report
(a member, the reports routed to their organisation) and `frappe.get_list` for action sheets, so a
card and the report it summarises always agree. Each answers the number, its format and the list
a click on the card opens.
"""

import frappe
from frappe.utils import get_quarter_start, getdate, today

from gusp_network.permissions import NETWORK_READ_ROLES, is_scoped, own_organisation_criterion
from gusp_network.steering.report.resident_report_service_levels.resident_report_service_levels import (
	ServiceLevelFilters,
	network_figures,
)

REPORT = "Resident Report"
SHEET = "Action Sheet"
STEP = "Action Sheet Step"


@frappe.whitelist()
def reports_past_due(filters: str | dict | list | None = None) -> dict:
	"""Open reports whose due date has passed."""
	frappe.has_permission(REPORT, "read", throw=True)
	figures = network_figures(ServiceLevelFilters())
	return {
		"value": figures["past_due"],
		"fieldtype": "Int",
		"route": ["List", REPORT],
		"route_options": {"public_status": "Open", "due_date": ["<", today()]},
	}


@frappe.whitelist()
def share_closed_on_time(filters: str | dict | list | None = None) -> dict:
	"""Of the reports received this quarter and resolved, the share resolved by their due date."""
	frappe.has_permission(REPORT, "read", throw=True)
	start = get_quarter_start(today())
	figures = network_figures(ServiceLevelFilters(from_date=getdate(start), to_date=getdate(today())))
	return {
		"value": figures["on_time_share"] or 0,
		"fieldtype": "Percent",
		"route": ["query-report", "Resident Report Service Levels"],
		"route_options": {"from_date": str(start), "to_date": today()},
	}


@frappe.whitelist()
def action_sheets_late_on_a_step(filters: str | dict | list | None = None) -> dict:
	"""Action sheets (narrowed by the card's filters: in progress) with a step not done past its due
	date; a member counts those of their own organisation, as lead or partner."""
	frappe.has_permission(SHEET, "read", throw=True)
	return {
		"value": len(late_action_sheets(frappe.parse_json(filters) or [])),
		"fieldtype": "Int",
		"route": ["List", SHEET],
		"route_options": {"workflow_state": "In Progress"},
	}


def late_action_sheets(filters: list | dict, user: str | None = None) -> list[str]:
	"""The names of the sheets the user may read, matching `filters`, with a late step."""
	user = user or frappe.session.user
	late = [[STEP, "done", "=", 0], [STEP, "due_date", "<", today()]]
	filters = [*_as_list(filters), *late]
	names = frappe.get_list(SHEET, filters=filters, pluck="name", distinct=True, user=user)
	own = own_organisation_criterion(SHEET, user) if is_scoped(user, NETWORK_READ_ROLES) else None
	if own is None or not names:
		return names
	sheet = frappe.qb.DocType(SHEET)
	return frappe.qb.from_(sheet).select(sheet.name).where(sheet.name.isin(names) & own).run(pluck=True)


def _as_list(filters: list | dict) -> list:
	if isinstance(filters, dict):
		return [
			[SHEET, field, *(value if isinstance(value, list) else ["=", value])]
			for field, value in filters.items()
		]
	return list(filters)
