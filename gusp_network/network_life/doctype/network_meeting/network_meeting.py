# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from gusp_network.network_life import meetings, registrations
from gusp_network.network_life.organisers import validate_organisation
from gusp_network.workstreams.facilitation import set_facilitators


class NetworkMeeting(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from gusp_network.network_life.doctype.network_meeting_decision.network_meeting_decision import (
			NetworkMeetingDecision,
		)
		from gusp_network.network_life.doctype.network_meeting_participant.network_meeting_participant import (
			NetworkMeetingParticipant,
		)
		from gusp_network.network_life.doctype.network_meeting_theme.network_meeting_theme import (
			NetworkMeetingTheme,
		)

		agenda: DF.TextEditor | None
		capacity: DF.Int
		decisions: DF.Table[NetworkMeetingDecision]
		ends_on: DF.Datetime
		event: DF.Link | None
		is_public: DF.Check
		meeting_type: DF.Literal[
			"Multi-Actor Dialogue",
			"Tri-Service Meeting",
			"Seminar",
			"Training",
			"Meet-and-Greet",
			"Workshop",
			"Coordination",
			"Field Presence",
		]
		minutes: DF.TextEditor | None
		naming_series: DF.Literal["RENC-.YYYY.-.###"]
		organiser: DF.Link
		participants: DF.Table[NetworkMeetingParticipant]
		registered_count: DF.Int
		starts_on: DF.Datetime
		territory: DF.Link | None
		themes: DF.TableMultiSelect[NetworkMeetingTheme]
		title: DF.Data
		venue: DF.Data | None
		workflow_state: DF.Link | None
		workstream: DF.Link | None

	# end: auto-generated types
	def validate(self):
		validate_organisation(self)
		meetings.validate_dates(self)
		meetings.validate_participants(self)
		meetings.set_registered_count(self)
		meetings.validate_capacity(self)
		meetings.validate_state(self)
		meetings.set_decision_assignees(self)
		meetings.validate_assignees(self)
		set_facilitators(self)

	def on_update(self):
		meetings.sync_decision_todos(self)
		meetings.send_to_registrants(self)
		registrations.forget_removed_participants(self)

	def on_trash(self):
		registrations.delete_registrations(self)
