# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from gusp_network.knowledge import practice_sheets


class PracticeSheet(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from gusp_network.knowledge.doctype.practice_sheet_attachment.practice_sheet_attachment import (
			PracticeSheetAttachment,
		)
		from gusp_network.knowledge.doctype.practice_sheet_author.practice_sheet_author import (
			PracticeSheetAuthor,
		)
		from gusp_network.knowledge.doctype.practice_sheet_territory.practice_sheet_territory import (
			PracticeSheetTerritory,
		)
		from gusp_network.knowledge.doctype.practice_sheet_theme.practice_sheet_theme import (
			PracticeSheetTheme,
		)

		attachments: DF.Table[PracticeSheetAttachment]
		co_authors: DF.Table[PracticeSheetAuthor]
		content: DF.TextEditor | None
		lead_member: DF.Link
		naming_series: DF.Literal["FP-.YYYY.-.###"]
		published_on: DF.Date | None
		sheet_type: DF.Literal["Practical Sheet", "Good Practice", "Method", "Tool", "Experience Feedback"]
		source_doctype: DF.Literal[
			"", "Evaluation", "Action Sheet", "Network Meeting", "Study Trip", "Cooperation Agreement"
		]
		source_name: DF.DynamicLink | None
		summary: DF.SmallText | None
		territories: DF.TableMultiSelect[PracticeSheetTerritory]
		themes: DF.TableMultiSelect[PracticeSheetTheme]
		title: DF.Data
		workflow_state: DF.Link | None
	# end: auto-generated types

	def validate(self):
		practice_sheets.set_default_lead(self)
		practice_sheets.validate_organisation(self)
		practice_sheets.validate_co_authors(self)
		practice_sheets.validate_publication(self)
		practice_sheets.set_published_on(self)

	def on_update(self):
		practice_sheets.sync_file_visibility(self)
