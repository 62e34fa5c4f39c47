"""Who reported, kept apart from what they reported.

A resident's name, email, phone and consent, and the hash of a report's tracking key, live in a
`Resident Contact` record that only the resource centre (and admins) may read, with no version
history. The report and the need carry these as virtual fields: the web form and the desk fill
them on a new document, and they are moved here when it is saved, never stored on the document
itself. Reports and needs can thus be read, listed, searched, counted, exported and versioned
through every Frappe endpoint without showing who wrote them.

The tracking key is given to the reporter once (the confirmation answer and the receipt email)
and stored only as a hash. Later emails and "my reports" carry a link signed with the site's
secret instead (`signed_tracking_url`).
"""

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import get_url
from frappe.utils.verified_command import get_signed_params

from gusp_network.exceptions import InvalidContactError

CONTACT = "Resident Contact"
# per DocType: the virtual fields of the document → the Resident Contact field they go to
PERSONAL_FIELDS = {
	"Resident Report": {
		"reporter_name": "full_name",
		"reporter_email": "email",
		"reporter_phone": "phone",
		"consent": "consent",
	},
	"Resident Need": {"author_name": "full_name", "author_email": "email", "consent": "consent"},
}
# Resident Report fields copied to its contact, for the emails to the reporter (Notifications
# on Resident Contact: their Communication stays on this private record, not on the report)
MIRRORED_FIELDS = (
	"theme",
	"workflow_state",
	"public_status",
	"last_public_update",
	"closed_on",
	"closing_reason",
	"fix_confirmation",
)


def new_tracking_key() -> str:
	"""24 random URL-safe characters: the reporter's only credential."""
	return secrets.token_urlsafe(18)


def hash_key(key: str) -> str:
	return hashlib.sha256(key.encode()).hexdigest()


def validate_contact_fields(doc) -> None:
	"""A new report's or need's email and phone, checked before anything is saved."""
	fields = PERSONAL_FIELDS[doc.doctype]
	for source, target in fields.items():
		value = doc.get(source)
		if value in (None, ""):
			continue
		if not isinstance(value, str | int):
			frappe.throw(
				_("{0}: this value is not valid.").format(_(doc.meta.get_label(source))), InvalidContactError
			)
		if target == "email":
			doc.set(source, str(value).strip())
			if not frappe.utils.validate_email_address(doc.get(source)):
				frappe.throw(
					_("The email address {0} is not valid.").format(frappe.bold(doc.get(source))),
					InvalidContactError,
				)
		elif target == "phone":
			doc.set(source, str(value).strip())
			if not frappe.utils.validate_phone_number(doc.get(source)):
				frappe.throw(
					_("The phone number {0} is not valid.").format(frappe.bold(doc.get(source))),
					InvalidContactError,
				)
		elif target == "full_name" and len(str(value)) > 140:
			frappe.throw(_("The name is too long (140 characters at most)."), InvalidContactError)


def save_contact(doc, tracking_key: str | None = None) -> str | None:
	"""Move the personal fields of a new report or need into its Resident Contact.

	Every report gets one (it holds the tracking key's hash); a need only when its author left
	a name or an email.
	"""
	values = {
		target: doc.get(source)
		for source, target in PERSONAL_FIELDS[doc.doctype].items()
		if doc.get(source) not in (None, "")
	}
	if not set(values) - {"consent"} and not tracking_key:  # a consent alone names no one
		return None
	contact = frappe.get_doc(
		{
			"doctype": CONTACT,
			"reference_doctype": doc.doctype,
			"reference_name": doc.name,
			"user": resident_account(),
			"tracking_key_hash": hash_key(tracking_key) if tracking_key else None,
			**values,
			**mirrored_values(doc),
		}
	)
	if tracking_key:
		# the receipt email is rendered while the key is still known (never stored in clear)
		new_keys()[doc.name] = tracking_key
	# its links were checked on the report or need it copies them from, which was just saved
	contact.insert(ignore_permissions=True, ignore_links=True)
	return contact.name


