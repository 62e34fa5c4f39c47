"""The Cooperation reports: every figure equals a direct count or sum on the same data, the filters
narrow what they say they narrow, each has its chart, and a user sees only what they may read."""

from types import SimpleNamespace

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.query_builder.functions import Count, Sum
from frappe.utils import add_days, getdate, today

from tests.cooperation.factories import make_agreement, party
from tests.factories import as_user, make_network_member, make_territory, make_user, unique

AGREEMENT = "Cooperation Agreement"
CONTRIBUTIONS = "Agreements and Contributions"
TFPB_REVIEW = "TFPB Review"
YEAR = getdate(today()).year


def report(name: str, **filters) -> dict:
	"""The report as the desk asks for it, for the session user."""
	return run(name, filters=filters, ignore_prepared_report=True)


def summary_of(result: dict) -> dict:
	return {card["label"]: card["value"] for card in result["report_summary"]}


def axes() -> list[str]:
	return frappe.get_all("TFPB Axis", order_by="creation asc, name asc", pluck="name")[:2]


@pytest.fixture
def world(network):
	"""A commune with two QPVs, a QPV elsewhere, three members and three agreements:
	- a GUSP convention in force in the first QPV, ending in 30 days, between the city (10 000 this
	  year) and the landlord (4 000 last year), with a TFPB commitment that is not a programme's;
	- a draft partnership elsewhere, starting in 200 days, between the city (2 500) and a third member;
	- the landlord's TFPB programme in both QPVs, under negotiation, with four commitments.
	"""
	commune = make_territory(territory_type="Commune", is_group=1).name
	qpv_1 = make_territory(parent_gusp_territory=commune).name
	qpv_2 = make_territory(parent_gusp_territory=commune).name
	elsewhere = make_territory().name
	city = make_network_member().name
	landlord = make_network_member(member_type="Social Landlord", member_name=unique("Bailleur")).name
	other = make_network_member(member_type="Association", member_name=unique("Association")).name
	axis_1, axis_2 = axes()

	def commitment(axis, territory, year, planned, actual):
		return {
			"axis": axis,
			"landlord": landlord,
			"territory": territory,
			"year": year,
			"action": "Renfort de la présence de proximité",
			"planned_amount": planned,
			"actual_amount": actual,
		}

	convention = make_agreement(
		state="Active",
		start_date=add_days(today(), -300),
		end_date=add_days(today(), 30),
		territories=[{"territory": qpv_1}],
		parties=[
			party(city, contribution_amount=10000, contribution_year=YEAR),
			party(landlord, contribution_amount=4000, contribution_year=YEAR - 1),
		],
		tfpb_commitments=[commitment(axis_1, qpv_1, YEAR, 999, 999)],
	).name
	partnership = make_agreement(
		agreement_type="Partnership",
		state="Draft",
		start_date=add_days(today(), 200),
		end_date=add_days(today(), 600),
		territories=[{"territory": elsewhere}],
		parties=[
			party(city, contribution_amount=2500, contribution_year=YEAR + 1),
			party(other, contribution_amount=0, contribution_year=None),
		],
	).name
	programme = make_agreement(
		agreement_type="TFPB Abatement Programme",
		state="Negotiation",
		start_date=add_days(today(), -400),
		end_date=add_days(today(), 300),
		territories=[{"territory": qpv_1}, {"territory": qpv_2}],
		parties=[party(landlord, contribution_amount=0), party(city, contribution_amount=0)],
		tfpb_commitments=[
			commitment(axis_1, qpv_1, YEAR, 1000, 800),
			commitment(axis_1, qpv_1, YEAR, 500, 100),
			commitment(axis_2, qpv_2, YEAR, 2000, 2500),
			commitment(axis_1, qpv_2, YEAR - 1, 300, 300),
		],
	).name
	return SimpleNamespace(
		commune=commune,
		qpv_1=qpv_1,
		qpv_2=qpv_2,
		elsewhere=elsewhere,
		city=city,
		landlord=landlord,
		other=other,
		axis_1=axis_1,
		axis_2=axis_2,
		convention=convention,
		partnership=partnership,
		programme=programme,
	)


