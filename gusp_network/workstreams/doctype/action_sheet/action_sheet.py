# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from gusp_network.exceptions import (
	DuplicatePartnerError,
	EndBeforeStartError,
	NotOwnActionSheetError,
	StepBeforeStartError,
)
from gusp_network.permissions import get_user_member, may_save_as_own
from gusp_network.workstreams.facilitation import set_facilitators


class ActionSheet(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from gusp_network.workstreams.doctype.action_sheet_indicator.action_sheet_indicator import (
			ActionSheetIndicator,
		)
		from gusp_network.workstreams.doctype.action_sheet_partner.action_sheet_partner import (
			ActionSheetPartner,
		)
		from gusp_network.workstreams.doctype.action_sheet_resource.action_sheet_resource import (
			ActionSheetResource,
		)
		from gusp_network.workstreams.doctype.action_sheet_step.action_sheet_step import ActionSheetStep
		from gusp_network.workstreams.doctype.action_sheet_territory.action_sheet_territory import (
			ActionSheetTerritory,
		)
		from gusp_network.workstreams.doctype.action_sheet_theme.action_sheet_theme import ActionSheetTheme

		description: DF.TextEditor | None
		end_date: DF.Date | None
		indicators: DF.Table[ActionSheetIndicator]
		is_pilot_project: DF.Check
		is_public: DF.Check
		lead_member: DF.Link
		lead_user: DF.Link | None
		naming_series: DF.Literal["FA-.YYYY.-"]
		objectives: DF.SmallText | None
		partners: DF.Table[ActionSheetPartner]
		priority: DF.Literal["Low", "Medium", "High"]
		progress: DF.Percent
		resident_participation: DF.SmallText | None
		resource_centre_role: DF.SmallText | None
		resources: DF.Table[ActionSheetResource]
		start_date: DF.Date | None
		steps: DF.Table[ActionSheetStep]
		target_public: DF.SmallText | None
		territories: DF.TableMultiSelect[ActionSheetTerritory]
		themes: DF.TableMultiSelect[ActionSheetTheme]
		title: DF.Data
		workflow_state: DF.Link | None
		workstream: DF.Link

	# end: auto-generated types
	def validate(self):
		self.validate_organisation()
		self.validate_dates()
		self.validate_steps()
		self.validate_partners()
		self.set_progress()
		set_facilitators(self)

	def validate_organisation(self):
		"""A member creates a sheet their organisation leads or is partner of (permissions.py)."""
		if not self.is_new() or not self.lead_member or may_save_as_own(self):
			return
		member = get_user_member()
		if not member:
			message = _(
				"You are not on the staff of any organisation of the network: ask the resource centre to "
				"add you to your organisation before creating an action sheet."
			)
		else:
			message = _(
				"Your organisation ({0}) may create an action sheet only if it leads it or is one of its "
				"partners. For a sheet led by {1}, add your organisation as a partner, or ask {1} or the "
				"resource centre to create it."
			).format(frappe.bold(member), frappe.bold(self.lead_member))
		frappe.throw(message, NotOwnActionSheetError, title=_("Not your organisation's action sheet"))

	def validate_dates(self):
		if self.start_date and self.end_date and getdate(self.end_date) < getdate(self.start_date):
			frappe.throw(
				_("The end date ({0}) is before the start date ({1}).").format(
					frappe.format(self.end_date, "Date"), frappe.format(self.start_date, "Date")
				),
				EndBeforeStartError,
				title=_("Invalid dates"),
			)

	def validate_steps(self):
		if not self.start_date:
			return
		for step in self.steps:
			if step.due_date and getdate(step.due_date) < getdate(self.start_date):
				frappe.throw(
					_("Step {0} ({1}) is due on {2}, before the action starts on {3}.").format(
						step.idx,
						frappe.bold(step.step),
						frappe.format(step.due_date, "Date"),
						frappe.format(self.start_date, "Date"),
					),
					StepBeforeStartError,
					title=_("Invalid dates"),
				)

	def validate_partners(self):
		seen = {self.lead_member}
		for partner in self.partners:
			if partner.network_member in seen:
				frappe.throw(
					_("Partner {0}: {1} is already the lead or listed above.").format(
						partner.idx, frappe.bold(partner.network_member)
					),
					DuplicatePartnerError,
					title=_("Duplicate partner"),
				)
			seen.add(partner.network_member)

	def set_progress(self):
		"""Progress is the share of steps done."""
		steps = self.steps or []
		self.progress = round(100 * sum(1 for s in steps if s.done) / len(steps), 1) if steps else 0
