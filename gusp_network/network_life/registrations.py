"""Registrations: how to reach a participant who has no account.

A visitor registering on the agenda, or someone the resource centre adds, is a `Network Meeting
Registration`: their name, organisation and email, read by the resource centre and admins only,
with no version history (DESIGN.md principle 5: a permission level on a field is no wall). The
meeting lists them as a participant row with their name and organisation and a link to the
registration, never their email: whoever reads the meeting (the whole network) reads nothing
personal, through any endpoint. Deleting the registration removes the row; removing the row from
the meeting deletes the registration.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Lower
from frappe.utils import validate_email_address

from gusp_network.exceptions import AlreadyRegisteredError, InvalidContactError

MEETING = "Network Meeting"
REGISTRATION = "Network Meeting Registration"


def validate_email(doc) -> None:
	doc.email = (doc.email or "").strip()
	if not doc.email or (validate_email_address(doc.email) or "").casefold() != doc.email.casefold():
		frappe.throw(_("Give a valid email address, for example name@example.org."), InvalidContactError)


def validate_unique(doc) -> None:
	"""One registration per email and meeting, whatever its case."""
	if is_registered(doc.network_meeting, doc.email, but=doc.name):
		frappe.throw(_("This email address is already registered for this meeting."), AlreadyRegisteredError)


def is_registered(meeting: str, email: str, but: str | None = None) -> bool:
	table = frappe.qb.DocType(REGISTRATION)
	query = (
		frappe.qb.from_(table)
		.select(table.name)
		.where((table.network_meeting == meeting) & (Lower(table.email) == email.strip().lower()))
	)
	if but:
		query = query.where(table.name != but)
	return bool(query.limit(1).run())


def add_participant(doc) -> None:
	"""`after_insert`: the meeting lists the new participant (name, organisation, registered)."""
	meeting = frappe.get_doc(MEETING, doc.network_meeting)
	row = meeting.append(
		"participants",
		{
			"participant_name": doc.participant_name,
			"organisation": doc.organisation,
			"registered": 1,
			"registered_on_agenda": doc.registered_on_agenda,
			"registration": doc.name,
		},
	)
	meeting.save(ignore_permissions=True)
	doc.db_set("participant_row", row.name, update_modified=False)


def update_participant(doc) -> None:
	"""`on_update` of a registration already listed: its row shows the name and organisation."""
	if doc.is_new() or not doc.participant_row:
		return
	if not (doc.has_value_changed("participant_name") or doc.has_value_changed("organisation")):
		return
	meeting = frappe.get_doc(MEETING, doc.network_meeting)
	for row in meeting.participants:
		if row.name == doc.participant_row:
			row.participant_name, row.organisation = doc.participant_name, doc.organisation
			meeting.save(ignore_permissions=True)
			return


def remove_participant(doc) -> None:
	"""`on_trash`: the meeting no longer lists the participant."""
	if not frappe.db.exists(MEETING, doc.network_meeting):
		return
	meeting = frappe.get_doc(MEETING, doc.network_meeting)
	kept = [row for row in meeting.participants if row.registration != doc.name]
	if len(kept) == len(meeting.participants):
		return
	meeting.participants = kept
	meeting.flags.registration_removed = doc.name
	meeting.save(ignore_permissions=True)


def forget_removed_participants(meeting) -> None:
	"""`on_update` of a meeting: a registration whose row was removed from the meeting is deleted."""
	listed = {row.registration for row in meeting.participants if row.registration}
	for name in frappe.get_all(REGISTRATION, filters={"network_meeting": meeting.name}, pluck="name"):
		if name not in listed and name != meeting.flags.registration_removed:
			frappe.delete_doc(REGISTRATION, name, ignore_permissions=True)


def delete_registrations(meeting) -> None:
	"""`on_trash` of a meeting: its registrations go with it."""
	frappe.db.delete(REGISTRATION, {"network_meeting": meeting.name})


def registrant_emails(meeting: str) -> list[str]:
	"""The emails of the meeting's registrations (one each, in the order they came)."""
	emails = frappe.get_all(
		REGISTRATION, filters={"network_meeting": meeting}, pluck="email", order_by="creation asc"
	)
	unique: dict[str, str] = {}
	for email in emails:
		unique.setdefault(email.lower(), email)
	return list(unique.values())
