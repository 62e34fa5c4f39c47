"""The benchmark's baselines: for each Script Report, the single SQL statement of
`benchmarks/report_baselines.py` gives the same totals as the report a manager opens (its default
filters), on data where every figure it compares is at stake."""

from datetime import datetime, time
from unittest.mock import patch

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, getdate, today

from benchmarks import report_baselines
from benchmarks.report_baselines import BASELINES, default_filters, totals_of_baseline, totals_of_report
from tests.cooperation.factories import make_agreement, party
from tests.factories import (
	make_action_sheet,
	make_network_member,
	make_report,
	make_responsibility,
	make_territory,
	make_theme,
	unique,
)
from tests.knowledge.factories import make_contribution, make_evaluation
from tests.network_life.factories import make_meeting

YEAR = getdate(today()).year


def day(offset: int):
	return getdate(add_days(today(), offset))


def compare(report_name: str, **filters):
	"""The report's totals and its baseline's, with the defaults a manager gets (and `filters`)."""
	filters = {**default_filters(report_name), **filters}
	result = run(report_name, filters=dict(filters), ignore_prepared_report=True)
	return totals_of_report(report_name, result), totals_of_baseline(
		report_name, BASELINES[report_name](dict(filters))
	)


def test_the_defaults_are_those_of_the_desk():
	assert default_filters("Competence Map") == {"territory_type": "QPV"}
	assert default_filters("steering/report/resident_report_service_levels") == {"group_by": "organisation"}
	assert default_filters("Decisions Follow-up") == {"decision_status": "Open"}
	assert default_filters("Evaluation Summary") == {"workflow_state": "Validated"}
	assert default_filters("Agreements and Contributions") == {"view": "Agreements and Parties"}
	assert default_filters("TFPB Review") == {}
	assert set(BASELINES) == set(report_baselines.REPORTS)
	assert report_baselines.js_value("frappe.datetime.add_months(frappe.datetime.get_today(), -12)") == str(
		getdate(frappe.utils.add_months(today(), -12))
	)


def test_a_baseline_refuses_a_filter_it_does_not_apply():
	with pytest.raises(NotImplementedError):
		BASELINES["Member Engagement"]({"territory": "Ailleurs"})


def test_measure_gives_the_benchmark_both_times_and_whether_they_agree():
	measured = report_baselines.measure("Decisions Follow-up", runs=1)
	assert set(measured) == {"report_ms", "baseline_ms", "rows", "same", "frappe_ms"}
	assert measured["same"]
	assert min(measured["report_ms"], measured["baseline_ms"], measured["frappe_ms"]) > 0


def test_tfpb_review():
	landlord = make_network_member(member_type="Social Landlord", member_name=unique("Bailleur")).name
	qpv_1, qpv_2 = make_territory().name, make_territory().name
	axis_1, axis_2 = frappe.get_all("TFPB Axis", order_by="creation asc", pluck="name")[:2]

	def commitment(axis, territory, year, planned, actual):
		return {"axis": axis, "landlord": landlord, "territory": territory, "year": year}, {
			"action": "Présence de proximité",
			"planned_amount": planned,
			"actual_amount": actual,
		}

	def rows(*commitments):
		return [{**where, **amounts} for where, amounts in commitments]

	programme = {"agreement_type": "TFPB Abatement Programme", "parties": [party(landlord)]}
	make_agreement(
		**programme,
		tfpb_commitments=rows(
			commitment(axis_1, qpv_1, YEAR, 1000, 800),
			commitment(axis_1, qpv_1, YEAR, 500, 100),  # summed with the one above
			commitment(axis_2, qpv_2, YEAR - 1, 300, 450),
		),
	)
	make_agreement(**programme, tfpb_commitments=rows(commitment(axis_2, qpv_2, YEAR - 1, 200, 0)))
	# a convention's commitment is not a programme's
	make_agreement(landlord, tfpb_commitments=rows(commitment(axis_1, qpv_1, YEAR, 999, 999)))
	ours, baseline = compare("TFPB Review")
	assert (landlord, qpv_1, axis_1, YEAR, 1500.0, 900.0) in ours["rows"]
	assert (landlord, qpv_2, axis_2, YEAR - 1, 500.0, 450.0) in ours["rows"]
	assert ours == baseline


