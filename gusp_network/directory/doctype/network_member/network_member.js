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
		}
	},
});
