"""Evaluation Summary: the average of each criterion, then by kind of evaluated record and
workstream, equals the direct computation on the same data; the filters narrow what it says; the
latest lessons come escaped; a user counts only the evaluations they may read, and residents cannot
run it."""

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.query_builder.functions import Avg, Count, Max, Min
from frappe.utils import flt

from tests.cooperation.factories import make_agreement
from tests.factories import as_user, make_action_sheet, make_user, unique
from tests.knowledge.factories import make_evaluation
from tests.network_life.factories import make_meeting

REPORT = "Evaluation Summary"
EVALUATION = "Evaluation"
SCORE = "Evaluation Score"
HOSTILE_LESSON = "<p>Garder le lien <script>alert('x')</script> avec les habitants</p>"


def report(**filters) -> dict:
	"""The report as the desk asks for it, for the session user."""
	return run(REPORT, filters=filters, ignore_prepared_report=True)


def summary_of(result: dict) -> dict:
	return {card["label"]: card["value"] for card in result["report_summary"]}


def rows_of(result: dict, *criteria: str) -> dict:
	"""(criterion, kind, workstream) → (evaluations, scores, average, lowest, highest), for the
	criteria given; kind and workstream are None on a criterion's own row."""
	return {
		(row["criterion"], row.get("reference_doctype"), row.get("workstream")): (
			row["evaluations"],
			row["scores"],
			row["average_score"],
			row["lowest_score"],
			row["highest_score"],
		)
		for row in result["result"]
		if row["criterion"] in criteria
	}


@pytest.fixture
def world(network):
	"""Two criteria made for the test, so that only these evaluations score them:
	- E1: action sheet of chantier 1, validated, 10 Jan 2031: A 4, B 2;
	- E2: action sheet of chantier 2, validated, 10 Feb 2031: A 5;
	- E3: meeting of chantier 1, validated, 10 Mar 2031: A 3, B unscored;
	- E4: the first action sheet again, shared, 10 Jan 2031: A 1;
	- E5: an agreement (no chantier), validated, 10 Apr 2031: B 5.
	"""
	first, second = frappe.get_all("Workstream", order_by="number asc", pluck="name", limit=2)
	a, b = (
		frappe.get_doc({"doctype": "Evaluation Criterion", "criterion_name": unique(name)}).insert().name
		for name in ("Pertinence locale", "Durabilité du lien")
	)
	sheet_1 = make_action_sheet(network.org_a, workstream=first).name
	sheet_2 = make_action_sheet(network.org_a, workstream=second).name
	meeting = make_meeting(network.org_a, workstream=first).name
	agreement = make_agreement(network.org_a, network.org_b).name

	def evaluate(doctype, name, state, on, scores, **values):
		return make_evaluation(
			doctype,
			name,
			network.org_a,
			state=state,
			evaluation_date=on,
			scores=[{"criterion": criterion, "score": score} for criterion, score in scores.items()],
			**values,
		).name

	return frappe._dict(
		first=first,
		second=second,
		a=a,
		b=b,
		e1=evaluate("Action Sheet", sheet_1, "Validated", "2031-01-10", {a: 4, b: 2}, lessons=HOSTILE_LESSON),
		e2=evaluate("Action Sheet", sheet_2, "Validated", "2031-02-10", {a: 5}),
		e3=evaluate("Network Meeting", meeting, "Validated", "2031-03-10", {a: 3, b: 0}),
		e4=evaluate("Action Sheet", sheet_1, "Shared", "2031-01-10", {a: 1}),
		e5=evaluate("Cooperation Agreement", agreement, "Validated", "2031-04-10", {b: 5}),
	)


def direct(state: str | None = "Validated", names: list[str] | None = None) -> dict:
	"""Criterion → (evaluations, scores, average, lowest, highest), counted straight in the tables."""
	score = frappe.qb.DocType(SCORE)
	evaluation = frappe.qb.DocType(EVALUATION)
	query = (
		frappe.qb.from_(score)
		.join(evaluation)
		.on(evaluation.name == score.parent)
		.select(
			score.criterion,
			Count(score.parent).distinct(),
			Count("*"),
			Avg(score.score),
			Min(score.score),
			Max(score.score),
		)
		.where((score.parenttype == EVALUATION) & (score.score > 0) & score.criterion.isnotnull())
		.groupby(score.criterion)
	)
	if state:
		query = query.where(evaluation.workflow_state == state)
	if names is not None:
		query = query.where(evaluation.name.isin(names or [""]))
	return {row[0]: (row[1], row[2], flt(row[3], 2), row[4], row[5]) for row in query.run()}


# ---------------------------------------------------------------- figures


