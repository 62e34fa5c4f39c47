# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today


class UnresolvedGreyZoneError(frappe.ValidationError):
	pass


class GreyZone(Document):
	def validate(self):
		self.validate_resolution()

	def validate_resolution(self):
		"""A grey zone ends when the network agrees on who does what."""
		if self.status != "Settled":
			self.resolved_on = None
			return
		if not self.resolution_responsibility:
			frappe.throw(
				_("To resolve a grey zone, record who does what and link it in Resulting Responsibility."),
				UnresolvedGreyZoneError,
				title=_("Who does what?"),
			)
		self.resolved_on = self.resolved_on or today()
