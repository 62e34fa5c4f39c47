"""/besoin: residents share a need, an idea or a testimony."""

from gusp_network.resident_voice.choices import account_prefill, neighbourhood_groups, theme_groups
from gusp_network.resident_voice.portal import web_form_messages

# the __() strings of besoin.js
SCRIPT_MESSAGES: list[str] = ["Choose a theme", "Choose your neighbourhood"]


def get_context(context):
	context.gusp_messages = web_form_messages(SCRIPT_MESSAGES)
	context.gusp_choices = {"theme": theme_groups(), "territory": neighbourhood_groups()}
	context.gusp_prefill = account_prefill({"name": "author_name", "email": "author_email"})
	return context
