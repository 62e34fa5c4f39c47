# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class ResidentNeed(Document):
	def before_insert(self):
		self.check_honeypot()
		if frappe.flags.in_web_form:
			self.source = "Portal"

	def check_honeypot(self):
		from gusp_network.gusp_network.doctype.resident_report.resident_report import SpamSuspectedError

		if self.hp_website:
			frappe.throw(_("Your message could not be accepted."), SpamSuspectedError)
