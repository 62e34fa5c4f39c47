"""/mes-signalements: the reports of the logged-in resident."""

import frappe
from frappe import _

from gusp_network.resident_voice.contacts import signed_tracking_url

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/mes-signalements"
		raise frappe.Redirect
	# residents have no permission on Resident Report (nothing through the REST API): the portal
	# reads their own reports' public fields, and links them with signed tracking links
	mine = frappe.get_all(
		"Resident Contact",
		filters={"user": frappe.session.user, "reference_doctype": "Resident Report"},
		pluck="reference_name",
	)
	reports = frappe.get_all(
		"Resident Report",
		filters={"name": ("in", mine or [""])},
		fields=["name", "theme", "workflow_state", "creation", "address"],
		order_by="creation desc",
		limit=100,
	)
	for report in reports:
		report.tracking_url = signed_tracking_url(report.name)
	context.reports = reports
	context.title = _("My Reports")
	context.show_sidebar = True
	return context
