"""The app's roles, created if missing; residents' role never opens the desk."""

import frappe

from gusp_network.setup.records import read_json


def get_roles() -> dict[str, int]:
	"""{role: desk access}"""
	return {row["role"]: row["desk_access"] for row in read_json("roles.json")["roles"]}


def ensure_roles() -> None:
	for role, desk_access in get_roles().items():
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": desk_access}).insert(
				ignore_permissions=True
			)
		elif not desk_access:
			# roles named in DocType permissions are created by the DocType sync, with desk access
			frappe.db.set_value("Role", role, "desk_access", 0)