def delete_contact(doc) -> None:
	"""A deleted report or need takes who wrote it along, with the copies of the emails sent to them."""
	if not frappe.db.exists(CONTACT, doc.name):
		return
	for communication in frappe.get_all(
		"Communication", filters={"reference_doctype": CONTACT, "reference_name": doc.name}, pluck="name"
	):
		frappe.delete_doc("Communication", communication, ignore_permissions=True, force=True)
	frappe.db.delete("Email Queue", {"reference_doctype": CONTACT, "reference_name": doc.name})
	frappe.delete_doc(CONTACT, doc.name, ignore_permissions=True, force=True, delete_permanently=True)


def mirrored_values(doc) -> dict:
	if doc.doctype != "Resident Report":
		return {}
	return {field: doc.get(field) for field in MIRRORED_FIELDS}


def sync_report_contact(report) -> None:
	"""After a report changes: its contact follows, so Notifications on it see the change."""
	if not frappe.db.exists(CONTACT, report.name):
		return
	contact = frappe.get_doc(CONTACT, report.name)
	values = mirrored_values(report)
	if all(contact.get(field) == value for field, value in values.items()):
		return
	contact.update(values)
	contact.save(ignore_permissions=True)


def hide_resident_account(doc) -> None:
	"""A resident's account names them: on a new report or need it is kept on the contact only
	(`user`), not as the document's owner, which every reader of the document sees, nor in a
	version."""
	if resident_account():
		doc.owner = doc.modified_by = "Guest"
		doc.flags.ignore_version = True


def resident_account() -> str | None:
	"""The resident's account a report or need comes from: the one `filed_as_guest` set aside,
	else the logged-in user if it is a website user."""
	if frappe.flags.gusp_resident_account:
		return frappe.flags.gusp_resident_account
	user = frappe.session.user
	if user in ("Guest", "Administrator"):
		return None
	return user if frappe.get_cached_value("User", user, "user_type") == "Website User" else None


@contextmanager
def filed_as_guest() -> Iterator[None]:
	"""File what a logged-in resident sends as a guest's would be.

	What Frappe makes while a report is filed is made in the name of the session's user: the
	assignment (its ToDo, its "X assigned Y" comment and notification), a grey zone opened by
	routing, workflow actions, emails. Under a resident's account each of them would name the
	resident to the members who read the report. Frappe's own anonymous web forms switch the
	session's user to Guest for the same reason (web_form.accept); here the account is set aside
	first (`resident_account`), so the contact still records it and "my reports" lists the report.
	"""
	account = resident_account()
	if not account or frappe.session.user != account:
		yield
		return
	frappe.flags.gusp_resident_account = account
	frappe.session.user = "Guest"
	try:
		yield
	finally:
		frappe.session.user = account
		frappe.flags.gusp_resident_account = None


def new_keys() -> dict[str, str]:
	"""Tracking keys made in this request, by report (frappe.flags is reset for every request)."""
	if frappe.flags.gusp_new_tracking_keys is None:
		frappe.flags.gusp_new_tracking_keys = {}
	return frappe.flags.gusp_new_tracking_keys


def report_by_key(key: str) -> str | None:
	return frappe.db.get_value(CONTACT, {"tracking_key_hash": hash_key(key)}, "reference_name")


# ---------------------------------------------------------------- signed links


def signature_for(report: str) -> str:
	"""The signature of `ref=<report>` with the site's secret (Frappe's own signed-link scheme)."""
	return get_signed_params({"ref": report}).rsplit("&_signature=", 1)[1]


def is_valid_signature(report: str, signature: str | None) -> bool:
	# bytes: compare_digest refuses non-ASCII text
	return bool(signature) and hmac.compare_digest(signature_for(report).encode(), str(signature).encode())


def signed_tracking_url(report: str) -> str:
	return get_url("/suivi?" + urlencode({"ref": report, "sig": signature_for(report)}))


def tracking_url(report: str) -> str:
	"""The key's link while the key is known (this request), else a signed link."""
	key = new_keys().get(report)
	return get_url(f"/suivi/{key}") if key else signed_tracking_url(report)


@frappe.whitelist()
def get_tracking_url(report: str) -> str | None:
	"""The signed tracking link of a report, for whoever may read its contact (the resource centre)."""
	if not frappe.db.exists(CONTACT, report):
		return None
	frappe.has_permission(CONTACT, "read", doc=report, throw=True)
	return signed_tracking_url(report)
