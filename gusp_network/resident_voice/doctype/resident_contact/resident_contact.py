# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from gusp_network.resident_voice.contacts import tracking_url


class ResidentContact(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from gusp_network.resident_voice.doctype.resident_contact_follower.resident_contact_follower import (
			ResidentContactFollower,
		)

		anonymised_on: DF.Datetime | None
		closed_on: DF.Date | None
		closing_reason: DF.Data | None
		consent: DF.Check
		email: DF.Data | None
		fix_confirmation: DF.Data | None
		followers: DF.Table[ResidentContactFollower]
		full_name: DF.Data | None
		last_public_update: DF.SmallText | None
		phone: DF.Data | None
		public_status: DF.Data | None
		reference_doctype: DF.Link
		reference_name: DF.DynamicLink
		theme: DF.Link | None
		tracking_key_hash: DF.Data | None
		tracking_url: DF.Data | None
		user: DF.Link | None
		workflow_state: DF.Data | None

	# end: auto-generated types
	def autoname(self):
		# one per report or need, named after it: emails say "SIG-2026-00042" with {{ doc.name }}
		self.name = self.reference_name

	@property
	def tracking_url(self) -> str | None:
		if self.reference_doctype != "Resident Report" or not self.reference_name:
			return None
		return tracking_url(self.reference_name)
