"""Reporters' contact details are erased once GUSP Settings' retention period has passed since the
report's closure; the report, its statistics and its tracking page stay."""

from datetime import datetime
from urllib.parse import urlencode

import frappe
import pytest
from frappe.utils import add_days, getdate, now_datetime, set_request
from frappe.website.serve import get_response

from gusp_network.resident_voice.retention import anonymise_expired_contacts
from tests.factories import as_user, make_geography, make_report, make_theme, make_user

CONTACT = "Resident Contact"
# the day the job runs in these tests: the clock is moved back, so that only the test's own reports
# are old enough (the site's other reports, made in this century, are left alone)
JOB_RUNS = datetime(2001, 1, 1, 3, 0)
PERSONAL = ["full_name", "email", "phone", "user"]


@pytest.fixture
def place(monkeypatch, gusp_settings):
	"""A theme and a territory to report on; the job's commits held back (the test rolls back);
	the site's retention period: 365 days."""
	monkeypatch.setattr(frappe.db, "commit", lambda *args, **kwargs: None)
	gusp_settings(contact_retention_days=365)
	return make_theme().name, make_geography().qpv


def reported(place, email: str, **values):
	theme, qpv = place
	return make_report(
		theme,
		territory=qpv,
		reporter_name="Josiane Ferrand",
		reporter_email=email,
		reporter_phone="+33 6 12 34 56 78",
		consent=1,
		**values,
	)


def follow(report, email: str) -> None:
	"""A neighbour kept informed of the report ("moi aussi", then their email: followers.py)."""
	doc = frappe.get_doc(CONTACT, report.name)
	doc.append("followers", {"email": email, "consent": 1, "added_on": now_datetime()})
	doc.save(ignore_permissions=True)


def close(report, days_ago: int) -> None:
	"""Closed (fixed) `days_ago` days before the job runs, as the workflow's Close leaves it."""
	doc = frappe.get_doc("Resident Report", report.name)
	doc.update(
		{
			"public_status": "Closed",
			"closing_reason": "Fixed",
			"closed_on": add_days(getdate(JOB_RUNS), -days_ago),
		}
	)
	doc.save(ignore_permissions=True)
	frappe.db.set_value("Resident Report", report.name, "workflow_state", "Closed")


def contact(report) -> frappe._dict:
	return frappe.db.get_value(CONTACT, report.name, [*PERSONAL, "consent", "anonymised_on"], as_dict=True)


def sent_copies(report) -> int:
	return frappe.db.count("Communication", {"reference_doctype": CONTACT, "reference_name": report.name})


def tracking_page(key: str) -> tuple[int, str]:
	"""/suivi/<key> as a guest gets it: (status, HTML)."""
	frappe.set_user("Guest")
	frappe.local.form_dict = frappe._dict(key=key)
	set_request(method="GET", path=f"/suivi/{key}", query_string=urlencode({}))
	try:
		response = get_response()
	finally:
		frappe.set_user("Administrator")
	return response.status_code, frappe.safe_decode(response.get_data())


def test_contacts_of_reports_closed_longer_ago_than_the_retention_period_are_anonymised(place):
	old = reported(place, "ancienne.habitante@example.org")
	follow(old, "voisin.ancien@example.org")
	recent = reported(place, "recente.habitante@example.org")
	still_open = reported(place, "en.cours@example.org")
	close(old, 366)
	close(recent, 364)
	assert sent_copies(old), "the reporter was emailed (receipt, closure)"

	anonymise_expired_contacts(now=JOB_RUNS)

	erased = contact(old)
	assert [erased[field] for field in PERSONAL] == [None] * 4
	assert not erased.consent and erased.anonymised_on
	assert frappe.get_doc(CONTACT, old.name).followers == []
	assert sent_copies(old) == 0, "the copies of the emails sent to the reporter are deleted"
	assert not frappe.db.exists("Email Queue Recipient", {"recipient": "ancienne.habitante@example.org"})
	assert frappe.db.get_value("Resident Report", old.name, "description") == old.description

	assert contact(recent).email == "recente.habitante@example.org"
	assert contact(recent).anonymised_on is None
	assert contact(still_open).email == "en.cours@example.org"

	status, html = tracking_page(old.tracking_key)
	assert status == 200
	assert old.name in html and "Closed" in html
	assert "ancienne.habitante" not in html and "Josiane" not in html


