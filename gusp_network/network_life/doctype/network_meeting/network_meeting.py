# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class NetworkMeeting(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from gusp_network.network_life.doctype.network_meeting_decision.network_meeting_decision import NetworkMeetingDecision
		from gusp_network.network_life.doctype.network_meeting_participant.network_meeting_participant import NetworkMeetingParticipant
		from gusp_network.network_life.doctype.network_meeting_theme.network_meeting_theme import NetworkMeetingTheme

		agenda: DF.TextEditor | None
		capacity: DF.Int
		decisions: DF.Table[NetworkMeetingDecision]
		ends_on: DF.Datetime
		event: DF.Link | None
		is_public: DF.Check
		meeting_type: DF.Literal["Multi-Actor Dialogue", "Tri-Service Meeting", "Seminar", "Training", "Meet-and-Greet", "Workshop", "Coordination", "Field Presence"]
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
	pass
