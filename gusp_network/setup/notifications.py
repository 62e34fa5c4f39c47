"""Email notifications described in `setup/data/notifications/` (settings in JSON, the body in the
HTML template beside it), created if missing; admins edit text and recipients in the desk."""

import frappe

from gusp_network.setup.records import read_folder, read_text


def ensure_notifications() -> None:
	for spec in read_folder("notifications"):
		if frappe.db.exists("Notification", spec["name"]):
			continue
		frappe.get_doc(
			{
				"doctype": "Notification",
				"enabled": 1,
				"is_standard": 0,
				**spec,
				"message": read_text("notifications", spec["message"]),
			}
		).insert(ignore_permissions=True)
