// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

frappe.query_reports["Resident Report Service Levels"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "organisation", label: __("Organisation") },
				{ value: "territory", label: __("Territory") },
				{ value: "theme", label: __("Theme") },
			],
			default: "organisation",
		},
		{
			fieldname: "from_date",
			label: __("Received From"),
			fieldtype: "Date",
		},
		{
			fieldname: "to_date",
			label: __("Received To"),
			fieldtype: "Date",
		},
		{
			fieldname: "territory",
			label: __("Territory"),
			fieldtype: "Link",
			options: "GUSP Territory",
		},
		{
			fieldname: "theme",
			label: __("Theme"),
			fieldtype: "Link",
			options: "GUSP Theme",
		},
		{
			fieldname: "member",
			label: __("Organisation"),
			fieldtype: "Link",
			options: "Network Member",
		},
	],

	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (!data) return value;
		if (column.fieldname === "past_due" && cint(data.past_due)) {
			return `<span class="text-danger font-weight-bold">${value}</span>`;
		}
		if (column.fieldname === "group_value" && !data.group_value) {
			return `<span class="text-muted">${__("Not Set")}</span>`;
		}
		return value;
	},
};
