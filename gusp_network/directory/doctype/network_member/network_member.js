// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

frappe.ui.form.on("Network Member", {
	refresh(frm) {
		// the organisation's people, as Frappe Contacts linked to it
		frappe.dynamic_link = { doc: frm.doc, fieldname: "name", doctype: "Network Member" };
		if (frm.is_new()) {
			frappe.contacts.clear_address_and_contact(frm);
		} else {
			frappe.contacts.render_address_and_contact(frm);
			show_contributions(frm);
		}
	},
});

// What the organisation contributes through its cooperation agreements; a click opens the report
function show_contributions(frm) {
	if (!frappe.model.can_read("Cooperation Agreement")) return;
	const member = frm.doc.name;
	frappe
		.xcall("gusp_network.cooperation.contributions.get_member_contributions", { member })
		.then((contributions) => {
			if (!contributions || !contributions.agreements || frm.doc.name !== member) return;
			const total = format_currency(contributions.total, "EUR");
			const label =
				contributions.agreements === 1
					? __("Total contributions: {0} (1 agreement)", [total])
					: __("Total contributions: {0} ({1} agreements)", [total, contributions.agreements]);
			frm.dashboard
				.add_indicator(label, contributions.total ? "green" : "grey")
				.attr("title", __("Open the report Agreements and Contributions"))
				.css("cursor", "pointer")
				.on("click", () => {
					frappe.set_route("query-report", "Agreements and Contributions", {
						network_member: member,
					});
				});
		});
}
