# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gusp_network.constants import CHANNEL_FIELD_DIAGNOSTIC, LAND_UNKNOWN
from gusp_network.exceptions import ObservationWithoutThemeError


class FieldDiagnostic(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from gusp_network.resident_voice.doctype.field_diagnostic_observation.field_diagnostic_observation import (
			FieldDiagnosticObservation,
		)
		from gusp_network.resident_voice.doctype.field_diagnostic_participant.field_diagnostic_participant import (
			FieldDiagnosticParticipant,
		)

		amended_from: DF.Link | None
		date: DF.Date
		diagnostic_type: DF.Literal["Walkabout", "Field Presence", "Elected Officials Visit"]
		observations: DF.Table[FieldDiagnosticObservation]
		organiser: DF.Link
		participants: DF.Table[FieldDiagnosticParticipant]
		summary: DF.TextEditor | None
		territory: DF.Link
		title: DF.Data
		workstream: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.validate_observations()

	def on_submit(self):
		self.make_reports()

	def validate_observations(self):
		for row in self.observations:
			if row.create_report and not row.theme:
				frappe.throw(
					_("Observation {0}: choose a theme to make a report of it.").format(row.idx),
					ObservationWithoutThemeError,
				)

	def make_reports(self):
		"""Each observation marked for it becomes a resident report, routed like the others."""
		for row in self.observations:
			if not row.create_report or row.resident_report:
				continue
			report = frappe.get_doc(
				{
					"doctype": "Resident Report",
					"channel": CHANNEL_FIELD_DIAGNOSTIC,
					"theme": row.theme,
					"description": row.observation,
					"address": row.address,
					"latitude": row.latitude,
					"longitude": row.longitude,
					"land_status": row.land_status or LAND_UNKNOWN,
					"territory": None if (row.latitude and row.longitude) else self.territory,
					"internal_notes": _("From field diagnostic {0} ({1}).").format(self.name, self.title),
				}
			)
			report.insert(ignore_permissions=True)
			row.db_set("resident_report", report.name)
