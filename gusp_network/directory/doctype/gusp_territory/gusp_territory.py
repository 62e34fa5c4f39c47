# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.utils.nestedset import NestedSet


class GUSPTerritory(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		code: DF.Data | None
		is_group: DF.Check
		lft: DF.Int
		old_parent: DF.Link | None
		parent_gusp_territory: DF.Link | None
		rgt: DF.Int
		territory_name: DF.Data
		territory_type: DF.Literal["Region", "Department", "EPCI", "Commune", "QPV", "Sector"]
	# end: auto-generated types
	nsm_parent_field = "parent_gusp_territory"
