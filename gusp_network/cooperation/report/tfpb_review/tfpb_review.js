// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

frappe.query_reports["TFPB Review"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			description: __("Programmes running at some point in the period"),
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date" },
		{ fieldname: "year", label: __("Year"), fieldtype: "Data" },
		{
			fieldname: "territory",
			label: __("Territory"),
			fieldtype: "Link",
			options: "GUSP Territory",
			description: __("This territory and those inside it"),
		},
		{
			fieldname: "network_member",
			label: __("Social Landlord"),
			fieldtype: "Link",
			options: "Network Member",
			get_query: () => ({ filters: { member_type: "Social Landlord" } }),
		},
		{ fieldname: "axis", label: __("TFPB Axis"), fieldtype: "Link", options: "TFPB Axis" },
	],
};
