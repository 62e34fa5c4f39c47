"""The site's WSGI application: Frappe's, answering 503 "try again" while MariaDB or Redis is away.

When the database restarts, Frappe cannot answer a request at all: it cannot even render its own
error page, so gunicorn sends a bare English "Internal Server Error". Frappe has no hook for that,
hence this thin wrapper around `frappe.app.application`, served instead of it
(`gunicorn … gusp_network.wsgi:application`, or `gusp_network.wsgi:application_with_statics()`
where gunicorn also serves /assets and /files, as `bench serve` does).

A request fails for want of a server when
- an exception escapes Frappe's application and it, or an exception it was raised from, is a
  connectivity error (`is_connectivity_error`: MariaDB unreachable, gone away or lost, Redis
  connection refused or timed out; nothing else), or
- Frappe answered a 500 itself (`frappe.app.handle_exception`: its JSON error, or an error page
  it could still render from the cache, or the website's error page) for such an error: the wrapper
  notes the exception Frappe handled (`note_handled_exception`, `note_page_error`: Frappe's handler
  and page called unchanged; Open311 notes its own), since the database may be
  back by the time the answer leaves; or, for a 500 that Frappe did not handle (the Open311
  renderer answers its own errors), the request's database connection is lost or Redis does not
  answer (`backend_lost`).
Such a request gets a 503 with `Retry-After`: the static French page `templates/unavailable.html`
(no database, no translation catalogue needed), JSON under /api/ or when JSON is asked for, and
GeoReport's error list under /open311/ (the same shape as `integrations/open311`, written here
because a root module imports no domain). Everything else passes through unchanged.

The database rolled back what the request had not committed when its connection died; Frappe's
own rollback, which cannot reach the server, then never runs its `after_rollback` callbacks, so a
photo written to disk before the failure would stay there without its File record. They are run
here (`undo_new_files`).
"""

import contextlib
import json
import os
import re
import time
from pathlib import Path
from xml.etree import ElementTree

import frappe
import frappe.app
from frappe.website.page_renderers.error_page import ErrorPage
from werkzeug.wrappers import Request, Response

from gusp_network.connectivity import (
	REDIS_CONNECTION_ERRORS,
	is_connectivity_error,
	note_failure,
	noted_failure,
)

RETRY_AFTER_SECONDS = 10
TEMPLATE = Path(__file__).parent / "templates" / "unavailable.html"


def backend_lost() -> bool:
	"""After a 500 that Frappe answered itself: was the request's database connection lost, or does
	Redis not answer? Asked within the request, before Frappe clears it."""
	db = getattr(frappe.local, "db", None)
	connection = getattr(db, "_conn", None)
	if db is not None:
		try:
			if connection is None:
				db.connect()  # never connected, or the connection failed: try once
			elif not connection.open:
				return True
		except Exception as error:
			if is_connectivity_error(error):
				return True
			raise
	try:
		frappe.cache.ping()
	except REDIS_CONNECTION_ERRORS:
		return True
	return False


# ---------------------------------------------------------------- what Frappe handled

frappe_handle_exception = frappe.app.handle_exception


def note_handled_exception(error):
	"""Frappe's `handle_exception`, the exception noted for the wrapper (the request's own local)."""
	note_failure(error)
	return frappe_handle_exception(error)


# `frappe.app.application` looks its handler up at each error: the one place to learn the cause of
# a 500 that Frappe answered itself
frappe.app.handle_exception = note_handled_exception

# a website page that fails is answered by Frappe's error page (`frappe.website.serve.get_response`),
# not by `handle_exception`: its cause is noted the same way
frappe_error_page_init = ErrorPage.__init__


def note_page_error(self, path=None, http_status_code=None, exception=None):
	if exception is not None:
		note_failure(exception)
	frappe_error_page_init(self, path=path, http_status_code=http_status_code, exception=exception)


ErrorPage.__init__ = note_page_error


def failed_for_want_of_a_server() -> bool:
	"""After a 500 answered within Frappe, before Frappe clears the request."""
	handled = noted_failure()
	if handled is not None:
		return is_connectivity_error(handled)
	try:
		return backend_lost()
	except Exception:
		return False


# ---------------------------------------------------------------- the applications


def wrap(app):
	"""`app` (Frappe's WSGI application) answering 503 while a server it needs is away."""

	def application(environ, start_response):
		started = time.time()
		answer = {}

		def keep(status, headers, exc_info=None):  # Frappe answers in one go: hold its answer
			answer.update(status=status, headers=headers, exc_info=exc_info)

		try:
			body = app(environ, keep)
		except Exception as error:
			if not is_connectivity_error(error):
				raise
			undo_new_files(started)
			with contextlib.suppress(Exception):
				frappe.destroy()  # Frappe's own clean-up only runs after a response
			return unavailable(environ)(environ, start_response)

		if answer.get("status", "").startswith("500") and failed_for_want_of_a_server():
			undo_new_files(started)
			close(body)
			return unavailable(environ)(environ, start_response)

		write = start_response(answer["status"], answer["headers"], answer["exc_info"])
		del write  # Frappe never writes through start_response's callable
		return body

	return application


