"""/besoin: residents share a need, an idea or a testimony."""

from gusp_network.resident_voice.portal import web_form_messages

# the __() strings of besoin.js (none yet)
SCRIPT_MESSAGES: list[str] = []


def get_context(context):
	context.gusp_messages = web_form_messages(SCRIPT_MESSAGES)
	return context
