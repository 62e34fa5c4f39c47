"""Load held: 20 residents report at once for a minute, through the web form and Open311, while one
client hammers the site from a single address.

The live server (gunicorn on 127.0.0.1) trusts 127.0.0.1 as its proxy, so each resident is told
apart by the address the proxy passes on (`X-Forwarded-For`), as behind nginx in production. The
residents' addresses are listed in GUSP Settings' shared addresses, with a raised hourly limit of
their own: the app's limits stay on, raised for the test's own addresses only. Frappe's fixed
limit on the web form (10 a minute per address) is respected by pacing each resident's web-form
reports; Open311 has no such limit. The abusive client's address is not shared.
"""

import random
import threading
import time

import frappe
import pytest

from tests.factories import french
from tests.reliability import residents as kit

pytestmark = pytest.mark.slow

SUBMITTERS = 20
SECONDS = 60
THINK_SECONDS = 0.5  # a resident's pause between two reports
WEB_FORM_EVERY = 6.5  # seconds between two web-form reports of one address: ≤ 10 a minute
GREY_SHARE = 0.2  # reports on the theme nobody leads
ABUSER = "203.0.113.66"  # not a shared address
GUEST_LIMIT = 5  # the app's hourly limit for an address that is not shared


@pytest.fixture(scope="module")
def ground():
	with kit.ground() as made:
		yield made


@pytest.fixture(scope="module")
def limits():
	with kit.raised_limits(GUEST_LIMIT):
		yield


def run_load(site: kit.Residents) -> tuple[list[kit.Answer], list[kit.Answer]]:
	"""The residents and the abuser, all at once, for SECONDS; each request times out."""
	residents: list[kit.Answer] = []
	abuser: list[kit.Answer] = []
	lock = threading.Lock()
	start = threading.Barrier(SUBMITTERS + 1)
	deadline = [0.0]

	def resident(index: int) -> None:
		session = site.session(kit.resident_address(index))
		rng = random.Random(index)
		last_web_form = -WEB_FORM_EVERY
		start.wait()
		number = 0
		while time.monotonic() < deadline[0]:
			# every resident's first report at the same instant, where nobody leads
			theme = site.ground.grey if number == 0 or rng.random() < GREY_SHARE else site.ground.led
			marker = site.marker(index, number)
			if time.monotonic() - last_web_form >= WEB_FORM_EVERY:
				last_web_form = time.monotonic()
				answer = site.web_form(session, f"resident {index}", marker, theme)
			else:
				answer = site.open311(session, f"resident {index}", marker, theme)
			with lock:
				residents.append(answer)
			number += 1
			time.sleep(THINK_SECONDS)

	def hammer() -> None:
		session = site.session(ABUSER)
		number = 0
		while time.monotonic() < deadline[0]:
			send = site.web_form if number % 2 == 0 else site.open311
			answer = send(session, "abuser", site.marker("abuser", number), site.ground.led)
			with lock:
				abuser.append(answer)
			number += 1
			time.sleep(0.05)

	threads = [threading.Thread(target=resident, args=(i,), daemon=True) for i in range(SUBMITTERS)]
	for thread in threads:
		thread.start()
	deadline[0] = time.monotonic() + SECONDS
	start.wait()
	abuse = threading.Thread(target=hammer, daemon=True)
	abuse.start()
	for thread in [*threads, abuse]:
		thread.join(SECONDS + kit.TIMEOUT + 10)
	return residents, abuser


def test_twenty_residents_reporting_for_a_minute_are_all_served_and_nothing_is_lost_or_doubled(
	live_server, ground, limits
):
	site = kit.Residents(live_server, ground)
	residents, abuser = run_load(site)

	# every resident was served: no server error, no refusal, no request left unanswered
	statuses = {}
	for answer in residents:
		statuses[answer.status] = statuses.get(answer.status, 0) + 1
	assert set(statuses) <= {200, 201}, statuses
	assert len(residents) >= SUBMITTERS * 10, statuses  # the site kept up with the residents
	assert all(answer.status < 500 and answer.status != 0 for answer in abuser)

	# the reports in the database are the accepted answers, each once
	stored = kit.stored_reports(ground, site.run)
	markers = [row.marker for row in stored]
	accepted = {answer.marker: answer.report for answer in [*residents, *abuser] if answer.report}
	assert len(markers) == len(set(markers)), "a report was stored twice"
	assert set(markers) == set(accepted), "accepted answers and stored reports differ"
	assert {row.name for row in stored} == set(accepted.values())

	# each report is whole: its Resident Contact was saved with it
	names = [row.name for row in stored]
	contacts = frappe.get_all(
		"Resident Contact",
		filters={"reference_doctype": "Resident Report", "reference_name": ("in", names)},
		pluck="reference_name",
	)
	assert sorted(contacts) == sorted(names)

	# the abusive client got the rate limit's answer, in French, and no more reports than its limit
	refused = [answer for answer in abuser if answer.status == 429]
	assert refused, {answer.status for answer in abuser}
	assert sum(1 for answer in abuser if answer.report) <= GUEST_LIMIT
	expected = {
		french("You hit the rate limit because of too many requests. Please try after sometime."),
		french("Too many reports were sent from your connection in the last hour. Please try again later."),
	}
	for channel in ("web form", "open311"):
		said = {message for answer in refused if answer.channel == channel for message in answer.messages}
		assert said and said <= expected, (channel, said)

	# however many reports arrived at once on the theme nobody leads, one open grey zone
	open_zones = frappe.get_all(
		"Grey Zone",
		filters={
			"theme": ground.grey,
			"territory": ground.geo.qpv,
			"status": ("in", ["Pending", "Under Discussion"]),
		},
		pluck="name",
	)
	assert len(open_zones) == 1, open_zones
