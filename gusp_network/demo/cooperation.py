"""Demo cooperation agreements (one in force between a municipality, the agglomeration and the
landlords, a social landlord's TFPB programme with its bilan, others in every step of the
workflow) and the network's adopted charter with its revision in progress, from
`data/cooperation.json`.

Each record goes through the workflow as a user would take it (the agreement's checks apply:
every party has signed and the signed file is attached before it is in force); the path from the
first state is read from the Workflow, so it follows an admin's changes. Dates are counted from
the day of the load. A record already there (same title) is left as it is, so loading twice adds
nothing; `load()` adds the cooperation data to a site that already holds the rest of the demo.
"""

from collections import deque
from datetime import date

import frappe
from frappe.model.workflow import apply_workflow, get_workflow_name
from frappe.utils import add_days, getdate, today

from gusp_network.demo.common import as_administrator_without_emails, initial_state, move_to, read_json

COOPERATION = read_json("cooperation.json")
AGREEMENTS = COOPERATION["agreements"]
CHARTER = COOPERATION["charter"]

AGREEMENT = "Cooperation Agreement"
CHARTER_DOCTYPE = "Cooperation Charter"
# the charter's state whose reaching drafts the next version (gusp_network/cooperation/charters.py)
CHARTER_TARGET_STATE = "Under Revision"


def load() -> None:
	"""Add the demo's agreements and charter to a site (`bench --site SITE execute
	gusp_network.demo.cooperation.load`): for a site where the rest of the demo is already loaded."""
	print(as_administrator_without_emails(make_cooperation))


def make_cooperation() -> str:
	"""The agreements and the charter; a summary line for the console."""
	day = getdate(today())
	agreements = sum(make_agreement(spec, day) for spec in AGREEMENTS)
	charters = make_charter(day)
	return f"{agreements} conventions, {charters} versions de la charte de coopération"


# ---------------------------------------------------------------- agreements


def make_agreement(spec: dict, day: date) -> int:
	if frappe.db.exists(AGREEMENT, {"title": spec["title"]}):
		return 0
	doc = frappe.get_doc(agreement_values(spec, day))
	doc.workflow_state = initial_state(AGREEMENT)
	doc.insert()
	if spec.get("signed_file"):
		doc.signed_file = attach_signed_file(doc)
		doc.save()
	move_to(doc, spec["state"])
	return 1


def agreement_values(spec: dict, day: date) -> dict:
	year = day.year
	return {
		"doctype": AGREEMENT,
		"title": spec["title"],
		"agreement_type": spec["agreement_type"],
		"start_date": add_days(day, spec["start"]),
		"end_date": add_days(day, spec["end"]),
		"tacit_renewal": spec.get("tacit_renewal", 0),
		"renewal_months": spec.get("renewal_months"),
		"object": spec["object"],
		"territories": [{"territory": territory} for territory in spec["territories"]],
		"parties": [
			{
				"network_member": member,
				"party_role": role,
				"commitments": commitments,
				"contribution_amount": amount,
				"contribution_year": year + offset if offset is not None else None,
				"signatory": signatory,
				"signature_date": add_days(day, signed) if signed is not None else None,
			}
			for member, role, commitments, amount, offset, signatory, signed in spec["parties"]
		],
		"tfpb_commitments": [
			{
				"axis": axis,
				"landlord": landlord,
				"territory": territory,
				"year": year + offset,
				"action": action,
				"planned_amount": planned,
				"actual_amount": actual,
			}
			for axis, landlord, territory, offset, action, planned, actual in spec.get("tfpb_commitments", [])
		],
	}


def attach_signed_file(doc) -> str:
	"""A one-page PDF standing for the scanned, signed convention, attached to the agreement."""
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"convention-signee-{frappe.scrub(doc.name)}.pdf",
			"attached_to_doctype": AGREEMENT,
			"attached_to_name": doc.name,
			"attached_to_field": "signed_file",
			"is_private": 1,
			"content": one_page_pdf(f"{doc.name} - convention signee par les parties"),
		}
	).insert()
	return file.file_url


def one_page_pdf(text: str) -> bytes:
	"""A minimal valid PDF showing one line of (ASCII) text."""
	text = text.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
	stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
	objects = [
		b"<< /Type /Catalog /Pages 2 0 R >>",
		b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
		b"/Resources << /Font << /F1 5 0 R >> >> >>",
		b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
		b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	]
	pdf = b"%PDF-1.4\n"
	offsets = []
	for number, body in enumerate(objects, start=1):
		offsets.append(len(pdf))
		pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
	xref = len(pdf)
	pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
	pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
	pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
	return pdf


# ---------------------------------------------------------------- charter


def make_charter(day: date) -> int:
	"""Version 1 adopted by its signing members, then under revision: version 2 is a draft."""
	if frappe.db.exists(CHARTER_DOCTYPE, {"title": CHARTER["title"]}):
		return 0
	charter = frappe.get_doc(
		{
			"doctype": CHARTER_DOCTYPE,
			"title": CHARTER["title"],
			"review_date": add_days(day, CHARTER["review_date"]),
			"preamble": CHARTER["preamble"],
			"principles": CHARTER["principles"],
			"signatories": [
				{
					"network_member": member,
					"charter_role": role,
					"limits": limits,
					"commitments": commitments,
					"signatory": signatory,
					"signature_date": add_days(day, signed),
				}
				for member, role, limits, commitments, signatory, signed in CHARTER["signatories"]
			],
		}
	)
	charter.workflow_state = initial_state(CHARTER_DOCTYPE)
	charter.insert()
	move_to(charter, CHARTER_TARGET_STATE)
	# reaching "Under Revision" drafted version 2, to which the network adds a principle
	revision = frappe.db.get_value(CHARTER_DOCTYPE, {"previous_version": charter.name})
	if not revision:
		return 1
	draft = frappe.get_doc(CHARTER_DOCTYPE, revision)
	draft.principles = draft.principles.replace("</ol>", CHARTER["added_principle"] + "</ol>")
	draft.save()
	return 2


# ---------------------------------------------------------------- workflow
