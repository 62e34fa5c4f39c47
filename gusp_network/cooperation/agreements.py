"""Cooperation agreements: what the controller checks and computes, and the daily job.

The workflow is the admins' to edit (created at install from
`setup/data/workflows/cooperation_agreement_workflow.json`); the code knows two of its states by
name: the one where an agreement is in force, which asks for every signature and the signed file,
and the one the daily job moves it to when its end date has passed (unless tacitly renewed).
The reminder before the end date is a Notification an admin edits in the desk
(`setup/data/notifications/cooperation_agreement_ending.json`).
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_months, cint, flt, fmt_money, getdate, today

from gusp_network.exceptions import (
	AgreementNotSignedError,
	DuplicatePartyError,
	EndBeforeStartError,
	InvalidTFPBCommitmentError,
	NegativeAmountError,
	SignatureInFutureError,
)

AGREEMENT = "Cooperation Agreement"
# workflow states the code acts on
ACTIVE = "Active"
EXPIRED = "Expired"
DEFAULT_RENEWAL_MONTHS = 12
CURRENCY = "EUR"  # the amounts' currency (their fields' options)
# GUSP Territory.territory_type and Network Member.member_type a TFPB commitment needs
QPV = "QPV"
SOCIAL_LANDLORD = "Social Landlord"


# ---------------------------------------------------------------- checks


def validate_dates(doc: Document) -> None:
	if doc.start_date and doc.end_date and getdate(doc.end_date) < getdate(doc.start_date):
		frappe.throw(
			_("The end date ({0}) is before the start date ({1}).").format(
				frappe.format(doc.end_date, "Date"), frappe.format(doc.start_date, "Date")
			),
			EndBeforeStartError,
			title=_("Invalid dates"),
		)


def validate_parties(doc: Document) -> None:
	"""Each member once, no negative contribution, no signature dated after today."""
	seen: dict[str, int] = {}
	for party in doc.parties:
		if party.network_member in seen:
			frappe.throw(
				_("Party {0}: {1} is already a party to this agreement (row {2}).").format(
					party.idx, frappe.bold(party.network_member), seen[party.network_member]
				),
				DuplicatePartyError,
				title=_("Duplicate party"),
			)
		seen[party.network_member] = party.idx
		if flt(party.contribution_amount) < 0:
			frappe.throw(
				_("Party {0} ({1}): the financial contribution cannot be negative ({2}).").format(
					party.idx,
					frappe.bold(party.network_member),
					fmt_money(party.contribution_amount, currency=CURRENCY),
				),
				NegativeAmountError,
				title=_("Negative amount"),
			)
		if party.signature_date and getdate(party.signature_date) > getdate(today()):
			frappe.throw(
				_("Party {0} ({1}): the signature date ({2}) is in the future.").format(
					party.idx, frappe.bold(party.network_member), frappe.format(party.signature_date, "Date")
				),
				SignatureInFutureError,
				title=_("Invalid dates"),
			)


def validate_tfpb_commitments(doc: Document) -> None:
	"""A TFPB commitment is a social landlord's action in a QPV, with amounts of zero or more."""
	commitments = doc.get("tfpb_commitments") or []
	if not commitments:
		return
	territory_types = field_values("GUSP Territory", "territory_type", {row.territory for row in commitments})
	member_types = field_values("Network Member", "member_type", {row.landlord for row in commitments})
	for row in commitments:
		if row.territory and territory_types.get(row.territory) != QPV:
			frappe.throw(
				_(
					"TFPB commitment {0}: {1} is not a QPV. The property-tax abatement (TFPB) applies "
					"only in priority neighbourhoods (QPV)."
				).format(row.idx, frappe.bold(row.territory)),
				InvalidTFPBCommitmentError,
				title=_("Invalid TFPB commitment"),
			)
		if row.landlord and member_types.get(row.landlord) != SOCIAL_LANDLORD:
			frappe.throw(
				_(
					"TFPB commitment {0}: {1} is not a social landlord. Only social landlords have a "
					"TFPB abatement programme."
				).format(row.idx, frappe.bold(row.landlord)),
				InvalidTFPBCommitmentError,
				title=_("Invalid TFPB commitment"),
			)
		if flt(row.planned_amount) < 0:
			frappe.throw(
				_("TFPB commitment {0}: the planned amount cannot be negative ({1}).").format(
					row.idx, fmt_money(row.planned_amount, currency=CURRENCY)
				),
				NegativeAmountError,
				title=_("Negative amount"),
			)
		if flt(row.actual_amount) < 0:
			frappe.throw(
				_("TFPB commitment {0}: the actual amount cannot be negative ({1}).").format(
					row.idx, fmt_money(row.actual_amount, currency=CURRENCY)
				),
				NegativeAmountError,
				title=_("Negative amount"),
			)


