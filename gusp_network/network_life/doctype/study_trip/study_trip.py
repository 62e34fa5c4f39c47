# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from gusp_network.network_life import organisers, trips


class StudyTrip(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from gusp_network.network_life.doctype.study_trip_budget_line.study_trip_budget_line import (
			StudyTripBudgetLine,
		)
		from gusp_network.network_life.doctype.study_trip_participant.study_trip_participant import (
			StudyTripParticipant,
		)
		from gusp_network.network_life.doctype.study_trip_visit.study_trip_visit import StudyTripVisit

		actual_total: DF.Currency
		budget_gap: DF.Currency
		budget_lines: DF.Table[StudyTripBudgetLine]
		destination: DF.Data
		end_date: DF.Date
		estimated_total: DF.Currency
		learnings: DF.TextEditor | None
		naming_series: DF.Literal["VOY-.YYYY.-.###"]
		objectives: DF.TextEditor
		organiser: DF.Link
		participants: DF.Table[StudyTripParticipant]
		start_date: DF.Date
		title: DF.Data
		visits: DF.Table[StudyTripVisit]
		workflow_state: DF.Link | None
		workstream: DF.Link | None

	# end: auto-generated types
	def validate(self):
		organisers.validate_organisation(self)
		trips.validate_dates(self)
		trips.validate_visits(self)
		trips.validate_budget(self)
		trips.validate_capitalisation(self)
		trips.set_totals(self)
