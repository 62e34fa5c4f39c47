# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.contacts.address_and_contact import load_address_and_contact
from frappe.model.document import Document

from gusp_network.permissions import clear_user_member_cache


class UserInAnotherMemberError(frappe.ValidationError):
	pass


class NetworkMember(Document):
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
