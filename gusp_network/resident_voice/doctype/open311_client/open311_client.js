// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

frappe.ui.form.on("Open311 Client", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Generate a New Key"), () => {
			frappe.confirm(
				__("The current key will stop working at once. Generate a new key?"),
				() => generate_key(frm)
			);
		});
	},
});

function generate_key(frm) {
	frappe
		.call({
			method: "gusp_network.resident_voice.doctype.open311_client.open311_client.generate_key",
			args: { client: frm.doc.name },
			freeze: true,
		})
		.then(({ message: key }) => {
			frm.reload_doc();
			const dialog = new frappe.ui.Dialog({
				title: __("API Key"),
				fields: [
					{
						fieldtype: "HTML",
						options: `<p>${__(
							"Copy it now for the application: it will not be shown again."
						)}</p>`,
					},
					{ fieldname: "key", fieldtype: "Data", label: __("API Key"), read_only: 1, default: key },
				],
				primary_action_label: __("Copy"),
				primary_action() {
					frappe.utils.copy_to_clipboard(key);
				},
			});
			dialog.show();
		});
}
