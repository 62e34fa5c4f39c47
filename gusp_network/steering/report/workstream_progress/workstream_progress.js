// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

frappe.query_reports["Workstream Progress"] = {
	filters: [
		{
			fieldname: "workstream",
			label: __("Workstream"),
			fieldtype: "Link",
			options: "Workstream",
		},
		{
			fieldname: "territory",
			label: __("Territory"),
			fieldtype: "Link",
			options: "GUSP Territory",
			description: __("Includes the territories under it"),
		},
		{
			fieldname: "theme",
			label: __("Theme"),
			fieldtype: "Link",
			options: "GUSP Theme",
			description: __("Includes the themes under it"),
		},
		{
			fieldname: "member",
			label: __("Member"),
			fieldtype: "Link",
			options: "Network Member",
			description: __("Lead or partner of the action sheet"),
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
		},
	],

	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && column.fieldname === "late_steps" && cint(data.late_steps)) {
			return `<span class="text-danger font-weight-bold">${value}</span>`;
		}
		return value;
	},
};
