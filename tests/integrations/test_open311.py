"""Open311 GeoReport v2 over HTTP, against the live test server, in JSON.

The server has its own database connection: the themes, territories and the lead organisation it
must see are committed once for the module, and deleted at the end with every report the server
created for them (and what those reports caused), so the site is left as found. Reports are sent
by a partner application with its key (`open311_client`).
"""

import re

import frappe
import pytest

from tests.factories import french, qualify
from tests.integrations.conftest import ENGLISH, JSON, created_id, fresh_read, get_json
from tests.integrations.conftest import post_report as send_report

OFFSET = re.compile(r"[+-]\d{2}:\d{2}$")


@pytest.fixture
def post_report(open311_client):
	"""POST a report with the partner application's key: `post_report(http, place, **fields)`."""

	def post(http, place, headers=None, **overrides):
		return send_report(http, place, open311_client.key, headers=headers, **overrides)

	return post


def service_code(theme: str) -> str:
	return frappe.db.get_value("GUSP Theme", theme, "service_code")


# ---------------------------------------------------------------- services


def test_every_theme_is_offered_as_a_realtime_service_grouped_under_its_parent(http, open311_place):
	response = get_json(http, "/open311/v2/services.json")

	assert response.status_code == 200
	assert response.headers["Access-Control-Allow-Origin"] == "*"
	services = {service["service_code"]: service for service in response.json()}
	code = service_code(open311_place.theme)
	assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code)
	assert services[code] == {
		"service_code": code,
		"service_name": open311_place.theme,
		"description": "",
		"metadata": False,
		"type": "realtime",
		"keywords": "",
		"group": open311_place.group,
	}
	assert services[service_code(open311_place.group)]["group"] == ""


# ---------------------------------------------------------------- creating and reading back


def test_a_report_posted_by_a_client_reads_back_the_same_and_goes_to_the_lead(
	http, open311_place, post_report
):
	response = post_report(http, open311_place)

	assert response.headers["Content-Type"] == JSON
	answer = response.json()
	name = created_id(response)
	assert re.fullmatch(r"SIG-\d{4}-\d{5}", name)
	assert answer[0]["service_notice"] == ""
	assert answer[0]["account_id"] is None
	assert re.fullmatch(r"https?://.+/suivi/[\w-]{20,}", answer[0]["tracking_url"])
	assert get_json(http, f"/open311/v2/requests/{name}.json").status_code == 404, (
		"not public until qualified"
	)
	qualify(name)

	response = get_json(http, f"/open311/v2/requests/{name}.json")
	assert response.status_code == 200
	assert response.headers["Access-Control-Allow-Origin"] == "*"
	[request] = response.json()
	assert request["service_request_id"] == name
	assert request["service_code"] == service_code(open311_place.theme)
	assert request["service_name"] == open311_place.theme
	assert (request["lat"], request["long"]) == (45.123, 4.568), "rounded to about 100 m"
	assert request["address"] == "12 rue des Lilas"
	assert request["status"] == "open"
	assert request["agency_responsible"] == open311_place.lead
	assert request["service_notice"] == ""
	assert request["media_url"] is None
	for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
		assert OFFSET.search(request[field]), field

	fresh_read()
	report = frappe.db.get_value("Resident Report", name, ["channel", "territory"], as_dict=True)
	assert report.channel == "Open311"
	assert report.territory == open311_place.territory


def test_a_json_body_is_accepted_too(http, open311_place, open311_client):
	latitude, longitude = open311_place.point
	response = http.post(
		http.url("/open311/v2/requests.json"),
		json={
			"api_key": open311_client.key,
			"service_code": service_code(open311_place.theme),
			"lat": latitude,
			"long": longitude,
			"description": "Lampadaire éteint depuis une semaine",
			"email": "karim.benali@example.org",
			"attribute": {"consent": True},
		},
	)

	name = created_id(response)
	qualify(name)
	[request] = get_json(http, f"/open311/v2/requests/{name}.json").json()
	assert (request["lat"], request["long"]) == (45.123, 4.568)
	fresh_read()
	assert frappe.db.get_value("Resident Contact", name, "consent") == 1


