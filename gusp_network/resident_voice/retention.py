"""Reporters' personal data is kept for a limited time (GUSP Settings' `contact_retention_days`).

Every day (hooks.py `scheduler_events`), the `Resident Contact` of a report closed more than that
many days ago, or of a need not changed for that long, is anonymised:

- its name, email, phone and resident account (`user`) are erased, and the consent with them;
- the followers kept informed of the report (their emails) are removed;
- the copies of the emails sent about it (Communication, with their links and attachments, and
  the Email Queue with its recipients) are deleted, with the comments written on the contact.
  Deleted rather than redacted: each copy is a message written to one person, whose recipient,
  greeting and tracking link name them; with those removed nothing useful would be left, and what
  the report's readers need (its public updates, its history) is on the report itself. A deleted
  report takes its copies along the same way (`contacts.delete_contact`);
- `anonymised_on` records when.

The report or need stays, for the statistics, and so does the hash of its tracking key: the
tracking page keeps working for whoever holds the key; "my reports" no longer lists the report,
since nothing links it to an account any more.

The job works in batches, committed one by one, so a first run on a large site holds little in
memory and what it did survives an interruption; it is idempotent: a contact already anonymised is
left alone, unless its report was closed again since (then its new followers go too).
A value of 0 days keeps the contact details.
"""

from datetime import datetime

import frappe
from frappe.utils import add_days, cint, get_datetime, getdate, now_datetime

from gusp_network.resident_voice.contacts import CONTACT
from gusp_network.settings import get_settings

BATCH_SIZE = 500
REPORT = "Resident Report"
NEED = "Resident Need"
FOLLOWER = "Resident Contact Follower"


def anonymise_expired_contacts(now: datetime | str | None = None) -> int:
	"""Daily job: anonymise the contacts kept longer than the settings allow; how many were."""
	days = cint(get_settings().contact_retention_days)
	if days <= 0:
		return 0
	now = get_datetime(now) if now else now_datetime()
	cutoff = add_days(getdate(now), -days)
	total = 0
	for find in (expired_report_contacts, expired_need_contacts):
		while names := find(cutoff):
			anonymise(names, now)
			frappe.db.commit()  # one batch at a time: a long first run keeps what it did
			total += len(names)
	return total


def expired_report_contacts(cutoff) -> list[str]:
	"""Contacts of reports closed before `cutoff` (a date), not anonymised since their closure."""
	contact = frappe.qb.DocType(CONTACT)
	report = frappe.qb.DocType(REPORT)
	return (
		frappe.qb.from_(contact)
		.join(report)
		.on(report.name == contact.reference_name)
		.select(contact.name)
		.where(contact.reference_doctype == REPORT)
		.where(report.closed_on < cutoff)
		.where(contact.anonymised_on.isnull() | (contact.anonymised_on < report.closed_on))
		.limit(BATCH_SIZE)
		.run(pluck=True)
	)


def expired_need_contacts(cutoff) -> list[str]:
	"""Contacts of needs last changed before `cutoff`, not anonymised yet."""
	contact = frappe.qb.DocType(CONTACT)
	need = frappe.qb.DocType(NEED)
	return (
		frappe.qb.from_(contact)
		.join(need)
		.on(need.name == contact.reference_name)
		.select(contact.name)
		.where(contact.reference_doctype == NEED)
		.where(need.modified < cutoff)
		.where(contact.anonymised_on.isnull())
		.limit(BATCH_SIZE)
		.run(pluck=True)
	)


def anonymise(names: list[str], now: datetime) -> None:
	"""Erase who the contacts name and what was sent to them; the contacts themselves stay."""
	contact = frappe.qb.DocType(CONTACT)
	(
		frappe.qb.update(contact)
		.set(contact.full_name, None)
		.set(contact.email, None)
		.set(contact.phone, None)
		.set(contact.user, None)
		.set(contact.consent, 0)
		.set(contact.anonymised_on, now)
		.set(contact.modified, now)  # a form opened before cannot save the old values back
		.set(contact.modified_by, "Administrator")
		.where(contact.name.isin(names))
		.run()
	)
	follower = frappe.qb.DocType(FOLLOWER)
	frappe.qb.from_(follower).delete().where(
		(follower.parenttype == CONTACT) & follower.parent.isin(names)
	).run()
	delete_sent_emails(names)
	comment = frappe.qb.DocType("Comment")
	frappe.qb.from_(comment).delete().where(
		(comment.reference_doctype == CONTACT) & comment.reference_name.isin(names)
	).run()
	for name in names:
		frappe.clear_document_cache(CONTACT, name)


def delete_sent_emails(names: list[str]) -> None:
	"""The copies of the emails sent about these contacts (Communication) and their queue."""
	communication = frappe.qb.DocType("Communication")
	sent = (
		frappe.qb.from_(communication)
		.select(communication.name)
		.where((communication.reference_doctype == CONTACT) & communication.reference_name.isin(names))
		.run(pluck=True)
	)
	if sent:
		for file in frappe.get_all(
			"File",
			filters={"attached_to_doctype": "Communication", "attached_to_name": ("in", sent)},
			pluck="name",
		):
			frappe.delete_doc("File", file, ignore_permissions=True, force=True)
		delete_rows("Communication Link", "parent", sent)
		delete_rows("Communication", "name", sent)

	queue = frappe.qb.DocType("Email Queue")
	queued = (
		frappe.qb.from_(queue)
		.select(queue.name)
		.where((queue.reference_doctype == CONTACT) & queue.reference_name.isin(names))
		.run(pluck=True)
	)
	if queued:
		delete_rows("Email Queue Recipient", "parent", queued)
		delete_rows("Email Queue", "name", queued)


def delete_rows(doctype: str, field: str, values: list[str]) -> None:
	table = frappe.qb.DocType(doctype)
	frappe.qb.from_(table).delete().where(table[field].isin(values)).run()
