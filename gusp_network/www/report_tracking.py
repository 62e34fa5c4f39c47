"""/suivi/<key> and /suivi?ref=…&sig=…: the public tracking page of a resident report
(see resident_voice/tracking.py)."""

import frappe
from frappe import _

from gusp_network.resident_voice.tracking import get_report, public_view

no_cache = 1


def get_context(context):
	form = frappe.form_dict
	context.no_breadcrumbs = True
	context.metatags = {"robots": "noindex, nofollow"}
	try:
		report = get_report(form.key, form.ref, form.sig)
	except frappe.PageDoesNotExistError:
		# answered here, not by Frappe's 404 page, which a cache hit serves with status 200
		context.http_status_code = 404
		context.not_found = True
		context.title = _("Report not found")
		return context
	context.report = public_view(report)
	# what the page's buttons send back: the key, or the signed link's parameters
	context.credentials = {"key": form.key} if form.key else {"ref": form.ref, "sig": form.sig}
	context.title = _("Resident Report {0}").format(report.name)
	return context
