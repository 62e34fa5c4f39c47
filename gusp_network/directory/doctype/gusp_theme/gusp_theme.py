# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.utils.nestedset import NestedSet

from gusp_network.directory.who_does_what import clear_tree_caches


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

	def on_update(self):
		super().on_update()
		clear_tree_caches()

	def on_trash(self):
		super().on_trash()
		clear_tree_caches()

	def after_rename(self, old, new, merge=False):
		super().after_rename(old, new, merge)
		clear_tree_caches()