# ---------------------------------------------------------------- independent counts


def direct_contributions(agreements: list[str] | None = None, member: str | None = None) -> dict:
	"""{(member, year): (number of agreements, sum)} straight from the parties table."""
	party_table = frappe.qb.DocType("Cooperation Agreement Party")
	query = (
		frappe.qb.from_(party_table)
		.select(
			party_table.network_member,
			party_table.contribution_year,
			Count(party_table.parent).distinct(),
			Sum(party_table.contribution_amount),
		)
		.where(party_table.parenttype == AGREEMENT)
		.groupby(party_table.network_member, party_table.contribution_year)
	)
	if agreements is not None:
		query = query.where(party_table.parent.isin(agreements or [""]))
	if member:
		query = query.where(party_table.network_member == member)
	return {(m, y): (n, float(total or 0)) for m, y, n, total in query.run()}


def direct_states_and_types() -> dict:
	"""{(state, type): number of agreements} of the whole site."""
	rows = frappe.get_all(
		AGREEMENT,
		fields=["workflow_state", "agreement_type", "count(name) as agreements"],
		group_by="workflow_state, agreement_type",
	)
	return {(r.workflow_state, r.agreement_type): r.agreements for r in rows}


# ---------------------------------------------------------------- Agreements and Contributions


def test_one_row_per_agreement_and_party_with_the_members_contributions_and_the_ending_flag(world):
	result = report(CONTRIBUTIONS, network_member=world.city)
	rows = result["result"]
	assert {row["agreement"] for row in rows} == {world.convention, world.partnership, world.programme}
	assert {row["network_member"] for row in rows} == {world.city}, "only the chosen member's rows"
	by_agreement = {row["agreement"]: row for row in rows}
	assert by_agreement[world.convention]["contribution_amount"] == 10000
	assert by_agreement[world.convention]["workflow_state"] == "Active"
	assert by_agreement[world.convention]["ends_soon"] == 1
	assert by_agreement[world.partnership]["ends_soon"] == 0
	expected = direct_contributions(member=world.city)
	assert sum(row["contribution_amount"] for row in rows) == sum(total for _n, total in expected.values())
	summary = summary_of(result)
	assert summary["Agreements"] == 3
	assert summary["Total Contributions"] == 12500
	assert summary["Ending within 90 days"] == 1


def test_an_agreement_without_a_party_in_the_filter_still_counts_once(world):
	result = report(CONTRIBUTIONS, territory=world.commune)
	rows = result["result"]
	assert {row["agreement"] for row in rows} == {world.convention, world.programme}
	# one row per party: the convention and the programme have two each
	assert len(rows) == 4
	assert summary_of(result)["Total Contributions"] == 14000


def test_by_state_and_type_counts_every_agreement_the_site_holds(world):
	result = report(CONTRIBUTIONS, view="By State and Type")
	got = {(row["workflow_state"], row["agreement_type"]): row["agreements"] for row in result["result"]}
	assert got == direct_states_and_types()
	assert summary_of(result)["Agreements"] == frappe.db.count(AGREEMENT)
	# the contributions of each group are the sum of its agreements' parties
	for row in result["result"]:
		names = frappe.get_all(
			AGREEMENT,
			filters={"workflow_state": row["workflow_state"], "agreement_type": row["agreement_type"]},
			pluck="name",
		)
		expected = sum(total for _n, total in direct_contributions(names).values())
		assert row["contributions"] == pytest.approx(expected)
	chart = result["chart"]
	assert chart["type"] == "bar"
	assert sum(sum(dataset["values"]) for dataset in chart["data"]["datasets"]) == frappe.db.count(AGREEMENT)