def test_agreements_and_contributions():
	city, landlord, other = (make_network_member().name for _ in range(3))
	make_agreement(
		start_date=day(-300),
		end_date=day(30),  # ends within 90 days
		parties=[party(city, contribution_amount=10000), party(landlord, contribution_amount=4000)],
	)
	make_agreement(
		agreement_type="Partnership",
		start_date=day(200),
		end_date=day(600),
		parties=[party(city, contribution_amount=2500), party(other, contribution_amount=0)],
	)
	make_agreement(landlord, start_date=day(-30), end_date=day(100), parties=[party(landlord)])
	make_agreement(other, start_date=day(-400), end_date=day(-100))  # ended: not "ending soon"
	ours, baseline = compare("Agreements and Contributions")
	assert ours["agreements"] >= 3 and ours["ending_soon"] >= 1 and ours["rows"] >= 5
	assert ours == baseline


def test_competence_map():
	commune = make_territory(territory_type="Commune", is_group=1).name
	first_qpv = make_territory(parent_gusp_territory=commune).name
	second_qpv = make_territory(parent_gusp_territory=commune).name
	root = make_theme(is_group=1).name
	cleanliness = make_theme(parent_gusp_theme=root, is_group=1).name
	bulky_waste = make_theme(parent_gusp_theme=cleanliness).name
	lighting = make_theme(parent_gusp_theme=root).name
	city = make_network_member().name
	landlord = make_network_member(member_type="Social Landlord").name
	make_responsibility(cleanliness, commune, city)  # every land of both QPVs, and of bulky waste
	make_responsibility(bulky_waste, first_qpv, landlord, land_status="Social Landlord")
	settled_by = make_responsibility(lighting, first_qpv, landlord, land_status="Social Landlord").name
	make_responsibility(lighting, first_qpv, city, land_status="Public Land")  # partly covered
	make_responsibility(lighting, second_qpv, city, role="Contributor")  # leads nothing
	make_responsibility(lighting, second_qpv, landlord, status="Proposed")  # not validated
	for territory, status, values in (
		(second_qpv, "Pending", {}),
		(first_qpv, "Settled", {"resolution_responsibility": settled_by}),
	):
		frappe.get_doc(
			{
				"doctype": "Grey Zone",
				"theme": lighting,
				"territory": territory,
				"land_status": "Any",
				"status": status,
				"origin": "Manual",
				"description": "Qui ramasse ?",
				**values,
			}
		).insert()
	ours, baseline = compare("Competence Map")
	assert ours["Cells Covered"] >= 4 and ours["Cells Partly Covered"] >= 1
	assert ours["Open Grey Zone Records"] >= 1
	assert ours == baseline


def test_workstream_progress():
	lead = make_network_member().name
	first, second = frappe.get_all("Workstream", order_by="number asc", pluck="name", limit=2)

	def step(offset, done=0):
		return {
			"step": unique("Étape"),
			"due_date": day(offset) if offset is not None else None,
			"done": done,
		}

	def indicator(baseline, target, actual):
		return {"indicator": unique("Indicateur"), "baseline": baseline, "target": target, "actual": actual}

	make_action_sheet(
		lead,
		state="Draft",
		workstream=first,
		start_date=day(-60),
		steps=[step(-5, done=1), step(-3), step(10), step(None)],
		indicators=[indicator(0, 10, 12), indicator(0, 10, 5), indicator(21, 10, 8), indicator(5, 5, 5)],
	)
	make_action_sheet(
		lead, state="In Progress", workstream=first, start_date=day(-60), steps=[step(0), step(None, done=1)]
	)
	make_action_sheet(
		lead, state="Completed", workstream=second, start_date=day(-60), steps=[step(-30)]
	)  # late for nobody
	make_action_sheet(lead, state="Retired State", workstream=second)  # a state the workflow lost
	ours, baseline = compare("Workstream Progress")
	assert ours[first]["late_steps"] >= 1 and ours[first]["indicators_reached"] >= 2
	assert ours[second]["other_states"] >= 1
	assert ours == baseline


