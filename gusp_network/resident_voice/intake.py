"""What a new report or need must pass before it is accepted.

Who may report (guests, when GUSP Settings allows it), how often from one address, and the
honeypot field that stops naive bots. Photos: `photos.py`; values: `input_checks.py`.
"""

from collections.abc import Callable

import frappe
from frappe import _
from frappe.utils import cint, now_datetime

from gusp_network.client_ip import client_key
from gusp_network.exceptions import (
	GuestReportsClosedError,
	SpamSuspectedError,
	TooManyReportsError,
)
from gusp_network.settings import get_settings


def is_guest() -> bool:
	"""Whether no one is logged in (a resident's report filed as a guest's is still theirs)."""
	return frappe.session.user == "Guest" and not frappe.flags.gusp_resident_account


def check_honeypot(doc, message: Callable[[], str]) -> None:
	"""A hidden field people never see (`hp_website`): a bot that fills it gets refused.

	`message` gives the refusal's text, translated only when it is shown."""
	if doc.get("hp_website"):
		frappe.throw(message(), SpamSuspectedError)


def check_guest_may_report() -> None:
	if is_guest() and not get_settings().allow_guest_reports:
		frappe.throw(
			_("Please log in to report a problem."),
			GuestReportsClosedError,
			title=_("Login required"),
		)


def check_rate_limit() -> None:
	"""Guests may send a limited number of reports per hour from one address.

	The address is the one `client_ip` trusts (the TCP peer unless it is a trusted proxy), an IPv6
	connection's /64 counting as one address.
	"""
	limit = cint(get_settings().guest_reports_per_hour)
	client = client_key()
	if not (is_guest() and limit and client):
		return
	key = frappe.cache.make_key(f"gusp_report_rate:{client}:{now_datetime():%Y%m%d%H}")
	count = frappe.cache.incr(key)
	if count == 1:
		frappe.cache.expire(key, 3600)
	if count > limit:
		frappe.throw(
			_("Too many reports were sent from your connection in the last hour. Please try again later."),
			TooManyReportsError,
			title=_("Please wait"),
		)
