"""The resource centre's description was stored in English at install (before the site's language
was French); the public directory shows it to residents: the French text, unless an admin wrote
their own."""

import frappe

from gusp_network.setup.defaults import ENGLISH_DESCRIPTION, RESOURCE_CENTRE_DESCRIPTION


def execute():
	member = frappe.qb.DocType("Network Member")
	(
		frappe.qb.update(member)
		.set(member.description, RESOURCE_CENTRE_DESCRIPTION)
		.where(member.description == ENGLISH_DESCRIPTION)
	).run()
