"""Residents on the website, over HTTP: report, follow, reopen, and never see anyone's personal data.

The live server has its own database connection, so the data it reads is committed here
under unique names and deleted afterwards.
"""

import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import frappe
import pytest
import requests
from frappe.utils import add_days, today

from tests.factories import delete_traces, qualify

WEB_FORM_ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"


def submit(http, place, **values) -> requests.Response:
	data = {
		"doctype": "Resident Report",
		"web_form_name": "signalement",
		"theme": place.theme,
		"description": "Le lampadaire de l'aire de jeux est éteint depuis une semaine.",
		"address": "Aire de jeux, rue des Tilleuls",
		"latitude": place.lat,
		"longitude": place.lng,
		"reporter_name": "Awa Xylandre",
		"reporter_email": "awa.xylandre@example.org",
		"reporter_phone": "06 12 34 56 78",
		"consent": 1,
		**values,
	}
	return http.post(http.url(WEB_FORM_ACCEPT), data={"web_form": "signalement", "data": json.dumps(data)})


def test_a_guest_reports_a_problem_and_follows_it_without_seeing_personal_data(
	http, place, network, created_reports
):
	response = submit(http, place)
	assert response.status_code == 200, response.text[-500:]
	report = response.json()["message"]
	created_reports.append(report["name"])
	assert set(report) == {"name", "tracking_url"}, "the reference and the link, not the document"
	assert report["name"].startswith("SIG-")
	frappe.db.rollback()
	assert frappe.db.get_value("Resident Report", report["name"], ["channel", "responsible_member"]) == (
		"Portal",
		network.org_a,
	)

	frappe.db.set_value(
		"Resident Report", report["name"], "internal_notes", "Voir avec le gardien Zéphyrin Quintal"
	)
	doc = frappe.get_doc("Resident Report", report["name"])
	doc.append("updates", {"message": "L'équipe d'éclairage passe jeudi."})
	doc.save(ignore_permissions=True)
	frappe.db.commit()
	page = http.get(http.url(urlparse(report["tracking_url"]).path))
	assert page.status_code == 200
	assert report["name"] in page.text
	assert "Nouveau" in page.text, "the status, in French"
	assert (
		"L&#39;équipe d&#39;éclairage passe jeudi." in page.text
		or "L'équipe d'éclairage passe jeudi." in page.text
	)
	assert "built-in method" not in page.text, "the update's text, not a Python repr"
	for private in ("Awa", "Xylandre", "awa.xylandre@example.org", "06 12 34 56 78", "gardien", "Zéphyrin"):
		assert private not in page.text


def test_a_wrong_tracking_key_gets_a_plain_404(http):
	for key in (secrets.token_urlsafe(18), "SIG-2026-00001", "x"):
		assert http.get(http.url(f"/suivi/{key}")).status_code == 404


def test_a_guest_report_missing_its_description_creates_nothing(http, place, created_reports):
	before = frappe.db.count("Resident Report")
	response = submit(http, place, description="")
	assert response.status_code == 417
	frappe.db.rollback()
	assert frappe.db.count("Resident Report") == before


def test_guest_reports_are_rate_limited_per_address(http, place, gusp_settings, created_reports):
	gusp_settings(commit=True, guest_reports_per_hour=2)
	statuses = []
	for _ in range(3):
		response = submit(http, place)
		statuses.append(response.status_code)
		if response.ok:
			created_reports.append(response.json()["message"]["name"])
	assert statuses == [200, 200, 429]
	assert "Trop de signalements" in response.text


