"""Residents kept informed of a report they added their voice to ("moi aussi").

The joined report's tracking key and signed link belong to its reporter: a follower gets neither,
only a short email when the report moves on (a Notification on Resident Contact, whose rows hold
the followers). Followers are personal data, kept on the report's Resident Contact, which only the
resource centre reads.

Against using the form to send mail to strangers: a follower must have added their voice to this
report from the same address first, tick the consent box, and each report takes a bounded number
of followers; the request is rate limited.
"""

import frappe
from frappe import _
from frappe.utils import cint, now_datetime

from gusp_network.client_ip import client_key
from gusp_network.exceptions import FollowRefusedError, InvalidContactError
from gusp_network.resident_voice.contacts import CONTACT
from gusp_network.resident_voice.nearby import check_me_too_allowed, me_too_key

MAX_FOLLOWERS = 200


def add_follower(report_name: str, email: str, consent) -> bool:
	"""Keep `email` informed of the report; False when it already is."""
	check_me_too_allowed(report_name)
	if not has_voice(report_name):
		frappe.throw(_('Add your voice to this report first ("Me too").'), FollowRefusedError)
	if not cint(consent):
		frappe.throw(_("Tick the box to agree to be emailed about this report."), FollowRefusedError)
	email = (email or "").strip()
	if not frappe.utils.validate_email_address(email):
		frappe.throw(_("The email address {0} is not valid.").format(frappe.bold(email)), InvalidContactError)
	contact = frappe.get_doc(CONTACT, report_name)
	if any(row.email.casefold() == email.casefold() for row in contact.followers):
		return False
	if len(contact.followers) >= MAX_FOLLOWERS:
		frappe.throw(_("This report cannot take more followers."), FollowRefusedError)
	contact.append("followers", {"email": email, "consent": 1, "added_on": now_datetime()})
	contact.save(ignore_permissions=True)
	return True


def has_voice(report_name: str) -> bool:
	"""Whether this address added its voice to the report (outside a request: yes)."""
	voter = client_key()
	return not voter or bool(frappe.cache.get(me_too_key(report_name, voter)))
