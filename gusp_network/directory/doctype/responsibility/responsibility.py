# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gusp_network.constants import PROPOSED
from gusp_network.exceptions import DuplicateResponsibilityError
from gusp_network.permissions import NETWORK_WIDE_ROLES, is_scoped

# what decides where a report goes
ROUTING_FIELDS = ("theme", "territory", "land_status", "network_member", "role")


class Responsibility(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		land_status: DF.Literal["Any", "Public Land", "Social Landlord", "Co-ownership", "Private"]
		limits: DF.SmallText | None
		network_member: DF.Link
		role: DF.Literal["Lead", "Contributor", "Funder", "Information"]
		scope: DF.SmallText | None
		status: DF.Literal["Validated", "Proposed"]
		territory: DF.Link
		theme: DF.Link

	# end: auto-generated types
	def validate(self):
		self.propose_when_a_member_sets_it()
		self.validate_unique()

	def propose_when_a_member_sets_it(self):
		"""A member may propose who does what; only the resource centre decides what routes reports."""
		if not is_scoped(frappe.session.user, NETWORK_WIDE_ROLES):
			return
		if self.is_new() or any(self.has_value_changed(field) for field in ROUTING_FIELDS):
			self.status = PROPOSED

	def validate_unique(self):
		"""One row per theme, territory, land status, member and role."""
		duplicate = frappe.db.exists(
			"Responsibility",
			{
				"theme": self.theme,
				"territory": self.territory,
				"land_status": self.land_status,
				"network_member": self.network_member,
				"role": self.role,
				"name": ("!=", self.name or ""),
			},
		)
		if duplicate:
			frappe.throw(
				_("{0} is already recorded as {1} for {2} in {3} ({4}): see {5}.").format(
					frappe.bold(self.network_member),
					_(self.role).lower(),
					frappe.bold(self.theme),
					frappe.bold(self.territory),
					_(self.land_status).lower(),
					frappe.utils.get_link_to_form("Responsibility", duplicate),
				),
				DuplicateResponsibilityError,
				title=_("Already recorded"),
			)
