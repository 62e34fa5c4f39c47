"""The Steering module's number cards, dashboard charts and the "Steering" dashboard.

Created once, if missing, at install (and by a patch on older sites): they are not standard
records, so an admin edits their filters, colours or labels in the desk and `bench migrate`
keeps the edit (standard cards are replaced when a newer file ships, and standard charts cannot
be edited outside developer mode). The workspaces (steering/workspace/) name them.
"""

import json

import frappe

MODULE = "Steering"
DASHBOARD = "Steering"

REPORT = "Resident Report"
SHEET = "Action Sheet"

# name (= label) → the card; the workspaces refer to these names
NUMBER_CARDS = {
	"Open Reports": {
		"document_type": REPORT,
		"filters": [[REPORT, "public_status", "=", "Open"]],
		"color": "#2490EF",
	},
	"Reports Past Due": {
		"type": "Custom",
		"document_type": REPORT,
		"method": "gusp_network.steering.cards.reports_past_due",
		"color": "#E24C4C",
	},
	"Reports Closed on Time This Quarter": {
		"type": "Custom",
		"document_type": REPORT,
		"method": "gusp_network.steering.cards.share_closed_on_time",
		"color": "#29CD42",
	},
	"Reports to Qualify": {
		"document_type": REPORT,
		"filters": [[REPORT, "workflow_state", "=", "New"]],
		"color": "#ECAD4B",
	},
	"Open Grey Zones": {
		"document_type": "Grey Zone",
		"filters": [["Grey Zone", "status", "!=", "Settled"]],
		"color": "#FF8C00",
	},
	"Action Sheets in Progress": {
		"document_type": SHEET,
		"filters": [[SHEET, "workflow_state", "=", "In Progress"]],
		"color": "#5E64FF",
	},
	"Action Sheets Late on a Step": {
		"type": "Custom",
		"document_type": SHEET,
		"method": "gusp_network.steering.cards.action_sheets_late_on_a_step",
		# an abandoned or completed sheet's unfinished steps are late for nobody
		"filters": [[SHEET, "workflow_state", "=", "In Progress"]],
		"color": "#E24C4C",
	},
	"Action Sheets to Validate": {
		"document_type": SHEET,
		"filters": [[SHEET, "workflow_state", "=", "Proposed"]],
		"color": "#ECAD4B",
	},
	"New Needs This Month": {
		"document_type": "Resident Need",
		"filters": [["Resident Need", "creation", "Timespan", "this month"]],
		"color": "#7575FF",
	},
}

MEDIAN_SOURCE = "Median Resolution Days"
# Frappe caches a Count or Group By chart's figures for everyone: the network's figures are kept
# to the roles that read the whole network (a member reads their organisation's on the cards)
CHART_ROLES = ("GUSP Manager", "GUSP Resource Centre", "GUSP Admin", "System Manager")

DASHBOARD_CHARTS = {
	"Reports by Month": {
		"chart_type": "Count",
		"document_type": REPORT,
		"based_on": "creation",
		"timeseries": 1,
		"timespan": "Last Year",
		"time_interval": "Monthly",
		"type": "Bar",
		"color": "#2490EF",
	},
	"Reports by Theme": {
		"chart_type": "Group By",
		"document_type": REPORT,
		"group_by_type": "Count",
		"group_by_based_on": "theme",
		"number_of_groups": 10,
		"type": "Bar",
		"color": "#7575FF",
	},
	"Median Resolution Days by Territory": {
		"chart_type": "Custom",
		"source": MEDIAN_SOURCE,
		"document_type": REPORT,
		"filters": {"group_by": "Territory"},
		"type": "Bar",
		"color": "#29CD42",
	},
	"Median Resolution Days by Organisation": {
		"chart_type": "Custom",
		"source": MEDIAN_SOURCE,
		"document_type": REPORT,
		"filters": {"group_by": "Organisation"},
		"type": "Bar",
		"color": "#FF8C00",
	},
	"Action Sheets by Workstream": {
		"chart_type": "Group By",
		"document_type": SHEET,
		"group_by_type": "Count",
		"group_by_based_on": "workstream",
		"number_of_groups": 10,
		"type": "Bar",
		"color": "#5E64FF",
	},
	"Action Sheets by State": {
		# its own source: a Group By chart shows the states as stored, in English
		"chart_type": "Custom",
		"source": "Action Sheets by State",
		"document_type": SHEET,
		"type": "Donut",
	},
}


def ensure_steering_records() -> None:
	ensure_number_cards()
	ensure_dashboard_charts()
	ensure_dashboard()


def ensure_number_cards() -> None:
	for name, card in NUMBER_CARDS.items():
		if frappe.db.exists("Number Card", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Number Card",
				"name": name,
				"label": name,
				"type": card.get("type", "Document Type"),
				"function": "Count",
				"document_type": card["document_type"],
				"method": card.get("method"),
				"filters_json": json.dumps(card.get("filters", [])),
				"color": card["color"],
				"is_public": 1,
				"is_standard": 0,
				"module": MODULE,
			}
		).insert(ignore_permissions=True)


def ensure_dashboard_charts() -> None:
	for name, chart in DASHBOARD_CHARTS.items():
		if frappe.db.exists("Dashboard Chart", name):
			continue
		values = {key: value for key, value in chart.items() if key != "filters"}
		frappe.get_doc(
			{
				"doctype": "Dashboard Chart",
				"chart_name": name,
				"filters_json": json.dumps(chart.get("filters", [])),
				"is_public": 1,
				"is_standard": 0,
				"module": MODULE,
				"roles": [{"role": role} for role in CHART_ROLES],
				**values,
			}
		).insert(ignore_permissions=True)


def ensure_dashboard() -> None:
	"""The desk's default dashboard (/app/dashboard-view opened on nothing before)."""
	if frappe.db.exists("Dashboard", DASHBOARD):
		return
	frappe.get_doc(
		{
			"doctype": "Dashboard",
			"dashboard_name": DASHBOARD,
			"is_default": 0 if frappe.db.exists("Dashboard", {"is_default": 1}) else 1,
			"module": MODULE,
			"cards": [{"card": name} for name in NUMBER_CARDS],
			"charts": [{"chart": name, "width": "Half"} for name in DASHBOARD_CHARTS],
		}
	).insert(ignore_permissions=True)
