"""/besoin: residents share a need, an idea or a testimony."""

from gusp_network.portal import web_form_messages


def get_context(context):
	context.gusp_messages = web_form_messages([])
	return context