def routed(theme: str, member: str | None, days_ago: int, due_in: int | None, **values) -> str:
	"""A resident report received `days_ago` days ago, routed to `member`, due `due_in` days from today."""
	name = make_report(theme).name
	frappe.db.set_value(
		"Resident Report",
		name,
		{
			"responsible_member": member,
			"due_date": day(due_in) if due_in is not None else None,
			"creation": datetime.combine(day(-days_ago), time(9, 30)),
			**values,
		},
		update_modified=False,
	)
	return name


def closed(closed_days_ago: int, reason: str = "Fixed", **values) -> dict:
	return {"public_status": "Closed", "closing_reason": reason, "closed_on": day(-closed_days_ago), **values}


def test_member_engagement():
	one = make_network_member().name
	two = make_network_member(member_type="Association").name
	theme = make_theme().name
	led = make_action_sheet(one, state="In Progress").name
	partnered = make_action_sheet(two, partners=[{"network_member": one, "role": "Partner"}]).name
	routed(theme, one, 10, -1, **closed(1))  # on time
	routed(theme, one, 200, -10, **closed(4))  # late
	routed(theme, one, 5, 3, public_status="Open")
	routed(theme, one, 5, 3, **closed(2, reason="Duplicate"))  # not counted
	for sheet in (led, partnered, None):
		need = {"doctype": "Resident Need", "need_type": "Need", "status": "New", "action_sheet": sheet}
		frappe.get_doc({**need, "description": unique("Un banc")}).insert(ignore_permissions=True)
	make_agreement(one, two)
	make_contribution(one)
	make_contribution(one, state="Published")
	make_meeting(
		two,
		days_ahead=-3,
		participants=[
			{"participant_name": "Élue", "network_member": one, "attended": 1},
			{"participant_name": "Chargée de mission", "network_member": two, "attended": 0},
		],
	)
	make_evaluation("Action Sheet", led, one, two)
	ours, baseline = compare("Member Engagement")
	assert ours[one]["reports_resolved_on_time"] == 1 and ours[one]["needs_answered"] == 2
	assert ours[one]["engagement"] > 8
	assert ours == baseline


def test_resident_report_service_levels():
	theme = make_theme().name
	one = make_network_member().name
	two = make_network_member().name
	routed(theme, one, 10, -4, **closed(4))  # 6 days, on time
	routed(theme, one, 20, -10, **closed(5), me_too_count=2)  # 15 days, late
	routed(theme, one, 15, -1, public_status="Open", me_too_count=3)  # past due
	routed(theme, one, 30, -20, **closed(2), reopen_count=1)  # 28 days, reopened
	routed(theme, one, 14, -3, **closed(3, reason="Duplicate"))  # not counted
	routed(theme, two, 8, 5, public_status="Open", reopen_count=1)
	routed(theme, two, 12, None, **closed(9))  # no due date
	routed(theme, None, 3, 1, public_status="Open")  # not routed yet
	ours, baseline = compare("Resident Report Service Levels")
	assert ours["rows"][one][:4] == (4, 3, 1, 1)
	assert ours["rows"][one][4] == 15.0  # the median of 6, 15 and 28 days
	assert ours == baseline
	ours, baseline = compare("Resident Report Service Levels", group_by="theme", from_date=str(day(-25)))
	assert ours["rows"][theme][0] == 6
	assert ours == baseline


def test_decisions_follow_up():
	city = make_network_member().name
	landlord = make_network_member().name

	def decision(text, owner, due_in, status="Open"):
		due = add_days(today(), due_in) if due_in is not None else None
		return {"decision": text, "owner_member": owner, "due_date": due, "decision_status": status}

	make_meeting(
		days_ahead=-60,
		decisions=[
			decision("Nettoyer les pieds d'immeubles", city, -30),  # overdue
			decision("Réparer l'éclairage", landlord, 10),
			decision("Étudier un composteur", city, None),
			decision("Changer les bacs", landlord, -40, "Done"),  # not open
		],
	)
	ours, baseline = compare("Decisions Follow-up")
	assert ours["decisions"] >= 3 and ours["overdue"] >= 1
	assert ours == baseline


