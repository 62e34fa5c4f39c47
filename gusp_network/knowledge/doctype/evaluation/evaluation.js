// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

// A validated evaluation's lessons become a practice sheet draft in one action
// (knowledge/practice_sheets.py), which opens at once.
frappe.ui.form.on("Evaluation", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.workflow_state !== "Validated") return;
		if (!frappe.model.can_create("Practice Sheet")) return;
		frm.add_custom_button(__("Create a Practice Sheet"), () => {
			frappe.call({
				method: "gusp_network.knowledge.practice_sheets.create_practice_sheet_from_evaluation",
				args: { evaluation: frm.doc.name },
				freeze: true,
				callback: (r) => r.message && frappe.set_route("Form", "Practice Sheet", r.message),
			});
		});
	},
});
