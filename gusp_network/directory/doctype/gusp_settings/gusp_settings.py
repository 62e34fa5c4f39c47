# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import ipaddress
from functools import lru_cache

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html

from gusp_network.exceptions import InvalidSharedAddressError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class GUSPSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agreement_reminder_days: DF.Int
		allow_guest_reports: DF.Check
		contact_retention_days: DF.Int
		default_service_level_days: DF.Int
		duplicate_radius_m: DF.Int
		evaluation_required_to_complete: DF.Check
		guest_reports_per_hour: DF.Int
		max_photo_size_mb: DF.Int
		me_too_days: DF.Int
		open311_keyless_posts: DF.Check
		presumed_land_status: DF.Literal["Public Land", "Social Landlord", "Co-ownership", "Private"]
		public_directory: DF.Check
		reopen_days: DF.Int
		report_reminder_days: DF.Int
		reports_wait_for_qualification: DF.Check
		resource_centre: DF.Link | None
		shared_address_reports_per_hour: DF.Int
		shared_addresses: DF.SmallText | None
		weak_signal_days: DF.Int
		weak_signal_threshold: DF.Int
	# end: auto-generated types

	def validate(self) -> None:
		self.validate_shared_addresses()

	def validate_shared_addresses(self) -> None:
		invalid = invalid_shared_address_entries(self.shared_addresses)
		if invalid:
			number, line = invalid[0]
			frappe.throw(
				_(
					"Shared Addresses, line {0}: {1} is not an address or a network (write one per line, e.g. 192.0.2.10 or 192.0.2.0/24)."
				).format(number, frappe.bold(escape_html(line))),
				InvalidSharedAddressError,
				title=_("Invalid shared address"),
			)


def line_entries(line: str) -> list[str]:
	"""The entries of one line: a `#` starts a comment; commas and spaces also separate entries."""
	return line.partition("#")[0].replace(",", " ").split()


def shared_address_entries(text: str | None) -> list[str]:
	"""The entries of the shared addresses, one a line, blank lines and comments skipped."""
	return [entry for line in (text or "").splitlines() for entry in line_entries(line)]


def parse_network(entry: str) -> Network | None:
	try:
		return ipaddress.ip_network(entry, strict=False)
	except ValueError:
		return None


def invalid_shared_address_entries(text: str | None) -> list[tuple[int, str]]:
	"""The lines (number from 1, text) holding an entry that is neither an address nor a network."""
	return [
		(number, line.strip())
		for number, line in enumerate((text or "").splitlines(), start=1)
		if any(parse_network(entry) is None for entry in line_entries(line))
	]


@lru_cache(maxsize=8)
def shared_networks(text: str | None) -> tuple[Network, ...]:
	"""The networks of the shared addresses; an entry that is not one is left out (saving the
	settings refuses it, so only a value written around the form can hold one)."""
	return tuple(network for entry in shared_address_entries(text) if (network := parse_network(entry)))
