"""Cooperation test data, shared by the module's tests: `make_agreement(org_a, org_b, state="Active")`."""

import frappe
from frappe.utils import add_days, add_months, getdate, today

from tests.factories import as_user, fake, make_network_member, unique

# the signed convention, kept in the network's document store (a link: no file written to disk)
SIGNED_FILE = "https://ged.example.org/conventions/convention-signee.pdf"


def party(member: str, **overrides) -> dict:
	"""A party row: a signatory role, a commitment and a contribution for this year, not signed."""
	return {
		"network_member": member,
		"party_role": "Signatory",
		"commitments": fake.sentence(nb_words=10),
		"contribution_amount": 5000,
		"contribution_year": getdate(today()).year,
		"signatory": fake.name(),
		**overrides,
	}


def make_agreement(*members: str, state: str | None = None, signed: bool = False, **overrides):
	"""A Cooperation Agreement between `members` (Network Member names; two new members, a
	municipality and a social landlord, when none is given), inserted as Administrator.

	It runs for a year from today. `signed`: every party signed today and the signed file is
	attached. `state`: moved straight to that workflow state, without the workflow's checks (as a
	fixture, not as a user would). `parties` in overrides replaces the rows built from `members`.
	"""
	if not members and "parties" not in overrides:
		members = (
			make_network_member().name,
			make_network_member(member_type="Social Landlord", member_name=unique("Bailleur")).name,
		)
	signature = {"signature_date": today()} if signed else {}
	with as_user("Administrator"):
		doc = frappe.get_doc(
			{
				"doctype": "Cooperation Agreement",
				"title": f"Convention GUSP {fake.city()}",
				"agreement_type": "GUSP Convention",
				"start_date": today(),
				"end_date": add_days(add_months(today(), 12), -1),
				"object": f"<p>{fake.paragraph()}</p>",
				"parties": [party(member, **signature) for member in members],
				"signed_file": SIGNED_FILE if signed else None,
				**overrides,
			}
		).insert()
		if state:
			doc.db_set("workflow_state", state, update_modified=False)
	return doc
