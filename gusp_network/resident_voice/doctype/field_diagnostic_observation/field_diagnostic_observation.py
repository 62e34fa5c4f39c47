# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from gusp_network.child_rows import ChildRow


class FieldDiagnosticObservation(ChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.Data | None
		create_report: DF.Check
		land_status: DF.Literal["Unknown", "Public Land", "Social Landlord", "Co-ownership", "Private"]
		latitude: DF.Float
		longitude: DF.Float
		observation: DF.SmallText
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		resident_report: DF.Link | None
		theme: DF.Link | None
	# end: auto-generated types
	pass
