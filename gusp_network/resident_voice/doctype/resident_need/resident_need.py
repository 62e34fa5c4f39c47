# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gusp_network.constants import SOURCE_PORTAL
from gusp_network.resident_voice import contacts, input_checks, intake


class ResidentNeed(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		action_sheet: DF.Link | None
		author_email: DF.Data | None
		author_name: DF.Data | None
		consent: DF.Check
		description: DF.SmallText
		hp_website: DF.Data | None
		is_weak_signal: DF.Check
		need_type: DF.Literal["Need", "Idea", "Testimony"]
		period_end: DF.Date | None
		period_start: DF.Date | None
		report_count: DF.Int
		source: DF.Literal["Portal", "Desk", "Field Diagnostic", "Meeting", "Weak Signal"]
		status: DF.Literal["New", "Under Review", "Answered", "Closed"]
		territory: DF.Link | None
		theme: DF.Link | None

	# end: auto-generated types
	def before_insert(self):
		intake.check_honeypot(self, lambda: _("Your message could not be accepted."))
		intake.check_rate_limit()
		contacts.hide_resident_account(self)
		input_checks.check_values(self)
		contacts.validate_contact_fields(self)
		if frappe.flags.in_web_form:
			self.source = SOURCE_PORTAL

	def after_insert(self):
		contacts.save_contact(self)

	def on_trash(self):
		contacts.delete_contact(self)
