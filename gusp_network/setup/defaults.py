"""Default records: the resource centre named in GUSP Settings, the ten chantiers of the brief,
amounts written the French way, and Frappe's guest uploads kept off."""

import frappe
from frappe import _

from gusp_network.setup.records import read_json

RESOURCE_CENTRE_NAME = "Centre de ressources GUSP"
# stored as data, in French: at install the site's language is not French yet, and the public
# directory shows it to residents
RESOURCE_CENTRE_DESCRIPTION = "Anime le réseau partenarial et ses dix chantiers."
ENGLISH_DESCRIPTION = "Animates the partner network and its ten workstreams."  # before v0.7
CURRENCY = "EUR"
FRENCH_NUMBER_FORMAT = "# ###,##"  # 15 000,00
FRAPPE_NUMBER_FORMAT = "#,###.##"  # Frappe's default, before a country is chosen


def ensure_resource_centre() -> None:
	"""The network's resource centre, named in the settings."""
	settings = frappe.get_single("GUSP Settings")
	if settings.resource_centre:
		return
	if not frappe.db.exists("Network Member", RESOURCE_CENTRE_NAME):
		frappe.get_doc(
			{
				"doctype": "Network Member",
				"member_name": RESOURCE_CENTRE_NAME,
				"acronym": "CR GUSP",
				"member_type": "Resource Centre",
				"is_public": 1,
				"description": RESOURCE_CENTRE_DESCRIPTION,
			}
		).insert(ignore_permissions=True)
	settings.resource_centre = RESOURCE_CENTRE_NAME
	settings.save(ignore_permissions=True)


def load_workstreams() -> list[dict]:
	return read_json("workstreams.json")["workstreams"]


def ensure_workstreams() -> None:
	"""The ten chantiers of the brief, word for word; existing ones are left as admins edited them."""
	existing = set(frappe.get_all("Workstream", pluck="number"))
	for data in load_workstreams():
		if data["number"] in existing:
			continue
		frappe.get_doc(
			{
				"doctype": "Workstream",
				"number": data["number"],
				"title": data["title"],
				"sheet_title": data["sheet_title"],
				"objectives": data["objectives"],
				"needs": data["needs"],
				"axes": [{"axis": axis} for axis in data["axes"]],
				"actions": [{"action": action} for action in data["actions"]],
			}
		).insert(ignore_permissions=True)


def forbid_guest_uploads() -> None:
	"""Frappe's site-wide guest uploads stay off: residents' photos go through the app's own
	checks (resident_voice/photos.py), which accept a report's photo and nothing else."""
	frappe.db.set_single_value("System Settings", "allow_guests_to_upload_files", 0)


def use_french_amounts() -> None:
	"""Amounts read "15 000,00 €": euro by default, a space between thousands, a decimal comma and
	the symbol after the amount. A number format an admin chose (other than Frappe's default) stays."""
	if not frappe.db.get_default("currency"):
		frappe.db.set_default("currency", CURRENCY)
	if frappe.db.get_single_value("System Settings", "number_format") in (None, "", FRAPPE_NUMBER_FORMAT):
		frappe.db.set_single_value("System Settings", "number_format", FRENCH_NUMBER_FORMAT)
		frappe.db.set_default("number_format", FRENCH_NUMBER_FORMAT)
	if frappe.db.exists("Currency", CURRENCY):
		frappe.db.set_value(
			"Currency", CURRENCY, {"enabled": 1, "symbol_on_right": 1, "number_format": FRENCH_NUMBER_FORMAT}
		)
	frappe.clear_cache()
