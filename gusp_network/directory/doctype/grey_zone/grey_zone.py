# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today

from gusp_network.constants import GREY_ZONE_SETTLED
from gusp_network.exceptions import UnresolvedGreyZoneError


class GreyZone(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from gusp_network.directory.doctype.grey_zone_member.grey_zone_member import GreyZoneMember

		description: DF.SmallText | None
		land_status: DF.Literal["Any", "Public Land", "Social Landlord", "Co-ownership", "Private"]
		members_involved: DF.TableMultiSelect[GreyZoneMember]
		opened_on: DF.Date | None
		origin: DF.Literal["Manual", "Automatic"]
		raised_by: DF.Link | None
		resolution_notes: DF.SmallText | None
		resolution_responsibility: DF.Link | None
		resolved_on: DF.Date | None
		status: DF.Literal["Pending", "Under Discussion", "Settled"]
		territory: DF.Link
		theme: DF.Link

	# end: auto-generated types
	def validate(self):
		self.validate_resolution()

	def validate_resolution(self):
		"""A grey zone ends when the network agrees on who does what."""
		if self.status != GREY_ZONE_SETTLED:
			self.resolved_on = None
			return
		if not self.resolution_responsibility:
			frappe.throw(
				_("To resolve a grey zone, record who does what and link it in Resulting Responsibility."),
				UnresolvedGreyZoneError,
				title=_("Who does what?"),
			)
		self.resolved_on = self.resolved_on or today()
