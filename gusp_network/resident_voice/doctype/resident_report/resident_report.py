# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import json

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, now_datetime, today

from gusp_network.constants import (
	CHANNEL_PORTAL,
	CLOSED,
	CLOSING_DUPLICATE,
	CLOSING_NOT_OURS,
	RESIDENT,
)
from gusp_network.directory.who_does_what import open_grey_zone
from gusp_network.exceptions import ClosingReasonError, InvalidCoordinatesError, MissingLocationError
from gusp_network.resident_voice import (
	assignment,
	contacts,
	input_checks,
	intake,
	nearby,
	photos,
	report_numbers,
	workflow_actions,
)
from gusp_network.resident_voice.routing import open_pending_grey_zone, route_report
from gusp_network.resident_voice.weak_signals import raise_weak_signal


class ResidentReport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from gusp_network.resident_voice.doctype.resident_report_update.resident_report_update import (
			ResidentReportUpdate,
		)

		actual_responsible_member: DF.Link | None
		address: DF.Data | None
		channel: DF.Literal["Portal", "Open311", "Field Diagnostic", "Desk", "Phone", "Email"]
		closed_on: DF.Date | None
		reopen_count: DF.Int
		closing_reason: DF.Literal["", "Fixed", "Not Our Responsibility", "No Action Possible", "Duplicate"]
		consent: DF.Check
		description: DF.SmallText
		due_date: DF.Date | None
		duplicate_of: DF.Link | None
		fix_confirmation: DF.Literal["", "Asked", "Confirmed", "Not Fixed"]
		grey_zone: DF.Link | None
		hp_website: DF.Data | None
		internal_notes: DF.Text | None
		land_status: DF.Literal["Unknown", "Public Land", "Social Landlord", "Co-ownership", "Private"]
		last_public_update: DF.SmallText | None
		latitude: DF.Float
		longitude: DF.Float
		me_too_count: DF.Int
		naming_series: DF.Literal["SIG-.YYYY.-.#####"]
		photo: DF.AttachImage | None
		public_status: DF.Literal["Open", "Closed"]
		reporter_email: DF.Data | None
		reporter_name: DF.Data | None
		reporter_phone: DF.Data | None
		responsible_member: DF.Link | None
		responsible_user: DF.Link | None
		territory: DF.Link | None
		theme: DF.Link
		updates: DF.Table[ResidentReportUpdate]
		workflow_state: DF.Link | None

	# end: auto-generated types
	def before_insert(self):
		intake.check_honeypot(self, lambda: _("Your report could not be accepted."))
		intake.check_guest_may_report()
		intake.check_rate_limit()
		self.tracking_key = contacts.new_tracking_key()  # not a field: only its hash is stored
		input_checks.check_values(self)
		input_checks.check_point(self)
		self.set_reporter_from_account()
		contacts.hide_resident_account(self)
		contacts.validate_contact_fields(self)
		if frappe.flags.in_web_form:
			self.channel = CHANNEL_PORTAL
		if self.theme:
			route_report(self)

	def autoname(self):
		# the naming series' name, without holding the series row until the report is saved
		self.name = report_numbers.next_name(self)

	def validate(self):
		nearby.keep_me_too_count(self)
		self.let_reporter_move_it()
		self.validate_location()
		self.validate_coordinates()
		self.set_geolocation()
		self.validate_photo()
		self.validate_closing()
		self.track_closing_date()
		self.stamp_public_updates()

	def after_insert(self):
		contacts.save_contact(self, self.tracking_key)
		open_pending_grey_zone(self)
		raise_weak_signal(self)

	def on_update(self):
		if self.flags.in_insert:
			# before Frappe's own hooks, which then find what they would have made
			workflow_actions.create_for_new_report(self)
			assignment.assign_new_report(self)
		else:
			contacts.sync_report_contact(self)

	def on_trash(self):
		contacts.delete_contact(self)

	@property
	def tracking_url(self) -> str:
		"""The public tracking page: the key's link right after the report is made, else a signed link."""
		return contacts.tracking_url(self.name)

	def let_reporter_move_it(self):
		"""A reporter's reopening (tracking.move_to) passes Frappe's read check of the old version."""
		if self.flags.moved_by_reporter and self._doc_before_save:
			self._doc_before_save.flags.ignore_permissions = True

	def set_reporter_from_account(self):
		account = contacts.resident_account()
		if not account or self.reporter_email:
			return
		if RESIDENT in frappe.get_roles(account):
			self.reporter_email = account
			self.reporter_name = self.reporter_name or frappe.utils.get_fullname(account)

	def validate_location(self):
		if not (self.address or self.territory or (self.latitude and self.longitude)):
			frappe.throw(
				_("Say where the problem is: an address or a point on the map."),
				MissingLocationError,
				title=_("Location missing"),
			)

	def validate_coordinates(self):
		if self.latitude is None and self.longitude is None:
			return
		if not (-90 <= flt(self.latitude) <= 90 and -180 <= flt(self.longitude) <= 180):
			frappe.throw(_("The point on the map is not valid."), InvalidCoordinatesError)

	def set_geolocation(self):
		"""Keep a Geolocation value for the desk map (web forms carry latitude and longitude)."""
		if not (self.latitude and self.longitude):
			return
		self.geolocation = json.dumps(
			{
				"type": "FeatureCollection",
				"features": [
					{
						"type": "Feature",
						"properties": {},
						"geometry": {
							"type": "Point",
							"coordinates": [flt(self.longitude), flt(self.latitude)],
						},
					}
				],
			}
		)

	def validate_photo(self):
		if not self.photo or not self.has_value_changed("photo"):
			return
		photos.check_photo(self)

	def validate_closing(self):
		"""An honest reason for every closed report (the workflow sets the public status)."""
		if self.public_status != CLOSED:
			return
		if not self.closing_reason:
			frappe.throw(
				_("Choose a closing reason before closing this report."),
				ClosingReasonError,
				title=_("Closing reason missing"),
			)
		if self.closing_reason == CLOSING_DUPLICATE and not self.duplicate_of:
			frappe.throw(_("Say which report this one duplicates."), ClosingReasonError)
		if self.duplicate_of == self.name:
			frappe.throw(_("A report cannot duplicate itself."), ClosingReasonError)
		if self.closing_reason == CLOSING_NOT_OURS and not self.actual_responsible_member:
			# nobody named: the question becomes the network's
			if self.territory:
				self.grey_zone = self.grey_zone or open_grey_zone(
					self.theme, self.territory, self.land_status
				)
			if not self.grey_zone:
				frappe.throw(
					_("Name the organisation responsible instead, or give a territory to open a grey zone."),
					ClosingReasonError,
				)

	def track_closing_date(self):
		if self.public_status == CLOSED:
			self.closed_on = self.closed_on or today()
			return
		if self.closed_on:  # it was closed: it opens again
			self.reopen_count = (self.reopen_count or 0) + 1
		self.closed_on = None

	def stamp_public_updates(self):
		for update in self.updates:
			if not update.posted_on:
				update.posted_on = now_datetime()
				update.posted_by = frappe.session.user
		if self.updates:
			self.last_public_update = self.updates[-1].message


def on_doctype_update():
	"""The service levels report filters reports by the day they were received (their creation);
	each new report counts the recent ones of its theme on its territory (weak_signals.py)."""
	frappe.db.add_index("Resident Report", ["creation"])
	frappe.db.add_index("Resident Report", ["theme", "territory", "creation"])
