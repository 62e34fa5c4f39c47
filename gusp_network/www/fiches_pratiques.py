"""/fiches-pratiques (the template `fiches-pratiques.html`; Frappe looks for the page's Python
module under the route's name with `_` for `-`): the published practice sheets, newest first,
searched and filtered with a plain GET form that works without JavaScript
(knowledge/practice_sheets.py). Drafts, sheets in review and archived ones never appear."""

from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import cint

from gusp_network.knowledge.practice_sheets import (
	ROUTE,
	published_sheets,
	theme_choices,
	type_choices,
)

no_cache = 1  # the answer depends on the query string, which Frappe's page cache ignores
sitemap = 1


def get_context(context):
	context.title = _("Practice Sheets")
	context.no_breadcrumbs = True
	context.route = ROUTE
	search = text_argument("q")
	themes = theme_choices()
	theme = text_argument("thematique")  # not "theme": the website theme of the page context
	theme = theme if theme in themes or frappe.db.exists("GUSP Theme", theme or "") else ""
	types = type_choices()
	sheet_type = text_argument("type")
	sheet_type = sheet_type if sheet_type in dict(types) else ""
	found = published_sheets(
		search=search, theme=theme, sheet_type=sheet_type, page=cint(frappe.form_dict.page) or 1
	)
	context.update(
		search=search,
		chosen_theme=theme,  # not `theme`: the page context's website theme
		sheet_type=sheet_type,
		themes=themes,
		types=types,
		found=found,
		filtered=bool(search or theme or sheet_type),
		previous_url=page_url(search, theme, sheet_type, found.page - 1) if found.page > 1 else None,
		next_url=page_url(search, theme, sheet_type, found.page + 1) if found.page < found.pages else None,
	)
	return context


def text_argument(name: str) -> str:
	value = frappe.form_dict.get(name)
	return value.strip()[:140] if isinstance(value, str) else ""


def page_url(search: str, theme: str, sheet_type: str, page: int) -> str:
	query = {"q": search, "thematique": theme, "type": sheet_type, "page": page if page > 1 else ""}
	query = urlencode({key: value for key, value in query.items() if value})
	return f"{ROUTE}?{query}" if query else ROUTE
