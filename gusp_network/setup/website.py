"""The website residents meet: named after the network, not after the framework.

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
