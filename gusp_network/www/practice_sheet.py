"""/fiches-pratiques/<sheet> (hooks.py `website_route_rules`): one published practice sheet,
printable (knowledge/practice_sheets.py). A draft, a sheet in review or an archived one does not
exist for the portal: 404 for guests and logged-in members alike, the same page as for an unknown
sheet."""

import frappe
from frappe import _

from gusp_network.knowledge.practice_sheets import ROUTE, published_sheet

no_cache = 1  # a sheet archived or edited shows at once


def get_context(context):
	sheet = published_sheet(frappe.form_dict.sheet)
	context.no_breadcrumbs = True
	context.list_route = ROUTE
	if not sheet:
		# answered here with a 404: raising PageDoesNotExistError renders the app's 404.html, which has
		# no 404.py to set the status (served as 200), and Frappe would remember the address as a 404
		# (`website_404`) for guests, so a sheet published later would stay "not found"
		context.http_status_code = 404
		context.not_found = True
		context.title = _("Practice sheet not found")
		context.metatags = {"robots": "noindex, nofollow"}
		return context
	context.title = sheet.title
	context.sheet = sheet
	context.metatags = {"description": sheet.summary[:300]} if sheet.summary else {}
	return context