def test_an_email_is_used_to_write_to_the_reporter_only_with_their_consent(http, open311_place, post_report):
	without = created_id(post_report(http, open311_place, email="nadia.roux@example.org"))
	with_consent = created_id(
		post_report(http, open311_place, email="nadia.roux@example.org", **{"attribute[consent]": "true"})
	)

	fresh_read()
	assert frappe.db.get_value("Resident Contact", without, "consent") == 0
	assert frappe.db.get_value("Resident Contact", with_consent, ["consent", "email"]) == (
		1,
		"nadia.roux@example.org",
	)


def test_the_public_view_never_shows_who_reported_or_what_they_wrote(http, open311_place, post_report):
	name = created_id(
		post_report(
			http,
			open311_place,
			first_name="Nadia",
			last_name="Roux-Delacroix",
			email="nadia.roux@example.org",
			phone="+33612345678",
			description="Mon voisin du 3e laisse ses sacs dans le hall",
			**{"attribute[consent]": "true"},
		)
	)
	fresh_read()
	key = frappe.db.get_value("Resident Contact", name, "tracking_key_hash")
	qualify(name)

	one = get_json(http, f"/open311/v2/requests/{name}.json")
	listed = get_json(http, "/open311/v2/requests.json", service_code=service_code(open311_place.theme))
	assert name in {request["service_request_id"] for request in listed.json()}
	for response in (one, listed):
		for secret in ("nadia", "Roux-Delacroix", "612345678", "voisin", key):
			assert secret.lower() not in response.text.lower()
		assert all("description" not in request for request in response.json())


def test_a_photo_is_linked_only_when_it_is_a_public_file(http, open311_place, post_report):
	public, private = (
		created_id(post_report(http, open311_place)),
		created_id(post_report(http, open311_place)),
	)
	# set directly: the photo check of the controller is not what is tested here
	frappe.db.set_value(
		"Resident Report", public, {"photo": "/files/encombrant.jpg", "workflow_state": "Qualified"}
	)
	frappe.db.set_value(
		"Resident Report", private, {"photo": "/private/files/encombrant.jpg", "workflow_state": "Qualified"}
	)
	frappe.db.commit()

	[shown] = get_json(http, f"/open311/v2/requests/{public}.json").json()
	[hidden] = get_json(http, f"/open311/v2/requests/{private}.json").json()
	assert re.fullmatch(r"https?://[^/]+/files/encombrant\.jpg", shown["media_url"])
	assert hidden["media_url"] is None


# ---------------------------------------------------------------- filters


def test_requests_are_filtered_by_service_code_status_and_dates(http, open311_place, post_report):
	in_theme = created_id(post_report(http, open311_place))
	theme, group = service_code(open311_place.theme), service_code(open311_place.group)
	in_group = created_id(post_report(http, open311_place, service_code=group))
	closed = created_id(post_report(http, open311_place))
	frappe.db.set_value(
		"Resident Report",
		closed,
		{
			"workflow_state": "Closed",
			"public_status": "Closed",
			"closing_reason": "No Action Possible",
			"last_public_update": "Terrain privé : le propriétaire a été prévenu.",
		},
	)
	for name in (in_theme, in_group):
		frappe.db.set_value("Resident Report", name, "workflow_state", "Qualified")
	frappe.db.commit()

	mine = {in_theme, in_group, closed}

	def ids(**params):
		"""This test's reports in the answer, in its order (other tests' reports share the theme)."""
		response = get_json(http, "/open311/v2/requests.json", **params)
		assert response.status_code == 200, response.text
		return [
			request["service_request_id"]
			for request in response.json()
			if request["service_request_id"] in mine
		]

	assert ids(service_code=theme) == [closed, in_theme]  # newest first
	assert ids(service_code=group) == [in_group]
	assert ids(service_code=f"{theme},{group}") == [closed, in_group, in_theme]
	assert ids(service_code="pas-un-theme") == []
	assert ids(service_code=theme, status="open") == [in_theme]
	assert ids(service_code=theme, status="closed") == [closed]
	assert ids(service_code=theme, status="open,closed") == [closed, in_theme]
	assert ids(service_code=theme, end_date="2020-01-31") == []
	assert ids(service_code=theme, start_date="2020-01-01T00:00:00+01:00") == [closed, in_theme]
	assert ids(service_request_id=f"{in_theme},{in_group}") == [in_group, in_theme]
	[request] = get_json(http, f"/open311/v2/requests/{closed}.json").json()
	assert request["status"] == "closed"
	assert request["status_notes"] == "Terrain privé : le propriétaire a été prévenu."


