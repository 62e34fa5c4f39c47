"""Residents' contact details leave the reports and needs for Resident Contact records.

On a site made before: each report's reporter (name, email, phone, consent) and the hash of its
tracking key, and each need's author, move into a Resident Contact; the old columns are dropped
(a virtual field would otherwise read them back); version history forgets their values; the
emails already sent to reporters move from the report's timeline to the contact; the four
reporter notifications are re-pointed at Resident Contact, keeping an admin's wording.

Idempotent: nothing left to move, nothing done.
"""

import json

import frappe

from gusp_network.resident_voice.contacts import CONTACT, MIRRORED_FIELDS, hash_key
from gusp_network.setup.defaults import forbid_guest_uploads

OLD_COLUMNS = {
	"Resident Report": {
		"reporter_name": "full_name",
		"reporter_email": "email",
		"reporter_phone": "phone",
		"consent": "consent",
		"tracking_key": None,
	},
	"Resident Need": {"author_name": "full_name", "author_email": "email"},
}
NOTIFICATIONS = (
	"Resident Report: received",
	"Resident Report: status changed",
	"Resident Report: public update",
	"Resident Report: is it fixed?",
)
OLD_LINK = "frappe.utils.get_url('/suivi/' + doc.tracking_key)"


def execute():
	for doctype, columns in OLD_COLUMNS.items():
		present = [column for column in columns if frappe.db.has_column(doctype, column)]
		if present:
			move_contacts(doctype, present)
			for column in present:
				frappe.db.sql_ddl(
					f"alter table `tab{doctype}` drop column `{column}`"
				)  # names from the table above
		forget_in_versions(doctype, set(columns))
	repoint_notifications()
	move_sent_emails()
	forbid_guest_uploads()  # the app's install had turned it on for photos; photos.py takes them now


def move_contacts(doctype: str, present: list[str]) -> None:
	mirrored = list(MIRRORED_FIELDS) if doctype == "Resident Report" else []
	table = frappe.qb.DocType(doctype)  # the old columns are no longer in the DocType's meta
	columns = ["name", "owner", *present, *mirrored]
	rows = frappe.qb.from_(table).select(*(table[column] for column in columns)).run(as_dict=True)
	for row in rows:
		if frappe.db.exists(CONTACT, row.name):
			continue
		values = {
			target: row.get(column)
			for column, target in OLD_COLUMNS[doctype].items()
			if target and column in present
		}
		key = row.get("tracking_key")
		if not key and not any(values.values()):
			continue
		owner_is_resident = frappe.db.get_value("User", row.owner, "user_type") == "Website User"
		frappe.get_doc(
			{
				"doctype": CONTACT,
				"reference_doctype": doctype,
				"reference_name": row.name,
				"user": row.owner if owner_is_resident else None,
				"tracking_key_hash": hash_key(key) if key else None,
				**{field: row.get(field) for field in mirrored},
				**values,
			}
		).db_insert()


def forget_in_versions(doctype: str, fields: set[str]) -> None:
	"""Old and new values of the moved fields disappear from the document's history."""
	version = frappe.qb.DocType("Version")
	for name, data in (
		frappe.qb.from_(version)
		.select(version.name, version.data)
		.where(version.ref_doctype == doctype)
		.run()
	):
		try:
			changes = json.loads(data or "{}")
		except ValueError:
			continue
		changed = [row for row in changes.get("changed") or [] if row and row[0] not in fields]
		if changed == (changes.get("changed") or []):
			continue
		changes["changed"] = changed
		if changed or changes.get("added") or changes.get("removed") or changes.get("row_changed"):
			frappe.db.set_value("Version", name, "data", json.dumps(changes), update_modified=False)
		else:
			frappe.db.delete("Version", {"name": name})


def repoint_notifications() -> None:
	for name in NOTIFICATIONS:
		if frappe.db.get_value("Notification", name, "document_type") != "Resident Report":
			continue
		notification = frappe.get_doc("Notification", name)
		notification.document_type = CONTACT
		notification.condition = (notification.condition or "").replace(
			"doc.consent and doc.reporter_email",
			"doc.reference_doctype == 'Resident Report' and doc.consent and doc.email",
		)
		notification.subject = (notification.subject or "").replace(OLD_LINK, "doc.tracking_url")
		notification.message = (notification.message or "").replace(OLD_LINK, "doc.tracking_url")
		for recipient in notification.recipients:
			if recipient.receiver_by_document_field == "reporter_email":
				recipient.receiver_by_document_field = "email"
		notification.flags.ignore_permissions = True
		notification.save()


def move_sent_emails() -> None:
	"""Emails sent to reporters leave the report's timeline for its (private) contact."""
	communication = frappe.qb.DocType("Communication")
	sent = (
		frappe.qb.from_(communication)
		.select(communication.name, communication.reference_name)
		.where(
			(communication.reference_doctype == "Resident Report")
			& (communication.communication_type == "Automated Message")
		)
		.run(as_dict=True)
	)
	for row in sent:
		if not frappe.db.exists(CONTACT, row.reference_name):
			continue
		frappe.db.set_value(
			"Communication",
			row.name,
			{"reference_doctype": CONTACT, "reference_name": row.reference_name},
			update_modified=False,
		)
		frappe.db.delete("Communication Link", {"parent": row.name, "link_doctype": "Resident Report"})
