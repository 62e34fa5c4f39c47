"""/actions: the action sheets marked public, under way or completed, in plain French, newest first,
filterable by chantier and territory with a form that works without JavaScript
(knowledge/showcase.py). No one's name or email: organisations only, those of the public directory."""

import frappe
from frappe import _

from gusp_network.knowledge.showcase import SHOWCASE_ROUTE, showcase

no_cache = 1  # the filters are in the address: a cached page would answer every filter alike
sitemap = 1  # the showcase, for search engines


def get_context(context):
	context.title = _("Actions of the Network")
	context.no_breadcrumbs = True
	context.showcase_route = SHOWCASE_ROUTE
	context.update(showcase(frappe.form_dict))
	return context
