"""What a new report or need must pass before it is accepted.

Who may report (guests, when GUSP Settings allows it), how often from one address, and the
honeypot field that stops naive bots. Photos: `photos.py`; values: `input_checks.py`.
"""

from collections.abc import Callable

import frappe
from frappe import _
from frappe.utils import cint, now_datetime

from gusp_network.client_ip import client_key, parse_address
from gusp_network.directory.doctype.gusp_settings.gusp_settings import shared_networks
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
	connection's /64 counting as one address. An address of GUSP Settings' shared addresses (a town
	hall's kiosk, a community centre's connection) has a limit of its own, higher.
	"""
	client = client_key()
	if not (is_guest() and client):
		return
	limit = hourly_limit(frappe.local.request_ip)
	if not limit:
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


def hourly_limit(ip: str) -> int:
	"""Reports per hour a guest may send from this address; 0 for no limit of the app's own."""
	settings = get_settings()
	if is_shared_address(ip, settings.shared_addresses):
		return cint(settings.shared_address_reports_per_hour)
	return cint(settings.guest_reports_per_hour)


def is_shared_address(ip: str, shared_addresses: str | None) -> bool:
	address = parse_address(ip)
	return bool(address) and any(address in network for network in shared_networks(shared_addresses))
