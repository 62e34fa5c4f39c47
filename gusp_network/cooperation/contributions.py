"""What the network's members contribute through cooperation agreements, and the agreements a
report reads.

The agreements a user sees come from `frappe.get_list` (their permissions, the app's row rules and
their User Permissions); the figures are then summed with `frappe.qb` on those agreements only.
The member form shows its organisation's total (`get_member_contributions`); the reports
*Agreements and Contributions* and *TFPB Review* read `find_agreements` with their filters.
"""

from dataclasses import dataclass
from datetime import date

import frappe
from frappe.utils import add_days, flt, getdate, today

AGREEMENT = "Cooperation Agreement"
PARTY = "Cooperation Agreement Party"
# Cooperation Agreement.agreement_type of a social landlord's TFPB abatement programme
TFPB_PROGRAMME = "TFPB Abatement Programme"
# an agreement "ends soon" when its end date falls within this many days from today
ENDING_SOON_DAYS = 90


@dataclass(frozen=True)
class AgreementFilters:
	"""The filters both reports share: the agreement's period, place, party and type."""

	from_date: date | None = None
	to_date: date | None = None
	territory: str | None = None
	network_member: str | None = None
	agreement_type: str | None = None
	ending_soon: bool = False

	@classmethod
	def parse(cls, filters: dict | None) -> "AgreementFilters":
		filters = frappe._dict(filters or {})
		return cls(
			from_date=getdate(filters.from_date) if filters.from_date else None,
			to_date=getdate(filters.to_date) if filters.to_date else None,
			territory=filters.territory or None,
			network_member=filters.network_member or None,
			agreement_type=filters.agreement_type or None,
			ending_soon=bool(frappe.utils.cint(filters.ending_soon)),
		)


def ending_soon_window() -> tuple[date, date]:
	"""From today to the last day an agreement may end on to "end soon"."""
	start = getdate(today())
	return start, getdate(add_days(start, ENDING_SOON_DAYS))


def find_agreements(filters: AgreementFilters) -> list[frappe._dict]:
	"""The agreements matching the filters that the session user may read, oldest first.

	Period: the agreement runs at some point between the two dates (an open end runs on).
	Territory: one of the agreement's territories is the one chosen or lies inside it.
	Member: the member is one of the agreement's parties.
	"""
	agreement = frappe.qb.DocType(AGREEMENT)
	query = frappe.qb.from_(agreement).select(agreement.name)
	if filters.from_date:
		query = query.where(agreement.end_date.isnull() | (agreement.end_date >= filters.from_date))
	if filters.to_date:
		query = query.where(agreement.start_date.isnull() | (agreement.start_date <= filters.to_date))
	if filters.agreement_type:
		query = query.where(agreement.agreement_type == filters.agreement_type)
	if filters.ending_soon:
		first, last = ending_soon_window()
		query = query.where(agreement.end_date.between(first, last))
	if filters.territory:
		query = query.where(agreement.name.isin(agreements_in_territory(filters.territory)))
	if filters.network_member:
		party = frappe.qb.DocType(PARTY)
		query = query.where(
			agreement.name.isin(
				frappe.qb.from_(party)
				.select(party.parent)
				.where(
					(party.parenttype == AGREEMENT)
					& (party.parentfield == "parties")
					& (party.network_member == filters.network_member)
				)
			)
		)
	candidates = query.run(pluck=True)
	if not candidates:
		return []
	# what the user may read: the DocType's permissions, the app's row rules, User Permissions
	return frappe.get_list(
		AGREEMENT,
		filters={"name": ("in", candidates)},
		fields=["name", "title", "agreement_type", "workflow_state", "start_date", "end_date"],
		order_by="start_date asc, name asc",
		limit_page_length=0,
	)


def agreements_in_territory(territory: str):
	"""Sub-query: the agreements with a territory that is `territory` or lies inside it."""
	place = frappe.qb.DocType("GUSP Territory")
	row = frappe.qb.DocType("Cooperation Agreement Territory")
	lft, rgt = frappe.db.get_value("GUSP Territory", territory, ["lft", "rgt"]) or (0, -1)
	return (
		frappe.qb.from_(row)
		.join(place)
		.on(place.name == row.territory)
		.select(row.parent)
		.where((row.parenttype == AGREEMENT) & (place.lft >= lft) & (place.rgt <= rgt))
	)


def territories_within(territory: str):
	"""Sub-query: `territory` and the territories inside it."""
	place = frappe.qb.DocType("GUSP Territory")
	lft, rgt = frappe.db.get_value("GUSP Territory", territory, ["lft", "rgt"]) or (0, -1)
	return frappe.qb.from_(place).select(place.name).where((place.lft >= lft) & (place.rgt <= rgt))


def party_rows(agreements: list[str], network_member: str | None = None) -> list[frappe._dict]:
	"""The parties of these agreements (only `network_member`'s when given), in the form's order."""
	if not agreements:
		return []
	party = frappe.qb.DocType(PARTY)
	query = (
		frappe.qb.from_(party)
		.select(
			party.parent,
			party.network_member,
			party.party_role,
			party.contribution_year,
			party.contribution_amount,
			party.signature_date,
		)
		.where(
			(party.parenttype == AGREEMENT) & (party.parentfield == "parties") & party.parent.isin(agreements)
		)
		.orderby(party.parent)
		.orderby(party.idx)
	)
	if network_member:
		query = query.where(party.network_member == network_member)
	return query.run(as_dict=True)


@frappe.whitelist()
def get_member_contributions(member: str) -> dict:
	"""A member's contributions over the agreements it is a party to (those the user may read):
	the total, the number of agreements and the amounts by year. Shown on the member's form."""
	frappe.has_permission("Network Member", "read", doc=member, throw=True)
	if not frappe.has_permission(AGREEMENT, "read"):
		return {}
	agreements = [row.name for row in find_agreements(AgreementFilters(network_member=member))]
	by_year: dict[int, float] = {}
	for row in party_rows(agreements, member):
		if row.contribution_amount:
			by_year[row.contribution_year or 0] = by_year.get(row.contribution_year or 0, 0) + flt(
				row.contribution_amount
			)
	return {
		"total": sum(by_year.values()),
		"agreements": len(agreements),
		"by_year": [{"year": year or None, "amount": amount} for year, amount in sorted(by_year.items())],
	}
