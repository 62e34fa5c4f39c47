"""The Knowledge module's admin-owned records: the default evaluation criteria, and evaluations
required before an action sheet is completed (GUSP Settings), each set once if missing."""

import frappe

from gusp_network.setup.records import read_json

SETTINGS = "GUSP Settings"
REQUIRE_EVALUATION = "evaluation_required_to_complete"


def ensure_evaluation_criteria() -> None:
	for criterion in read_json("evaluation_criteria.json")["criteria"]:
		if not frappe.db.exists("Evaluation Criterion", criterion["criterion_name"]):
			frappe.get_doc({"doctype": "Evaluation Criterion", "is_default": 1, **criterion}).insert(
				ignore_permissions=True
			)


def require_evaluations_by_default() -> None:
	"""On by default; an admin's later choice is kept."""
	singles = frappe.qb.DocType("Singles")
	already = (
		frappe.qb.from_(singles)
		.select(singles.value)
		.where((singles.doctype == SETTINGS) & (singles.field == REQUIRE_EVALUATION))
		.run()
	)
	if not already:
		frappe.db.set_single_value(SETTINGS, REQUIRE_EVALUATION, 1)
