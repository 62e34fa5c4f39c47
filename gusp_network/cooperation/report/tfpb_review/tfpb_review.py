"""TFPB Review: the yearly review (bilan) of the social landlords' TFPB abatement programmes.

One row per landlord × QPV × axis × year: the amounts planned and actually spent, the gap
(actual − planned) and the completion rate, summed over the commitments of the agreements of type
"TFPB Abatement Programme" that the user may read. Filters: the agreements' period, the territory
(the commitments in it or inside it), the landlord, the axis and the year.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import cint, flt

from gusp_network.cooperation.contributions import (
	AGREEMENT,
	TFPB_PROGRAMME,
	AgreementFilters,
	find_agreements,
	territories_within,
)


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	# the period and the type choose the programmes; the other filters, their commitments
	period = AgreementFilters.parse(filters)
	agreements = find_agreements(
		AgreementFilters(from_date=period.from_date, to_date=period.to_date, agreement_type=TFPB_PROGRAMME)
	)
	data = commitments([a.name for a in agreements], filters)
	return columns(), data, None, chart(data), summary(data)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "landlord",
			"label": _("Social Landlord"),
			"fieldtype": "Link",
			"options": "Network Member",
			"width": 200,
		},
		{
			"fieldname": "territory",
			"label": _("QPV"),
			"fieldtype": "Link",
			"options": "GUSP Territory",
			"width": 170,
		},
		{
			"fieldname": "axis",
			"label": _("TFPB Axis"),
			"fieldtype": "Link",
			"options": "TFPB Axis",
			"width": 280,
		},
		{"fieldname": "year", "label": _("Year"), "fieldtype": "Data", "width": 70},
		{"fieldname": "planned_amount", "label": _("Planned Amount"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "actual_amount", "label": _("Actual Amount"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "gap", "label": _("Gap (Actual − Planned)"), "fieldtype": "Currency", "width": 150},
		{"fieldname": "completion", "label": _("Completion Rate"), "fieldtype": "Percent", "width": 110},
	]


def commitments(agreements: list[str], filters: frappe._dict) -> list[dict]:
	"""The commitments of these agreements summed per landlord, QPV, axis and year."""
	if not agreements:
		return []
	row = frappe.qb.DocType("TFPB Commitment")
	query = (
		frappe.qb.from_(row)
		.select(
			row.landlord,
			row.territory,
			row.axis,
			row.year,
			Sum(row.planned_amount).as_("planned_amount"),
			Sum(row.actual_amount).as_("actual_amount"),
		)
		.where(
			(row.parenttype == AGREEMENT)
			& (row.parentfield == "tfpb_commitments")
			& row.parent.isin(agreements)
		)
		.groupby(row.landlord, row.territory, row.axis, row.year)
		.orderby(row.landlord)
		.orderby(row.territory)
		.orderby(row.axis)
		.orderby(row.year)
	)
	if filters.network_member:
		query = query.where(row.landlord == filters.network_member)
	if filters.territory:
		query = query.where(row.territory.isin(territories_within(filters.territory)))
	if filters.axis:
		query = query.where(row.axis == filters.axis)
	if filters.year:
		query = query.where(row.year == cint(filters.year))
	data = []
	for group in query.run(as_dict=True):
		planned, actual = flt(group.planned_amount), flt(group.actual_amount)
		data.append(
			{
				**group,
				"planned_amount": planned,
				"actual_amount": actual,
				"gap": actual - planned,
				"completion": round(100 * actual / planned, 1) if planned else None,
			}
		)
	return data


def chart(data: list[dict]) -> dict | None:
	"""Planned against actual, per axis (in the axes' list order)."""
	if not data:
		return None
	axes = frappe.get_all("TFPB Axis", order_by="creation asc, name asc", pluck="name")
	shown = [axis for axis in axes if any(row["axis"] == axis for row in data)]
	shown += sorted({row["axis"] or "" for row in data} - set(shown))

	def total(axis, field):
		return sum(row[field] for row in data if (row["axis"] or "") == axis)

	return {
		"data": {
			"labels": [axis or _("Axis not set") for axis in shown],
			"datasets": [
				{"name": _("Planned Amount"), "values": [total(axis, "planned_amount") for axis in shown]},
				{"name": _("Actual Amount"), "values": [total(axis, "actual_amount") for axis in shown]},
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
		"colors": ["#A5B4C4", "#2E8B57"],
	}


def summary(data: list[dict]) -> list[dict]:
	planned = sum(row["planned_amount"] for row in data)
	actual = sum(row["actual_amount"] for row in data)
	return [
		{"value": planned, "label": _("Planned Amount"), "datatype": "Currency", "indicator": "Blue"},
		{"value": actual, "label": _("Actual Amount"), "datatype": "Currency", "indicator": "Green"},
		{
			"value": actual - planned,
			"label": _("Gap (Actual − Planned)"),
			"datatype": "Currency",
			"indicator": "Red" if actual < planned else "Green",
		},
		{
			"value": round(100 * actual / planned, 1) if planned else 0,
			"label": _("Completion Rate"),
			"datatype": "Percent",
			"indicator": "Blue",
		},
	]
