"""Faults: MariaDB or Redis restarts while residents report.

The tests run as the bench user, who may not restart the real servers: a dedicated gunicorn (the
app's WSGI application, as in production) reaches MariaDB and Redis through `FaultProxy`, which
plays a restart: every open connection reset, new ones refused for a while, then accepted again.
While a server is away, residents must be asked in French to try again (503 with Retry-After: the
portal's page, JSON for the API, GeoReport's error list for Open311); the site must come back by
itself; and nothing may be half-written: no report without its contact or the reverse, no
assignment or workflow action of a missing report, no photo on disk without its File record.
"""

import json
import os
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import frappe
import pytest
import requests
from frappe.utils import now_datetime

from benchmarks.server import gunicorn
from tests.factories import BENCH, SITE
from tests.reliability import residents as kit
from tests.reliability.faultproxy import FaultProxy

pytestmark = pytest.mark.slow

RESIDENTS = 6
WEB_FORM_EVERY = 6.5  # seconds between two web-form reports of one address (Frappe: 10 a minute)
OUTAGE_SECONDS = 10
GUEST_LIMIT = 5
RETRY = "réessayer"


# ---------------------------------------------------------------- the server behind the proxies


@pytest.fixture(scope="module")
def ground():
	with kit.ground() as made:
		yield made


@pytest.fixture(scope="module")
def limits():
	with kit.raised_limits(GUEST_LIMIT):
		yield


@pytest.fixture(scope="module")
def server(tmp_path_factory):
	"""gunicorn whose MariaDB and Redis are reached through fault proxies (Frappe reads
	FRAPPE_DB_HOST/PORT and FRAPPE_REDIS_CACHE/QUEUE before the site config)."""
	database = FaultProxy(frappe.conf.db_host or "127.0.0.1", int(frappe.conf.db_port or 3306))
	redis_proxies = {}
	env = {"FRAPPE_DB_HOST": "127.0.0.1", "FRAPPE_DB_PORT": str(database.port)}
	for variable, url in (
		("FRAPPE_REDIS_CACHE", frappe.conf.redis_cache),
		("FRAPPE_REDIS_QUEUE", frappe.conf.redis_queue),
	):
		parts = urlsplit(url)
		target = (parts.hostname or "127.0.0.1", parts.port or 6379)
		if target not in redis_proxies:
			redis_proxies[target] = FaultProxy(*target)
		credentials = parts.netloc.rpartition("@")[0]
		netloc = f"{credentials}@" if credentials else ""
		env[variable] = urlunsplit(parts._replace(netloc=f"{netloc}127.0.0.1:{redis_proxies[target].port}"))
	log = tmp_path_factory.mktemp("faults") / "gunicorn.log"
	try:
		with gunicorn(BENCH, SITE, workers=2, log=log, env=env) as (base_url, _pid):
			yield frappe._dict(base_url=base_url, db=database, redis=list(redis_proxies.values()), log=log)
	finally:
		database.close()
		for proxy in redis_proxies.values():
			proxy.close()


def redis_outage(server, seconds: float) -> None:
	for proxy in server.redis:
		proxy.outage(seconds)


# ---------------------------------------------------------------- residents through an outage


class Run:
	"""Residents reporting (photos, web form, Open311) and a visitor reading pages, for `seconds`;
	`outage()` is called `outage_after` seconds in."""

	def __init__(self, site: kit.Residents, seconds: float, outage_after: float, outage):
		self.site, self.seconds, self.outage_after, self.outage = site, seconds, outage_after, outage
		self.answers: list[tuple[float, kit.Answer]] = []  # (seconds since the start, answer)
		self.pages: list[tuple[float, str, requests.Response | None]] = []
		self.lock = threading.Lock()

	def elapsed(self) -> float:
		return time.monotonic() - self.began

	def keep(self, answer: kit.Answer) -> kit.Answer:
		with self.lock:
			self.answers.append((self.elapsed(), answer))
		return answer

	def resident(self, index: int) -> None:
		site, session = self.site, self.site.session(kit.resident_address(index))
		client, number, last_web_form = f"resident {index}", 0, -WEB_FORM_EVERY
		while self.elapsed() < self.seconds:
			marker = site.marker("fault", index, number)
			theme = site.ground.grey if number % 4 == 3 else site.ground.led
			if self.elapsed() - last_web_form >= WEB_FORM_EVERY:
				last_web_form = self.elapsed()
				photo = self.keep(site.upload_photo(session, client, marker))
				if photo.report:
					self.keep(site.web_form(session, client, marker, theme, photo=photo.report))
			else:
				self.keep(site.open311(session, client, marker, theme))
			number += 1
			time.sleep(0.3)

	def visitor(self) -> None:
		session = self.site.session("10.77.0.200")
		paths = ("/", "/signalement/new", "/api/method/ping", "/open311/v2/services.json")
		number = 0
		while self.elapsed() < self.seconds:
			path = paths[number % len(paths)]
			try:
				response = session.get(f"{self.site.base_url}{path}", timeout=kit.TIMEOUT)
			except requests.RequestException:
				response = None
			with self.lock:
				self.pages.append((self.elapsed(), path, response))
			number += 1
			time.sleep(0.2)

	def __call__(self) -> "Run":
		self.began = time.monotonic()
		self.began_epoch = time.time()  # for the files' modification times
		threads = [threading.Thread(target=self.resident, args=(i,), daemon=True) for i in range(RESIDENTS)]
		threads.append(threading.Thread(target=self.visitor, daemon=True))
		for thread in threads:
			thread.start()
		time.sleep(self.outage_after)
		self.down_at = self.elapsed()
		self.outage()
		for thread in threads:
			thread.join(self.seconds + kit.TIMEOUT + 10)
		return self


