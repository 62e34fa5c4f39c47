# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class EvaluationCriterion(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		criterion_name: DF.Data
		description: DF.SmallText | None
		is_default: DF.Check
	# end: auto-generated types
	pass
