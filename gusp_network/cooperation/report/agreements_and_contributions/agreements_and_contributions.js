// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

frappe.query_reports["Agreements and Contributions"] = {
	filters: [
		{
			fieldname: "view",
			label: __("View"),
			fieldtype: "Select",
			options: [
				{ value: "Agreements and Parties", label: __("Agreements and Parties") },
				{ value: "By State and Type", label: __("By State and Type") },
				{ value: "By Member and Year", label: __("By Member and Year") },
			],
			default: "Agreements and Parties",
			reqd: 1,
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			description: __("Agreements running at some point in the period"),
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date" },
		{
			fieldname: "territory",
			label: __("Territory"),
			fieldtype: "Link",
			options: "GUSP Territory",
			description: __("This territory and those inside it"),
		},
		{
			fieldname: "network_member",
			label: __("Network Member"),
			fieldtype: "Link",
			options: "Network Member",
		},
		{
			fieldname: "agreement_type",
			label: __("Agreement Type"),
			fieldtype: "Select",
			options: [
				"",
				{ value: "GUSP Convention", label: __("GUSP Convention") },
				{ value: "Partnership", label: __("Partnership") },
				{ value: "Funding", label: __("Funding") },
				{ value: "TFPB Abatement Programme", label: __("TFPB Abatement Programme") },
				{ value: "Other", label: __("Other") },
			],
		},
		{
			fieldname: "ending_soon",
			label: __("Only Agreements Ending within 90 Days"),
			fieldtype: "Check",
		},
	],
};
