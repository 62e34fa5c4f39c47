# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.contacts.address_and_contact import load_address_and_contact
from frappe.model.document import Document

from gusp_network.exceptions import UserInAnotherMemberError
from gusp_network.permissions import clear_user_member_cache


class NetworkMember(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from gusp_network.directory.doctype.network_member_territory.network_member_territory import (
			NetworkMemberTerritory,
		)
		from gusp_network.directory.doctype.network_member_theme.network_member_theme import (
			NetworkMemberTheme,
		)
		from gusp_network.directory.doctype.network_member_user.network_member_user import NetworkMemberUser

		acronym: DF.Data | None
		address: DF.SmallText | None
		description: DF.TextEditor | None
		email: DF.Data | None
		is_public: DF.Check
		member_name: DF.Data
		member_type: DF.Literal[
			"Municipality",
			"Intercommunality",
			"Social Landlord",
			"State Service",
			"Association",
			"Institution",
			"Residents' Council",
			"Company",
			"Resource Centre",
		]
		phone: DF.Data | None
		territories: DF.TableMultiSelect[NetworkMemberTerritory]
		themes: DF.TableMultiSelect[NetworkMemberTheme]
		transversality_referent: DF.Link | None
		users: DF.Table[NetworkMemberUser]
		website: DF.Data | None

	# end: auto-generated types
	def onload(self):
		load_address_and_contact(self)

	def validate(self):
		self.validate_staff_belongs_to_one_member()

	def on_update(self):
		clear_user_member_cache()

	def on_trash(self):
		clear_user_member_cache()

	def validate_staff_belongs_to_one_member(self):
		"""A desk user belongs to one organisation only."""
		seen = set()
		for row in self.users:
			if row.user in seen:
				frappe.throw(
					_("Row {0}: {1} is listed twice.").format(row.idx, frappe.bold(row.user)),
					UserInAnotherMemberError,
				)
			seen.add(row.user)
		if not seen:
			return
		staff = frappe.qb.DocType("Network Member User")
		other = (
			frappe.qb.from_(staff)
			.select(staff.user, staff.parent)
			.where(
				(staff.parenttype == "Network Member")
				& (staff.parent != (self.name or ""))
				& staff.user.isin(list(seen))
			)
			.limit(1)
			.run(as_dict=True)
		)
		if other:
			frappe.throw(
				_("{0} already belongs to {1}: a user belongs to one organisation only.").format(
					frappe.bold(other[0].user), frappe.bold(other[0].parent)
				),
				UserInAnotherMemberError,
				title=_("User already in another organisation"),
			)
