# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

"""A partner application allowed to send reports through Open311 with its own API key.

The key is made when the client is created (and again with "Generate a New Key"), shown once to
the admin who made it, and kept only as its SHA-256 hash, like a report's tracking key
(`contacts.hash_key`). Only GUSP Admin and System Manager read or change clients.
"""

import secrets

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, now_datetime

from gusp_network.resident_voice.contacts import hash_key

KEY_MANAGERS = ("GUSP Admin", "System Manager")
KEY_FIELDS = ("api_key_hash", "key_generated_on")
LONGEST_KEY = 200  # ours have 32 characters: anything much longer is not one


class Open311Client(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		api_key_hash: DF.Data | None
		client_name: DF.Data
		contact_email: DF.Data | None
		enabled: DF.Check
		key_generated_on: DF.Datetime | None
		organisation: DF.Link | None
	# end: auto-generated types

	def before_insert(self):
		self.new_api_key = self.set_new_key()

	def validate(self):
		self.keep_key()

	def after_insert(self):
		show_key(self.client_name, self.new_api_key)

	def set_new_key(self) -> str:
		"""A new key (returned: it is not kept) replacing the old one; whatever hash was sent is ignored."""
		key = new_api_key()
		self.api_key_hash = hash_key(key)
		self.key_generated_on = now_datetime()
		return key

	def keep_key(self) -> None:
		"""A save, a REST call or an import never sets the hash: only a new key does."""
		before = self.get_doc_before_save()
		if before:
			for fieldname in KEY_FIELDS:
				self.set(fieldname, before.get(fieldname))


def new_api_key() -> str:
	return secrets.token_urlsafe(24)


def show_key(client_name: str, key: str) -> None:
	frappe.msgprint(
		_("The API key of {0} is {1}. Copy it now for the application: it will not be shown again.").format(
			frappe.bold(escape_html(client_name)), f"<code>{key}</code>"
		),
		title=_("API Key"),
		indicator="green",
	)


@frappe.whitelist(methods=["POST"])
def generate_key(client: str) -> str:
	"""A new key for the client, which replaces the old one at once; returned once, to be shown."""
	frappe.only_for(KEY_MANAGERS)
	doc = frappe.get_doc("Open311 Client", client)
	doc.check_permission("write")
	key = new_api_key()
	doc.db_set({"api_key_hash": hash_key(key), "key_generated_on": now_datetime()})
	doc.add_comment("Info", _("A new API key was generated; the previous one no longer works."))
	return key


def find_enabled_client(key: str | None) -> frappe._dict | None:
	"""The enabled client that holds this key, if any (name, client_name)."""
	if not key or len(key) > LONGEST_KEY or not key.isascii():
		return None
	return frappe.db.get_value(
		"Open311 Client",
		{"api_key_hash": hash_key(key), "enabled": 1},
		["name", "client_name"],
		as_dict=True,
	)
