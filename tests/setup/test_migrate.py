"""What admins own is theirs: `bench migrate` keeps their edits to the workflow."""

import frappe

from gusp_network.setup.workflows import ACTION_SHEET_WORKFLOW
from tests.factories import run_migrate


def test_an_admins_edit_to_a_transition_survives_migrate():
	workflow = frappe.get_doc("Workflow", ACTION_SHEET_WORKFLOW)
	approve = next(t for t in workflow.transitions if t.action == "Approve")
	original = approve.allowed
	approve.allowed = "GUSP Admin"
	workflow.save()
	frappe.db.commit()  # migrate runs in another process
	try:
		run_migrate()
		frappe.db.rollback()
		frappe.clear_cache()
		reloaded = frappe.get_doc("Workflow", ACTION_SHEET_WORKFLOW)
		roles = {t.allowed for t in reloaded.transitions if t.action == "Approve"}
		assert roles == {"GUSP Admin"}
	finally:
		frappe.db.rollback()
		workflow = frappe.get_doc("Workflow", ACTION_SHEET_WORKFLOW)
		for t in workflow.transitions:
			if t.action == "Approve":
				t.allowed = original
		workflow.save()
		frappe.db.commit()
