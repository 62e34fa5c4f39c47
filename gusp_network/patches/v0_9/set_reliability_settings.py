"""GUSP Settings' fields added in v0.9 get their defaults on a site installed before: the hourly
limit of shared addresses (200) and how long reporters' contact details are kept (365 days).

A new site gets them from the DocType (Frappe saves a new single with its defaults); a site that
already had GUSP Settings would read an empty value, which means "no limit" and "keep forever".
Only a value not yet stored is set: an admin's choice, 0 included, stays.
"""

import frappe
from frappe.utils import cint

SETTINGS = "GUSP Settings"
FIELDS = ("shared_address_reports_per_hour", "contact_retention_days")


def execute():
	singles = frappe.qb.DocType("Singles")
	stored = set(
		frappe.qb.from_(singles)
		.select(singles.field)
		.where((singles.doctype == SETTINGS) & singles.field.isin(FIELDS) & singles.value.isnotnull())
		.run(pluck=True)
	)
	meta = frappe.get_meta(SETTINGS)
	for fieldname in FIELDS:
		if fieldname not in stored:
			frappe.db.set_single_value(SETTINGS, fieldname, cint(meta.get_field(fieldname).default))
