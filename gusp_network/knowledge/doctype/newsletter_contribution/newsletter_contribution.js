// Newsletter Contribution form: a selected contribution can start the next edition of the
// newsletter (built from every selected contribution), then opens it to review and send.
frappe.ui.form.on("Newsletter Contribution", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.workflow_state !== "Selected" || frm.doc.newsletter) return;
		if (!frappe.model.can_create("Newsletter")) return;
		frm.add_custom_button(__("Build the Newsletter"), () => {
			if (frm.is_dirty()) {
				frappe.msgprint(__("Save the contribution before building the newsletter."));
				return;
			}
			frappe.confirm(
				__("Build the next edition of the newsletter from every selected contribution?"),
				() =>
					frappe
						.call({
							method: "gusp_network.knowledge.newsletters.build_newsletter",
							type: "POST",
							freeze: true,
							freeze_message: __("Building the newsletter…"),
						})
						.then((r) => {
							frappe.show_alert({ message: __("Newsletter built"), indicator: "green" });
							frappe.set_route("Form", "Newsletter", r.message);
						})
			);
		});
	},
});