def test_two_days_later_the_report_closed_364_days_ago_is_anonymised_and_an_open_one_never(place):
	recent = reported(place, "recente.habitante@example.org")
	still_open = reported(place, "en.cours@example.org")
	close(recent, 364)

	assert anonymise_expired_contacts(now=add_days(JOB_RUNS, 1)) == 0
	assert contact(recent).email == "recente.habitante@example.org"

	anonymise_expired_contacts(now=add_days(JOB_RUNS, 2))
	assert contact(recent).email is None
	assert contact(recent).anonymised_on == add_days(JOB_RUNS, 2)

	anonymise_expired_contacts(now=add_days(JOB_RUNS, 3650))
	assert contact(still_open).email == "en.cours@example.org"
	assert contact(still_open).anonymised_on is None


def test_the_job_runs_twice_without_changing_anything_the_second_time(place):
	old = reported(place, "deux.fois@example.org")
	close(old, 400)
	assert anonymise_expired_contacts(now=JOB_RUNS) == 1
	first = contact(old).anonymised_on
	assert anonymise_expired_contacts(now=JOB_RUNS) == 0
	assert contact(old).anonymised_on == first


def test_the_author_of_a_need_unchanged_for_longer_than_the_period_is_anonymised(place):
	theme, qpv = place
	need = frappe.get_doc(
		{
			"doctype": "Resident Need",
			"need_type": "Idea",
			"description": "Des bancs près de l'aire de jeux.",
			"theme": theme,
			"territory": qpv,
			"status": "New",
			"author_name": "Mourad Benali",
			"author_email": "mourad.idee@example.org",
			"consent": 1,
		}
	).insert(ignore_permissions=True)
	anonymise_expired_contacts(now=JOB_RUNS)
	assert frappe.db.get_value(CONTACT, need.name, "email") == "mourad.idee@example.org"

	frappe.db.set_value(
		"Resident Need", need.name, "modified", add_days(JOB_RUNS, -366), update_modified=False
	)
	anonymise_expired_contacts(now=JOB_RUNS)
	assert frappe.db.get_value(CONTACT, need.name, ["full_name", "email"]) == (None, None)
	assert frappe.db.exists("Resident Need", need.name)


def test_a_residents_account_is_unlinked_and_my_reports_no_longer_lists_the_report(place):
	from gusp_network.www import my_reports

	theme, qpv = place
	resident = make_user("GUSP Resident", user_type="Website User").name
	with as_user(resident):
		mine = make_report(theme, territory=qpv)
		assert [r.name for r in my_reports.get_context(frappe._dict()).reports] == [mine.name]
	close(mine, 366)

	anonymise_expired_contacts(now=JOB_RUNS)

	assert contact(mine).user is None and contact(mine).email is None
	with as_user(resident):
		assert my_reports.get_context(frappe._dict()).reports == []
	status, _html = tracking_page(mine.tracking_key)
	assert status == 200


def test_zero_days_keeps_the_contact_details(place, gusp_settings):
	gusp_settings(contact_retention_days=0)
	old = reported(place, "pour.toujours@example.org")
	close(old, 3000)
	assert anonymise_expired_contacts(now=JOB_RUNS) == 0
	assert contact(old).email == "pour.toujours@example.org"


def test_the_job_runs_every_day():
	method = "gusp_network.resident_voice.retention.anonymise_expired_contacts"
	assert frappe.db.get_value("Scheduled Job Type", {"method": method}, "frequency") == "Daily"
