"""`Resident Report Update.update` becomes `message`: a field named like Document.update (and
dict.update) made Jinja and Python return the method, so the tracking page printed
`<built-in method update …>` and REST writes on the table crashed. The text moves over, and
the old column goes."""

import frappe
from frappe.model.utils.rename_field import rename_field


def execute():
	if frappe.db.has_column("Resident Report Update", "update"):
		rename_field("Resident Report Update", "update", "message")
		# a column left behind would still load as the document's `update` attribute
		frappe.db.sql_ddl("alter table `tabResident Report Update` drop column `update`")
