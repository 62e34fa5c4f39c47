# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class GUSPSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agreement_reminder_days: DF.Int
		allow_guest_reports: DF.Check
		default_service_level_days: DF.Int
		duplicate_radius_m: DF.Int
		evaluation_required_to_complete: DF.Check
		guest_reports_per_hour: DF.Int
		max_photo_size_mb: DF.Int
		me_too_days: DF.Int
		open311_keyless_posts: DF.Check
		presumed_land_status: DF.Literal["Public Land", "Social Landlord", "Co-ownership", "Private"]
		public_directory: DF.Check
		reopen_days: DF.Int
		report_reminder_days: DF.Int
		reports_wait_for_qualification: DF.Check
		resource_centre: DF.Link | None
		weak_signal_days: DF.Int
		weak_signal_threshold: DF.Int
	# end: auto-generated types
	pass
