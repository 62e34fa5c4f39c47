// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

const DECISION_STATUS_COLOURS = { Open: "blue", Done: "green", Dropped: "gray" };

frappe.query_reports["Decisions Follow-up"] = {
	filters: [
		{
			fieldname: "owner_member",
			label: __("Owner Member"),
			fieldtype: "Link",
			options: "Network Member",
		},
		{
			fieldname: "workstream",
			label: __("Workstream"),
			fieldtype: "Link",
			options: "Workstream",
		},
		{
			fieldname: "decision_status",
			label: __("Status"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All Statuses") },
				{ value: "Open", label: __("Open") },
				{ value: "Done", label: __("Done") },
				{ value: "Dropped", label: __("Dropped") },
			],
			default: "Open",
		},
		{
			fieldname: "overdue_only",
			label: __("Overdue Only"),
			fieldtype: "Check",
			description: __("Open decisions whose due date has passed"),
		},
	],

	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (!data) return value;
		const overdue = cint(data.is_overdue);
		if (column.fieldname === "decision_status") {
			const colour = overdue ? "red" : DECISION_STATUS_COLOURS[data.decision_status] || "gray";
			const label = overdue ? __("Overdue") : value;
			return `<span class="indicator-pill ${colour}">${label}</span>`;
		}
		if (overdue && ["due_date", "days_overdue"].includes(column.fieldname)) {
			return `<span class="text-danger font-weight-bold">${value}</span>`;
		}
		return value;
	},
};
