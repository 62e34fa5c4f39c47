"""What the residents' forms offer to choose from, in the words residents use.

A category is a concrete problem, grouped under its parent theme ("Cadre de vie" is a heading,
never a choice); a neighbourhood is a commune or a priority neighbourhood (QPV), never a region.
Both lists are the same for every resident: they are cached (by language) until a theme or a
territory changes (`clear_choice_caches`, doc_events in hooks.py), so an admin's change to the
trees shows at once.
"""

import unicodedata

import frappe
from frappe import _
from frappe.utils.caching import redis_cache

from gusp_network.caching import invalidate

NEIGHBOURHOOD_TYPES = ("QPV", "Commune")


def sort_key(text: str) -> str:
	"""French alphabetical order: "Éclairage" with the E's, not after "Z"."""
	return unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().casefold()


def clear_choice_caches(*_args, **_kwargs) -> None:
	invalidate(cached_theme_groups, cached_neighbourhood_groups)


def theme_groups() -> list[dict]:
	"""The themes a problem can be filed under (leaves of the theme tree), by parent theme."""
	return cached_theme_groups(frappe.local.lang)


def neighbourhood_groups() -> list[dict]:
	"""Communes and priority neighbourhoods, as residents name where they live."""
	return cached_neighbourhood_groups(frappe.local.lang)


@redis_cache(ttl=24 * 3600)
def cached_theme_groups(lang: str) -> list[dict]:
	themes = frappe.get_all(
		"GUSP Theme", fields=["name", "theme_name", "parent_gusp_theme", "is_group"], limit_page_length=0
	)
	names = {theme.name: theme.theme_name or theme.name for theme in themes}
	groups: dict[str, list[dict]] = {}
	for theme in themes:
		if theme.is_group:
			continue
		heading = names.get(theme.parent_gusp_theme) or _("Other")
		groups.setdefault(heading, []).append({"value": theme.name, "label": names[theme.name]})
	return sorted_groups(groups)


@redis_cache(ttl=24 * 3600)
def cached_neighbourhood_groups(lang: str) -> list[dict]:
	territories = frappe.get_all(
		"GUSP Territory",
		filters={"territory_type": ("in", NEIGHBOURHOOD_TYPES)},
		fields=["name", "territory_name", "territory_type"],
		limit_page_length=0,
	)
	headings = {"QPV": _("Priority neighbourhoods"), "Commune": _("Communes")}
	groups: dict[str, list[dict]] = {}
	for territory in territories:
		groups.setdefault(headings[territory.territory_type], []).append(
			{"value": territory.name, "label": territory.territory_name or territory.name}
		)
	return sorted_groups(groups)


def sorted_groups(groups: dict[str, list[dict]]) -> list[dict]:
	return [
		{"label": heading, "options": sorted(options, key=lambda option: sort_key(option["label"]))}
		for heading, options in sorted(groups.items(), key=lambda item: sort_key(item[0]))
	]


def account_prefill(fields: dict[str, str]) -> dict[str, str]:
	"""A logged-in resident's name and email for the form's fields {"name": …, "email": …}."""
	user = frappe.session.user
	if user == "Guest" or frappe.get_cached_value("User", user, "user_type") != "Website User":
		return {}
	values = {"name": frappe.utils.get_fullname(user), "email": user}
	return {fields[key]: value for key, value in values.items() if key in fields}
