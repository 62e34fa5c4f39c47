"""French for what Frappe's own scripts show on the residents' pages.

Frappe 15.44 sends the desk every translation, but a website page starts with none
(`frappe._messages` is empty; a web form gets its own labels only): the "missing values" dialog,
the photo uploader or the autocomplete would read in English on the portal whatever the
catalogues say. `update_website_context` (hooks.py) adds, to every website page, the French of
the Frappe strings listed under `portal_scripts` in `locale/frappe_messages.json`, and translates
the page's title where Frappe leaves it raw (the login page, the web forms' titles and meta tags).
"""

import functools
import json
from pathlib import Path

import frappe
from frappe import _

translate = _  # called on variables only: not a message for the extractor
MESSAGES_FILE = Path(__file__).parent / "locale" / "frappe_messages.json"
# the __() strings of public/js/portal.js, (message, context)
PORTAL_SCRIPT_MESSAGES = [("Close", "Close a dialog")]


@functools.cache
def frappe_messages() -> dict:
	return json.loads(MESSAGES_FILE.read_text(encoding="utf-8"))


def portal_script_translations() -> dict[str, str]:
	"""msgid → French (and `msgid:context` → French, as Frappe's `__()` looks it up)."""
	data = frappe_messages()
	translations = {message: translate(message) for message in data["portal_scripts"]}
	with_context = [(entry["msgid"], entry["context"]) for entry in data["with_context"]]
	for message, context in [*with_context, *PORTAL_SCRIPT_MESSAGES]:
		translations[f"{message}:{context}"] = translate(message, context=context)
	return {message: text for message, text in translations.items() if text and text != message}


def update_website_context(context) -> None:
	if frappe.local.lang == "en":
		return
	if context.title:
		context.title = translate(context.title)
	for tag in ("title", "og:title", "twitter:title", "description", "og:description"):
		if (context.metatags or {}).get(tag):
			context.metatags[tag] = translate(context.metatags[tag])
	messages = json.dumps(portal_script_translations(), ensure_ascii=False).replace("</", "<\\/")
	script = f"<script>frappe._messages = Object.assign(frappe._messages || {{}}, {messages});</script>"
	context.body_include = (context.body_include or "") + script
