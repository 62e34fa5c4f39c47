"""pytest against a real Frappe site on MariaDB.

`./gusp test` creates a fresh site and runs pytest from the app folder inside the bench with
FRAPPE_SITE set. Each test runs in a transaction rolled back afterwards; the few shared
records that must exist across tests (users, organisations) are committed once with
unique names and deleted at the end of the session.
"""

import os
from pathlib import Path
from types import SimpleNamespace

import frappe
import pytest
from frappe.utils import now_datetime

from gusp_network.directory.geography import geojson_rectangle
from tests import factories
from tests.factories import (
	BENCH,
	SITE,
	SITES,
	delete,
	delete_reports_about,
	delete_traces,
	make_geography,
	make_responsibility,
	make_theme,
)


def pytest_configure(config):
	os.chdir(SITES)  # Frappe writes its logs relative to the sites folder
	frappe.init(site=SITE, sites_path=SITES)
	frappe.connect()
	frappe.flags.in_test = True
	frappe.flags.mute_emails = True
	frappe.clear_cache()


def pytest_unconfigure(config):
	if getattr(frappe.local, "db", None):
		frappe.db.rollback()
	frappe.destroy()


@pytest.fixture(autouse=True)
def _rollback():
	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	frappe.clear_document_cache("GUSP Settings", "GUSP Settings")
	# a page rendered in process (frappe.utils.set_request) leaves its request behind: Frappe's
	# @rate_limit would then apply to the next test's direct calls
	if getattr(frappe.local, "request", None) is not None:
		del frappe.local.request
	frappe.local.form_dict = frappe._dict()


@pytest.fixture(scope="session", autouse=True)
def network():
	"""Two organisations with one member user each, a resource-centre user and a manager.

	Committed once (users cannot be rolled back cheaply between tests), deleted at the end.
	"""
	frappe.set_user("Administrator")
	created = factories.make_network()
	frappe.db.commit()
	yield created
	frappe.set_user("Administrator")
	frappe.db.rollback()
	factories.delete_network(created)
	frappe.db.commit()


@pytest.fixture
def gusp_settings():
	"""Change GUSP Settings for one test: `gusp_settings(guest_reports_per_hour=2)`.

	Values are written in the test's transaction (rolled back); pass commit=True when the live
	server must see them: they are then restored and committed after the test.
	"""
	originals = {}

	def set_values(commit: bool = False, **values):
		for field, value in values.items():
			originals.setdefault(field, (frappe.db.get_single_value("GUSP Settings", field), commit))
			frappe.db.set_single_value("GUSP Settings", field, value)
		if commit:
			frappe.db.commit()
		frappe.clear_document_cache("GUSP Settings", "GUSP Settings")

	yield set_values
	frappe.db.rollback()
	committed = {field: value for field, (value, commit) in originals.items() if commit}
	if committed:
		for field, value in committed.items():
			frappe.db.set_single_value("GUSP Settings", field, value)
		frappe.db.commit()
	frappe.clear_document_cache("GUSP Settings", "GUSP Settings")
	frappe.db.value_cache.pop("GUSP Settings", None)  # get_single_value's cache, not rolled back


@pytest.fixture
def restricted(network):
	"""User Permissions given to organisation B's member in the test, forgotten afterwards (Frappe
	caches them outside the database)."""
	yield network.member_b
	frappe.db.rollback()
	frappe.cache.hdel("user_permissions", network.member_b)


@pytest.fixture
def as_user():
	"""Run a block as a given user: `with as_user(email): ...`."""
	return factories.as_user


