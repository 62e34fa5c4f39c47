"""Babel extractors for the strings Frappe translates but its own extractors (Frappe 15) do not read.

Listed in `babel_extractors.csv` at the repository root, which `bench generate-pot-file` reads
before Frappe's own list; each file goes to the first pattern it matches. Same signature as
`frappe/gettext/extractors/*.py`: `extract(fileobj, keywords, comment_tags, options)` yielding
`(lineno, funcname, message, comments)`; JSON files have no line numbers (None), as in Frappe.

- workflows (`setup/data/workflows/`): state and action names, shown through `__()` by the
  desk (status indicators, the Workflow State links, the action menu); the workflow's name is the
  title of its form (`__(title)`).
- assignment rules (`setup/data/assignment_rules/`): the description, `_()` at install.
- roles (`setup/data/roles.json`): role names (Role is a translated DocType).
- web forms (`web_form/*/*.json`): what `WebForm.load_translations` translates for the page and
  its template shows through `_()` (title, button, success page, fields' labels, descriptions
  and Select options, list). Not `introduction_text`: the template prints it as it is (it is
  written in French).
- `hooks.py`: portal menu titles (`_(item.title)` in the portal sidebar), titles on the apps
  screen (`_()` in frappe/apps.py), and what Frappe's navbar extractor reads (standard navbar
  and help items), without importing the module as Frappe's does (that only works inside a bench).
- `locale/frappe_messages.json`: Frappe's own strings the app gives French to (see that file).
- workspaces: Frappe's workspace extractor, plus the plain text of each header, which the
  desk translates on its own once the header's markup is set aside (`__(only_text)` in
  frappe/public/js/frappe/views/workspace/blocks/header.js).
"""

import ast
import json
import re
from collections.abc import Iterator

Message = tuple[int | None, str, str, list[str]]

TAG = re.compile(r"<[^>]*>")


def _json(fileobj) -> dict:
	data = json.load(fileobj)
	return data if isinstance(data, dict) else {}


def _unique(messages: Iterator[Message]) -> Iterator[Message]:
	"""Each message once per file (its first comment): a state or an action recurs in a workflow."""
	seen = set()
	for message in messages:
		if message[2] and message[2] not in seen:
			seen.add(message[2])
			yield message


def workflow(fileobj, keywords, comment_tags, options) -> Iterator[Message]:
	"""A workflow of `setup/data/workflows/`: its name, state names, action names."""
	data = _json(fileobj)
	name = data.get("name")

	def messages():
		yield None, "_", name, ["Name of a Workflow"]
		for state in data.get("states", []):
			yield None, "_", state.get("state"), [f"State in the Workflow '{name}'"]
		for transition in data.get("transitions", []):
			yield None, "_", transition.get("action"), [f"Action in the Workflow '{name}'"]

	yield from _unique(messages())


def assignment_rule(fileobj, keywords, comment_tags, options) -> Iterator[Message]:
	"""An assignment rule of `setup/data/assignment_rules/`: its description (`_()` at install)."""
	data = _json(fileobj)
	if description := data.get("description"):
		yield None, "_", description, [f"Description of the Assignment Rule '{data.get('name')}'"]


def roles(fileobj, keywords, comment_tags, options) -> Iterator[Message]:
	"""`setup/data/roles.json`: the app's role names."""
	messages = ((None, "_", row.get("role"), ["Name of a role"]) for row in _json(fileobj).get("roles", []))
	yield from _unique(messages)


WEB_FORM_PROPERTIES = {
	"title": "Title",
	"button_label": "Label of the submit button",
	"success_title": "Success title",
	"success_message": "Success message",
	"list_title": "List title",
	"meta_title": "Meta title",
	"meta_description": "Meta description",
}


