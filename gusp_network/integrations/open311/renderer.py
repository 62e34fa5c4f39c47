"""The page renderer Frappe tries for /open311/v2/, and the JSON answers it sends."""

import json
from collections.abc import Iterable

import frappe
from frappe import _
from frappe.utils.error import log_error_snapshot
from frappe.website.page_renderers.base_renderer import BaseRenderer
from werkzeug.wrappers import Response

from gusp_network.exceptions import Open311Error
from gusp_network.integrations.open311 import views

ROOT = "open311/v2"  # Frappe gives paths without their leading and trailing "/"
READ = ("GET", "HEAD")
READ_WRITE = ("GET", "HEAD", "POST")
CONTENT_TYPE = "application/json; charset=utf-8"


class Open311Renderer(BaseRenderer):
	"""Frappe tries `page_renderer` hooks first: `can_render`, then `render` (a werkzeug Response)."""

	def can_render(self) -> bool:
		return self.path == ROOT or self.path.startswith(f"{ROOT}/")

	def render(self) -> Response:
		method = frappe.request.method
		cors = cors_headers() if method in READ else {}
		try:
			data, status = dispatch(self.path.removeprefix(ROOT).lstrip("/"), method)
		except Open311Error as error:
			frappe.db.rollback()
			return error_response(error.status, error.messages, {**cors, **error.headers})
		except Exception as error:
			frappe.db.rollback()
			log_error_snapshot(error)  # deferred insert: survives the rollback, as Frappe does for 5xx
			return error_response(500, [_("The request could not be processed.")], cors)
		return json_response(data, status, cors)


# ---------------------------------------------------------------- routing and responses


def dispatch(resource: str, method: str) -> tuple[list[dict], int]:
	"""Answer one resource under /open311/v2/; (data, HTTP status)."""
	if resource.endswith(".xml"):
		raise Open311Error(400, _("Only JSON is supported (use .json)"))
	if resource == "services.json":
		check_method(method, READ)
		return views.list_services(), 200
	if resource == "requests.json":
		check_method(method, READ_WRITE)
		if method == "POST":
			return [views.create_request(frappe.form_dict)], 201
		return views.list_requests(frappe.form_dict), 200
	if match := views.REQUEST_PATH.fullmatch(resource):
		check_method(method, READ)
		return views.get_request(match["id"]), 200
	raise Open311Error(404, _("Not found: see /open311/v2/services.json and /open311/v2/requests.json"))


def check_method(method: str, allowed: tuple[str, ...]) -> None:
	"""405 for other methods. Frappe itself answers 404 to PUT, PATCH and DELETE outside /api/."""
	if method not in allowed:
		raise Open311Error(405, _("Method not allowed"), headers={"Allow": ", ".join(allowed)})


def json_response(data: list[dict], status: int, headers: dict | None = None) -> Response:
	body = json.dumps(data, ensure_ascii=False, default=str)
	return Response(body, status=status, headers=headers, content_type=CONTENT_TYPE)


def error_response(status: int, messages: Iterable[str], headers: dict | None = None) -> Response:
	return json_response([{"code": status, "description": message} for message in messages], status, headers)


def cors_headers() -> dict:
	"""Public data: any origin may read it.

	When the site sets `allow_cors`, Frappe adds its own Access-Control-Allow-Origin to every
	response; a second one would make browsers refuse both, so the site's policy applies then.
	"""
	return {} if frappe.conf.allow_cors else {"Access-Control-Allow-Origin": "*"}
