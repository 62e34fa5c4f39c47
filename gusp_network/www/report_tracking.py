"""/suivi/<key>: the public tracking page of a resident report (see resident_voice/tracking.py)."""

import frappe
from frappe import _

from gusp_network.resident_voice.tracking import get_report_by_key, public_view

no_cache = 1


def get_context(context):
	report = get_report_by_key(frappe.form_dict.key)
	context.report = public_view(report)
	context.key = frappe.form_dict.key
	context.title = _("Report {0}").format(report.name)
	context.no_breadcrumbs = True
	context.metatags = {"robots": "noindex, nofollow"}
	return context
