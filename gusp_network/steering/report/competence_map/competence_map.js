// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

const COMPETENCE_CELL_COLOURS = {
	covered: "",
	"partly covered": "text-warning",
	"grey zone": "text-danger font-weight-bold",
};

frappe.query_reports["Competence Map"] = {
	filters: [
		{
			fieldname: "territory_type",
			label: __("Territory Type"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("Children of the Parent Territory") },
				{ value: "Region", label: __("Region") },
				{ value: "Department", label: __("Department") },
				{ value: "EPCI", label: __("EPCI") },
				{ value: "Commune", label: __("Commune") },
				{ value: "QPV", label: __("QPV") },
				{ value: "Sector", label: __("Sector") },
			],
			default: "QPV",
		},
		{
			fieldname: "parent_territory",
			label: __("Parent Territory"),
			fieldtype: "Link",
			options: "GUSP Territory",
		},
		{
			fieldname: "theme",
			label: __("Theme"),
			fieldtype: "Link",
			options: "GUSP Theme",
			description: __("With its sub-themes"),
		},
		{
			fieldname: "land_status",
			label: __("Land Status"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All Land Statuses") },
				{ value: "Public Land", label: __("Public Land") },
				{ value: "Social Landlord", label: __("Social Landlord") },
				{ value: "Co-ownership", label: __("Co-ownership") },
				{ value: "Private", label: __("Private") },
			],
		},
	],

	tree: true,
	name_field: "theme",
	parent_field: "parent_theme",
	initial_depth: 3,

	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		const state = data && data.cell_states && data.cell_states[column.fieldname];
		const colour = state && COMPETENCE_CELL_COLOURS[state];
		return colour ? `<span class="${colour}">${value}</span>` : value;
	},
};
