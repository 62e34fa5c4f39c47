"""Assignment rules described in `setup/data/assignment_rules/`, created if missing."""

import frappe
from frappe import _

from gusp_network.setup.records import read_folder


def ensure_assignment_rules() -> None:
	for spec in read_folder("assignment_rules"):
		if frappe.db.exists("Assignment Rule", spec["name"]):
			continue
		days = spec.pop("assignment_days")
		description = spec.pop("description")
		frappe.get_doc(
			{
				"doctype": "Assignment Rule",
				**spec,
				"description": _(description),
				"assignment_days": [{"day": day} for day in days],
			}
		).insert(ignore_permissions=True)
