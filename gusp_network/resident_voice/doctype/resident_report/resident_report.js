// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

frappe.ui.form.on("Resident Report", {
	refresh(frm) {
		if (!frm.is_new() && frappe.model.can_read("Resident Contact")) {
			// who reported is kept apart, for the resource centre only
			frm.add_custom_button(__("Reporter"), () => frappe.set_route("Form", "Resident Contact", frm.doc.name));
			frappe.call({
				method: "gusp_network.resident_voice.contacts.get_tracking_url",
				args: { report: frm.doc.name },
				// what the resident sees: no personal data
				callback: (r) => r.message && frm.add_web_link(r.message, __("See the public tracking page")),
			});
		}
		if (frm.doc.grey_zone) {
			frm.dashboard.set_headline(
				__("No organisation leads this theme here: see grey zone {0}.", [
					`<a href="/app/grey-zone/${encodeURIComponent(frm.doc.grey_zone)}">${frappe.utils.escape_html(frm.doc.grey_zone)}</a>`,
				])
			);
		}
	},
});
