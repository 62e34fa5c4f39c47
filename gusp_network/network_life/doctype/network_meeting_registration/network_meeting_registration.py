# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from gusp_network.network_life import registrations


class NetworkMeetingRegistration(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		consent: DF.Check
		email: DF.Data
		network_meeting: DF.Link
		organisation: DF.Data | None
		participant_name: DF.Data
		participant_row: DF.Data | None
		registered_on_agenda: DF.Check

	# end: auto-generated types
	def validate(self):
		registrations.validate_email(self)
		registrations.validate_unique(self)

	def after_insert(self):
		registrations.add_participant(self)

	def on_update(self):
		registrations.update_participant(self)

	def on_trash(self):
		registrations.remove_participant(self)