def free_port() -> int:
	import socket

	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server():
	"""The site served by gunicorn (with /assets) on a free port, for HTTP and browser tests.

	The server has its own database connection: what a test wants it to see must be committed.
	"""
	import subprocess
	import time

	import requests

	port = free_port()
	pidfile = Path(SITES) / f".gunicorn-test-{port}.pid"
	command = [
		str(BENCH / "env/bin/gunicorn"),
		"-b",
		f"127.0.0.1:{port}",
		"-w",
		"2",
		"--timeout",
		"120",
		"-p",
		str(pidfile),
		"gusp_network.wsgi:application_with_statics()",
	]
	process = subprocess.Popen(command, cwd=SITES, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
	base_url = f"http://127.0.0.1:{port}"
	for _ in range(150):
		try:
			requests.get(f"{base_url}/api/method/ping", headers={"X-Frappe-Site-Name": SITE}, timeout=30)
			break
		except requests.RequestException:
			if process.poll() is not None:
				pytest.fail("gunicorn did not start: " + process.stderr.read().decode()[-2000:])
			time.sleep(0.2)
	yield base_url
	process.terminate()
	process.wait(timeout=30)


@pytest.fixture
def http(live_server):
	"""A requests session on the live server, as a guest, with the site header set."""
	import requests

	clear_rate_limits()
	session = requests.Session()
	session.headers["X-Frappe-Site-Name"] = SITE
	session.base_url = live_server
	session.url = lambda path: f"{live_server}{path}"
	yield session
	session.close()
	clear_rate_limits()


def clear_rate_limits() -> None:
	"""Forget the per-IP counters (every test request comes from 127.0.0.1)."""
	for pattern in ("*gusp_report_rate*", "*gusp_me_too*", "*rate-limit-counter*", "*rl:*"):
		for key in frappe.cache.scan_iter(frappe.cache.make_key(pattern)):
			frappe.cache.delete(key)


CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-dev-shm-usage",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
	"""Headless Chromium from the system (`./gusp test` installs Debian's chromium)."""
	import shutil

	from playwright.sync_api import sync_playwright

	executable = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium")
	if not executable:
		pytest.fail("Chromium is missing: `./gusp test` installs it (apt-get install chromium).")
	with sync_playwright() as playwright:
		chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
		yield chromium
		chromium.close()


@pytest.fixture
def phone(browser, live_server):
	"""A fresh phone-sized page on the live server, as a guest whose browser asks for English."""
	context = browser.new_context(
		base_url=live_server,
		viewport={"width": 390, "height": 844},
		is_mobile=True,
		has_touch=True,
		locale="en-US",
		extra_http_headers={"X-Frappe-Site-Name": SITE},
	)
	clear_rate_limits()
	page = context.new_page()
	yield page
	context.close()
	clear_rate_limits()


# ---------------------------------------------------------------- residents' data the live server sees


@pytest.fixture(scope="module")
def place(network):
	"""A committed QPV with a perimeter and a theme led there by organisation A."""
	geo = make_geography()
	theme = make_theme(service_level_days=3).name
	rule = make_responsibility(theme, geo.qpv, network.org_a).name
	frappe.db.commit()
	yield frappe._dict(theme=theme, qpv=geo.qpv, lat=-39.945, lng=-59.975)
	frappe.db.rollback()
	frappe.delete_doc("Responsibility", rule, force=True, ignore_permissions=True)
	for name in (geo.sector, geo.qpv, geo.commune):
		frappe.delete_doc("GUSP Territory", name, force=True, ignore_permissions=True)
	frappe.delete_doc("GUSP Theme", theme, force=True, ignore_permissions=True)
	frappe.db.commit()


@pytest.fixture
def created_reports():
	"""Names of reports the server created, deleted with what they caused after the test."""
	names = []
	yield names
	frappe.db.rollback()
	for name in names:
		delete_report(name)
	frappe.db.commit()


def delete_report(name: str) -> None:
	"""The report and the traces it left (assignment, emails, notifications, history)."""
	grey_zone, photo = frappe.db.get_value("Resident Report", name, ["grey_zone", "photo"])
	delete_traces("Resident Report", name)
	files = frappe.get_all("File", filters={"attached_to_name": name}, pluck="name")
	files += frappe.get_all("File", filters={"file_url": photo or "-"}, pluck="name")
	for file in set(files):
		frappe.delete_doc("File", file, force=True, ignore_permissions=True)
	frappe.delete_doc("Resident Report", name, force=True, ignore_permissions=True)
	if grey_zone and not frappe.db.exists("Resident Report", {"grey_zone": grey_zone}):
		frappe.delete_doc("Grey Zone", grey_zone, force=True, ignore_permissions=True)


def around(latitude: float, longitude: float, half_side: float = 0.002) -> tuple[float, float, float, float]:
	"""A small (west, south, east, north) box around a point."""
	return (longitude - half_side, latitude - half_side, longitude + half_side, latitude + half_side)


@pytest.fixture(scope="module")
def open311_place():
	"""For Open311, committed for the module: two themes (one a group), a territory with a lead organisation, and one with nobody in charge."""
	frappe.set_user("Administrator")
	started = now_datetime()
	group = factories.make_theme(is_group=1)
	theme = factories.make_theme(parent_gusp_theme=group.name)
	point = (45.1234, 4.5678)
	orphan_point = (45.2234, 4.6678)
	territory = factories.make_territory(geolocation=geojson_rectangle(around(*point)))
	orphan_territory = factories.make_territory(geolocation=geojson_rectangle(around(*orphan_point)))
	lead = factories.make_network_member()
	responsibility = frappe.get_doc(
		{
			"doctype": "Responsibility",
			"theme": theme.name,
			"territory": territory.name,
			"land_status": "Any",
			"network_member": lead.name,
			"role": "Lead",
		}
	).insert()
	frappe.db.commit()
	yield SimpleNamespace(
		group=group.name,
		theme=theme.name,
		point=point,
		orphan_point=orphan_point,
		territory=territory.name,
		orphan_territory=orphan_territory.name,
		lead=lead.name,
	)
	frappe.set_user("Administrator")
	frappe.db.rollback()
	delete_reports_about([theme.name, group.name])
	# the test site has no outgoing email account: each "received" notification logged an error
	frappe.db.delete("Error Log", {"method": "Failed to send Notification", "creation": (">=", started)})
	for doctype, name in (
		("Responsibility", responsibility.name),
		("Network Member", lead.name),
		("GUSP Territory", territory.name),
		("GUSP Territory", orphan_territory.name),
		("GUSP Theme", theme.name),
		("GUSP Theme", group.name),
	):
		delete(doctype, name)
	frappe.db.commit()
