"""Study trips: what the controller checks and computes.

The workflow is the admins' to edit (created at install from
`setup/data/workflows/study_trip_workflow.json`); the code knows one of its states by name: the
one where a trip is capitalised, which asks for its learnings written, whoever moves it there
(workflow action, direct save, import).
"""

import html
import re

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, fmt_money, getdate

from gusp_network.exceptions import (
	EndBeforeStartError,
	LearningsMissingError,
	NegativeBudgetError,
	VisitOutsideTripError,
)

# the workflow state of a trip whose learnings the network keeps
CAPITALISED = "Capitalised"
CURRENCY = "EUR"  # the budget's currency (its fields' options)
# what a rich-text editor leaves behind that is not writing: tags, and characters that show nothing
TAGS = re.compile(r"<[^>]*>")
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


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


def validate_visits(doc: Document) -> None:
	"""A dated visit falls within the trip's dates."""
	if not (doc.start_date and doc.end_date):
		return
	start, end = getdate(doc.start_date), getdate(doc.end_date)
	for visit in doc.visits:
		if visit.visit_date and not start <= getdate(visit.visit_date) <= end:
			frappe.throw(
				_(
					"Visit {0} ({1}): its date ({2}) is outside the trip's dates (from {3} to {4}). "
					"Change the visit's date or the trip's dates."
				).format(
					visit.idx,
					frappe.bold(visit.topic or visit.host or ""),
					frappe.format(visit.visit_date, "Date"),
					frappe.format(start, "Date"),
					frappe.format(end, "Date"),
				),
				VisitOutsideTripError,
				title=_("Invalid dates"),
			)


def validate_budget(doc: Document) -> None:
	"""No budget line below zero (Frappe's own check, `non_negative`, comes later and names no row's
	category): a refund or a saving is written as a smaller amount, not a negative one."""
	for line in doc.budget_lines:
		for fieldname, message in (
			("estimated_amount", _("Budget line {0} ({1}): the estimated amount cannot be negative ({2}).")),
			("actual_amount", _("Budget line {0} ({1}): the actual amount cannot be negative ({2}).")),
		):
			if flt(line.get(fieldname)) < 0:
				frappe.throw(
					message.format(
						line.idx,
						frappe.bold(_(line.category) if line.category else ""),
						fmt_money(line.get(fieldname), currency=CURRENCY),
					),
					NegativeBudgetError,
					title=_("Negative amount"),
				)


def validate_capitalisation(doc: Document) -> None:
	"""A capitalised trip has its learnings written, however it got there; emptying them afterwards
	is refused."""
	if doc.workflow_state != CAPITALISED or has_text(doc.learnings):
		return
	frappe.throw(
		_(
			"The trip cannot be capitalised without its learnings. Write them in the Learnings "
			"section (what the participants learnt, what the network can take from it), save, "
			"then capitalise the trip."
		),
		LearningsMissingError,
		title=_("Learnings required"),
	)


def has_text(rich_text: str | None) -> bool:
	"""Whether a rich-text value holds words: an editor left empty stores markup such as
	`<div class="ql-editor read-mode"><p><br></p></div>`, or non-breaking spaces."""
	if not rich_text:
		return False
	text = html.unescape(TAGS.sub(" ", rich_text))
	return bool(INVISIBLE.sub("", text).strip())


# ---------------------------------------------------------------- computed values


def set_totals(doc: Document) -> None:
	"""The estimated and actual totals of the budget lines, and the gap between them (actual −
	estimated: above zero, the trip cost more than planned)."""
	estimated = sum(flt(line.estimated_amount) for line in doc.budget_lines)
	actual = sum(flt(line.actual_amount) for line in doc.budget_lines)
	doc.estimated_total = flt(estimated, doc.precision("estimated_total"))
	doc.actual_total = flt(actual, doc.precision("actual_total"))
	doc.budget_gap = flt(actual - estimated, doc.precision("budget_gap"))
