"""What the public sees of residents' reports ("déjà signalé ?", Open311) and "moi aussi".

Only qualified reports are shown, never a rejected one or a duplicate; points are rounded to
about 100 m; an organisation is named only when it is public. "Moi aussi" counts one voice per
address and report, and refuses closed reports and duplicates.
"""

import json

import frappe
import pytest

from gusp_network.exceptions import Open311Error, ReportNotOpenError
from gusp_network.integrations.open311 import views
from gusp_network.resident_voice import nearby
from tests.factories import french, make_network_member, make_report, make_theme

# far from the demo data and from the other tests' geography
POINT = (-41.23456, -61.23456)
ROUNDED = (-41.235, -61.235)
QUALIFIED = "Qualified"
ALREADY_COUNTED = "Your voice is already counted for this report."
ME_TOO = "/api/method/gusp_network.resident_voice.portal.me_too"
WEB_FORM_ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"


@pytest.fixture
def theme():
	return make_theme().name


@pytest.fixture
def voices():
	"""Names of reports whose "moi aussi" voices (Redis, not rolled back) are forgotten after the test."""
	names = []
	yield names
	for name in names:
		frappe.cache.delete_keys(f"gusp_me_too:{name}:")


def report_at(theme: str, point=POINT, **values):
	return make_report(theme, latitude=point[0], longitude=point[1], **values)


def move(report_name: str, **values) -> None:
	frappe.db.set_value("Resident Report", report_name, values)


def offered(theme: str, point=POINT) -> list[str]:
	return [row["name"] for row in nearby.nearby_open_reports(theme, *point)]


def listed(theme: str) -> list[str]:
	return [
		r["service_request_id"] for r in views.list_requests({"service_code": theme, "status": "open,closed"})
	]


def found_by_id(name: str) -> bool:
	try:
		views.get_request(name)
	except Open311Error as error:
		assert error.status == 404
		return False
	return True


# ---------------------------------------------------------------- which reports are public


def test_the_first_state_and_the_triage_refusals_are_read_from_the_workflow():
	assert nearby.unpublished_states() == {"New", "Rejected", "Duplicate"}


def test_a_new_report_is_shown_only_once_qualified_with_its_point_rounded(theme):
	report = report_at(theme)
	assert report.workflow_state == "New"
	assert offered(theme) == []
	assert listed(theme) == []
	assert not found_by_id(report.name), "an unqualified report is answered as an unknown one"

	move(report.name, workflow_state=QUALIFIED)
	[near] = nearby.nearby_open_reports(theme, *POINT)
	assert near["name"] == report.name
	assert (near["latitude"], near["longitude"]) == ROUNDED
	assert near["distance_m"] == 60, "measured to the centre of the rounded cell, not 0 m to the exact point"
	[request] = views.get_request(report.name)
	assert (request["lat"], request["long"]) == ROUNDED
	assert listed(theme) == [report.name]


def test_a_report_within_the_radius_is_offered_even_when_the_centre_of_its_cell_is_not(theme):
	# 44 m from where the resident stands; the centre of its rounded cell (-41.25, -61.2) is 89 m away
	exact, standing = (-41.2504, -61.2), (-41.2508, -61.2)
	report = report_at(theme, exact)
	move(report.name, workflow_state=QUALIFIED)
	assert nearby.distance_m(*standing, *exact) < 50 < nearby.distance_m(*standing, -41.25, -61.2)

	[near] = nearby.nearby_open_reports(theme, *standing, radius_m=50)
	assert (near["name"], near["latitude"], near["distance_m"]) == (report.name, -41.25, 90)
	assert offered(theme, (-41.2520, -61.2)) == [], "a cell farther than the radius is not offered"


def test_rejected_and_duplicate_reports_are_never_shown(theme):
	original = report_at(theme)
	rejected = report_at(theme)
	closed_duplicate = report_at(theme)
	open_duplicate = report_at(theme)
	move(original.name, workflow_state=QUALIFIED)
	move(
		rejected.name,
		workflow_state="Rejected",
		public_status="Closed",
		closing_reason="No Action Possible",
	)
	move(
		closed_duplicate.name,
		workflow_state="Duplicate",
		public_status="Closed",
		closing_reason="Duplicate",
		duplicate_of=original.name,
	)
	move(open_duplicate.name, workflow_state=QUALIFIED, duplicate_of=original.name)

	assert offered(theme) == [original.name]
	assert listed(theme) == [original.name]
	for hidden in (rejected, closed_duplicate, open_duplicate):
		assert not found_by_id(hidden.name), hidden.name