def test_evaluation_summary(network):
	first, second = frappe.get_all("Workstream", order_by="number asc", pluck="name", limit=2)
	a, b = (
		frappe.get_doc({"doctype": "Evaluation Criterion", "criterion_name": unique(name)}).insert().name
		for name in ("Pertinence locale", "Durabilité du lien")
	)
	sheet_1 = make_action_sheet(network.org_a, workstream=first).name
	sheet_2 = make_action_sheet(network.org_a, workstream=second).name
	meeting = make_meeting(network.org_a, workstream=first).name
	agreement = make_agreement(network.org_a, network.org_b).name

	def evaluate(doctype, name, state, scores):
		make_evaluation(
			doctype,
			name,
			network.org_a,
			state=state,
			scores=[{"criterion": criterion, "score": score} for criterion, score in scores.items()],
		)

	evaluate("Action Sheet", sheet_1, "Validated", {a: 4, b: 2})
	evaluate("Action Sheet", sheet_2, "Validated", {a: 5})
	evaluate("Action Sheet", sheet_1, "Validated", {a: 3, b: 0})  # b unscored
	evaluate("Network Meeting", meeting, "Validated", {a: 2})
	evaluate("Action Sheet", sheet_1, "Shared", {a: 1})  # not validated
	evaluate("Cooperation Agreement", agreement, "Validated", {b: 5})
	ours, baseline = compare("Evaluation Summary")
	assert ours["rows"][(0, a, None, None)] == (4, 4, 3.5, 2, 5)
	assert ours["rows"][(1, a, "Action Sheet", first)] == (2, 2, 3.5, 3, 4)
	assert ours["rows"][(1, b, "Cooperation Agreement", None)] == (1, 1, 5.0, 5, 5)
	assert ours == baseline


# ---------------------------------------------------------------- what keeps the reports fast at scale


def test_the_service_levels_read_the_reports_in_one_pass():
	"""Rows, cards and percentiles come from the same query: the reports are read once, not once for
	the rows and again for the cards."""
	routed(make_theme().name, make_network_member().name, 10, -4, **closed(4))
	statements = []
	sql = frappe.db.sql

	def spy(query, *args, **kwargs):
		statements.append(str(query))
		return sql(query, *args, **kwargs)

	with patch.object(frappe.db, "sql", spy):
		compare("Resident Report Service Levels")
	# the report's one query, then the baseline's
	assert sum("`tabResident Report`" in statement for statement in statements) == 2


def test_the_competence_map_translates_its_words_once_whatever_the_number_of_cells():
	from gusp_network.steering.report.competence_map import competence_map

	commune = make_territory(territory_type="Commune", is_group=1).name
	root = make_theme(is_group=1).name
	for _theme in range(3):
		make_theme(parent_gusp_theme=root)
	city = make_network_member().name
	make_responsibility(root, commune, city, land_status="Public Land")

	def translations(qpvs: int) -> int:
		for _qpv in range(qpvs):
			make_territory(parent_gusp_territory=commune)
		counted = []
		translate = competence_map._

		def spy(text, *args, **kwargs):
			counted.append(text)
			return translate(text, *args, **kwargs)

		with patch.object(competence_map, "_", spy):
			summary = run(
				"Competence Map",
				filters={"territory_type": "QPV", "parent_territory": commune, "theme": root},
				ignore_prepared_report=True,
			)["report_summary"]
		assert summary[0]["value"] == 4 * qpvs_shown()
		return len(counted)

	def qpvs_shown() -> int:
		return frappe.db.count("GUSP Territory", {"parent_gusp_territory": commune})

	assert translations(2) == translations(6)  # 8 cells, then 32
