"""What a new report or need must pass before it is accepted.

Who may report (guests, when GUSP Settings allows it), how often from one address, what a
photo may be, and the honeypot field that stops naive bots.
"""

import filetype
import frappe
from frappe import _
from frappe.utils import cint, flt, now_datetime

from gusp_network.client_ip import client_key
from gusp_network.exceptions import (
	GuestReportsClosedError,
	InvalidPhotoError,
	SpamSuspectedError,
	TooManyReportsError,
)
from gusp_network.settings import get_settings

IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp"}


def is_guest() -> bool:
	return frappe.session.user == "Guest"


def check_honeypot(doc, message: str) -> None:
	"""A hidden field people never see (`hp_website`): a bot that fills it gets refused."""
	if doc.get("hp_website"):
		frappe.throw(message, SpamSuspectedError)


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


def check_photo(file_url: str) -> None:
	"""Only images, up to the size set in GUSP Settings."""
	extension = file_url.rsplit(".", 1)[-1].lower() if "." in file_url else ""
	file = frappe.get_all(
		"File",
		filters={"file_url": file_url},
		fields=["name", "file_size"],
		order_by="creation desc",
		limit=1,
	)
	if extension not in IMAGE_EXTENSIONS or not file:
		frappe.throw(_("The photo must be an image (JPEG, PNG, GIF or WebP)."), InvalidPhotoError)
	max_mb = cint(get_settings().max_photo_size_mb)
	if max_mb and flt(file[0].file_size) > max_mb * 1024 * 1024:
		frappe.throw(_("The photo is larger than {0} MB.").format(max_mb), InvalidPhotoError)
	content = frappe.get_doc("File", file[0].name).get_content()
	if not filetype.is_image(content if isinstance(content, bytes) else content.encode()):
		frappe.throw(_("The photo must be an image (JPEG, PNG, GIF or WebP)."), InvalidPhotoError)
