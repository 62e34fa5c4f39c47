"""Shared evaluations (chantier 2: "favoriser l'évaluation partagée et les retours d'expérience").

An Evaluation scores an action sheet, a meeting, a study trip or an agreement on the admins' list
of criteria (1 to 5 each); its average is computed on each save. A new evaluation starts with the
criteria marked default. When GUSP Settings asks for it (on by default), an action sheet is
completed only once one of its evaluations is validated.
"""

import frappe
from frappe import _
from frappe.utils import flt

from gusp_network.exceptions import EvaluationRequiredError, NotOwnEvaluationError, ScoreOutOfRangeError
from gusp_network.permissions import may_save_as_own

EVALUATION = "Evaluation"
VALIDATED = "Validated"
SHEET_COMPLETED = "Completed"
LOWEST, HIGHEST = 1, 5


def validate_organisation(doc) -> None:
	"""A member writes an evaluation their organisation takes part in (among the evaluators)."""
	if doc.is_new() and not may_save_as_own(doc):
		frappe.throw(
			_(
				"Add your organisation among the evaluators: a member writes the evaluations it takes part in."
			),
			NotOwnEvaluationError,
			title=_("Not your organisation's"),
		)


def add_default_criteria(doc) -> None:
	"""A new evaluation without scores starts with the default criteria, to score."""
	if doc.is_new() and not doc.scores:
		for criterion in frappe.get_all(
			"Evaluation Criterion", filters={"is_default": 1}, pluck="name", order_by="creation asc"
		):
			doc.append("scores", {"criterion": criterion})


def validate_scores(doc) -> None:
	for row in doc.scores:
		if row.score and not LOWEST <= row.score <= HIGHEST:
			frappe.throw(
				_("Row {0} ({1}): a score goes from 1 to 5, not {2}.").format(
					row.idx, row.criterion, row.score
				),
				ScoreOutOfRangeError,
				title=_("Score out of range"),
			)


def set_average(doc) -> None:
	"""The average of the scores given (a criterion left unscored does not count)."""
	scores = [row.score for row in doc.scores if row.score]
	doc.average_score = flt(sum(scores) / len(scores), 1) if scores else 0


def check_sheet_completion(sheet, method=None) -> None:
	"""`validate` of an Action Sheet (hooks.py): completed only with a validated evaluation, when
	GUSP Settings asks for one."""
	if sheet.workflow_state != SHEET_COMPLETED or not sheet.has_value_changed("workflow_state"):
		return
	if not frappe.db.get_single_value("GUSP Settings", "evaluation_required_to_complete"):
		return
	if frappe.db.exists(
		EVALUATION,
		{"reference_doctype": sheet.doctype, "reference_name": sheet.name, "workflow_state": VALIDATED},
	):
		return
	frappe.throw(
		_(
			"Before completing this action sheet, its partners evaluate it together: create an evaluation "
			"of it (its Connections), share it, and have the resource centre validate it."
		),
		EvaluationRequiredError,
		title=_("A validated evaluation is needed"),
	)
