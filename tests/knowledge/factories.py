"""Knowledge test data: `make_evaluation(doctype, name, *members, state=None)`."""

import frappe

from tests.factories import as_user, fake


def make_evaluation(
	reference_doctype: str, reference_name: str, *members: str, state: str | None = None, **overrides
):
	"""An Evaluation of a record by `members` (Network Member names), inserted as Administrator,
	with the default criteria scored 4. `state`: moved straight to that workflow state (a fixture)."""
	with as_user("Administrator"):
		doc = frappe.get_doc(
			{
				"doctype": "Evaluation",
				"title": f"Évaluation partagée {fake.city()}",
				"reference_doctype": reference_doctype,
				"reference_name": reference_name,
				"evaluators": [{"network_member": member} for member in members]
				or [{"evaluator_name": fake.name(), "is_resident": 1}],
				"lessons": f"<p>{fake.paragraph()}</p>",
				**overrides,
			}
		).insert()
		if "scores" not in overrides:
			for row in doc.scores:
				row.score = 4
			doc.save()
		if state:
			doc.db_set("workflow_state", state, update_modified=False)
	return doc
