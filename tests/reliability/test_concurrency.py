"""Many people at once: requests that really run together on the live server (gunicorn, two
workers, a database connection each), started by threads at a barrier.

- Residents reporting at the same instant where nobody leads open one grey zone, not one each.
- "Moi aussi" from many addresses at once: every voice is counted, and a member saving the report
  meanwhile does not take them back.
- Two members saving the same Action Sheet or report, both from the version they opened: the second
  gets Frappe's "modified after you opened it", in French; the first one's change stays.
- Two workflow actions at once on a report: one applies, the other is refused in French, and the
  state, the public status and the Workflow Actions agree.

The live server sees only what is committed: what these tests make is committed and deleted after.
"""

import json
import secrets
import threading

import frappe
import pytest
import requests
from frappe.installer import update_site_config
from frappe.model.workflow import apply_workflow
from frappe.utils import now_datetime
from frappe.utils.password import delete_all_passwords_for, update_password

from gusp_network import client_ip
from gusp_network.directory.who_does_what import open_grey_zone
from tests.conftest import clear_rate_limits, delete_report
from tests.factories import (
	SITE,
	as_user,
	delete,
	delete_reports_about,
	delete_traces,
	fake,
	make_action_sheet,
	make_report,
	make_theme,
	make_user,
)

WEB_FORM_ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"
ME_TOO = "/api/method/gusp_network.resident_voice.portal.me_too"
GETDOC = "/api/method/frappe.desk.form.load.getdoc"
SAVEDOCS = "/api/method/frappe.desk.form.save.savedocs"
APPLY_WORKFLOW = "/api/method/frappe.model.workflow.apply_workflow"
PASSWORD = f"Gusp-{secrets.token_urlsafe(12)}"
ROUNDS = 5

# Frappe's own French (frappe/locale/fr.po)
MODIFIED_AFTER_OPENED = "le document a été modifié après que vous l'ayez ouvert"
NOT_A_VALID_ACTION = "Action de flux de travail non valide"


def at_once(*calls):
	"""Run the calls in threads released together at a barrier; their results, in order."""
	barrier = threading.Barrier(len(calls))
	results = [None] * len(calls)

	def run(index, call):
		barrier.wait()
		try:
			results[index] = call()
		except Exception as error:  # reported by the test, not lost in a thread
			results[index] = error

	threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=120)
	for result in results:
		if isinstance(result, Exception):
			raise result
	return results


def session() -> requests.Session:
	s = requests.Session()
	s.headers["X-Frappe-Site-Name"] = SITE
	return s


def server_messages(response: requests.Response) -> str:
	"""The messages the desk shows for an answer (Frappe's `_server_messages`)."""
	messages = json.loads(response.json().get("_server_messages") or "[]")
	return " ".join(json.loads(message).get("message", "") for message in messages)


def forget_what_frappe_wrote_since(started) -> None:
	"""What Frappe wrote on the side since `started` while these tests made and deleted their
	records: queued emails (assignments), the history of the assignments closed, the activity
	feed's "deleted" lines, the Deleted Document copies, the failed notifications' logs."""
	for queued in frappe.get_all("Email Queue", filters={"creation": (">=", started)}, pluck="name"):
		delete("Email Queue", queued)
	frappe.db.delete("Version", {"ref_doctype": "ToDo", "creation": (">=", started)})
	frappe.db.delete("Comment", {"comment_type": "Deleted", "creation": (">=", started)})
	frappe.db.delete("Deleted Document", {"creation": (">=", started)})
	frappe.db.delete("Error Log", {"method": "Failed to send Notification", "creation": (">=", started)})


@pytest.fixture(autouse=True)
def leaves_no_trace():
	"""Runs last after each test: the side records of what the test committed go too."""
	started = now_datetime()
	yield
	frappe.db.rollback()
	forget_what_frappe_wrote_since(started)
	frappe.db.commit()


# ---------------------------------------------------------------- grey zones


@pytest.fixture
def orphan_themes(place):
	"""Themes nobody leads anywhere, made (committed) as the test asks; their reports and grey
	zones are deleted after."""
	themes = []

	def make():
		themes.append(make_theme().name)
		frappe.db.commit()
		return themes[-1]

	yield make
	frappe.db.rollback()
	delete_reports_about(themes)
	for theme in themes:
		delete("GUSP Theme", theme)
	frappe.db.commit()