def test_by_member_and_year_sums_each_members_contributions_per_year(world):
	result = report(CONTRIBUTIONS, view="By Member and Year")
	got = {
		(row["network_member"], row["contribution_year"]): (row["agreements"], row["contributions"])
		for row in result["result"]
	}
	assert got == direct_contributions()
	# the convention (10 000) and the programme (a party without contribution)
	assert got[(world.city, YEAR)] == (2, 10000)
	assert got[(world.landlord, YEAR - 1)] == (1, 4000)
	chart = result["chart"]
	labels, values = chart["data"]["labels"], chart["data"]["datasets"][0]["values"]
	by_year = dict(zip(labels, values, strict=True))
	assert by_year[str(YEAR + 1)] == sum(total for (_m, y), (_n, total) in got.items() if y == YEAR + 1)


def test_the_filters_narrow_to_the_period_the_type_and_the_agreements_ending_soon(world):
	def agreements(**filters) -> set[str]:
		rows = report(CONTRIBUTIONS, network_member=world.city, **filters)["result"]
		return {row["agreement"] for row in rows}

	# the partnership starts in 200 days: not running before then
	assert agreements(from_date=today(), to_date=add_days(today(), 100)) == {
		world.convention,
		world.programme,
	}
	assert agreements(from_date=add_days(today(), 100)) == {world.partnership, world.programme}
	assert agreements(agreement_type="TFPB Abatement Programme") == {world.programme}
	assert agreements(ending_soon=1) == {world.convention}
	assert agreements(territory=world.elsewhere) == {world.partnership}
	assert agreements(territory=world.qpv_2) == {world.programme}


def test_the_contributions_chart_gives_the_sum_of_each_year(world):
	result = report(CONTRIBUTIONS, network_member=world.city)
	chart = result["chart"]
	assert chart["type"] == "bar"
	by_year = dict(zip(chart["data"]["labels"], chart["data"]["datasets"][0]["values"], strict=True))
	assert by_year == {str(YEAR): 10000, str(YEAR + 1): 2500}


# ---------------------------------------------------------------- TFPB Review


def direct_commitments(landlord: str) -> dict:
	"""{(QPV, axis, year): (planned, actual)} of the landlord's commitments in TFPB programmes."""
	row = frappe.qb.DocType("TFPB Commitment")
	agreement = frappe.qb.DocType(AGREEMENT)
	rows = (
		frappe.qb.from_(row)
		.join(agreement)
		.on(agreement.name == row.parent)
		.select(row.territory, row.axis, row.year, Sum(row.planned_amount), Sum(row.actual_amount))
		.where(
			(row.parenttype == AGREEMENT)
			& (row.landlord == landlord)
			& (agreement.agreement_type == "TFPB Abatement Programme")
		)
		.groupby(row.territory, row.axis, row.year)
		.run()
	)
	return {(t, a, y): (float(p), float(r)) for t, a, y, p, r in rows}


def test_the_tfpb_review_gives_planned_actual_and_gap_per_qpv_axis_and_year(world):
	result = report(TFPB_REVIEW, network_member=world.landlord)
	rows = result["result"]
	got = {
		(row["territory"], row["axis"], int(row["year"])): (row["planned_amount"], row["actual_amount"])
		for row in rows
	}
	assert got == direct_commitments(world.landlord)
	assert got == {
		(world.qpv_1, world.axis_1, YEAR): (1500, 900),
		(world.qpv_2, world.axis_2, YEAR): (2000, 2500),
		(world.qpv_2, world.axis_1, YEAR - 1): (300, 300),
	}, "a commitment outside a TFPB programme is not in its review"
	first = next(row for row in rows if row["territory"] == world.qpv_1)
	assert first["landlord"] == world.landlord
	assert first["gap"] == -600
	assert first["completion"] == 60
	summary = summary_of(result)
	assert summary["Planned Amount"] == 3800
	assert summary["Actual Amount"] == 3700
	assert summary["Gap (Actual − Planned)"] == -100


