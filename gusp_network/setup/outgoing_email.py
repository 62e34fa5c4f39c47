"""The account the site's emails leave from, created if the site has none.

Without a default outgoing Email Account, each email Frappe builds (a Notification to a reporter,
an assignment) raises "Please setup default Email Account…" (`EmailAccount.find_outgoing`): the
Notification logs it, but the message has already gone to the user's screen. With this account,
emails are queued (the desk's Email Queue lists them) and sent by Frappe's scheduler; until it
points to a real mail server they wait there. Admins set the server in the desk (Email Account
"Réseau GUSP") or in site config before install (`gusp_smtp_server`, `gusp_smtp_port`,
`gusp_sender_email`): see README.md.
"""

import frappe
from frappe.utils import cint, validate_email_address

OUTGOING_ACCOUNT = "Réseau GUSP"
DEFAULT_SMTP_SERVER = "localhost"
DEFAULT_SMTP_PORT = 25


def has_default_outgoing_account() -> bool:
	"""Frappe finds an account to send from: an enabled default one, or `mail_server` in site config."""
	return bool(
		frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1})
		or frappe.conf.get("mail_server")
	)


def ensure_outgoing_email_account() -> None:
	"""Create the network's sending account when nothing sends; an admin's account is left alone."""
	if has_default_outgoing_account() or frappe.db.exists("Email Account", OUTGOING_ACCOUNT):
		return
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": OUTGOING_ACCOUNT,
			"email_id": sender_address(),
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": frappe.conf.get("gusp_smtp_server") or DEFAULT_SMTP_SERVER,
			"smtp_port": str(cint(frappe.conf.get("gusp_smtp_port")) or DEFAULT_SMTP_PORT),
			"no_smtp_authentication": 1,
			"enable_incoming": 0,
		}
	)
	# Frappe's validate connects to the SMTP server: the server may not exist yet, and emails wait
	# in the queue until it does
	account.flags.ignore_validate = True
	account.insert(ignore_permissions=True)


def sender_address() -> str:
	address = frappe.conf.get("gusp_sender_email") or f"noreply@{frappe.local.site}"
	return validate_email_address(address, throw=True)