def assert_failed_cleanly(run: Run, up_at: float) -> None:
	"""Every answer is a success or a French 503 asking to retry; all succeed again after the outage."""
	statuses = {}
	for _at, answer in run.answers:
		statuses[answer.status] = statuses.get(answer.status, 0) + 1
	errors = [answer for _at, answer in run.answers if answer.status not in (200, 201, 503)]
	assert set(statuses) <= {200, 201, 503}, (statuses, errors[:3])
	page_statuses = {response.status_code if response is not None else 0 for _at, _p, response in run.pages}
	bad_pages = [(at, path, r.status_code if r is not None else 0) for at, path, r in run.pages]
	bad_pages = [page for page in bad_pages if page[2] not in (200, 503)]
	assert page_statuses <= {200, 503}, (
		bad_pages,
		[r.text[:400] for *_x, r in run.pages if r is not None and r.status_code == 500][:2],
	)
	for _at, answer in run.answers:
		if answer.status == 503:
			assert answer.retry_after, answer
			assert any(RETRY in message for message in answer.messages), answer
	for _at, path, response in run.pages:
		if response is not None and response.status_code == 503:
			assert response.headers.get("Retry-After"), path
			assert RETRY in response.text, (path, response.text[:300])
	# back by itself: a moment after the server is back, everything succeeds again
	after = [answer for at, answer in run.answers if at > up_at + 3]
	assert after and all(answer.status in (200, 201) for answer in after), [a.status for a in after]
	assert {answer.channel for answer in after} >= {"open311", "web form", "photo"}


def assert_nothing_half_written(run: Run, since) -> None:
	site = run.site
	stored = kit.stored_reports(site.ground, site.run)
	accepted = {answer.marker: answer.report for _at, answer in run.answers if answer.channel != "photo"}
	accepted = {marker: name for marker, name in accepted.items() if name}
	assert sorted(row.marker for row in stored) == sorted(accepted), (
		"accepted answers and stored reports differ"
	)

	reports = set(frappe.get_all("Resident Report", filters={"creation": (">=", since)}, pluck="name"))
	contacts = set(
		frappe.get_all(
			"Resident Contact",
			filters={"reference_doctype": "Resident Report", "creation": (">=", since)},
			pluck="reference_name",
		)
	)
	assert contacts == reports, "a report without its contact, or a contact without its report"
	for doctype, type_field, name_field in (
		("ToDo", "reference_type", "reference_name"),
		("Workflow Action", "reference_doctype", "reference_name"),
	):
		pointed = frappe.get_all(
			doctype, filters={type_field: "Resident Report", "creation": (">=", since)}, pluck=name_field
		)
		assert set(pointed) <= reports, f"a {doctype} of a report that does not exist"

	# photos: no file on disk without its File record, no record without its file
	on_disk = set(photos_on_disk(run.began_epoch))
	recorded = frappe.get_all(
		"File",
		filters={"file_url": ("like", "/private/files/signalement-%"), "creation": (">=", since)},
		pluck="file_url",
	)
	names = {url.rpartition("/")[2] for url in recorded}
	assert on_disk == names


def photos_on_disk(started: float) -> list[str]:
	"""Residents' photos written to disk since `started` (seconds since the epoch)."""
	folder = Path(frappe.get_site_path("private", "files"))
	cutoff = started - 1
	return [
		path.name
		for path in folder.glob("signalement-*")
		if path.is_file() and os.path.getmtime(path) >= cutoff
	]


# ---------------------------------------------------------------- the tests


