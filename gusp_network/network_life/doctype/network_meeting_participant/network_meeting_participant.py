# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from gusp_network.child_rows import ChildRow


class NetworkMeetingParticipant(ChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attended: DF.Check
		network_member: DF.Link | None
		organisation: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		participant_name: DF.Data
		participant_role: DF.Literal["Participant", "Facilitator", "Speaker", "Organiser"]
		registered: DF.Check
		registered_on_agenda: DF.Check
		registration: DF.Link | None
		user: DF.Link | None
	# end: auto-generated types
	pass
