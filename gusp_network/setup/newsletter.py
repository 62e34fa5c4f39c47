"""The network's newsletter: its Email Group, and the rights of the resource centre and admins on
Frappe's Newsletter and Email Group, created once if missing (then the admins' to change in the
desk: Role Permission Manager).

Frappe gives these DocTypes to its "Newsletter Manager" role only; the resource centre builds,
reviews and sends the editions (knowledge/newsletters.py), so its role and the admins' get the same
rights, as Role Permission Manager rows (Custom DocPerm) beside Frappe's.
"""

import frappe
from frappe.permissions import add_permission, update_permission_property

from gusp_network.constants import ADMIN, RESOURCE_CENTRE
from gusp_network.knowledge.newsletters import network_email_group, refresh_network_email_group

NEWSLETTER_DOCTYPES = ("Newsletter", "Email Group", "Email Group Member")
RIGHTS = ("read", "write", "create", "delete", "report", "export", "print", "email", "share")


def ensure_network_email_group() -> None:
	"""The Email Group "Réseau GUSP", fed with the network's contacts, and who may send to it."""
	network_email_group()
	refresh_network_email_group()
	ensure_newsletter_permissions()


def ensure_newsletter_permissions() -> None:
	for doctype in NEWSLETTER_DOCTYPES:
		changed = False
		for role in (RESOURCE_CENTRE, ADMIN):
			if not frappe.db.exists("Role", role) or frappe.db.exists(
				"Custom DocPerm", {"parent": doctype, "role": role, "permlevel": 0}
			):
				continue
			add_permission(doctype, role)
			for right in RIGHTS:
				update_permission_property(doctype, role, 0, right, 1, validate=False)
			changed = True
		if changed:
			frappe.clear_cache(doctype=doctype)
