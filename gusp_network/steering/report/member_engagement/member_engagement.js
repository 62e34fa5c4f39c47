// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

frappe.query_reports["Member Engagement"] = {
	filters: [
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
			fieldname: "territory",
			label: __("Territory"),
			fieldtype: "Link",
			options: "GUSP Territory",
			description: __("Members working there or in a territory under it"),
		},
		{
			fieldname: "theme",
			label: __("Theme"),
			fieldtype: "Link",
			options: "GUSP Theme",
			description: __("Members working on it or on a theme under it"),
		},
		{
			fieldname: "member_type",
			label: __("Member Type"),
			fieldtype: "Select",
			options: [{ value: "", label: __("All Types") }],
		},
	],

	onload(report) {
		// the member types of the Network Member form, as an admin may have changed them
		frappe.model.with_doctype("Network Member", () => {
			const field = frappe.meta.get_docfield("Network Member", "member_type");
			const filter = report.get_filter("member_type");
			if (!field || !filter) return;
			filter.df.options = [{ value: "", label: __("All Types") }].concat(
				(field.options || "")
					.split("\n")
					.filter(Boolean)
					.map((type) => ({ value: type, label: __(type) }))
			);
			filter.refresh();
		});
	},
};
