# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.utils.nestedset import NestedSet


class GUSPTheme(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText | None
		is_group: DF.Check
		lft: DF.Int
		old_parent: DF.Link | None
		parent_gusp_theme: DF.Link | None
		rgt: DF.Int
		service_level_days: DF.Int
		theme_name: DF.Data
	# end: auto-generated types
	nsm_parent_field = "parent_gusp_theme"
