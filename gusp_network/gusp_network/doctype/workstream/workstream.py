# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class InvalidWorkstreamNumberError(frappe.ValidationError):
	pass


class Workstream(Document):
	def autoname(self):
		self.validate_number()
		self.name = f"CH-{self.number:02d}"

	def validate(self):
		self.validate_number()

	def validate_number(self):
		if not self.number or self.number < 1:
			frappe.throw(_("The workstream number must be 1 or more."), InvalidWorkstreamNumberError)