def report_from_a_guest(live_server: str, theme: str, place) -> requests.Response:
	data = {
		"doctype": "Resident Report",
		"web_form_name": "signalement",
		"theme": theme,
		"description": fake.sentence(nb_words=10),
		"latitude": place.lat,
		"longitude": place.lng,
	}
	with session() as resident:
		return resident.post(
			f"{live_server}{WEB_FORM_ACCEPT}", data={"web_form": "signalement", "data": json.dumps(data)}
		)


@pytest.mark.slow
def test_reports_sent_at_once_where_nobody_leads_open_a_single_grey_zone(
	live_server, place, orphan_themes, gusp_settings
):
	gusp_settings(commit=True, guest_reports_per_hour=0)
	for _round in range(ROUNDS):
		clear_rate_limits()
		theme = orphan_themes()
		answers = at_once(*[lambda: report_from_a_guest(live_server, theme, place)] * 3)
		assert [a.status_code for a in answers] == [200] * 3, [a.text[-300:] for a in answers]
		frappe.db.rollback()
		zones = frappe.get_all("Grey Zone", filters={"theme": theme}, fields=["name", "territory"])
		assert len(zones) == 1, f"one grey zone for {theme} × {place.qpv}, not {len(zones)}"
		assert zones[0].territory == place.qpv
		reports = [a.json()["message"]["name"] for a in answers]
		linked = frappe.get_all("Resident Report", filters={"name": ("in", reports)}, pluck="grey_zone")
		assert linked == [zones[0].name] * 3, "every report points to that zone"
	clear_rate_limits()


def test_a_settled_grey_zone_is_not_reused_and_an_open_one_is(place, orphan_themes):
	theme = orphan_themes()
	first = make_report(theme, territory=place.qpv).grey_zone
	frappe.db.set_value("Grey Zone", first, "status", "Settled")
	second = make_report(theme, territory=place.qpv).grey_zone
	assert second and second != first
	assert open_grey_zone(theme, place.qpv, "Unknown") == second
	assert make_report(theme, territory=place.qpv).grey_zone == second


# ---------------------------------------------------------------- "moi aussi"


@pytest.fixture
def trusted_local_proxy():
	"""The live server trusts 127.0.0.1 as its proxy (site config), so that each thread speaks
	from an address of its own (X-Forwarded-For)."""
	previous = frappe.conf.get(client_ip.CONFIG_KEY)
	update_site_config(client_ip.CONFIG_KEY, ["127.0.0.1"])
	try:
		yield
	finally:
		update_site_config(client_ip.CONFIG_KEY, "None" if previous is None else previous)
		if previous is None:
			frappe.local.conf.pop(client_ip.CONFIG_KEY, None)


@pytest.fixture
def committed_reports():
	"""Names of reports committed for the live server, deleted with their traces after the test."""
	names = []
	yield names
	frappe.db.rollback()
	for name in names:
		frappe.cache.delete_keys(f"gusp_me_too:{name}:")
		delete_report(name)
	frappe.db.commit()


def public_report(place, committed_reports, network, **values) -> str:
	"""A report organisation A has taken in charge (In Progress: the public sees it), committed."""
	report = make_report(place.theme, territory=place.qpv)
	with as_user(network.member_a):
		apply_workflow(report.as_dict(), "Take Charge")
	if values:
		frappe.db.set_value("Resident Report", report.name, values)
	frappe.db.commit()
	committed_reports.append(report.name)
	assert frappe.db.get_value("Resident Report", report.name, "workflow_state") == "In Progress"
	return report.name


def me_too_from(live_server: str, report: str, address: str) -> requests.Response:
	with session() as resident:
		return resident.post(
			f"{live_server}{ME_TOO}", data={"report": report}, headers={"X-Forwarded-For": address}
		)


@pytest.mark.slow
def test_residents_clicking_me_too_at_once_are_all_counted(
	live_server, network, place, committed_reports, trusted_local_proxy, gusp_settings
):
	gusp_settings(commit=True, guest_reports_per_hour=0)
	clear_rate_limits()
	name = public_report(place, committed_reports, network)
	voices = 12
	answers = at_once(
		*[lambda n=n: me_too_from(live_server, name, f"198.51.100.{n + 1}") for n in range(voices)]
	)
	assert [a.status_code for a in answers] == [200] * voices, [a.text[-200:] for a in answers]
	assert all(a.json()["message"]["counted"] for a in answers)
	frappe.db.rollback()
	assert frappe.db.get_value("Resident Report", name, "me_too_count") == voices
	clear_rate_limits()


