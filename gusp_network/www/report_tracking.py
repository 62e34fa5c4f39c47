"""/suivi/<key> and /suivi?ref=…&sig=…: the public tracking page of a resident report
(see resident_voice/tracking.py)."""

import frappe
from frappe import _

from gusp_network.resident_voice.tracking import get_report, public_view

no_cache = 1


def get_context(context):
	form = frappe.form_dict
	report = get_report(form.key, form.ref, form.sig)
	context.report = public_view(report)
	# what the page's buttons send back: the key, or the signed link's parameters
	context.credentials = {"key": form.key} if form.key else {"ref": form.ref, "sig": form.sig}
	context.title = _("Report {0}").format(report.name)
	context.no_breadcrumbs = True
	context.metatags = {"robots": "noindex, nofollow"}
	return context
