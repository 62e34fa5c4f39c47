# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from gusp_network.knowledge import newsletters


class NewsletterContribution(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		contributor: DF.Link
		external_link: DF.Data | None
		image: DF.AttachImage | None
		naming_series: DF.Literal["CONTRIB-.YYYY.-.###"]
		newsletter: DF.Link | None
		reference_doctype: DF.Literal["", "Action Sheet", "Network Meeting", "Practice Sheet", "Study Trip"]
		reference_name: DF.DynamicLink | None
		text: DF.TextEditor
		title: DF.Data
		workflow_state: DF.Link | None

	# end: auto-generated types
	def before_validate(self):
		newsletters.set_default_contributor(self)

	def validate(self):
		newsletters.validate_organisation(self)
		newsletters.validate_linked_record(self)
		newsletters.keep_edition_link(self)
