# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class ObservationWithoutThemeError(frappe.ValidationError):
	pass


class FieldDiagnostic(Document):
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
					"channel": "Field Diagnostic",
					"theme": row.theme,
					"description": row.observation,
					"address": row.address,
					"latitude": row.latitude,
					"longitude": row.longitude,
					"land_status": row.land_status or "Unknown",
					"territory": None if (row.latitude and row.longitude) else self.territory,
					"internal_notes": _("From field diagnostic {0} ({1}).").format(self.name, self.title),
				}
			)
			report.insert(ignore_permissions=True)
			row.db_set("resident_report", report.name)
