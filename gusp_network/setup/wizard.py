"""Complete Frappe's setup wizard on a new site without questions, in French.

Called by `./gusp` (`bench --site S execute gusp_network.setup.wizard.complete_setup_wizard`)
on every site it creates, so the desk opens directly on the workspace.
"""

import frappe
from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

FRENCH_DEFAULTS = {
	"language": "Français",
	"lang": "Français",
	"country": "France",
	"timezone": "Europe/Paris",
	"currency": "EUR",
}


def complete_setup_wizard() -> None:
	if frappe.db.get_single_value("System Settings", "setup_complete"):
		print("setup wizard already completed")
	else:
		setup_complete(dict(FRENCH_DEFAULTS))
		frappe.db.set_default("currency", FRENCH_DEFAULTS["currency"])
		print("setup wizard completed: French, Europe/Paris, France, EUR")
	french_only()


def french_only() -> None:
	"""Residents' browsers often ask for English: with French the only enabled language, guests
	get French whatever their browser says. Admins re-enable languages in the Language list."""
	language = frappe.qb.DocType("Language")
	frappe.qb.update(language).set(language.enabled, 0).where(language.name != "fr").run()
	frappe.cache.delete_value(["languages", "languages_with_name"])
