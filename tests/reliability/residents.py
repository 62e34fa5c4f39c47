"""Residents reporting over HTTP, for the reliability tests, and the clean-up after them.

- `ground()`: a QPV with a theme led there, a theme nobody leads there (grey zone) and an Open311
  client, committed for the test module and deleted afterwards with every report made on them;
- `raised_limits()`: the live server trusts 127.0.0.1 as its proxy (each resident is told apart by
  `X-Forwarded-For`, as behind nginx) and the residents' network is listed in GUSP Settings'
  shared addresses, with a raised hourly limit: the app's limits stay on;
- `Residents`: their requests as the portal's JavaScript and an Open311 client send them, each
  answer kept (`Answer`) with the unique marker written into the report's description;
- `delete_reports_of_themes`: after a minute of load there are a thousand reports; each table that
  keeps something of a report loses those rows in one statement per batch (report and child rows,
  Resident Contact and followers, assignments, workflow actions, history, comments, emails,
  notifications, attached files), then the grey zones and needs of the themes. Nothing is
  committed there.
"""

import io
import json
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

import frappe
import requests
from frappe.utils import now_datetime
from PIL import Image

from gusp_network.client_ip import CONFIG_KEY as TRUSTED_PROXIES
from tests.factories import SITE, make_geography, make_responsibility, make_theme

SHARED = "10.77.0.0/24"  # the residents' addresses, listed as shared in GUSP Settings
SHARED_LIMIT = 10_000
WEB_FORM_ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"
UPLOAD = "/api/method/upload_file"
OPEN311_POST = "/open311/v2/requests.json"
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
LAT, LNG = -39.945, -59.975  # inside the QPV of `make_geography`, outside its sector
TIMEOUT = 30


def resident_address(index: int) -> str:
	return f"10.77.0.{index + 1}"


@dataclass
class Answer:
	client: str
	channel: str
	marker: str
	status: int  # 0: no answer (connection error, timeout)
	report: str | None = None
	messages: list[str] = field(default_factory=list)
	content_type: str = ""
	retry_after: str | None = None
	error: str = ""  # the start of a server error's body, for the failure's message


# ---------------------------------------------------------------- what the tests set up


@contextmanager
def ground():
	"""A QPV with a theme led there, a theme nobody leads there, and an Open311 client; committed."""
	frappe.set_user("Administrator")
	started = now_datetime()
	geo = make_geography()
	led = make_theme(service_level_days=3).name
	grey = make_theme(service_level_days=3).name
	member = frappe.get_all("Network Member", pluck="name", limit=1)
	rule = make_responsibility(led, geo.qpv, member[0]).name if member else None
	client = frappe.get_doc({"doctype": "Open311 Client", "client_name": f"Test {uuid.uuid4().hex[:6]}"})
	client.enabled = 1
	client.insert(ignore_permissions=True)
	frappe.db.commit()
	codes = {
		theme: frappe.db.get_value("GUSP Theme", theme, "service_code") or theme for theme in (led, grey)
	}
	try:
		yield frappe._dict(geo=geo, led=led, grey=grey, key=client.new_api_key, codes=codes)
	finally:
		frappe.db.rollback()
		delete_reports_of_themes([led, grey])
		# photos sent but never used in a report (their report was refused or cut off)
		for photo in frappe.get_all(
			"File",
			filters={"file_url": ("like", "/private/files/signalement-%"), "creation": (">=", started)},
			pluck="name",
		):
			frappe.delete_doc("File", photo, force=True, ignore_permissions=True)
		# the test site has no outgoing email account: each "received" notification logged an error
		frappe.db.delete("Error Log", {"method": "Failed to send Notification", "creation": (">=", started)})
		if rule:
			frappe.delete_doc("Responsibility", rule, force=True, ignore_permissions=True)
		frappe.delete_doc("Open311 Client", client.name, force=True, ignore_permissions=True)
		for name in (geo.sector, geo.qpv, geo.commune):
			frappe.delete_doc("GUSP Territory", name, force=True, ignore_permissions=True)
		for theme in (led, grey):
			frappe.delete_doc("GUSP Theme", theme, force=True, ignore_permissions=True)
		frappe.db.commit()


