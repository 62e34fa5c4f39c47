"""The website residents meet: named after the network, not after the framework, with the network's
public pages in its menu.

Frappe's login page reads "Se connecter à Frappe" unless Website Settings name the site; the
name is the network's (data an admin may change in Website Settings), set once in place of
Frappe's default.
"""

import frappe

NETWORK_NAME = "Réseau GUSP"  # a proper name, stored as data like any record's name
FRAPPE_DEFAULT = "Frappe"  # what a new site's Website Settings hold


def name_the_website() -> None:
	settings = frappe.get_single("Website Settings")
	if settings.app_name not in (None, "", FRAPPE_DEFAULT):
		return  # an admin's name
	settings.app_name = NETWORK_NAME
	settings.flags.ignore_permissions = True
	settings.save()


# the public pages, in the menu of every page (Website Settings' top bar, which admins edit)
PUBLIC_PAGES = (
	("Rencontres", "/agenda"),
	("Qui fait quoi", "/annuaire"),
	("Actions", "/actions"),
	("Fiches pratiques", "/fiches-pratiques"),
)


def add_public_pages_to_menu() -> None:
	"""Set once, when the menu is empty: an admin's menu is kept."""
	settings = frappe.get_single("Website Settings")
	if settings.top_bar_items:
		return
	for label, url in PUBLIC_PAGES:
		settings.append("top_bar_items", {"label": label, "url": url})
	settings.flags.ignore_permissions = True
	settings.save()
