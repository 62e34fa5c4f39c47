"""Knowledge test data: `make_evaluation(doctype, name, *members, state=None)`,
`make_practice_sheet(lead, *co_authors, state=None)`."""

import frappe
from frappe.utils import today

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


def make_practice_sheet(lead_member: str, *co_authors: str, state: str | None = None, **overrides):
	"""A Practice Sheet led by `lead_member` with `co_authors` (Network Member names), with a summary
	and content, inserted as Administrator. `state`: moved straight to that workflow state (a
	fixture; a Published one gets today as its publication date unless given one)."""
	with as_user("Administrator"):
		doc = frappe.get_doc(
			{
				"doctype": "Practice Sheet",
				"title": f"Fiche pratique {fake.unique.random_int(100_000, 999_999)}",
				"sheet_type": "Good Practice",
				"lead_member": lead_member,
				"summary": fake.paragraph(),
				"content": f"<p>{fake.paragraph()}</p>",
				"co_authors": [{"network_member": member} for member in co_authors],
				**overrides,
			}
		).insert()
		if state:
			doc.db_set("workflow_state", state, update_modified=False)
			if state == "Published" and not doc.published_on:
				doc.db_set("published_on", today(), update_modified=False)
	return doc


def make_contribution(contributor: str, state: str | None = None, **overrides):
	"""A Newsletter Contribution of `contributor` (a Network Member name), inserted as Administrator.
	`state`: moved straight to that workflow state (a fixture, not as a user would)."""
	with as_user("Administrator"):
		doc = frappe.get_doc(
			{
				"doctype": "Newsletter Contribution",
				"title": f"Retour d'expérience à {fake.city()}",
				"contributor": contributor,
				"text": f"<p>{fake.paragraph()}</p>",
				**overrides,
			}
		).insert()
		if state:
			doc.db_set("workflow_state", state, update_modified=False)
	return doc
