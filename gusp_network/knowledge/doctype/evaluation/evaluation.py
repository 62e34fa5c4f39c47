# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from gusp_network.knowledge import evaluations


class Evaluation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from gusp_network.knowledge.doctype.evaluation_evaluator.evaluation_evaluator import (
			EvaluationEvaluator,
		)
		from gusp_network.knowledge.doctype.evaluation_score.evaluation_score import EvaluationScore

		average_score: DF.Float
		evaluation_date: DF.Date
		evaluators: DF.Table[EvaluationEvaluator]
		lessons: DF.TextEditor | None
		naming_series: DF.Literal["EVAL-.YYYY.-.###"]
		recommendations: DF.TextEditor | None
		reference_doctype: DF.Literal[
			"Action Sheet", "Network Meeting", "Study Trip", "Cooperation Agreement"
		]
		reference_name: DF.DynamicLink
		scores: DF.Table[EvaluationScore]
		title: DF.Data
		what_did_not: DF.TextEditor | None
		what_worked: DF.TextEditor | None
		workflow_state: DF.Link | None

	# end: auto-generated types
	def validate(self):
		evaluations.validate_organisation(self)
		evaluations.add_default_criteria(self)
		evaluations.validate_scores(self)
		evaluations.set_average(self)