@contextmanager
def raised_limits(guest_reports_per_hour: int):
	"""127.0.0.1 is the trusted proxy; the residents' network is shared, with a raised limit;
	other addresses keep `guest_reports_per_hour`."""
	from frappe.installer import update_site_config

	values = {
		"allow_guest_reports": 1,
		"guest_reports_per_hour": guest_reports_per_hour,
		"shared_addresses": SHARED,
		"shared_address_reports_per_hour": SHARED_LIMIT,
	}
	before = {name: frappe.db.get_single_value("GUSP Settings", name) for name in values}
	proxies = frappe.conf.get(TRUSTED_PROXIES)
	settings = frappe.get_single("GUSP Settings")
	settings.update(values)
	settings.save(ignore_permissions=True)  # through its checks, as an admin writes it
	frappe.db.commit()
	update_site_config(TRUSTED_PROXIES, ["127.0.0.1"])
	clear_counters()
	try:
		yield
	finally:
		frappe.db.rollback()
		for name, value in before.items():
			frappe.db.set_single_value("GUSP Settings", name, value)
		frappe.db.commit()
		frappe.clear_document_cache("GUSP Settings", "GUSP Settings")
		update_site_config(TRUSTED_PROXIES, "None" if proxies is None else proxies)
		if proxies is None:
			frappe.local.conf.pop(TRUSTED_PROXIES, None)
		clear_counters()


def clear_counters() -> None:
	"""Forget the app's and Frappe's per-address counters."""
	for pattern in ("*gusp_report_rate*", "*rl:*"):
		for key in frappe.cache.scan_iter(frappe.cache.make_key(pattern)):
			frappe.cache.delete(key)


# ---------------------------------------------------------------- the residents' requests


class Residents:
	"""Requests to the server at `base_url`; markers are unique to this run (`run`)."""

	def __init__(self, base_url: str, ground):
		self.base_url = base_url
		self.ground = ground
		self.run = uuid.uuid4().hex[:8]

	def marker(self, *parts) -> str:
		return "-".join(["REL", self.run, *map(str, parts)])

	def session(self, address: str) -> requests.Session:
		session = requests.Session()
		session.trust_env = False
		session.headers.update({"X-Frappe-Site-Name": SITE, "X-Forwarded-For": address, **FRENCH})
		return session

	def web_form(self, session, client: str, marker: str, theme: str, photo: str | None = None) -> Answer:
		report = {
			"doctype": "Resident Report",
			"web_form_name": "signalement",
			"theme": theme,
			"description": f"Encombrants devant le local à poubelles. {marker}",
			"latitude": LAT,
			"longitude": LNG,
			"reporter_name": "Habitante Test",
			"reporter_email": f"{marker.lower()}@example.org",
			"consent": 1,
		}
		if photo:
			report["photo"] = photo
		body = {"web_form": "signalement", "data": json.dumps(report)}
		response = post(session, f"{self.base_url}{WEB_FORM_ACCEPT}", data=body)
		answer = answer_of(response, client, "web form", marker)
		data = json_of(response)
		if answer.status == 200 and isinstance(data, dict):
			answer.report = (data.get("message") or {}).get("name")
		answer.messages = server_messages(data)
		return answer

	def open311(self, session, client: str, marker: str, theme: str) -> Answer:
		body = {
			"api_key": self.ground.key,
			"service_code": self.ground.codes[theme],
			"lat": LAT,
			"long": LNG,
			"description": f"Lampadaire éteint au pied de l'immeuble. {marker}",
			"first_name": "Karim",
			"last_name": "Test",
		}
		response = post(session, f"{self.base_url}{OPEN311_POST}", data=body)
		answer = answer_of(response, client, "open311", marker)
		data = json_of(response)
		if answer.status == 201 and isinstance(data, list) and data:
			answer.report = data[0].get("service_request_id")
		elif isinstance(data, list):
			answer.messages = [str(error.get("description")) for error in data if isinstance(error, dict)]
		return answer

	def upload_photo(self, session, client: str, marker: str) -> Answer:
		"""A photo as the report form's Attach control sends it; `report` is then its file URL."""
		files = {"file": (f"{marker}.png", unique_png(), "image/png")}
		data = {"is_private": 1, "folder": "Home"}
		response = post(session, f"{self.base_url}{UPLOAD}", data=data, files=files)
		answer = answer_of(response, client, "photo", marker)
		body = json_of(response)
		if answer.status == 200 and isinstance(body, dict):
			answer.report = (body.get("message") or {}).get("file_url")
		answer.messages = server_messages(body)
		return answer


