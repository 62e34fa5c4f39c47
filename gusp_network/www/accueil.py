"""The GUSP home page (`/`, hooks.py `home_page`): what a resident can do, in a few taps.

Website users land here after logging in, never on the desk (hooks.py `add_to_apps_screen`
offers the desk to desk users only, and `role_home_page` sends residents here).
"""

import frappe
from frappe import _

from gusp_network.settings import get_settings

no_cache = 1


def get_context(context):
	logged_in = frappe.session.user != "Guest"
	context.title = _("GUSP Network")
	context.no_breadcrumbs = True
	context.logged_in = logged_in
	context.guests_may_report = bool(get_settings().allow_guest_reports)
	context.actions = home_actions(logged_in, context.guests_may_report)
	context.discover = discover_actions(bool(get_settings().public_directory))
	return context


def is_desk_user() -> bool:
	"""Whether the desk (`/app/gusp`) is offered: Frappe sends every user, residents included, to
	the first app of the apps screen after logging in (frappe/apps.py `get_default_path`)."""
	user = frappe.session.user
	return user != "Guest" and frappe.get_cached_value("User", user, "user_type") == "System User"


def home_actions(logged_in: bool, guests_may_report: bool) -> list[dict]:
	"""The cards of the home page, in the order a resident needs them."""
	report_route = (
		"/signalement/new" if logged_in or guests_may_report else "/login?redirect-to=/signalement/new"
	)
	actions = [
		{
			"route": report_route,
			"title": _("Report a problem"),
			"text": _(
				"A broken street light, overflowing bins, a damaged bench: say where, we pass it on to who is in charge."
			),
		},
		{
			"route": "/besoin/new",
			"title": _("Share a need or an idea"),
			"text": _("What is missing in your neighbourhood, what could be better, what works well."),
		},
	]
	if logged_in:
		actions.append(
			{
				"route": "/mes-signalements",
				"title": _("Follow my reports"),
				"text": _("Where each of your reports stands, and what was done."),
			}
		)
	actions.append(
		{
			"route": "/agenda",
			"title": _("Meetings agenda"),
			"text": _("The network's meetings open to all: the dates, the places, and how to register."),
		}
	)
	return actions


def discover_actions(public_directory: bool) -> list[dict]:
	"""The network's public pages: who does what, its actions, its practice sheets."""
	actions = []
	if public_directory:
		actions.append(
			{
				"route": "/annuaire",
				"title": _("Who does what"),
				"text": _(
					"Who handles what in your neighbourhood: cleanliness, lighting, green spaces, bulky waste…"
				),
			}
		)
	actions += [
		{
			"route": "/actions",
			"title": _("The network's actions"),
			"text": _("What the partners do together in the neighbourhoods, and what it changed."),
		},
		{
			"route": "/fiches-pratiques",
			"title": _("Practice sheets"),
			"text": _("Methods, tools and experience shared by the partners, to reuse."),
		},
	]
	return actions
