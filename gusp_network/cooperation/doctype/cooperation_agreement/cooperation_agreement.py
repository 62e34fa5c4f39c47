# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from gusp_network.cooperation import agreements


class CooperationAgreement(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from gusp_network.cooperation.doctype.cooperation_agreement_action_sheet.cooperation_agreement_action_sheet import (
			CooperationAgreementActionSheet,
		)
		from gusp_network.cooperation.doctype.cooperation_agreement_party.cooperation_agreement_party import (
			CooperationAgreementParty,
		)
		from gusp_network.cooperation.doctype.cooperation_agreement_territory.cooperation_agreement_territory import (
			CooperationAgreementTerritory,
		)
		from gusp_network.cooperation.doctype.cooperation_agreement_year_total.cooperation_agreement_year_total import (
			CooperationAgreementYearTotal,
		)
		from gusp_network.cooperation.doctype.tfpb_commitment.tfpb_commitment import TFPBCommitment

		action_sheets: DF.TableMultiSelect[CooperationAgreementActionSheet]
		agreement_type: DF.Literal[
			"GUSP Convention", "Partnership", "Funding", "TFPB Abatement Programme", "Other"
		]
		end_date: DF.Date
		naming_series: DF.Literal["CONV-.YYYY.-.###"]
		object: DF.TextEditor
		parties: DF.Table[CooperationAgreementParty]
		renewal_months: DF.Int
		signed_file: DF.Attach | None
		start_date: DF.Date
		tacit_renewal: DF.Check
		territories: DF.TableMultiSelect[CooperationAgreementTerritory]
		tfpb_actual_total: DF.Currency
		tfpb_commitments: DF.Table[TFPBCommitment]
		tfpb_planned_total: DF.Currency
		title: DF.Data
		total_contribution: DF.Currency
		workflow_state: DF.Link | None
		year_totals: DF.Table[CooperationAgreementYearTotal]

	# end: auto-generated types
	def validate(self):
		agreements.validate_dates(self)
		agreements.validate_parties(self)
		agreements.validate_tfpb_commitments(self)
		agreements.validate_activation(self)
		agreements.set_contribution_years(self)
		agreements.set_totals(self)
