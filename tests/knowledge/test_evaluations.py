"""Shared evaluations: default criteria, scores from 1 to 5 and their average, the workflow, who
writes one, and an action sheet completed only once evaluated (when GUSP Settings asks for it)."""

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from gusp_network.exceptions import EvaluationRequiredError, NotOwnEvaluationError, ScoreOutOfRangeError
from tests.factories import as_user, make_action_sheet
from tests.knowledge.factories import make_evaluation
from tests.network_life.factories import make_meeting

EVALUATION = "Evaluation"


def count() -> int:
	return frappe.db.count(EVALUATION)


def test_a_new_evaluation_starts_with_the_default_criteria_and_averages_its_scores(network):
	sheet = make_action_sheet(network.org_a)
	evaluation = make_evaluation("Action Sheet", sheet.name, network.org_a, scores=[])
	defaults = frappe.get_all("Evaluation Criterion", filters={"is_default": 1}, pluck="name")
	assert {row.criterion for row in evaluation.scores} == set(defaults)
	assert {"Pertinence", "Implication des habitants"} <= set(defaults), "the brief's criteria, installed"
	for row, score in zip(evaluation.scores, (5, 4, 2, 3, 1), strict=False):
		row.score = score
	evaluation.scores[-1].score = 0  # left unscored: not counted
	evaluation.save()
	given = [row.score for row in evaluation.scores if row.score]
	assert evaluation.average_score == round(sum(given) / len(given), 1)


def test_a_score_outside_one_to_five_is_refused_and_nothing_is_saved(network):
	sheet = make_action_sheet(network.org_a)
	before = count()
	with pytest.raises(ScoreOutOfRangeError):
		make_evaluation(
			"Action Sheet", sheet.name, network.org_a, scores=[{"criterion": "Pertinence", "score": 6}]
		)
	assert count() == before


def test_a_member_writes_the_evaluations_their_organisation_takes_part_in(network):
	sheet = make_action_sheet(network.org_a)
	with as_user(network.member_b):
		with pytest.raises(NotOwnEvaluationError):
			frappe.get_doc(
				{
					"doctype": EVALUATION,
					"title": "Évaluation",
					"reference_doctype": "Action Sheet",
					"reference_name": sheet.name,
					"evaluators": [{"network_member": network.org_a}],
				}
			).insert()
	mine = make_evaluation("Action Sheet", sheet.name, network.org_a)
	with as_user(network.member_b):
		assert frappe.has_permission(EVALUATION, "read", mine.name)
		assert not frappe.has_permission(EVALUATION, "write", mine.name)
	with as_user(network.member_a):
		assert frappe.has_permission(EVALUATION, "write", mine.name)


def test_members_share_and_the_resource_centre_validates(network):
	meeting = make_meeting(network.org_a)
	evaluation = make_evaluation("Network Meeting", meeting.name, network.org_a)
	assert evaluation.workflow_state == "Draft"
	with as_user(network.member_a):
		evaluation = apply_workflow(frappe.get_doc(EVALUATION, evaluation.name), "Share")
		with pytest.raises(frappe.ValidationError):
			apply_workflow(frappe.get_doc(EVALUATION, evaluation.name), "Validate")
	with as_user(network.centre):
		assert (
			apply_workflow(frappe.get_doc(EVALUATION, evaluation.name), "Validate").workflow_state
			== "Validated"
		)


def test_an_action_sheet_is_completed_only_once_an_evaluation_of_it_is_validated(network, gusp_settings):
	sheet = make_action_sheet(network.org_a, state="In Progress")
	shared = make_evaluation("Action Sheet", sheet.name, network.org_a, state="Shared")
	with as_user(network.member_a), pytest.raises(EvaluationRequiredError):
		apply_workflow(frappe.get_doc("Action Sheet", sheet.name), "Complete")
	assert frappe.db.get_value("Action Sheet", sheet.name, "workflow_state") == "In Progress"

	shared.db_set("workflow_state", "Validated")
	with as_user(network.member_a):
		assert (
			apply_workflow(frappe.get_doc("Action Sheet", sheet.name), "Complete").workflow_state
			== "Completed"
		)

	# the admins may turn the rule off
	gusp_settings(evaluation_required_to_complete=0)
	other = make_action_sheet(network.org_a, state="In Progress")
	with as_user(network.member_a):
		assert (
			apply_workflow(frappe.get_doc("Action Sheet", other.name), "Complete").workflow_state
			== "Completed"
		)


def test_the_rule_is_on_by_default():
	assert frappe.db.get_single_value("GUSP Settings", "evaluation_required_to_complete") == 1
