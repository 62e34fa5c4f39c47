"""The public directory as open data in the national data·inclusion schema (hooks.py
`page_renderer`): `/annuaire.json` (structures and services), `/annuaire.csv` (structures) and
`/annuaire-services.csv` (services). Linked from `/annuaire`; 404 while GUSP Settings > Public
Directory is off, like the page.

The exports are in French whatever the visitor's browser asks: the schema is French, and so are
the descriptions it carries.
"""

import frappe
from frappe import _
from frappe.website.page_renderers.base_renderer import BaseRenderer
from werkzeug.wrappers import Response

from gusp_network.directory.public_directory import (
	JSON_ROUTE,
	SERVICES_CSV_ROUTE,
	STRUCTURES_CSV_ROUTE,
	is_enabled,
	published_members,
	published_services,
)
from gusp_network.integrations.data_inclusion.schema import (
	SERVICE_FIELDS,
	STRUCTURE_FIELDS,
	as_csv,
	as_json,
	service,
	structure,
)

ROUTES = (JSON_ROUTE, STRUCTURES_CSV_ROUTE, SERVICES_CSV_ROUTE)
EXPORT_LANGUAGE = "fr"


def structures() -> list[dict]:
	return [structure(member) for member in published_members()]


def services() -> list[dict]:
	return [service(entry) for entry in published_services()]


def export(path: str) -> tuple[str, str]:
	"""(body, content type) of one export."""
	if path == JSON_ROUTE:
		return as_json(structures(), services()), "application/json; charset=utf-8"
	if path == SERVICES_CSV_ROUTE:
		return as_csv(services(), SERVICE_FIELDS), "text/csv; charset=utf-8"
	return as_csv(structures(), STRUCTURE_FIELDS), "text/csv; charset=utf-8"


class DataInclusionRenderer(BaseRenderer):
	"""Frappe tries `can_render`, then `render` (a werkzeug Response)."""

	def can_render(self) -> bool:
		# answered here even while the directory is off: Frappe's own 404 page would be cached
		# for the address, and stay after the directory is turned on
		return self.path in ROUTES

	def render(self) -> Response:
		frappe.local.lang = EXPORT_LANGUAGE
		if not is_enabled():
			return Response(
				_("This page does not exist"), status=404, content_type="text/plain; charset=utf-8"
			)
		body, content_type = export(self.path)
		response = Response(body, status=200, content_type=content_type)
		response.headers["Content-Disposition"] = f'inline; filename="{self.path}"'
		# public data: any origin may read it (unless the site sets its own CORS policy)
		if not frappe.conf.allow_cors:
			response.headers["Access-Control-Allow-Origin"] = "*"
		return response