def closed_report(place, days_ago: int, reason: str = "Fixed", state: str = "Resolved") -> frappe._dict:
	report = frappe.get_doc(
		{
			"doctype": "Resident Report",
			"theme": place.theme,
			"description": "Tags sur le mur du local vélos",
			"territory": place.qpv,
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value(
		"Resident Report",
		report.name,
		{
			"workflow_state": state,
			"public_status": "Closed",
			"closing_reason": reason,
			"closed_on": add_days(today(), -days_ago),
		},
	)
	frappe.db.commit()
	return frappe._dict(name=report.name, key=report.tracking_key)  # known while it is made


def test_the_reporter_reopens_a_report_closed_recently_but_not_an_old_one(http, place, created_reports):
	recent = closed_report(place, 3, reason="No Action Possible", state="Closed")
	old = closed_report(place, 45, reason="No Action Possible", state="Closed")
	created_reports.extend([recent.name, old.name])
	assert "rouvrir ce signalement" in http.get(http.url(f"/suivi/{recent.key}")).text
	assert http.post(
		http.url("/api/method/gusp_network.resident_voice.portal.reopen"), data={"key": recent.key}
	).ok
	refused = http.post(
		http.url("/api/method/gusp_network.resident_voice.portal.reopen"), data={"key": old.key}
	)
	assert refused.status_code == 417
	frappe.db.rollback()
	assert frappe.db.get_value("Resident Report", recent.name, ["workflow_state", "public_status"]) == (
		"In Progress",
		"Open",
	)
	assert frappe.db.get_value("Resident Report", old.name, "workflow_state") == "Closed"


def test_the_reporter_says_it_is_not_fixed_and_the_report_reopens(http, place, created_reports):
	report = closed_report(place, 21)
	created_reports.append(report.name)
	page = http.get(http.url(f"/suivi/{report.key}")).text
	assert "vraiment" in page, "asked whether it is really fixed"
	response = http.post(
		http.url("/api/method/gusp_network.resident_voice.portal.confirm_fix"),
		data={"key": report.key, "fixed": 0},
	)
	assert response.ok, response.text[-300:]
	frappe.db.rollback()
	assert frappe.db.get_value("Resident Report", report.name, ["fix_confirmation", "public_status"]) == (
		"Not Fixed",
		"Open",
	)


def test_nearby_reports_show_no_personal_data(http, place, created_reports):
	response = submit(http, place)
	created_reports.append(response.json()["message"]["name"])
	qualify(created_reports[0])
	nearby = http.get(
		http.url("/api/method/gusp_network.resident_voice.portal.nearby_reports"),
		params={"theme": place.theme, "latitude": place.lat, "longitude": place.lng},
	).json()["message"]
	assert [r["name"] for r in nearby] == [created_reports[0]]
	assert "awa" not in json.dumps(nearby).lower()


def test_a_guest_shares_a_need_and_a_bot_filling_the_honeypot_is_refused(http, place):
	def share(**values):
		data = {"doctype": "Resident Need", "web_form_name": "besoin", "need_type": "Idea", **values}
		return http.post(http.url(WEB_FORM_ACCEPT), data={"web_form": "besoin", "data": json.dumps(data)})

	response = share(description="Un banc à l'ombre près de l'arrêt de bus", theme=place.theme)
	assert response.status_code == 200, response.text[-300:]
	need = response.json()["message"]
	try:
		assert set(need) == {"name"}
		frappe.db.rollback()
		stored = frappe.db.get_value("Resident Need", need["name"], ["source", "need_type", "theme"])
		assert stored == ("Portal", "Idea", place.theme)
		bot = share(description="Buy cheap pills", hp_website="http://spam.example")
		assert bot.status_code == 417
		frappe.db.rollback()
		assert not frappe.db.exists("Resident Need", {"description": "Buy cheap pills"})
	finally:
		frappe.db.rollback()
		frappe.delete_doc("Resident Need", need["name"], force=True, ignore_permissions=True)
		delete_traces("Resident Need", need["name"])
		frappe.db.commit()


def test_me_too_counts_a_voice_without_handing_out_the_tracking_key(http, place, created_reports):
	response = submit(http, place)
	report = response.json()["message"]
	created_reports.append(report["name"])
	qualify(report["name"])
	added = http.post(
		http.url("/api/method/gusp_network.resident_voice.portal.me_too"), data={"report": report["name"]}
	)
	assert added.ok, added.text[-300:]
	assert report["tracking_url"].rsplit("/", 1)[1] not in added.text
	frappe.db.rollback()
	assert frappe.db.get_value("Resident Report", report["name"], "me_too_count") == 1


def test_clicks_from_one_address_at_the_same_moment_count_once(http, place, created_reports, gusp_settings):
	gusp_settings(commit=True, guest_reports_per_hour=50)
	report = submit(http, place).json()["message"]
	created_reports.append(report["name"])
	qualify(report["name"])
	voices = 8

	def click(_):
		with requests.Session() as resident:
			resident.headers["X-Frappe-Site-Name"] = http.headers["X-Frappe-Site-Name"]
			return resident.post(
				http.url("/api/method/gusp_network.resident_voice.portal.me_too"),
				data={"report": report["name"]},
			).status_code

	with ThreadPoolExecutor(max_workers=voices) as pool:
		assert list(pool.map(click, range(voices))) == [200] * voices
	frappe.db.rollback()
	assert frappe.db.get_value("Resident Report", report["name"], "me_too_count") == 1, (
		"one voice per address"
	)


FOLLOW = "/api/method/gusp_network.resident_voice.portal.follow"


def test_after_me_too_a_resident_is_kept_informed_by_email_with_consent_only(http, place, created_reports):
	report = submit(http, place).json()["message"]
	created_reports.append(report["name"])
	qualify(report["name"])

	def follow(email, consent=1):
		return http.post(
			http.url(FOLLOW), data={"report": report["name"], "email": email, "consent": consent}
		)

	before_voice = follow("voisine@example.org")
	assert before_voice.status_code == 417 and "Moi aussi" in before_voice.text, "a voice first"
	http.post(
		http.url("/api/method/gusp_network.resident_voice.portal.me_too"), data={"report": report["name"]}
	)
	assert follow("voisine@example.org", consent=0).status_code == 417, "no consent, nothing kept"
	assert follow("pas-un-email").status_code == 417
	first = follow("voisine@example.org")
	again = follow("Voisine@Example.org")
	assert first.ok and first.json()["message"]["added"] is True
	assert again.ok and again.json()["message"]["added"] is False
	key = report["tracking_url"].rsplit("/", 1)[1]
	assert key not in first.text and "sig=" not in first.text, "the reporter's link is theirs alone"
	frappe.db.rollback()
	followers = frappe.get_all("Resident Contact Follower", filters={"parent": report["name"]}, pluck="email")
	assert followers == ["voisine@example.org"]


def test_a_need_keeps_its_authors_consent_and_a_consent_alone_names_no_one(http, place):
	def share(**values):
		data = {"doctype": "Resident Need", "web_form_name": "besoin", "need_type": "Need", **values}
		answer = http.post(http.url(WEB_FORM_ACCEPT), data={"web_form": "besoin", "data": json.dumps(data)})
		assert answer.ok, answer.text[-300:]
		return answer.json()["message"]["name"]

	with_email = share(description="Des bancs au square", author_email="awa@example.org", consent=1)
	anonymous = share(description="Plus d'arbres rue Haute", consent=1)
	try:
		frappe.db.rollback()
		assert frappe.db.get_value("Resident Contact", with_email, ["email", "consent"]) == (
			"awa@example.org",
			1,
		)
		assert not frappe.db.exists("Resident Contact", anonymous)
	finally:
		frappe.db.rollback()
		for name in (with_email, anonymous):
			frappe.delete_doc("Resident Need", name, force=True, ignore_permissions=True)
			delete_traces("Resident Need", name)
		frappe.db.commit()


def test_the_tracking_page_names_a_public_organisation_and_a_closed_report_without_news(
	http, place, network, created_reports
):
	report = closed_report(place, 1, reason="No Action Possible", state="Resolved")
	created_reports.append(report.name)
	frappe.db.set_value("Resident Report", report.name, "responsible_member", network.org_a)
	frappe.db.set_value("Network Member", network.org_a, "is_public", 1)
	frappe.db.commit()
	try:
		page = http.get(http.url(f"/suivi/{report.key}")).text
		organisation = frappe.db.get_value("Network Member", network.org_a, "member_name")
		assert organisation in page
		assert "clos, sans message public" in page
		assert "a bien reçu votre signalement" not in page
		frappe.db.set_value("Network Member", network.org_a, "is_public", 0)
		frappe.db.commit()
		assert organisation not in http.get(http.url(f"/suivi/{report.key}")).text
	finally:
		frappe.db.set_value("Network Member", network.org_a, "is_public", 0)
		frappe.db.commit()
