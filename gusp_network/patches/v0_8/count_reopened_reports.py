"""Resident reports count the times they opened again (`reopen_count`, from v0.8): for the reports
reopened before, the count is read from their change log, where each reopening cleared the closing
date (Frappe's Version; the closing date is logged as a date, the same in every language)."""

import re

import frappe

CLEARED = re.compile(r'\["closed_on","[^"]*",null\]')


def execute():
	version = frappe.qb.DocType("Version")
	rows = (
		frappe.qb.from_(version)
		.select(version.docname, version.data)
		.where((version.ref_doctype == "Resident Report") & version.data.like('%"closed\\_on"%'))
		.run(as_dict=True)
	)
	counts: dict[str, int] = {}
	for row in rows:
		if CLEARED.search(row.data or ""):
			counts[row.docname] = counts.get(row.docname, 0) + 1
	report = frappe.qb.DocType("Resident Report")
	for name, count in counts.items():
		frappe.qb.update(report).set(report.reopen_count, count).where(report.name == name).run()
