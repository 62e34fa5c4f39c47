"""The demo's cooperation: a few agreements in several states (one in force, signed, with its
file; a social landlord's TFPB programme with its bilan), the adopted charter with its revision
in progress."""

import os

import frappe
import pytest
from frappe.desk.query_report import run

from gusp_network import demo
from gusp_network.demo.cooperation import AGREEMENTS, CHARTER

AGREEMENT = "Cooperation Agreement"
CHARTER_DOCTYPE = "Cooperation Charter"


def counts() -> dict[str, int]:
	return {
		doctype: frappe.db.count(doctype)
		for doctype in (AGREEMENT, CHARTER_DOCTYPE, "Cooperation Agreement Party", "TFPB Commitment")
	} | {"File": frappe.db.count("File", {"attached_to_doctype": AGREEMENT})}


def test_the_demo_holds_agreements_in_several_states_and_loading_it_twice_changes_nothing(demo_files):
	demo.load()
	titles = {spec["title"]: spec["state"] for spec in AGREEMENTS}
	states = dict(
		frappe.get_all(
			AGREEMENT,
			filters={"title": ("in", list(titles))},
			fields=["title", "workflow_state"],
			as_list=True,
		)
	)
	assert states == titles
	assert {"Active", "Negotiation", "Awaiting Signature", "Draft", "Expired"} <= set(states.values())
	before = counts()

	demo.load()
	assert counts() == before


def test_the_demo_records_pass_their_checks_and_show_a_tfpb_bilan_and_a_charter_revision(demo_files):
	"""One load for three checks (a demo load takes a while)."""
	demo.load()
	agreements_in_force_are_signed_with_their_file()
	the_tfpb_programme_gives_a_bilan_per_qpv_and_axis()
	the_charter_is_adopted_by_several_members_and_its_version_2_is_drafted()


def agreements_in_force_are_signed_with_their_file():
	for spec in AGREEMENTS:
		doc = frappe.get_doc(AGREEMENT, {"title": spec["title"]})
		doc.run_method("validate")  # the agreement's own checks accept it as it is
		if doc.workflow_state in ("Active", "Expired"):
			assert all(party.signature_date for party in doc.parties), doc.title
			file = frappe.get_doc("File", {"file_url": doc.signed_file, "attached_to_name": doc.name})
			content = file.get_content()  # text when it decodes as such
			assert (content.encode() if isinstance(content, str) else content).startswith(b"%PDF-")
		assert doc.total_contribution == sum(party.contribution_amount for party in doc.parties)


def the_tfpb_programme_gives_a_bilan_per_qpv_and_axis():
	programme = frappe.get_doc(
		AGREEMENT, {"agreement_type": "TFPB Abatement Programme", "workflow_state": "Active"}
	)
	landlord = programme.tfpb_commitments[0].landlord
	assert frappe.db.get_value("Network Member", landlord, "member_type") == "Social Landlord"
	assert len({row.axis for row in programme.tfpb_commitments}) >= 5
	assert all(row.planned_amount for row in programme.tfpb_commitments)

	review = run("TFPB Review", filters={"network_member": landlord}, ignore_prepared_report=True)
	assert len(review["result"]) >= 5
	assert sum(row["planned_amount"] for row in review["result"]) == sum(
		row.planned_amount for row in programme.tfpb_commitments
	)
	assert review["chart"]["data"]["datasets"]


def the_charter_is_adopted_by_several_members_and_its_version_2_is_drafted():
	first = frappe.get_doc(CHARTER_DOCTYPE, {"title": CHARTER["title"], "version": 1})
	assert first.workflow_state == "Under Revision"
	assert len(first.signatories) >= 5
	assert all(row.signature_date for row in first.signatories)
	second = frappe.get_doc(CHARTER_DOCTYPE, {"previous_version": first.name})
	assert (second.version, second.workflow_state) == (2, "Draft")
	assert "conseils citoyens" in second.principles
	assert "conseils citoyens" not in first.principles, "the adopted version is kept as adopted"
