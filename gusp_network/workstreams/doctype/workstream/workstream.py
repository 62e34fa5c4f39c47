# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gusp_network.exceptions import InvalidWorkstreamNumberError
from gusp_network.workstreams.facilitation import refresh_records, validate_pair


class Workstream(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from gusp_network.workstreams.doctype.workstream_action.workstream_action import WorkstreamAction
		from gusp_network.workstreams.doctype.workstream_axis.workstream_axis import WorkstreamAxis

		actions: DF.Table[WorkstreamAction]
		axes: DF.Table[WorkstreamAxis]
		facilitation_member: DF.Link | None
		facilitation_resource_centre_user: DF.Link | None
		needs: DF.Text | None
		number: DF.Int
		objectives: DF.Text | None
		pilot: DF.Link | None
		sheet_title: DF.Data | None
		title: DF.Data

	# end: auto-generated types
	def autoname(self):
		self.validate_number()
		self.name = f"CH-{self.number:02d}"

	def validate(self):
		self.validate_number()
		validate_pair(self)

	def on_update(self):
		refresh_records(self)

	def validate_number(self):
		if not self.number or self.number < 1:
			frappe.throw(_("The workstream number must be 1 or more."), InvalidWorkstreamNumberError)
