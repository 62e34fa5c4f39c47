"""/agenda: the public meetings still to come, soonest first, each with its page to register
(network_life/agenda.py). No one's name or email: only the seats left."""

from frappe import _

from gusp_network.network_life.agenda import FEED_ROUTE, upcoming_meetings

no_cache = 1
sitemap = 1  # the public agenda, for search engines


def get_context(context):
	context.title = _("Meetings Agenda")
	context.no_breadcrumbs = True
	context.meetings = upcoming_meetings()
	context.feed_url = f"/{FEED_ROUTE}"
	return context
