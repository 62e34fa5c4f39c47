"""Agreements and Contributions: the network's agreements by state and type, what each member
contributes year by year, and the agreements ending within 90 days.

Three views of the same agreements (filters: period, territory, member, type, ending soon):
- "Agreements and Parties": one row per agreement and party, with the flag "ends within 90 days";
- "By State and Type": the number of agreements, their contributions and how many end soon;
- "By Member and Year": each member's contributions per year.
The summary cards give the totals; only the agreements the user may read are counted.
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.model.workflow import get_workflow_name
from frappe.utils import flt

from gusp_network.cooperation.contributions import (
	AGREEMENT,
	AgreementFilters,
	ending_soon_window,
	find_agreements,
	party_rows,
)

VIEW_PARTIES = "Agreements and Parties"
VIEW_STATE_AND_TYPE = "By State and Type"
VIEW_MEMBER_AND_YEAR = "By Member and Year"


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	agreements = find_agreements(AgreementFilters.parse(filters))
	parties = party_rows([a.name for a in agreements], filters.network_member or None)
	first, last = ending_soon_window()
	for agreement in agreements:
		agreement.ends_soon = int(bool(agreement.end_date and first <= agreement.end_date <= last))

	view = filters.view or VIEW_PARTIES
	if view == VIEW_STATE_AND_TYPE:
		columns, data, chart = by_state_and_type(agreements, parties)
	elif view == VIEW_MEMBER_AND_YEAR:
		columns, data, chart = by_member_and_year(parties)
	else:
		columns, data, chart = by_agreement_and_party(agreements, parties)
	return columns, data, None, chart, summary(agreements, parties)


def by_agreement_and_party(agreements, parties):
	columns = [
		{
			"fieldname": "agreement",
			"label": _("Agreement"),
			"fieldtype": "Link",
			"options": AGREEMENT,
			"width": 150,
		},
		{"fieldname": "title", "label": _("Title"), "fieldtype": "Data", "width": 240},
		{"fieldname": "agreement_type", "label": _("Agreement Type"), "fieldtype": "Select", "width": 170},
		{"fieldname": "workflow_state", "label": _("Status"), "fieldtype": "Select", "width": 130},
		{"fieldname": "start_date", "label": _("Start Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "end_date", "label": _("End Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "ends_soon", "label": _("Ends within 90 days"), "fieldtype": "Check", "width": 90},
		{
			"fieldname": "network_member",
			"label": _("Network Member"),
			"fieldtype": "Link",
			"options": "Network Member",
			"width": 220,
		},
		{"fieldname": "party_role", "label": _("Role in the Agreement"), "fieldtype": "Select", "width": 110},
		{"fieldname": "contribution_year", "label": _("Contribution Year"), "fieldtype": "Data", "width": 90},
		{
			"fieldname": "contribution_amount",
			"label": _("Financial Contribution"),
			"fieldtype": "Currency",
			"width": 130,
		},
	]
	by_agreement = defaultdict(list)
	for party in parties:
		by_agreement[party.parent].append(party)
	data = []
	for agreement in agreements:
		head = {
			"agreement": agreement.name,
			"title": agreement.title,
			"agreement_type": agreement.agreement_type,
			"workflow_state": agreement.workflow_state,
			"start_date": agreement.start_date,
			"end_date": agreement.end_date,
			"ends_soon": agreement.ends_soon,
		}
		for party in by_agreement.get(agreement.name) or [frappe._dict()]:
			data.append(
				{
					**head,
					"network_member": party.network_member,
					"party_role": party.party_role,
					"contribution_year": party.contribution_year,
					"contribution_amount": flt(party.contribution_amount),
				}
			)
	return columns, data, contributions_by_year_chart(parties)


def by_state_and_type(agreements, parties):
	columns = [
		{"fieldname": "workflow_state", "label": _("Status"), "fieldtype": "Select", "width": 150},
		{"fieldname": "agreement_type", "label": _("Agreement Type"), "fieldtype": "Select", "width": 200},
		{"fieldname": "agreements", "label": _("Agreements"), "fieldtype": "Int", "width": 120},
		{"fieldname": "contributions", "label": _("Contributions"), "fieldtype": "Currency", "width": 150},
		{"fieldname": "ending_soon", "label": _("Ending within 90 days"), "fieldtype": "Int", "width": 160},
	]
	contribution_of = defaultdict(float)
	for party in parties:
		contribution_of[party.parent] += flt(party.contribution_amount)
	groups = {}
	for agreement in agreements:
		key = (agreement.workflow_state, agreement.agreement_type)
		group = groups.setdefault(
			key,
			{
				"workflow_state": key[0],
				"agreement_type": key[1],
				"agreements": 0,
				"contributions": 0.0,
				"ending_soon": 0,
			},
		)
		group["agreements"] += 1
		group["contributions"] += contribution_of[agreement.name]
		group["ending_soon"] += agreement.ends_soon
	states, types = state_order(), type_order()
	data = sorted(
		groups.values(),
		key=lambda g: (position(states, g["workflow_state"]), position(types, g["agreement_type"])),
	)
	shown_states = sorted({g["workflow_state"] for g in data}, key=lambda s: position(states, s))
	shown_types = sorted({g["agreement_type"] for g in data}, key=lambda t: position(types, t))
	chart = {
		"data": {
			"labels": [_(state or "Not Set") for state in shown_states],
			"datasets": [
				{
					"name": _(agreement_type or "Not Set"),
					"values": [
						groups.get((state, agreement_type), {}).get("agreements", 0) for state in shown_states
					],
				}
				for agreement_type in shown_types
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"fieldtype": "Int",
	}
	return columns, data, chart


def by_member_and_year(parties):
	columns = [
		{
			"fieldname": "network_member",
			"label": _("Network Member"),
			"fieldtype": "Link",
			"options": "Network Member",
			"width": 260,
		},
		{
			"fieldname": "contribution_year",
			"label": _("Contribution Year"),
			"fieldtype": "Data",
			"width": 110,
		},
		{"fieldname": "agreements", "label": _("Agreements"), "fieldtype": "Int", "width": 120},
		{"fieldname": "contributions", "label": _("Contributions"), "fieldtype": "Currency", "width": 150},
	]
	groups = {}
	for party in parties:
		key = (party.network_member, party.contribution_year)
		group = groups.setdefault(
			key,
			{
				"network_member": key[0],
				"contribution_year": key[1],
				"agreements": set(),
				"contributions": 0.0,
			},
		)
		group["agreements"].add(party.parent)
		group["contributions"] += flt(party.contribution_amount)
	data = []
	for key in sorted(groups, key=lambda k: (k[0] or "", k[1] or 0)):
		group = groups[key]
		data.append({**group, "agreements": len(group["agreements"])})
	return columns, data, contributions_by_year_chart(parties)


def contributions_by_year_chart(parties) -> dict | None:
	by_year = defaultdict(float)
	for party in parties:
		by_year[party.contribution_year or 0] += flt(party.contribution_amount)
	if not by_year:
		return None
	years = sorted(by_year)
	return {
		"data": {
			"labels": [str(year) if year else _("Year not set") for year in years],
			"datasets": [{"name": _("Contributions"), "values": [by_year[year] for year in years]}],
		},
		"type": "bar",
		"fieldtype": "Currency",
		"colors": ["#449CF0"],
	}


def summary(agreements, parties) -> list[dict]:
	return [
		{"value": len(agreements), "label": _("Agreements"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": len({party.network_member for party in parties if party.network_member}),
			"label": _("Members Who Are Parties"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"value": sum(flt(party.contribution_amount) for party in parties),
			"label": _("Total Contributions"),
			"datatype": "Currency",
			"indicator": "Green",
		},
		{
			"value": sum(agreement.ends_soon for agreement in agreements),
			"label": _("Ending within 90 days"),
			"datatype": "Int",
			"indicator": "Orange",
		},
	]


def state_order() -> list[str]:
	"""The agreement workflow's states in their order (admins may rename or add states)."""
	name = get_workflow_name(AGREEMENT)
	states = frappe.get_cached_doc("Workflow", name).states if name else []
	return list(dict.fromkeys(row.state for row in states))


def type_order() -> list[str]:
	options = frappe.get_meta(AGREEMENT).get_field("agreement_type").options or ""
	return [option for option in options.split("\n") if option]


def position(order: list[str], value: str | None) -> tuple[int, str]:
	return (order.index(value) if value in order else len(order), value or "")