def validate_activation(doc: Document) -> None:
	"""An agreement in force has every party's signature and the signed file, however it got there
	(workflow action, import, code). One already in force without them (made before this rule) is
	left alone until someone completes it."""
	if doc.workflow_state != ACTIVE:
		return
	before = doc.get_doc_before_save()
	if before and before.workflow_state == ACTIVE and missing_for_activation(before):
		return
	missing = missing_for_activation(doc)
	if missing:
		frappe.throw(
			_("The agreement cannot become Active yet:")
			+ "<ul>"
			+ "".join(f"<li>{problem}</li>" for problem in missing)
			+ "</ul>",
			AgreementNotSignedError,
			title=_("Agreement not signed"),
		)


def missing_for_activation(doc: Document) -> list[str]:
	"""What an agreement lacks to be in force, as sentences for the user."""
	missing = []
	unsigned = [party.network_member for party in doc.parties if not party.signature_date]
	if unsigned:
		missing.append(
			_("no signature date for {0}").format(", ".join(frappe.bold(member) for member in unsigned))
		)
	if not doc.signed_file:
		missing.append(_("the signed agreement file is missing (Signature section)"))
	return missing


# ---------------------------------------------------------------- computed values


def set_contribution_years(doc: Document) -> None:
	"""A contribution given without its year counts for the year the agreement starts."""
	start_year = getdate(doc.start_date).year if doc.start_date else None
	for party in doc.parties:
		if flt(party.contribution_amount) and not party.contribution_year and start_year:
			party.contribution_year = start_year


def set_totals(doc: Document) -> None:
	"""The total of the parties' contributions, one row per contribution year, and the TFPB
	programme's planned and actual totals."""
	by_year: dict[int, float] = defaultdict(float)
	for party in doc.parties:
		if flt(party.contribution_amount):
			by_year[cint(party.contribution_year)] += flt(party.contribution_amount)
	doc.total_contribution = sum(flt(party.contribution_amount) for party in doc.parties)
	set_year_totals(doc, by_year)
	commitments = doc.get("tfpb_commitments") or []
	doc.tfpb_planned_total = sum(flt(row.planned_amount) for row in commitments)
	doc.tfpb_actual_total = sum(flt(row.actual_amount) for row in commitments)


def set_year_totals(doc: Document, by_year: dict[int, float]) -> None:
	"""One row per year, in order; a year's row stays the same row while the year has contributions
	(the history shows an amount changed, not a row removed and another added)."""
	existing = {}
	for row in doc.year_totals:
		existing.setdefault(cint(row.year), row)
	rows = []
	for year, amount in sorted(by_year.items()):
		row = existing.get(year) or frappe._dict(year=year)
		row.amount = amount
		rows.append(row)
	doc.set("year_totals", rows)
	for idx, row in enumerate(doc.year_totals, start=1):
		row.idx = idx


def field_values(doctype: str, fieldname: str, names: set[str | None]) -> dict[str, str]:
	names = {name for name in names if name}
	if not names:
		return {}
	table = frappe.qb.DocType(doctype)
	rows = frappe.qb.from_(table).select(table.name, table[fieldname]).where(table.name.isin(names)).run()
	return dict(rows)


# ---------------------------------------------------------------- daily job


def expire_or_renew_agreements() -> None:
	"""Daily (hooks.py `scheduler_events`): an agreement in force whose end date has passed expires,
	or, under tacit renewal, runs for another period (as many as needed to reach today).

	Run twice the same day, the second run finds nothing to do. One agreement that cannot be saved
	(the workflow changed by an admin, say) is logged and the others are still treated."""
	for name in agreements_past_end():
		frappe.db.savepoint("expire_or_renew")
		try:
			doc = frappe.get_doc(AGREEMENT, name)
			if doc.tacit_renewal:
				renew(doc)
			else:
				expire(doc)
		except Exception:
			frappe.db.rollback(save_point="expire_or_renew")
			frappe.log_error(title=_("Agreement {0} could not expire or be renewed").format(name))


def agreements_past_end() -> list[str]:
	agreement = frappe.qb.DocType(AGREEMENT)
	rows = (
		frappe.qb.from_(agreement)
		.select(agreement.name)
		.where((agreement.workflow_state == ACTIVE) & (agreement.end_date < getdate(today())))
		.orderby(agreement.end_date)
		.run()
	)
	return [row[0] for row in rows]


def renew(doc: Document) -> None:
	months = cint(doc.renewal_months)
	if months <= 0:
		months = DEFAULT_RENEWAL_MONTHS
	previous_end = getdate(doc.end_date)
	end = previous_end
	while end < getdate(today()):
		end = add_months(end, months)
	doc.end_date = end
	doc.save(ignore_permissions=True)
	doc.add_comment(
		"Info",
		_("Renewed by tacit renewal for {0} months: the end date moves from {1} to {2}.").format(
			months, frappe.format(previous_end, "Date"), frappe.format(end, "Date")
		),
	)


def expire(doc: Document) -> None:
	doc.workflow_state = EXPIRED
	doc.save(ignore_permissions=True)
	doc.add_comment(
		"Info",
		_("Expired: its end date ({0}) has passed and it has no tacit renewal.").format(
			frappe.format(doc.end_date, "Date")
		),
	)
