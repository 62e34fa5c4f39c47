"""The one way to read GUSP Settings: Frappe's cached single document.

Frappe clears the cached copy when the settings are saved, so a change in the desk is read
by the next request.
"""

import frappe


def get_settings():
	return frappe.get_cached_doc("GUSP Settings")
