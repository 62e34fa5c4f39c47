"""/agenda/<meeting>: one public meeting of the agenda and its registration form (hooks.py
`website_route_rules`; network_life/agenda.py). The form posts with JavaScript to
`agenda.register`; without JavaScript it posts here, and the page says what became of it."""

import frappe
from frappe import _

from gusp_network.network_life.agenda import AGENDA_ROUTE, public_meeting_named, register_from_page

no_cache = 1


def get_context(context):
	name = frappe.form_dict.meeting
	context.no_breadcrumbs = True
	context.agenda_route = AGENDA_ROUTE
	if frappe.request and frappe.request.method == "POST":
		context.confirmation, context.error = register_from_page({**frappe.form_dict, "meeting": name})
	meeting = public_meeting_named(name)
	if not meeting:
		# answered here, not by Frappe's 404 page, which a cache hit serves with status 200
		context.http_status_code = 404
		context.not_found = True
		context.title = _("Meeting not found")
		context.metatags = {"robots": "noindex, nofollow"}
		return context
	context.meeting = meeting
	context.title = meeting.title
	# a logged-in visitor's form posts with the session's CSRF token (guests have none)
	context.csrf_token = frappe.session.data.csrf_token if frappe.session.user != "Guest" else None
	return context