# ---------------------------------------------------------------- members of the desk


@pytest.fixture(scope="module")
def members(network):
	"""Two French-speaking members of organisation A who log in over HTTP; they and what their
	logins left are deleted after."""
	users = [make_user("GUSP Member", member=network.org_a, language="fr").name for _ in range(2)]
	for user in users:
		update_password(user, PASSWORD)
	frappe.db.commit()
	yield users
	frappe.db.rollback()
	started = now_datetime()
	org = frappe.get_doc("Network Member", network.org_a)
	org.set("users", [row for row in org.users if row.user not in users])
	org.save(ignore_permissions=True)
	for user in users:
		delete_all_passwords_for("User", user)
		for contact in frappe.get_all("Contact", filters={"user": user}, pluck="name"):
			delete("Contact", contact)
		delete_traces("User", user)
		delete("User", user)
	frappe.db.delete("Sessions", {"user": ("in", users)})
	frappe.db.delete("Activity Log", {"user": ("in", users)})
	forget_what_frappe_wrote_since(started)
	frappe.db.commit()


class Desk:
	"""A member's browser on the desk: logged in, it opens and saves forms as the desk does."""

	def __init__(self, live_server: str, user: str):
		self.base = live_server
		self.session = session()
		login = self.session.post(f"{live_server}/api/method/login", data={"usr": user, "pwd": PASSWORD})
		assert login.ok, login.text[-300:]

	def open(self, doctype: str, name: str) -> dict:
		response = self.session.get(f"{self.base}{GETDOC}", params={"doctype": doctype, "name": name})
		assert response.ok, response.text[-300:]
		return response.json()["docs"][0]

	def save(self, doc: dict) -> requests.Response:
		return self.session.post(f"{self.base}{SAVEDOCS}", data={"doc": json.dumps(doc), "action": "Save"})

	def apply(self, doc: dict, action: str) -> requests.Response:
		return self.session.post(
			f"{self.base}{APPLY_WORKFLOW}", data={"doc": json.dumps(doc), "action": action}
		)

	def close(self):
		self.session.get(f"{self.base}/api/method/logout")
		self.session.close()


@pytest.fixture
def desks(live_server, members):
	opened = [Desk(live_server, user) for user in members]
	yield opened
	for desk in opened:
		desk.close()


@pytest.fixture
def action_sheet(network):
	name = make_action_sheet(network.org_a, state="Draft").name
	frappe.db.commit()
	yield name
	frappe.db.rollback()
	delete_traces("Action Sheet", name)
	delete("Action Sheet", name)
	frappe.db.commit()


def assert_one_saved_and_one_told_in_french(answers) -> int:
	"""The index of the save that went through; the other was refused with Frappe's French."""
	statuses = sorted(a.status_code for a in answers)
	assert statuses == [200, 417], [a.text[-300:] for a in answers]
	refused = next(a for a in answers if a.status_code == 417)
	assert refused.json()["exc_type"] == "TimestampMismatchError"
	assert MODIFIED_AFTER_OPENED in server_messages(refused), server_messages(refused)
	return next(i for i, a in enumerate(answers) if a.status_code == 200)


@pytest.mark.slow
def test_two_members_saving_the_same_action_sheet_the_second_is_told_and_nothing_is_lost(desks, action_sheet):
	first, second = desks
	mine, theirs = first.open("Action Sheet", action_sheet), second.open("Action Sheet", action_sheet)
	mine["objectives"] = "Réduire les dépôts sauvages de moitié"
	assert first.save(mine).status_code == 200
	theirs["target_public"] = "Locataires du bâtiment C"
	refused = second.save(theirs)
	assert refused.status_code == 417
	assert refused.json()["exc_type"] == "TimestampMismatchError"
	assert MODIFIED_AFTER_OPENED in server_messages(refused), server_messages(refused)
	frappe.db.rollback()
	saved = frappe.db.get_value("Action Sheet", action_sheet, ["objectives", "target_public"])
	assert saved == ("Réduire les dépôts sauvages de moitié", None)

	# both at the same instant, from the version now saved: one goes through, the other is told
	mine, theirs = first.open("Action Sheet", action_sheet), second.open("Action Sheet", action_sheet)
	mine["title"], theirs["title"] = "Propreté du square — version A", "Propreté du square — version B"
	winner = assert_one_saved_and_one_told_in_french(
		at_once(lambda: first.save(mine), lambda: second.save(theirs))
	)
	frappe.db.rollback()
	assert frappe.db.get_value("Action Sheet", action_sheet, "title") == [mine, theirs][winner]["title"]
	assert (
		frappe.db.get_value("Action Sheet", action_sheet, "objectives")
		== "Réduire les dépôts sauvages de moitié"
	)