def test_a_closed_report_stays_listed_by_open311(theme):
	report = report_at(theme)
	move(report.name, workflow_state="Closed", public_status="Closed", closing_reason="Fixed")
	assert listed(theme) == [report.name]
	assert offered(theme) == [], "déjà signalé ? offers open reports only"


def test_an_organisation_is_named_only_when_it_is_public(theme):
	public = make_network_member().name
	private = make_network_member(is_public=0).name
	shown, hidden = report_at(theme), report_at(theme)
	move(shown.name, workflow_state=QUALIFIED, responsible_member=public)
	move(hidden.name, workflow_state=QUALIFIED, responsible_member=private)

	agencies = {
		request["service_request_id"]: request["agency_responsible"]
		for request in views.list_requests({"service_code": theme})
	}
	assert agencies == {shown.name: public, hidden.name: None}
	assert views.get_request(hidden.name)[0]["agency_responsible"] is None


# ---------------------------------------------------------------- "moi aussi"


def test_a_second_me_too_from_the_same_address_is_not_counted(theme, voices, monkeypatch):
	report = report_at(theme)
	move(report.name, workflow_state=QUALIFIED)
	voices.append(report.name)

	def me_too_from(address: str) -> bool:
		monkeypatch.setattr(frappe.local, "request_ip", address, raising=False)
		return nearby.add_me_too(report.name)

	assert me_too_from("203.0.113.7") is True
	assert me_too_from("203.0.113.7") is False
	assert me_too_from("203.0.113.8") is True
	assert me_too_from("2001:db8:7:7::1") is True
	assert me_too_from("2001:db8:7:7::2") is False, "one IPv6 connection (/64) is one address"
	assert frappe.db.get_value("Resident Report", report.name, "me_too_count") == 3
	frappe.clear_messages()


def test_me_too_is_refused_on_a_closed_a_duplicate_or_an_unqualified_report(theme, voices, monkeypatch):
	monkeypatch.setattr(frappe.local, "request_ip", "203.0.113.9", raising=False)
	original, closed, duplicate, new = (report_at(theme) for _ in range(4))
	voices.extend([original.name, closed.name, duplicate.name, new.name])
	move(original.name, workflow_state=QUALIFIED)
	move(closed.name, workflow_state="Closed", public_status="Closed", closing_reason="Fixed")
	move(
		duplicate.name,
		workflow_state="Duplicate",
		public_status="Closed",
		closing_reason="Duplicate",
		duplicate_of=original.name,
	)

	with pytest.raises(ReportNotOpenError) as refused:
		nearby.add_me_too(closed.name)
	assert not isinstance(refused.value, nearby.ReportIsDuplicateError)
	with pytest.raises(nearby.ReportIsDuplicateError):
		nearby.add_me_too(duplicate.name)
	with pytest.raises(ReportNotOpenError):
		nearby.add_me_too(new.name)
	with pytest.raises(ReportNotOpenError):
		nearby.add_me_too("SIG-1999-99999")
	frappe.clear_messages()
	for report in (closed, duplicate, new):
		assert frappe.db.get_value("Resident Report", report.name, "me_too_count") == 0


def test_a_second_click_over_http_is_answered_plainly_and_not_counted(
	http, place, created_reports, gusp_settings
):
	gusp_settings(commit=True, guest_reports_per_hour=50)
	data = {
		"doctype": "Resident Report",
		"web_form_name": "signalement",
		"theme": place.theme,
		"description": "Nid-de-poule devant l'entrée du square",
		"latitude": place.lat,
		"longitude": place.lng,
	}
	response = http.post(
		http.url(WEB_FORM_ACCEPT), data={"web_form": "signalement", "data": json.dumps(data)}
	)
	assert response.status_code == 200, response.text[-500:]
	name = response.json()["message"]["name"]
	created_reports.append(name)
	refused = http.post(http.url(ME_TOO), data={"report": name})
	assert refused.status_code == 404, "not qualified yet: as if unknown"

	move(name, workflow_state=QUALIFIED)
	frappe.db.commit()
	try:
		first = http.post(http.url(ME_TOO), data={"report": name})
		second = http.post(http.url(ME_TOO), data={"report": name})
	finally:
		frappe.cache.delete_keys(f"gusp_me_too:{name}:")
	assert (first.status_code, second.status_code) == (200, 200)
	assert first.json()["message"]["counted"] and not second.json()["message"]["counted"]
	assert second.json()["message"]["message"] == french(ALREADY_COUNTED)
	frappe.db.rollback()
	assert frappe.db.get_value("Resident Report", name, "me_too_count") == 1
