# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate


class EndBeforeStartError(frappe.ValidationError):
	pass


class StepBeforeStartError(frappe.ValidationError):
	pass


class DuplicatePartnerError(frappe.ValidationError):
	pass


class ActionSheet(Document):
	def validate(self):
		self.validate_dates()
		self.validate_steps()
		self.validate_partners()
		self.set_progress()

	def validate_dates(self):
		if self.start_date and self.end_date and getdate(self.end_date) < getdate(self.start_date):
			frappe.throw(
				_("The end date ({0}) is before the start date ({1}).").format(
					frappe.format(self.end_date, "Date"), frappe.format(self.start_date, "Date")
				),
				EndBeforeStartError,
				title=_("Invalid dates"),
			)

	def validate_steps(self):
		if not self.start_date:
			return
		for step in self.steps:
			if step.due_date and getdate(step.due_date) < getdate(self.start_date):
				frappe.throw(
					_("Step {0} ({1}) is due on {2}, before the action starts on {3}.").format(
						step.idx,
						frappe.bold(step.step),
						frappe.format(step.due_date, "Date"),
						frappe.format(self.start_date, "Date"),
					),
					StepBeforeStartError,
					title=_("Invalid dates"),
				)

	def validate_partners(self):
		seen = {self.lead_member}
		for partner in self.partners:
			if partner.network_member in seen:
				frappe.throw(
					_("Partner {0}: {1} is already the lead or listed above.").format(
						partner.idx, frappe.bold(partner.network_member)
					),
					DuplicatePartnerError,
					title=_("Duplicate partner"),
				)
			seen.add(partner.network_member)

	def set_progress(self):
		"""Progress is the share of steps done."""
		steps = self.steps or []
		self.progress = round(100 * sum(1 for s in steps if s.done) / len(steps), 1) if steps else 0
