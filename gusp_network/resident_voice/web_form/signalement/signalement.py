"""/signalement: residents report a problem (guests too, when GUSP Settings allows it)."""

import frappe

from gusp_network.resident_voice.choices import account_prefill, theme_groups
from gusp_network.resident_voice.portal import map_settings, web_form_messages
from gusp_network.settings import get_settings

# the __() strings of signalement.js
SCRIPT_MESSAGES = [
	"Already reported?",
	"Choose a category",
	"Zoom in",
	"Zoom out",
	"Your voice counts: the organisation in charge sees how many residents are concerned.",
	"To hear what happens next, leave your email: we will write when the report moves on.",
	"I agree to be emailed about this report",
	"Keep me informed",
	"Your email",
	"Map: tap where the problem is",
	"Me too",
	"Reference: {0}",
	"Reference: {0}. Follow it here:",
	"Thank you. Your report has been sent to the organisation in charge.",
	"These reports of the same kind are open nearby. If it is the same problem, add your voice instead of a new report.",
	"Use my position",
	"Your browser cannot share your position.",
	"Your position is not available: tap the map instead.",
]


def get_context(context):
	if frappe.session.user == "Guest" and not get_settings().allow_guest_reports:
		frappe.local.flags.redirect_location = "/login?redirect-to=/signalement/new"
		raise frappe.Redirect
	context.gusp_map = map_settings()
	context.gusp_messages = web_form_messages(SCRIPT_MESSAGES)
	context.gusp_choices = {"theme": theme_groups()}
	context.gusp_prefill = account_prefill({"name": "reporter_name", "email": "reporter_email"})
	return context
