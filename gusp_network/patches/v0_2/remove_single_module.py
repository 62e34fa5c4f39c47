"""After the sync, the app's first module ("GUSP Network", which held every DocType) is empty:
remove it, unless something an admin made still names it (then it is kept and listed)."""

import frappe

OLD_MODULE = "GUSP Network"
# records that name a module and are the app's own: the sync moved the app's standard ones
MODULE_FIELDS = {
	"DocType": "module",
	"Report": "module",
	"Page": "module",
	"Web Form": "module",
	"Workspace": "module",
	"Print Format": "module",
	"Notification": "module",
	"Number Card": "module",
	"Dashboard Chart": "module",
	"Dashboard": "module",
	"Custom Field": "module",
	"Property Setter": "module",
	"Server Script": "module",
	"Client Script": "module",
	"Web Template": "module",
}


def execute():
	if not frappe.db.exists("Module Def", OLD_MODULE):
		return
	if OLD_MODULE in frappe.get_module_list("gusp_network"):
		return
	still_used = {
		doctype: frappe.get_all(doctype, filters={field: OLD_MODULE}, pluck="name")
		for doctype, field in MODULE_FIELDS.items()
		if frappe.db.has_column(doctype, field)
	}
	still_used = {doctype: names for doctype, names in still_used.items() if names}
	if still_used:
		print(f"Module {OLD_MODULE} kept: still named by {still_used}; move these records to a module.")
		return
	# a blocked module that no longer exists blocks nothing: forget it with the module
	for block in frappe.get_all("Block Module", filters={"module": OLD_MODULE}, pluck="name"):
		frappe.db.delete("Block Module", block)
	frappe.delete_doc("Module Def", OLD_MODULE, ignore_permissions=True, force=True)
