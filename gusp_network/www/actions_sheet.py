"""/actions/<sheet>: one action sheet of the showcase (hooks.py `website_route_rules`;
knowledge/showcase.py): its objectives, partners, results and the summary of its validated
evaluations. A sheet not marked public, or not under way or completed, does not exist here (404)."""

import frappe
from frappe import _

from gusp_network.knowledge.showcase import SHOWCASE_ROUTE, public_sheet

no_cache = 1


def get_context(context):
	context.no_breadcrumbs = True
	context.showcase_route = SHOWCASE_ROUTE
	sheet = public_sheet(frappe.form_dict.sheet)
	if not sheet:
		# answered here: Frappe's 404 page, reached by raising PageDoesNotExistError from a page's
		# context, answers with status 200 (frappe/website/serve.py passes 200 on to it)
		context.http_status_code = 404
		context.not_found = True
		context.title = _("Action not found")
		context.metatags = {"robots": "noindex, nofollow"}
		return context
	context.sheet = sheet
	context.title = sheet["title"]
	return context
