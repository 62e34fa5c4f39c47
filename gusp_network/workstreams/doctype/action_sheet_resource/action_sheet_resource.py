# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from gusp_network.child_rows import ChildRow


class ActionSheetResource(ChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		description: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		provided_by: DF.Link | None
		resource_type: DF.Literal["Human", "Financial", "Material"]
	# end: auto-generated types
	pass