def test_the_tfpb_review_filters_by_territory_year_and_axis(world):
	def keys(**filters):
		rows = report(TFPB_REVIEW, network_member=world.landlord, **filters)["result"]
		return {(row["territory"], row["axis"], int(row["year"])) for row in rows}

	assert keys(territory=world.qpv_1) == {(world.qpv_1, world.axis_1, YEAR)}
	assert keys(territory=world.commune) == {
		(world.qpv_1, world.axis_1, YEAR),
		(world.qpv_2, world.axis_2, YEAR),
		(world.qpv_2, world.axis_1, YEAR - 1),
	}
	assert keys(year=str(YEAR - 1)) == {(world.qpv_2, world.axis_1, YEAR - 1)}
	assert keys(axis=world.axis_2) == {(world.qpv_2, world.axis_2, YEAR)}
	# the programme runs from 400 days ago: a period that ends before holds nothing
	assert keys(to_date=add_days(today(), -500)) == set()


def test_the_tfpb_chart_sets_planned_against_actual_for_each_axis(world):
	chart = report(TFPB_REVIEW, network_member=world.landlord)["chart"]
	labels = chart["data"]["labels"]
	planned, actual = (dict(zip(labels, d["values"], strict=True)) for d in chart["data"]["datasets"])
	assert planned == {world.axis_1: 1800, world.axis_2: 2000}
	assert actual == {world.axis_1: 1200, world.axis_2: 2500}


# ---------------------------------------------------------------- who sees what


def test_the_resource_centre_and_a_member_see_the_figures_of_the_agreements_they_may_read(world, network):
	figures = {}
	for user in (network.centre, network.member_a, network.manager):
		with as_user(user):
			readable = set(frappe.get_list(AGREEMENT, pluck="name", limit_page_length=0))
			result = report(CONTRIBUTIONS, view="By State and Type")
			assert summary_of(result)["Agreements"] == len(readable)
			figures[user] = summary_of(report(TFPB_REVIEW, network_member=world.landlord))
	# agreements are read by the whole network: everyone gets the same bilan
	assert figures[network.centre] == figures[network.member_a] == figures[network.manager]


def test_a_member_restricted_to_some_agreements_sees_only_their_figures(world, network, restricted):
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": network.member_b,
			"allow": AGREEMENT,
			"for_value": world.convention,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)
	with as_user(network.member_b):
		result = report(CONTRIBUTIONS, network_member=world.city)
		assert {row["agreement"] for row in result["result"]} == {world.convention}
		assert summary_of(result)["Total Contributions"] == 10000
		assert report(TFPB_REVIEW, network_member=world.landlord)["result"] == []


def test_someone_outside_the_network_cannot_run_the_reports(world):
	outsider = make_user("GUSP Resident").name
	for name in (CONTRIBUTIONS, TFPB_REVIEW):
		with as_user(outsider), pytest.raises(frappe.PermissionError):
			report(name)


# ---------------------------------------------------------------- workspace


def test_the_cooperation_workspace_opens_on_agreements_charters_and_both_reports():
	workspace = frappe.get_doc("Workspace", "Cooperation")
	assert (workspace.parent_page, workspace.module, workspace.public) == ("GUSP", "Cooperation", 1)
	shortcuts = {(s.type, s.link_to) for s in workspace.shortcuts}
	assert {
		("DocType", AGREEMENT),
		("DocType", "Cooperation Charter"),
		("DocType", "TFPB Axis"),
		("Report", CONTRIBUTIONS),
		("Report", TFPB_REVIEW),
	} <= shortcuts
	for kind, target in shortcuts | {
		(link.link_type, link.link_to) for link in workspace.links if link.link_to
	}:
		assert frappe.db.exists(kind, target), f"{kind} {target}"
	cards = {b["data"]["card_name"] for b in frappe.parse_json(workspace.content) if b["type"] == "card"}
	assert cards == {link.label for link in workspace.links if link.type == "Card Break"}
	assert {
		frappe.db.get_value("Report", name, ["report_type", "module"])
		for name in (CONTRIBUTIONS, TFPB_REVIEW)
	} == {("Script Report", "Cooperation")}
