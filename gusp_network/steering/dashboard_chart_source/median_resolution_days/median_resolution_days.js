frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Median Resolution Days"] = {
	method: "gusp_network.steering.charts.median_resolution_days",
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Territory", "Organisation"],
			default: "Territory",
		},
	],
};