def test_each_criterion_and_its_breakdown_average_the_validated_scores(world):
	result = report(workflow_state="Validated")
	assert rows_of(result, world.a, world.b) == {
		(world.a, None, None): (3, 3, 4.0, 3, 5),
		(world.a, "Action Sheet", world.first): (1, 1, 4.0, 4, 4),
		(world.a, "Action Sheet", world.second): (1, 1, 5.0, 5, 5),
		(world.a, "Network Meeting", world.first): (1, 1, 3.0, 3, 3),
		# the meeting left B unscored: it does not count
		(world.b, None, None): (2, 2, 3.5, 2, 5),
		(world.b, "Action Sheet", world.first): (1, 1, 2.0, 2, 2),
		(world.b, "Cooperation Agreement", None): (1, 1, 5.0, 5, 5),
	}
	assert [row["criterion"] for row in result["result"] if row["indent"] == 0].index(world.a) < [
		row["criterion"] for row in result["result"] if row["indent"] == 0
	].index(world.b), "criteria come in the order of the admins' list"


def test_every_figure_equals_a_direct_count_on_the_same_data(world):
	result = report(workflow_state="Validated")
	criteria = {row["criterion"]: row for row in result["result"] if row["indent"] == 0}
	assert {
		name: (
			row["evaluations"],
			row["scores"],
			row["average_score"],
			row["lowest_score"],
			row["highest_score"],
		)
		for name, row in criteria.items()
	} == direct("Validated")
	validated = frappe.get_all(EVALUATION, filters={"workflow_state": "Validated"}, pluck="average_score")
	averages = [flt(value) for value in validated if flt(value)]
	assert summary_of(result) == {
		"Evaluations": len(validated),
		"Average Score": flt(sum(averages) / len(averages), 2),
		"Criteria Scored": len(direct("Validated")),
	}
	chart = result["chart"]["data"]
	assert dict(zip(chart["labels"], chart["datasets"][0]["values"], strict=True)) == {
		name: row["average_score"] for name, row in criteria.items()
	}
	# each criterion's breakdown adds up to it
	for name, row in criteria.items():
		parts = [r for r in result["result"] if r["indent"] == 1 and r["criterion"] == name]
		assert sum(part["scores"] for part in parts) == row["scores"]


# ---------------------------------------------------------------- filters


def test_the_filters_narrow_to_a_workstream_a_kind_dates_and_a_state(world):
	def figures(**filters) -> dict:
		return {
			key[0]: value
			for key, value in rows_of(report(**filters), world.a, world.b).items()
			if key[1] is None
		}

	# chantier 1: E1 and E3 (the agreement has no chantier)
	assert figures(workflow_state="Validated", workstream=world.first) == {
		world.a: (2, 2, 3.5, 3, 4),
		world.b: (1, 1, 2.0, 2, 2),
	}
	assert figures(workflow_state="Validated", reference_doctype="Network Meeting") == {
		world.a: (1, 1, 3.0, 3, 3)
	}
	assert figures(workflow_state="Validated", from_date="2031-02-01", to_date="2031-02-28") == {
		world.a: (1, 1, 5.0, 5, 5)
	}
	assert figures(workflow_state="Shared") == {world.a: (1, 1, 1.0, 1, 1)}
	# no state: every state
	assert figures() == {world.a: (4, 4, 3.25, 1, 5), world.b: (2, 2, 3.5, 2, 5)}


def test_the_latest_lessons_come_newest_first_and_escaped(world):
	message = report(workflow_state="Validated", workstream=world.first)["message"]
	assert f'href="/app/evaluation/{world.e1}"' in message
	assert "Garder le lien" in message and "avec les habitants" in message
	assert "<script" not in message
	february = report(workflow_state="Validated", from_date="2031-02-01", to_date="2031-02-28")["message"]
	assert world.e2 in february and world.e1 not in february
	assert not report(workflow_state="Validated", from_date="2040-01-01")["message"]


# ---------------------------------------------------------------- who sees what


def test_members_and_managers_count_what_they_may_read(world, network):
	for user in (network.member_a, network.member_b, network.manager, network.centre):
		with as_user(user):
			readable = frappe.get_list(EVALUATION, pluck="name", limit_page_length=0)
			result = report()
		# evaluations are read by the whole network
		assert {world.e1, world.e2, world.e3, world.e4, world.e5} <= set(readable)
		counted = {row["criterion"]: row for row in result["result"] if row["indent"] == 0}
		assert {
			name: (r["evaluations"], r["scores"], r["average_score"], r["lowest_score"], r["highest_score"])
			for name, r in counted.items()
		} == direct(None, readable)


def test_a_member_restricted_to_one_evaluation_counts_only_it(world, network, restricted):
	frappe.get_doc(
		{"doctype": "User Permission", "user": network.member_b, "allow": EVALUATION, "for_value": world.e2}
	).insert(ignore_permissions=True)
	with as_user(network.member_b):
		result = report()
	assert rows_of(result, world.a, world.b) == {
		(world.a, None, None): (1, 1, 5.0, 5, 5),
		(world.a, "Action Sheet", world.second): (1, 1, 5.0, 5, 5),
	}
	assert summary_of(result)["Evaluations"] == 1


def test_a_resident_cannot_run_the_report(world):
	resident = make_user("GUSP Resident", user_type="Website User").name
	with as_user(resident), pytest.raises(frappe.PermissionError):
		report()