def unique_png() -> bytes:
	"""A 2×2 PNG of a colour of its own: Frappe stores files of equal contents once, and a photo
	sharing the disk file of an earlier one would not be this test's alone."""
	colour = tuple(uuid.uuid4().bytes[:3])
	output = io.BytesIO()
	Image.new("RGB", (2, 2), colour).save(output, "PNG")
	return output.getvalue()


def post(session, url: str, **kwargs) -> requests.Response | None:
	try:
		return session.post(url, timeout=TIMEOUT, **kwargs)
	except requests.RequestException:
		return None


def answer_of(response, client: str, channel: str, marker: str) -> Answer:
	if response is None:
		return Answer(client, channel, marker, 0)
	return Answer(
		client,
		channel,
		marker,
		response.status_code,
		content_type=response.headers.get("Content-Type", ""),
		retry_after=response.headers.get("Retry-After"),
		error=response.text[:600] if response.status_code >= 500 else "",
	)


def json_of(response):
	if response is None:
		return {}
	try:
		return response.json()
	except ValueError:
		return {}


def server_messages(data) -> list[str]:
	"""The messages Frappe shows (`_server_messages`), or a 503's own message."""
	if not isinstance(data, dict):
		return []
	found = [
		str(json.loads(entry).get("message", ""))
		for entry in json.loads(data.get("_server_messages") or "[]")
	]
	return found


def marker_in(description: str, run: str) -> str:
	start = description.index(f"REL-{run}-")
	return description[start:].split()[0]


def stored_reports(ground, run: str) -> list:
	"""The reports of this run the server committed: name and marker."""
	frappe.db.rollback()  # read what the server committed since
	rows = frappe.get_all(
		"Resident Report",
		filters={"theme": ("in", [ground.led, ground.grey]), "description": ("like", f"%REL-{run}-%")},
		fields=["name", "description"],
	)
	return [frappe._dict(name=row.name, marker=marker_in(row.description, run)) for row in rows]


# ---------------------------------------------------------------- clean-up


REPORT = "Resident Report"
CONTACT = "Resident Contact"
BATCH = 500

# (doctype, its "which doctype" field, its "which document" field)
TRACES = (
	("ToDo", "reference_type", "reference_name"),
	("Workflow Action", "reference_doctype", "reference_name"),
	("Version", "ref_doctype", "docname"),
	("Comment", "reference_doctype", "reference_name"),
	("Notification Log", "document_type", "document_name"),
	("Communication", "reference_doctype", "reference_name"),
	("Email Queue", "reference_doctype", "reference_name"),
	("File", "attached_to_doctype", "attached_to_name"),
)


def delete_reports_of_themes(themes: list[str]) -> None:
	names = frappe.get_all(REPORT, filters={"theme": ("in", themes)}, pluck="name")
	for start in range(0, len(names), BATCH):
		delete_reports(names[start : start + BATCH])
	for doctype in ("Grey Zone", "Resident Need"):
		found = frappe.get_all(doctype, filters={"theme": ("in", themes)}, pluck="name")
		if found:
			delete_rows(doctype, found)


def delete_reports(names: list[str]) -> None:
	if not names:
		return
	contacts = frappe.get_all(
		CONTACT, filters={"reference_doctype": REPORT, "reference_name": ("in", names)}, pluck="name"
	)
	for owner, owned in ((REPORT, names), (CONTACT, contacts)):
		if not owned:
			continue
		for doctype, type_field, name_field in TRACES:
			rows = frappe.get_all(
				doctype, filters={type_field: owner, name_field: ("in", owned)}, pluck="name"
			)
			if rows and doctype == "File":
				for row in rows:  # its file on disk goes with it
					frappe.delete_doc("File", row, force=True, ignore_permissions=True)
			elif rows:
				delete_rows(doctype, rows)
	if contacts:
		delete_rows(CONTACT, contacts)
	delete_rows(REPORT, names)


def delete_rows(doctype: str, names: list[str]) -> None:
	"""The rows and their child rows, without Frappe's per-document hooks."""
	for table in frappe.get_meta(doctype).get_table_fields():
		frappe.db.delete(table.options, {"parenttype": doctype, "parent": ("in", names)})
	frappe.db.delete(doctype, {"name": ("in", names)})
