// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

frappe.ui.form.on("Action Sheet", {
	before_workflow_action(frm) {
		// Frappe forgets the action before `after_workflow_action`
		frm.gusp_workflow_action = frm.selected_workflow_action;
	},
	after_workflow_action(frm) {
		// say what happened, in the user's language and the new state's colour
		const [state, colour] = frappe.get_indicator(frm.doc, frm.doctype, true) || [
			__(frm.doc.workflow_state),
		];
		frappe.show_alert(
			{
				message: __("Done: {0}. The status is now {1}.", [__(frm.gusp_workflow_action), state]),
				indicator: colour || "green",
			},
			7
		);
	},
});