def test_while_mariadb_restarts_residents_are_asked_in_french_to_retry_and_the_site_comes_back(
	server, ground, limits
):
	since = now_datetime()
	site = kit.Residents(server.base_url, ground)
	run = Run(site, seconds=26, outage_after=5, outage=lambda: server.db.outage(OUTAGE_SECONDS))()
	up_at = run.down_at + OUTAGE_SECONDS

	during = [(path, r) for at, path, r in run.pages if run.down_at + 1 < at < up_at - 1 and r is not None]
	portal = [r for path, r in during if path == "/"]
	assert portal and all(r.status_code == 503 for r in portal)
	page = portal[0]
	assert page.headers["Content-Type"].startswith("text/html")
	assert '<html lang="fr">' in page.text and "momentanément indisponible" in page.text
	assert "Internal Server Error" not in page.text
	api = [r for path, r in during if path == "/api/method/ping"]
	assert api and all(r.status_code == 503 and r.json()["exc_type"] == "ServiceUnavailable" for r in api)
	open311 = [
		answer
		for at, answer in run.answers
		if answer.channel == "open311" and run.down_at + 1 < at < up_at - 1
	]
	assert open311 and all(answer.status == 503 for answer in open311)
	assert all(answer.content_type.startswith("application/json") for answer in open311)

	assert_failed_cleanly(run, up_at)
	assert_nothing_half_written(run, since)


def test_a_report_cut_off_by_the_database_in_the_middle_of_its_save_is_not_half_written(
	server, ground, limits
):
	site = kit.Residents(server.base_url, ground)
	session = site.session(kit.resident_address(30))
	marker = site.marker("cut")
	# the server goes away as the report's contact is being written: the report row is already in
	server.db.outage_on(rb"insert\s+into\s+`tabResident Contact`", 3)
	answer = site.web_form(session, "resident", marker, ground.grey)
	assert answer.status == 503 and answer.retry_after
	assert any(RETRY in message for message in answer.messages)
	assert not kit.stored_reports(ground, site.run)
	assert not frappe.get_all("Resident Contact", filters={"email": f"{marker.lower()}@example.org"})

	server.db.wait_until_up()
	time.sleep(0.5)
	again = site.web_form(session, "resident", marker, ground.grey)
	assert again.status == 200, again
	assert [row.marker for row in kit.stored_reports(ground, site.run)] == [marker]


def test_a_photo_cut_off_by_the_database_leaves_no_file_on_disk(server, ground, limits):
	since = time.time()
	site = kit.Residents(server.base_url, ground)
	session = site.session(kit.resident_address(31))
	# the server goes away as the File is inserted: the photo is already written to disk
	server.db.outage_on(rb"insert\s+into\s+`tabFile`", 3)
	answer = site.upload_photo(session, "resident", site.marker("photo"))
	assert answer.status == 503 and answer.retry_after
	assert photos_on_disk(since) == []

	server.db.wait_until_up()
	time.sleep(0.5)
	again = site.upload_photo(session, "resident", site.marker("photo"))
	assert again.status == 200, again
	frappe.db.rollback()
	assert frappe.db.exists("File", {"file_url": again.report})
	assert photos_on_disk(since) == [again.report.rpartition("/")[2]]
	frappe.delete_doc(
		"File", frappe.db.get_value("File", {"file_url": again.report}), force=True, ignore_permissions=True
	)
	frappe.db.commit()


def test_while_redis_restarts_residents_are_asked_to_retry_and_limits_and_caches_come_back(
	server, ground, limits
):
	since = now_datetime()
	site = kit.Residents(server.base_url, ground)

	def restart():
		redis_outage(server, 8)
		# a restarted Redis has forgotten everything: counters, caches, sessions
		frappe.cache.delete_keys("")

	run = Run(site, seconds=22, outage_after=4, outage=restart)()
	up_at = run.down_at + 8
	web_forms = [
		answer for at, answer in run.answers if answer.channel == "web form" and run.down_at < at < up_at
	]
	refused = [answer for at, answer in run.answers if answer.status == 503 and run.down_at < at < up_at]
	assert refused or not web_forms, [answer.status for answer in web_forms]
	assert_failed_cleanly(run, up_at)
	assert_nothing_half_written(run, since)

	# Frappe's limit on the web form counts again: the 11th try in a minute from one address is refused
	session = site.session(kit.resident_address(40))
	unplaced = json.dumps({"doctype": "Resident Report", "web_form_name": "signalement", "description": "?"})
	body = {"web_form": "signalement", "data": unplaced}  # refused (no place), never saved
	statuses = [requests_status(session, f"{server.base_url}{kit.WEB_FORM_ACCEPT}", body) for _ in range(11)]
	assert statuses[-1] == 429 and 429 not in statuses[:10], statuses
	# and the caches are filled again: the settings the server read are cached in Redis
	cached = {key.decode().partition("|")[2].partition("::")[0] for key in frappe.cache.get_keys("")}
	assert "document_cache" in cached or any(key.startswith("rl:") for key in cached), sorted(cached)[:50]
	kit.clear_counters()


def requests_status(session, url: str, data: dict) -> int:
	try:
		return session.post(url, data=data, timeout=kit.TIMEOUT).status_code
	except requests.RequestException:
		return 0
