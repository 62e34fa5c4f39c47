"""Every page a resident can reach, in a phone-sized browser: French only, and accessible.

Each page is scanned for English words of an interface (visible text, and the labels a screen
reader reads: aria-label, title, alt, placeholder) and checked with axe-core (no serious or
critical violation). The dialogs a resident meets are opened too: the photo upload and the
"missing values" message of an incomplete form.
"""

import json
import re

import frappe
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.resident_voice.test_portal import submit

# English words of an interface that are not French words too
ENGLISH = frozenset(
	"""the and your you please select submit with from this that here there nothing built powered
	drag drop upload files file my device set all reload optimize missing required following fields
	values back home begin typing results another response reset manage third party apps sign
	login log out not found error thank yes no edit new save cancel close search loading more less
	attach attachment attachments link links take camera library web of or to is are be by
	for on an it we our us view show hide next previous go welcome hello account settings logout""".split()
)
# a word on its own: not the letters of a code such as "MY105" (a territory's test name)
WORD = re.compile(r"\b[A-Za-zÀ-ÿ’']+\b")
SCREEN_READER_TEXT = """() => [...document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')]
	.filter((el) => el.offsetParent !== null || el.getAttribute('aria-label'))
	.map((el) => ['aria-label', 'title', 'alt', 'placeholder'].map((a) => el.getAttribute(a) || '').join(' '))
	.join(' ')"""


def english_lines(page) -> list[str]:
	"""The lines of text (and screen-reader labels) that hold an English word of an interface."""
	text = page.inner_text("body") + "\n" + page.evaluate(SCREEN_READER_TEXT)
	found = set()
	for line in text.splitlines():
		if words := [word for word in WORD.findall(line) if word.lower() in ENGLISH]:
			found.add(f"{words} in {line.strip()[:160]!r}")
	return sorted(found)


def axe_violations(page) -> list[str]:
	results = Axe().run(page)
	return [
		f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:5]}"
		for v in results.response["violations"]
		if v["impact"] in ("serious", "critical")
	]


@pytest.fixture(scope="module")
def tracking_path(live_server, place):
	import requests

	from tests.factories import SITE

	session = requests.Session()
	session.headers["X-Frappe-Site-Name"] = SITE
	session.url = lambda path: f"{live_server}{path}"
	answer = submit(session, place)
	assert answer.ok, answer.text[-300:]
	message = answer.json()["message"]
	frappe.db.rollback()
	yield "/suivi/" + message["tracking_url"].rsplit("/", 1)[1]
	from tests.conftest import delete_report

	delete_report(message["name"])
	frappe.db.commit()


def check_page(page, what: str) -> list[str]:
	problems = [f"{what}: English {line}" for line in english_lines(page)]
	problems += [f"{what}: {violation}" for violation in axe_violations(page)]
	return problems


def test_the_portal_pages_read_in_french_and_pass_axe(phone, tracking_path):
	page = phone
	problems = []
	for path in (
		"/",
		"/signalement/new",
		"/besoin/new",
		tracking_path,
		"/agenda",
		"/login",
		"/page-qui-nexiste-pas",
	):
		page.goto(path)
		page.wait_for_load_state("networkidle")
		problems += check_page(page, path)
	assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_the_dialogs_of_the_report_form_read_in_french(phone):
	page = phone
	page.goto("/signalement/new")
	page.get_by_role("button", name="Envoyer le signalement").wait_for()
	problems = []
	page.get_by_role("button", name="Envoyer le signalement").click()
	page.locator(".modal:visible").wait_for()
	problems += check_page(page, "missing values")
	page.keyboard.press("Escape")
	page.locator(".modal:visible").wait_for(state="hidden")
	page.locator("[data-fieldname='photo'] button").first.click()
	page.locator(".modal:visible input[type='file']").wait_for(state="attached")
	problems += check_page(page, "photo upload")
	assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
