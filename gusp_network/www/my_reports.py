"""/mes-signalements: the reports of the logged-in resident."""

import frappe
from frappe import _

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/mes-signalements"
		raise frappe.Redirect
	context.reports = frappe.get_list(
		"Resident Report",
		filters={"owner": frappe.session.user},
		fields=["name", "theme", "workflow_state", "creation", "tracking_key", "address"],
		order_by="creation desc",
		limit_page_length=100,
	)
	context.title = _("My Reports")
	context.show_sidebar = True
	return context
