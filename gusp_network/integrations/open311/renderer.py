"""The page renderer Frappe tries for /open311/v2/, and how it answers: the resource and its
format (`.json` or `.xml`), the method, then the view."""

from collections.abc import Iterable
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils.error import log_error_snapshot
from frappe.website.page_renderers.base_renderer import BaseRenderer
from werkzeug.wrappers import Response

from gusp_network.connectivity import is_connectivity_error, note_failure
from gusp_network.exceptions import Open311Error
from gusp_network.integrations.open311 import views
from gusp_network.integrations.open311.formats import (
	ERRORS,
	REQUESTS,
	SERVICES,
	Shape,
	respond,
	response_format,
	split_format,
)

ROOT = "open311/v2"  # Frappe gives paths without their leading and trailing "/"
READ = ("GET", "HEAD")
READ_WRITE = ("GET", "HEAD", "POST")


@dataclass(frozen=True)
class Answer:
	shape: Shape
	records: list[dict]
	status: int = 200


class Open311Renderer(BaseRenderer):
	"""Frappe tries `page_renderer` hooks first: `can_render`, then `render` (a werkzeug Response)."""

	def can_render(self) -> bool:
		return self.path == ROOT or self.path.startswith(f"{ROOT}/")

	def render(self) -> Response:
		method = frappe.request.method
		resource = self.path.removeprefix(ROOT).lstrip("/")
		fmt = response_format(resource)
		cors = cors_headers() if method in READ else {}
		try:
			answer = dispatch(resource, method)
		except Open311Error as error:
			frappe.db.rollback()
			return error_response(fmt, error.status, error.messages, {**cors, **error.headers})
		except Exception as error:
			if is_connectivity_error(error):
				note_failure(error)  # the site's WSGI wrapper answers 503 "try again" (gusp_network.wsgi)
				raise
			frappe.db.rollback()
			log_error_snapshot(error)  # deferred insert: survives the rollback, as Frappe does for 5xx
			return error_response(fmt, 500, [_("The request could not be processed.")], cors)
		return respond(fmt, answer.shape, answer.records, answer.status, cors)


# ---------------------------------------------------------------- routing and responses


def dispatch(resource: str, method: str) -> Answer:
	"""Answer one resource under /open311/v2/ (`jurisdiction_id`, if sent, is ignored: the network
	is one jurisdiction)."""
	path, fmt = split_format(resource)
	if fmt is None:
		raise not_found()
	if path == "services":
		check_method(method, READ)
		return Answer(SERVICES, views.list_services())
	if path == "requests":
		check_method(method, READ_WRITE)
		if method == "POST":
			return Answer(REQUESTS, [views.create_request(frappe.form_dict)], 201)
		return Answer(REQUESTS, views.list_requests(frappe.form_dict))
	if match := views.REQUEST_PATH.fullmatch(path):
		check_method(method, READ)
		return Answer(REQUESTS, views.get_request(match["id"]))
	raise not_found()


def not_found() -> Open311Error:
	return Open311Error(404, _("Not found: see /open311/v2/services.json and /open311/v2/requests.json"))


def check_method(method: str, allowed: tuple[str, ...]) -> None:
	"""405 for other methods. Frappe itself answers 404 to PUT, PATCH and DELETE outside /api/."""
	if method not in allowed:
		raise Open311Error(405, _("Method not allowed"), headers={"Allow": ", ".join(allowed)})


def error_response(fmt: str, status: int, messages: Iterable[str], headers: dict | None = None) -> Response:
	errors = [{"code": status, "description": message} for message in messages]
	return respond(fmt, ERRORS, errors, status, headers)


def cors_headers() -> dict:
	"""Public data: any origin may read it.

	When the site sets `allow_cors`, Frappe adds its own Access-Control-Allow-Origin to every
	response; a second one would make browsers refuse both, so the site's policy applies then.
	"""
	return {} if frappe.conf.allow_cors else {"Access-Control-Allow-Origin": "*"}