@pytest.mark.slow
def test_two_members_saving_the_same_report_the_second_is_told_and_nothing_is_lost(
	desks, network, place, committed_reports
):
	name = public_report(place, committed_reports, network)
	first, second = desks
	mine, theirs = first.open("Resident Report", name), second.open("Resident Report", name)
	mine["internal_notes"] = "Appeler le gardien avant jeudi"
	theirs["internal_notes"] = "Attendre la réponse du bailleur"
	winner = assert_one_saved_and_one_told_in_french(
		at_once(lambda: first.save(mine), lambda: second.save(theirs))
	)
	frappe.db.rollback()
	assert (
		frappe.db.get_value("Resident Report", name, "internal_notes")
		== [mine, theirs][winner]["internal_notes"]
	)


@pytest.mark.slow
def test_a_member_saving_a_report_does_not_take_back_the_voices_added_meanwhile(
	live_server, network, desks, place, committed_reports, trusted_local_proxy, gusp_settings
):
	gusp_settings(commit=True, guest_reports_per_hour=0)
	clear_rate_limits()
	name = public_report(place, committed_reports, network)
	first, _second = desks
	form = first.open("Resident Report", name)  # the member reads the report, 0 voices
	assert me_too_from(live_server, name, "198.51.100.77").json()["message"]["counted"]
	form["internal_notes"] = "Passage prévu lundi"
	assert first.save(form).status_code == 200
	frappe.db.rollback()
	assert frappe.db.get_value("Resident Report", name, ["internal_notes", "me_too_count"]) == (
		"Passage prévu lundi",
		1,
	)
	clear_rate_limits()


# ---------------------------------------------------------------- workflow transitions


def workflow_comments(report: str) -> list[str]:
	"""The "state changed" lines of the report's timeline."""
	return frappe.get_all(
		"Comment",
		filters={
			"reference_doctype": "Resident Report",
			"reference_name": report,
			"comment_type": "Workflow",
		},
		pluck="content",
	)


@pytest.mark.slow
def test_two_workflow_actions_at_once_apply_one_and_leave_a_consistent_report(
	desks, network, place, committed_reports
):
	first, second = desks
	for _round in range(3):
		# In Progress, the fix described: a member may resolve it, another close it
		name = public_report(place, committed_reports, network, closing_reason="Fixed")
		docs = first.open("Resident Report", name), second.open("Resident Report", name)
		workflow_comments_before = len(workflow_comments(name))
		answers = at_once(lambda: first.apply(docs[0], "Resolve"), lambda: second.apply(docs[1], "Close"))
		statuses = [a.status_code for a in answers]
		assert sorted(statuses) == [200, 417], [a.text[-300:] for a in answers]
		refused = answers[statuses.index(417)]
		assert refused.json()["exc_type"] in ("TimestampMismatchError", "WorkflowTransitionError")
		shown = server_messages(refused)
		assert MODIFIED_AFTER_OPENED in shown or NOT_A_VALID_ACTION in shown, shown

		frappe.db.rollback()
		expected = ["Resolved", "Closed"][statuses.index(200)]
		report = frappe.db.get_value(
			"Resident Report", name, ["workflow_state", "public_status", "docstatus"], as_dict=True
		)
		assert (report.workflow_state, report.public_status, report.docstatus) == (expected, "Closed", 0)
		comments = workflow_comments(name)
		assert len(comments) == workflow_comments_before + 1, comments
		open_actions = frappe.get_all(
			"Workflow Action",
			filters={"reference_doctype": "Resident Report", "reference_name": name, "status": "Open"},
			pluck="workflow_state",
		)
		assert open_actions == [expected], "the open Workflow Action is the new state's only"
