# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from gusp_network.child_rows import ChildRow


class CooperationAgreementParty(ChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		commitments: DF.SmallText | None
		contribution_amount: DF.Currency
		contribution_year: DF.Int
		email: DF.Data | None
		network_member: DF.Link
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		party_role: DF.Literal["Signatory", "Lead", "Funder", "Partner"]
		signatory: DF.Data | None
		signature_date: DF.Date | None
	# end: auto-generated types
	pass
