"""/annuaire: who does what, by territory and theme (directory/public_directory.py). A form that
works without JavaScript (GET), the answer for the chosen theme on the chosen territory (who leads,
who takes part, or a grey zone), the public members of the network, and the open data downloads.
404 while GUSP Settings > Public Directory is off."""

import frappe
from frappe import _

from gusp_network.directory.public_directory import (
	JSON_ROUTE,
	SERVICES_CSV_ROUTE,
	STRUCTURES_CSV_ROUTE,
	TERRITORY_PARAM,
	THEME_PARAM,
	chosen,
	is_enabled,
	public_members,
	resource_centre,
	territory_options,
	theme_options,
	who_does_what,
)

no_cache = 1
sitemap = 1  # the public directory, for search engines


def get_context(context):
	context.no_breadcrumbs = True
	if not is_enabled():
		# answered here, not by Frappe's 404 page, which would stay cached once the directory is on
		context.http_status_code = 404
		context.not_found = True
		context.title = _("Page not found")
		context.metatags = {"robots": "noindex, nofollow"}
		return context
	context.title = _("Who does what")
	territory = chosen(frappe.form_dict.get(TERRITORY_PARAM))
	theme = chosen(frappe.form_dict.get(THEME_PARAM))
	context.territory_param, context.theme_param = TERRITORY_PARAM, THEME_PARAM
	context.territories = territory_options()
	context.themes = theme_options()
	known_territory = territory if territory in {o["value"] for o in context.territories} else ""
	known_theme = theme if theme in {o["value"] for o in context.themes} else ""
	# not `theme`: the page context's website theme
	context.territory, context.chosen_theme = known_territory, known_theme
	context.unknown_choice = (territory and not known_territory) or (theme and not known_theme)
	context.searched = bool(known_territory or known_theme)
	context.answer = who_does_what(known_theme, known_territory) if known_territory and known_theme else None
	context.members = public_members(known_territory, known_theme)
	context.resource_centre = resource_centre()
	context.downloads = [
		{"route": f"/{JSON_ROUTE}", "label": _("The directory (JSON: structures and services)")},
		{"route": f"/{STRUCTURES_CSV_ROUTE}", "label": _("The partners (CSV)")},
		{"route": f"/{SERVICES_CSV_ROUTE}", "label": _("Who does what (CSV)")},
	]
	return context
