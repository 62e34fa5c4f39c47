"""Every GUSP Theme made before `service_code` existed gets one, from its name (Open311 used the
name as the code until then; a theme made since gets its code when it is inserted). A code once
set is never changed, so running this again changes nothing."""

import frappe

from gusp_network.directory.doctype.gusp_theme.gusp_theme import unique_service_code


def execute():
	themes = frappe.get_all(
		"GUSP Theme",
		filters={"service_code": ("is", "not set")},
		pluck="name",
		order_by="lft asc, creation asc",
	)
	for name in themes:
		frappe.db.set_value(
			"GUSP Theme", name, "service_code", unique_service_code(name), update_modified=False
		)
