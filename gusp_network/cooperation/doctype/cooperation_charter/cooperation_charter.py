# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from gusp_network.cooperation import charters


class CooperationCharter(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from gusp_network.cooperation.doctype.cooperation_charter_signatory.cooperation_charter_signatory import (
			CooperationCharterSignatory,
		)

		naming_series: DF.Literal["CHARTE-.###"]
		preamble: DF.TextEditor | None
		previous_version: DF.Link | None
		principles: DF.TextEditor
		review_date: DF.Date | None
		signatories: DF.Table[CooperationCharterSignatory]
		title: DF.Data
		version: DF.Int
		workflow_state: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.validate_adopted_content()
		self.validate_signatories()
		self.validate_signature_dates()
		self.validate_version()

	def on_update(self):
		charters.follow_workflow(self)

	def validate_adopted_content(self):
		charters.check_adopted_content_unchanged(self)

	def validate_signatories(self):
		charters.check_signatories_distinct(self)

	def validate_signature_dates(self):
		charters.check_signature_dates(self)

	def validate_version(self):
		charters.set_version(self)
		charters.check_single_next_version(self)
