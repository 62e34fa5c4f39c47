"""Action sheets made before facilitation pairs name their workstream's pair (`facilitators`), so
the pair finds them under "My workstreams' action sheets"."""

import frappe

from gusp_network.workstreams.facilitation import facilitators_of


def execute():
	for workstream in frappe.get_all("Workstream", pluck="name"):
		table = frappe.qb.DocType("Action Sheet")
		frappe.qb.update(table).set(table.facilitators, facilitators_of(workstream)).where(
			table.workstream == workstream
		).run()
