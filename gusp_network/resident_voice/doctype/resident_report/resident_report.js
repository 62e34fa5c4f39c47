// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

frappe.ui.form.on("Resident Report", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.tracking_key) {
			// what the resident sees: no personal data
			frm.add_web_link(`/suivi/${frm.doc.tracking_key}`, __("See the public tracking page"));
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
