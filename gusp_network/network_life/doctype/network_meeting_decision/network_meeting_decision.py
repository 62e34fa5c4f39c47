# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from gusp_network.child_rows import ChildRow


class NetworkMeetingDecision(ChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		action_sheet: DF.Link | None
		assigned_to: DF.Link | None
		decision: DF.SmallText
		decision_status: DF.Literal["Open", "Done", "Dropped"]
		due_date: DF.Date | None
		grey_zone: DF.Link | None
		owner_member: DF.Link
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		todo: DF.Link | None
	# end: auto-generated types
	pass
