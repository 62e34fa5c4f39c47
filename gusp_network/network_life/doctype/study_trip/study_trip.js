// Copyright (c) 2026, Centre de ressources GUSP and contributors
// For license information, please see license.txt

// The totals and the gap are computed on save (network_life/trips.py); the form shows them as
// the budget lines are typed, before saving.
frappe.ui.form.on("Study Trip", {
	refresh(frm) {
		show_budget_gap(frm);
		add_practice_sheet_button(frm);
	},
});

// a capitalised trip's learnings become a practice sheet draft in one action
// (knowledge/practice_sheets.py), which opens at once
function add_practice_sheet_button(frm) {
	if (frm.is_new() || frm.doc.workflow_state !== "Capitalised") return;
	if (!frappe.model.can_create("Practice Sheet")) return;
	frm.add_custom_button(__("Create a Practice Sheet"), () => {
		frappe.call({
			method: "gusp_network.knowledge.practice_sheets.create_practice_sheet_from_trip",
			args: { trip: frm.doc.name },
			freeze: true,
			callback: (r) => r.message && frappe.set_route("Form", "Practice Sheet", r.message),
		});
	});
}

frappe.ui.form.on("Study Trip Budget Line", {
	estimated_amount(frm) {
		set_budget_totals(frm);
	},
	actual_amount(frm) {
		set_budget_totals(frm);
	},
	budget_lines_remove(frm) {
		set_budget_totals(frm);
	},
});

function set_budget_totals(frm) {
	const lines = frm.doc.budget_lines || [];
	const estimated = lines.reduce((total, line) => total + flt(line.estimated_amount), 0);
	const actual = lines.reduce((total, line) => total + flt(line.actual_amount), 0);
	frm
		.set_value({
			estimated_total: estimated,
			actual_total: actual,
			budget_gap: actual - estimated,
		})
		.then(() => show_budget_gap(frm));
}

function show_budget_gap(frm) {
	const field = frm.get_field("budget_gap");
	if (!field || !field.$wrapper) return;
	// above zero, the trip costs more than planned
	field.$wrapper.find(".control-value").toggleClass("text-danger", flt(frm.doc.budget_gap) > 0);
}
