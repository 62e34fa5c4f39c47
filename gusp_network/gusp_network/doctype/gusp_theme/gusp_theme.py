# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.utils.nestedset import NestedSet


class GUSPTheme(NestedSet):
	nsm_parent_field = "parent_gusp_theme"
