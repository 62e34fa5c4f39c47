"""/signalement: residents report a problem (guests too, when GUSP Settings allows it)."""

import frappe

from gusp_network.portal import map_settings


def get_context(context):
	if frappe.session.user == "Guest" and not frappe.db.get_single_value("GUSP Settings", "allow_guest_reports"):
		frappe.local.flags.redirect_location = "/login?redirect-to=/signalement/new"
		raise frappe.Redirect
	context.gusp_map = map_settings()
	return context
