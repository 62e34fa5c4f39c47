"""Before the DocTypes sync into their domain modules, the modules must exist.

`bench migrate` creates no Module Def for a module newly listed in modules.txt (only installing
the app does), and a DocType cannot name a module that does not exist.
"""

import frappe


def execute():
	for module in frappe.get_module_list("gusp_network"):
		if not frappe.db.exists("Module Def", module):
			frappe.get_doc(
				{"doctype": "Module Def", "module_name": module, "app_name": "gusp_network"}
			).insert(ignore_permissions=True)
