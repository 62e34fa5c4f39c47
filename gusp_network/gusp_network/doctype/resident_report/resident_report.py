# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import json
import secrets

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, now_datetime, today

from gusp_network import resident_reports
from gusp_network.routing import open_grey_zone, route_report


class MissingLocationError(frappe.ValidationError):
	pass


class InvalidCoordinatesError(frappe.ValidationError):
	pass


class SpamSuspectedError(frappe.ValidationError):
	pass


class GuestReportsClosedError(frappe.PermissionError):
	pass


class InvalidPhotoError(frappe.ValidationError):
	pass


class ClosingReasonError(frappe.ValidationError):
	pass


class ResidentReport(Document):
	def before_insert(self):
		self.check_honeypot()
		resident_reports.check_guest_may_report()
		resident_reports.check_rate_limit()
		self.tracking_key = secrets.token_urlsafe(18)
		self.set_reporter_from_account()
		if frappe.flags.in_web_form:
			self.channel = "Portal"
		if self.theme:
			route_report(self)

	def validate(self):
		self.validate_location()
		self.validate_coordinates()
		self.set_geolocation()
		self.validate_photo()
		self.validate_closing()
		self.track_closing_date()
		self.stamp_public_updates()

	def after_insert(self):
		resident_reports.raise_weak_signal(self)

	def check_honeypot(self):
		"""A hidden field people never see: a bot that fills it gets refused."""
		if self.hp_website:
			frappe.throw(_("Your report could not be accepted."), SpamSuspectedError)

	def set_reporter_from_account(self):
		if frappe.session.user in ("Guest", "Administrator") or self.reporter_email:
			return
		if "GUSP Resident" in frappe.get_roles():
			self.reporter_email = frappe.session.user
			self.reporter_name = self.reporter_name or frappe.utils.get_fullname(frappe.session.user)

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
		resident_reports.check_photo(self.photo)

	def validate_closing(self):
		"""An honest reason for every closed report (the workflow sets the public status)."""
		if self.public_status != "Closed":
			return
		if not self.closing_reason:
			frappe.throw(
				_("Choose a closing reason before closing this report."),
				ClosingReasonError,
				title=_("Closing reason missing"),
			)
		if self.closing_reason == "Duplicate" and not self.duplicate_of:
			frappe.throw(_("Say which report this one duplicates."), ClosingReasonError)
		if self.duplicate_of == self.name:
			frappe.throw(_("A report cannot duplicate itself."), ClosingReasonError)
		if self.closing_reason == "Not Our Responsibility" and not self.actual_responsible_member:
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
		if self.public_status == "Closed":
			self.closed_on = self.closed_on or today()
		else:
			self.closed_on = None

	def stamp_public_updates(self):
		for update in self.updates:
			if not update.posted_on:
				update.posted_on = now_datetime()
				update.posted_by = frappe.session.user
		if self.updates:
			self.last_public_update = self.updates[-1].update
