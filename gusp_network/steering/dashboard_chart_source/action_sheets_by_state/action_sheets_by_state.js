frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Action Sheets by State"] = {
	method: "gusp_network.steering.charts.action_sheets_by_state",
	filters: [],
};