def web_form(fileobj, keywords, comment_tags, options) -> Iterator[Message]:
	"""A standard web form: the strings `WebForm.load_translations` translates, but the introduction."""
	data = _json(fileobj)
	if data.get("doctype") != "Web Form":
		return
	name = data.get("name")

	def messages():
		for key, what in WEB_FORM_PROPERTIES.items():
			yield None, "_", data.get(key), [f"{what} of the Web Form '{name}'"]
		for field in data.get("web_form_fields", []):
			fieldtype = field.get("fieldtype")
			label = field.get("label")
			_label = label or field.get("fieldname")
			yield None, "_", label, [f"Label of a {fieldtype} field in the Web Form '{name}'"]
			yield (
				None,
				"_",
				field.get("description"),
				[f"Description of the '{_label}' ({fieldtype}) field in the Web Form '{name}'"],
			)
			if fieldtype == "Select" and field.get("options"):
				for option in field["options"].split("\n"):
					yield (
						None,
						"_",
						option,
						[f"Option for the '{_label}' ({fieldtype}) field in the Web Form '{name}'"],
					)
		for column in data.get("list_columns") or []:
			yield None, "_", (column or {}).get("label"), [f"Label of a list column in the Web Form '{name}'"]

	yield from _unique(messages())


HOOKS = {
	# hook: (key holding the text, comment)
	"portal_menu_items": ("title", "Title of a portal menu item"),
	"standard_portal_menu_items": ("title", "Title of a standard portal menu item"),
	"add_to_apps_screen": ("title", "Title of an app on the apps screen"),
	"standard_navbar_items": ("item_label", "Label of a standard navbar item"),
	"standard_help_items": ("item_label", "Label of a standard help item"),
}


def hooks(fileobj, keywords, comment_tags, options) -> Iterator[Message]:
	"""`hooks.py`: titles and labels of the hooks above, read from the source (string literals)."""
	for node in ast.parse(fileobj.read()).body:
		if isinstance(node, ast.Assign):
			targets = node.targets
		elif isinstance(node, ast.AnnAssign):
			targets = [node.target]
		else:
			continue
		for target in targets:
			if not (isinstance(target, ast.Name) and target.id in HOOKS):
				continue
			key, comment = HOOKS[target.id]
			items = node.value.elts if isinstance(node.value, ast.List | ast.Tuple) else []
			for item in items:
				if not isinstance(item, ast.Dict):
					continue
				for item_key, value in zip(item.keys, item.values, strict=True):
					text = _literal(value)
					if _literal(item_key) == key and isinstance(text, str) and text:
						yield value.lineno, "_", text, [comment]


def _literal(node):
	return node.value if isinstance(node, ast.Constant) else None


def workspace(fileobj, keywords, comment_tags, options) -> Iterator[Message]:
	"""Frappe's workspace extractor, plus the plain text of each header."""
	from io import BytesIO

	from frappe.gettext.extractors.workspace import extract

	source = fileobj.read()
	yield from extract(BytesIO(source), keywords, comment_tags, options)

	data = json.loads(source)
	if not isinstance(data, dict) or data.get("doctype") != "Workspace":
		return
	for item in json.loads(data.get("content") or "[]"):
		if item.get("type") != "header":
			continue
		html = item.get("data", {}).get("text") or ""
		text = TAG.sub("", html).strip()
		if text and text != html:
			yield None, "_", text, [f"Header text in the {data.get('label')} Workspace, without its markup"]


def frappe_messages(fileobj, keywords, comment_tags, options) -> Iterator[Message]:
	"""`locale/frappe_messages.json`: Frappe's own strings the app gives French to."""
	data = _json(fileobj)
	for key, what in (
		("portal_scripts", "shown by Frappe's scripts on portal pages"),
		("pages_and_desk", ""),
	):
		for message in data.get(key, []):
			yield (
				None,
				"_",
				message,
				[f"Frappe's string, {what}".rstrip(", ")] if what else ["Frappe's string"],
			)
	for entry in data.get("with_context", []):
		yield None, "pgettext", (entry["context"], entry["msgid"]), ["Frappe's string"]
