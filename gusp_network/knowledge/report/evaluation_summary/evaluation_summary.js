// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

frappe.query_reports["Evaluation Summary"] = {
	filters: [
		{
			fieldname: "workstream",
			label: __("Workstream"),
			fieldtype: "Link",
			options: "Workstream",
		},
		{
			fieldname: "reference_doctype",
			label: __("What Is Evaluated"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All Kinds") },
				{ value: "Action Sheet", label: __("Action Sheet") },
				{ value: "Network Meeting", label: __("Network Meeting") },
				{ value: "Study Trip", label: __("Study Trip") },
				{ value: "Cooperation Agreement", label: __("Cooperation Agreement") },
			],
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
		{
			fieldname: "workflow_state",
			label: __("Status"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All States") },
				{ value: "Draft", label: __("Draft") },
				{ value: "Shared", label: __("Shared") },
				{ value: "Validated", label: __("Validated") },
			],
			default: "Validated",
		},
	],

	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && !data.indent && column.fieldname === "criterion") {
			return `<strong>${value}</strong>`;
		}
		return value;
	},
};