@pytest.mark.parametrize(
	"params, word",
	[
		({"status": "pending"}, "status"),
		({"start_date": "yesterday"}, "start_date"),
		({"end_date": "31/01/2026"}, "end_date"),
		({"start_date": "2026-02-01", "end_date": "2026-01-01"}, "start_date"),
	],
)
def test_a_bad_filter_is_refused_with_a_clear_message(http, params, word):
	response = get_json(http, "/open311/v2/requests.json", **params)

	assert response.status_code == 400
	[error] = response.json()
	assert error["code"] == 400
	assert word in error["description"]


# ---------------------------------------------------------------- refusals


def test_a_report_without_description_is_refused_and_leaves_nothing_behind(http, open311_place, post_report):
	# nobody leads here: routing opens a grey zone before validation fails, and it must go too
	latitude, longitude = open311_place.orphan_point
	response = post_report(http, open311_place, headers=ENGLISH, description="", lat=latitude, long=longitude)

	assert response.status_code == 400
	assert response.headers["Content-Type"] == JSON
	[error] = response.json()
	assert error["code"] == 400
	assert "Description" in error["description"]
	assert "<" not in error["description"]
	fresh_read()
	assert not frappe.db.exists(
		"Resident Report", {"theme": open311_place.theme, "territory": open311_place.orphan_territory}
	)
	assert not frappe.db.exists(
		"Grey Zone", {"theme": open311_place.theme, "territory": open311_place.orphan_territory}
	)


def test_a_report_nobody_leads_opens_a_grey_zone(http, open311_place, post_report):
	latitude, longitude = open311_place.orphan_point
	name = created_id(post_report(http, open311_place, lat=latitude, long=longitude))

	fresh_read()
	report = frappe.db.get_value("Resident Report", name, ["territory", "grey_zone"], as_dict=True)
	assert report.territory == open311_place.orphan_territory
	assert report.grey_zone


def test_an_unknown_service_code_is_refused(http, open311_place, post_report):
	response = post_report(http, open311_place, headers=ENGLISH, service_code="Pas un thème")

	assert response.status_code == 400
	assert response.json() == [{"code": 400, "description": french("service_code not found")}]


def test_a_report_without_location_is_refused(http, open311_place, post_report):
	response = post_report(http, open311_place, headers=ENGLISH, lat="", long="", address_string="")

	assert response.status_code == 400
	assert response.json()[0]["description"] == french(
		"Say where the problem is: an address or a point on the map."
	)


def test_too_many_reports_from_one_address_get_429(http, open311_place, gusp_settings, post_report):
	gusp_settings(commit=True, guest_reports_per_hour=2)

	first, second, third = (post_report(http, open311_place, headers=ENGLISH) for _ in range(3))

	assert (first.status_code, second.status_code) == (201, 201)
	assert third.status_code == 429
	[error] = third.json()
	assert error == {"code": 429, "description": error["description"]}
	assert error["description"] == french(
		"Too many reports were sent from your connection in the last hour. Please try again later."
	)


def test_guests_get_403_when_guest_reports_are_closed(http, open311_place, gusp_settings, post_report):
	gusp_settings(commit=True, allow_guest_reports=0)

	response = post_report(http, open311_place, headers=ENGLISH)

	assert response.status_code == 403
	assert response.json() == [{"code": 403, "description": french("Please log in to report a problem.")}]


# ---------------------------------------------------------------- formats, paths and methods


def test_an_unknown_request_id_gets_404(http):
	response = get_json(http, "/open311/v2/requests/SIG-1999-99999.json")

	assert response.status_code == 404
	[error] = response.json()
	assert error["code"] == 404
	assert "SIG-1999-99999" in error["description"]


def test_an_unknown_resource_gets_404_and_a_wrong_method_405(http):
	for path in (
		"/open311/v2/discovery.json",
		"/open311/v2/",
		"/open311/v2/services/Propreté.json",
		"/open311/v2/services.csv",
		"/open311/v2/services",
	):
		response = get_json(http, path)
		assert response.status_code == 404
		assert response.json()[0]["code"] == 404

	response = http.post(http.url("/open311/v2/services.json"), headers=ENGLISH)
	assert response.status_code == 405
	assert response.headers["Allow"] == "GET, HEAD"
	assert response.json() == [{"code": 405, "description": french("Method not allowed")}]