def close(body) -> None:
	"""Frappe's after-response callbacks, then its clean-up even when one of them fails."""
	with contextlib.suppress(Exception):
		if hasattr(body, "close"):
			body.close()
	with contextlib.suppress(Exception):
		frappe.destroy()


application = wrap(frappe.app.application)


def application_with_statics():
	"""As `frappe.app.application_with_statics()`: /assets and /files served from the sites folder."""
	global application
	application = frappe.app.application_with_statics()  # Frappe's, with its static files
	application = wrap(application)
	return application


# ---------------------------------------------------------------- files of a lost transaction


def undo_new_files(started: float) -> None:
	"""Run what Frappe runs after a rollback (a new File deletes its file from disk).

	A File's own undo asks the database whether another File shares the disk file (Frappe stores
	identical contents once); without the database, the file is deleted only when this request
	wrote it (its disk file is not older than the request): an older one may be another record's.
	"""
	db = getattr(frappe.local, "db", None)
	if db is None:
		return
	callbacks = list(db.after_rollback._functions)
	db.after_rollback.reset()
	for callback in callbacks:
		try:
			callback()
		except Exception:
			delete_own_file(getattr(callback, "__self__", None), started)


def delete_own_file(doc, started: float) -> None:
	if getattr(doc, "doctype", None) != "File" or not doc.flags.new_file:
		return
	folder, _slash, name = (doc.file_url or "").rpartition("/")
	folders = {"/files": ("public", "files"), "/private/files": ("private", "files")}
	if folder not in folders or name in ("", ".", ".."):
		return
	path = frappe.utils.get_site_path(*folders[folder], name)
	with contextlib.suppress(OSError):
		if os.path.isfile(path) and os.path.getmtime(path) >= started - 1:
			os.remove(path)


# ---------------------------------------------------------------- the 503


def template_text(pattern: str) -> str:
	return re.search(pattern, PAGE, re.S)[1].strip()


PAGE = re.sub(r"<!--.*?-->\n?", "", TEMPLATE.read_text(encoding="utf-8"), flags=re.S)  # its comment
TITLE = template_text(r"<h1>(.*?)</h1>")
MESSAGE = template_text(r'<p id="message">(.*?)</p>')


def unavailable(environ) -> Response:
	request = Request(environ)
	headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
	if request.path.startswith("/open311/"):
		return open311_error(request.path, headers)
	if wants_json(request):
		body = {
			"exc_type": "ServiceUnavailable",
			"message": MESSAGE,
			"_server_messages": json.dumps(
				[json.dumps({"title": TITLE, "message": MESSAGE, "indicator": "orange"})]
			),
		}
		return Response(json.dumps(body, ensure_ascii=False), 503, headers, content_type="application/json")
	return Response(PAGE, 503, headers, content_type="text/html; charset=utf-8")


def wants_json(request: Request) -> bool:
	"""As Frappe's `handle_exception`: /api/ (unless text is asked for), Ajax, or JSON asked for."""
	accept = request.headers.get("Accept", "")
	ajax = request.headers.get("X-Requested-With") == "XMLHttpRequest"
	return (
		(request.path.startswith("/api/") and not accept.startswith("text"))
		or "application/json" in accept
		or ajax
	)


def open311_error(path: str, headers: dict) -> Response:
	"""GeoReport's error list: XML for a `.xml` resource, else JSON."""
	errors = [{"code": 503, "description": MESSAGE}]
	if path.rstrip("/").endswith(".xml"):
		root = ElementTree.Element("errors")
		for error in errors:
			element = ElementTree.SubElement(root, "error")
			for key, value in error.items():
				ElementTree.SubElement(element, key).text = str(value)
		body = ElementTree.tostring(root, encoding="UTF-8", xml_declaration=True)
		return Response(body, 503, headers, content_type="text/xml; charset=utf-8")
	body = json.dumps(errors, ensure_ascii=False)
	return Response(body, 503, headers, content_type="application/json; charset=utf-8")


# ---------------------------------------------------------------- `./gusp up`


def serve(site: str, port: int) -> None:
	"""Serve one site on `port` through the wrapper, as `bench --site SITE serve --noreload` does
	(Werkzeug's server, a thread per request, /assets and /files served); run from the sites folder."""
	from werkzeug.serving import run_simple

	frappe.app._site = site  # as frappe.app.serve: every request is for this site, whatever its host
	run_simple("0.0.0.0", port, application_with_statics(), threaded=True, use_reloader=False)
