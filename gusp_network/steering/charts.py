"""Dashboard Chart sources the chart types Count and Group By cannot draw (Dashboard Chart type
"Custom", its source in dashboard_chart_source/).

The medians are those of the Resident Report Service Levels report, per territory or organisation
(a member, over the reports routed to their organisation), so chart and report agree.
"""

import frappe
from frappe import _
from frappe.model.workflow import get_workflow_name

from gusp_network.steering.report.resident_report_service_levels.resident_report_service_levels import (
	ServiceLevelFilters,
	service_levels,
)

REPORT = "Resident Report"
SHEET = "Action Sheet"
# the chart's "group by" filter → the report's
GROUPS = {"Territory": "territory", "Organisation": "organisation"}
MOST_GROUPS = 15


@frappe.whitelist()
def median_resolution_days(
	chart_name: str | None = None,
	filters: str | dict | None = None,
	refresh: int | str | None = None,
	time_interval: str | None = None,
	timespan: str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	heatmap_year: str | int | None = None,
) -> dict:
	"""Median days from receipt to resolution, per territory or organisation, slowest first."""
	frappe.has_permission(REPORT, "read", throw=True)
	filters = frappe._dict(frappe.parse_json(filters) or {})
	group_by = GROUPS.get(filters.group_by, "territory")
	rows = [
		row
		for row in service_levels(ServiceLevelFilters(group_by=group_by))
		if row["group_value"] and row["median_days"] is not None
	]
	rows.sort(key=lambda row: -row["median_days"])
	rows = rows[:MOST_GROUPS]
	if not rows:
		return {}  # the chart says "No Data" (empty labels would leave it loading)
	return {
		"labels": [row["group_value"] for row in rows],
		"datasets": [{"name": _("Median Days to Resolve"), "values": [row["median_days"] for row in rows]}],
	}


@frappe.whitelist()
def action_sheets_by_state(
	chart_name: str | None = None,
	filters: str | dict | None = None,
	refresh: int | str | None = None,
	time_interval: str | None = None,
	timespan: str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	heatmap_year: str | int | None = None,
) -> dict:
	"""The action sheets the user may read, by workflow state in the workflow's order, the states
	named in the user's language (a Group By chart shows the stored English values)."""
	frappe.has_permission(SHEET, "read", throw=True)
	counts = dict(
		frappe.get_list(
			SHEET, fields=["workflow_state", "count(name) as sheets"], group_by="workflow_state", as_list=True
		)
	)
	workflow = get_workflow_name(SHEET)
	states = [row.state for row in frappe.get_cached_doc("Workflow", workflow).states] if workflow else []
	order = list(dict.fromkeys([*states, *counts]))
	shown = [state for state in order if counts.get(state)]
	if not shown:
		return {}
	return {
		"labels": [_(state) if state else _("No State") for state in shown],
		"datasets": [{"name": _("Action Sheets"), "values": [counts[state] for state in shown]}],
	}
