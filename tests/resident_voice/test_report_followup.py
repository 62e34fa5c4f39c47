"""What follows a report: emails to a consenting reporter, photo checks, the resident's own pages."""

import frappe
import pytest
from frappe.email.doctype.notification.notification import trigger_notifications
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, today

from gusp_network.exceptions import InvalidPhotoError
from tests.factories import as_user, make_geography, make_report, make_theme, make_user, tiny_png


@pytest.fixture
def theme_and_qpv():
	return make_theme().name, make_geography().qpv


def emails_to(address: str) -> list[str]:
	queue = frappe.qb.DocType("Email Queue")
	recipient = frappe.qb.DocType("Email Queue Recipient")
	rows = (
		frappe.qb.from_(queue)
		.join(recipient)
		.on(recipient.parent == queue.name)
		.select(queue.message)
		.where(recipient.recipient == address)
		.run()
	)
	return [row[0] for row in rows]


def test_a_consenting_reporter_is_emailed_on_receipt_status_change_and_public_update(theme_and_qpv, network):
	theme, qpv = theme_and_qpv
	report = make_report(theme, territory=qpv, reporter_email="suivi.habitant@example.org", consent=1)
	assert len(emails_to("suivi.habitant@example.org")) == 1, "receipt with the tracking link"
	assert report.tracking_key in emails_to("suivi.habitant@example.org")[0].replace("=\n", "")

	with as_user(network.centre):
		apply_workflow(report.as_dict(), "Forward")
	doc = frappe.get_doc("Resident Report", report.name)
	doc.append("updates", {"message": "L'équipe d'éclairage passe jeudi."})
	doc.save(ignore_permissions=True)
	assert len(emails_to("suivi.habitant@example.org")) == 3


def test_no_email_without_consent(theme_and_qpv):
	theme, qpv = theme_and_qpv
	make_report(theme, territory=qpv, reporter_email="pas.de.mail@example.org", consent=0)
	assert emails_to("pas.de.mail@example.org") == []


def test_three_weeks_after_a_fix_the_reporter_is_asked_whether_it_really_is(theme_and_qpv, monkeypatch):
	theme, qpv = theme_and_qpv
	monkeypatch.setattr(frappe.db, "commit", lambda *args, **kwargs: None)  # the daily job commits
	report = make_report(theme, territory=qpv, reporter_email="verif@example.org", consent=1)
	report.update({"public_status": "Closed", "closing_reason": "Fixed", "closed_on": add_days(today(), -21)})
	report.save(ignore_permissions=True)
	before = len(emails_to("verif@example.org"))
	trigger_notifications(None, "daily")
	assert len(emails_to("verif@example.org")) == before + 1


def attach(content: bytes, file_name: str) -> str:
	file = frappe.get_doc(
		{"doctype": "File", "file_name": file_name, "content": content, "is_private": 1}
	).insert(ignore_permissions=True)
	return file.file_url


@pytest.fixture
def files():
	"""Files a test writes to disk: their records roll back, the files are removed here."""
	from pathlib import Path

	urls = []
	yield urls
	for url in urls:
		Path(frappe.get_site_path(url.lstrip("/"))).unlink(missing_ok=True)


def test_a_photo_must_be_a_real_image_within_the_size_limit(theme_and_qpv, gusp_settings, files):
	theme, qpv = theme_and_qpv
	fake_image = attach(b"<html><script>alert(1)</script></html>", "photo.png")
	files.append(fake_image)
	with pytest.raises(InvalidPhotoError):
		make_report(theme, territory=qpv, photo=fake_image)
	real = attach(tiny_png(), "vraie-photo.png")
	files.append(real)
	assert make_report(theme, territory=qpv, photo=real).photo == real
	gusp_settings(max_photo_size_mb=1)
	frappe.db.set_value("File", {"file_url": real}, "file_size", 2 * 1024 * 1024)
	with pytest.raises(InvalidPhotoError):
		make_report(theme, territory=qpv, photo=real)


def test_a_resident_finds_their_own_reports_and_only_theirs(theme_and_qpv):
	from gusp_network.www import my_reports

	theme, qpv = theme_and_qpv
	resident = make_user("GUSP Resident", user_type="Website User").name
	neighbour = make_user("GUSP Resident", user_type="Website User").name
	with as_user(resident):
		mine = make_report(theme, territory=qpv)
	with as_user(neighbour):
		make_report(theme, territory=qpv)
	with as_user(resident):
		context = my_reports.get_context(frappe._dict())
	assert [r.name for r in context.reports] == [mine.name]
	assert frappe.db.get_value("Resident Contact", mine.name, ["email", "user"]) == (resident, resident), (
		"a logged-in resident reports under their account"
	)
	assert context.reports[0].tracking_url.startswith(frappe.utils.get_url("/suivi?ref="))


def test_photos_sent_with_no_report_are_refused_then_deleted_after_a_day(theme_and_qpv, files):
	from pathlib import Path

	from frappe.utils import add_to_date, now_datetime

	from gusp_network.resident_voice.photos import PHOTO_NAME, delete_unused_photos

	theme, qpv = theme_and_qpv
	names = {
		key: PHOTO_NAME.format(token=frappe.generate_hash(length=24), extension="png")
		for key in ("old", "fresh", "used")
	}
	urls = {key: attach(tiny_png(red), names[key]) for red, key in enumerate(names)}
	files.extend(urls.values())
	make_report(theme, territory=qpv, photo=urls["used"])
	two_days_ago = add_to_date(now_datetime(), days=-2)
	for key in ("old", "used"):
		frappe.db.set_value("File", {"file_url": urls[key]}, "creation", two_days_ago)
	with pytest.raises(InvalidPhotoError):
		make_report(theme, territory=qpv, photo=urls["old"])
	delete_unused_photos()
	kept = set(frappe.get_all("File", filters={"file_url": ("in", list(urls.values()))}, pluck="file_url"))
	assert kept == {urls["fresh"], urls["used"]}
	assert not Path(frappe.get_site_path(urls["old"].lstrip("/"))).exists(), "the file left the disk too"


def test_residents_kept_informed_are_emailed_when_the_report_moves_on_without_its_tracking_link(
	theme_and_qpv, network
):
	from gusp_network.resident_voice.followers import add_follower

	theme, qpv = theme_and_qpv
	report = make_report(theme, territory=qpv, reporter_email="pas.de.suivi@example.org", consent=0)
	frappe.db.set_value("Resident Report", report.name, "workflow_state", "Qualified")
	assert add_follower(report.name, "voisin.suivi@example.org", 1)
	with as_user(network.centre):
		apply_workflow(frappe.get_doc("Resident Report", report.name).as_dict(), "Forward")
	emails = emails_to("voisin.suivi@example.org")
	assert len(emails) == 1 and report.name in emails[0]
	body = emails[0].replace("=\n", "")
	assert "/suivi" not in body and report.tracking_key not in body, "the link is the reporter's"
	assert emails_to("pas.de.suivi@example.org") == [], "the reporter did not consent"
