# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from gusp_network.child_rows import ChildRow


class CooperationAgreementYearTotal(ChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		year: DF.Int
	# end: auto-generated types
	computed = True  # cooperation/agreements.py sums the parties' contributions by year
