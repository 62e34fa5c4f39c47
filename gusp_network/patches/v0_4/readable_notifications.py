"""Notification bodies an admin reads and edits as text: Markdown with placeholders instead of a line
of HTML. Only the bodies still as shipped are converted (an admin's edit is kept); the notification
to residents kept informed of a report ("moi aussi") is created if missing."""

import frappe

from gusp_network.setup.notifications import ensure_notifications
from gusp_network.setup.records import read_folder, read_text

# the bodies as version 0.3 shipped them
SHIPPED_HTML = {
	"Resident Report: is it fixed?": '<p>Bonjour,</p>\n<p>Il y a trois semaines, votre signalement <b>{{ doc.name }}</b> a été marqué comme résolu. Est-ce vraiment le cas ?</p>\n<p><a href="{{ doc.tracking_url }}">Répondre en un clic</a></p>\n',
	"Resident Report: public update": '<p>Bonjour,</p>\n<p>{{ doc.last_public_update }}</p>\n<p><a href="{{ doc.tracking_url }}">Voir le suivi</a></p>\n',
	"Resident Report: received": '<p>Bonjour,</p>\n<p>Votre signalement <b>{{ doc.name }}</b> ({{ _(doc.theme) }}) a bien été reçu et transmis à l\'organisation compétente.</p>\n<p>Suivez-le ici : <a href="{{ doc.tracking_url }}">{{ doc.tracking_url }}</a></p>\n',
	"Resident Report: status changed": '<p>Bonjour,</p>\n<p>Votre signalement <b>{{ doc.name }}</b> est maintenant : <b>{{ _(doc.workflow_state) }}</b>.</p>\n<p><a href="{{ doc.tracking_url }}">Voir le suivi</a></p>\n',
}


def execute():
	for spec in read_folder("notifications"):
		shipped = SHIPPED_HTML.get(spec["name"])
		if not shipped or not frappe.db.exists("Notification", spec["name"]):
			continue
		notification = frappe.get_doc("Notification", spec["name"])
		if (notification.message or "").strip() != shipped.strip():
			continue  # edited by an admin: theirs
		notification.message_type = spec["message_type"]
		notification.message = read_text("notifications", spec["message"])
		notification.save(ignore_permissions=True)
	ensure_notifications()
