"""Open311 GeoReport v2 over HTTP, against the live test server.

The server has its own database connection: the themes, territories and the lead organisation it
must see are committed once for the module, and deleted at the end with every report the server
created for them (and what those reports caused), so the site is left as found.
"""

import json
import re
from types import SimpleNamespace

import frappe
import pytest
from frappe.translate import get_full_dict
from frappe.utils import now_datetime

from tests import factories


def fr(message: str) -> str:
	"""The French the site answers with (the site's language is French)."""
	return get_full_dict("fr").get(message, message)


JSON = "application/json; charset=utf-8"
ENGLISH = {"Accept-Language": "en"}
OFFSET = re.compile(r"[+-]\d{2}:\d{2}$")


def square(latitude: float, longitude: float, half_side: float = 0.002) -> str:
	"""A Geolocation value: a small square around a point (GeoJSON is longitude, latitude)."""
	ring = [
		[longitude - half_side, latitude - half_side],
		[longitude + half_side, latitude - half_side],
		[longitude + half_side, latitude + half_side],
		[longitude - half_side, latitude + half_side],
		[longitude - half_side, latitude - half_side],
	]
	feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
	return json.dumps({"type": "FeatureCollection", "features": [feature]})


@pytest.fixture(scope="module")
def place():
	"""Two themes (one a group), a territory with a lead organisation, and one with nobody in charge."""
	frappe.set_user("Administrator")
	started = now_datetime()
	group = factories.make_theme(is_group=1)
	theme = factories.make_theme(parent_gusp_theme=group.name)
	point = (45.1234, 4.5678)
	orphan_point = (45.2234, 4.6678)
	territory = factories.make_territory(geolocation=square(*point))
	orphan_territory = factories.make_territory(geolocation=square(*orphan_point))
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


def delete_reports_about(themes: list[str]) -> None:
	"""Reports the server created for these themes, and the grey zones, needs, emails they caused."""
	reports = frappe.get_all("Resident Report", filters={"theme": ("in", themes)}, pluck="name")
	for name in reports:
		for email in frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Resident Report", "reference_name": name},
			pluck="name",
		):
			delete("Email Queue", email)
		delete("Resident Report", name)  # its ToDo, Version and Comment rows go with it
	for doctype in ("Grey Zone", "Resident Need"):
		for name in frappe.get_all(doctype, filters={"theme": ("in", themes)}, pluck="name"):
			delete(doctype, name)


def delete(doctype: str, name: str) -> None:
	"""Gone for good: no Deleted Document kept either."""
	frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, delete_permanently=True)


@pytest.fixture
def settings_changed():
	"""Change GUSP Settings for the server (committed), restored afterwards."""
	previous = {}

	def change(**values):
		settings = frappe.get_single("GUSP Settings")
		for field, value in values.items():
			previous.setdefault(field, settings.get(field))
			settings.set(field, value)
		settings.save()
		frappe.db.commit()

	yield change
	if previous:
		frappe.db.rollback()
		settings = frappe.get_single("GUSP Settings")
		settings.update(previous)
		settings.save()
		frappe.db.commit()


def post_report(http, place, headers=None, **overrides):
	latitude, longitude = place.point
	data = {
		"service_code": place.theme,
		"lat": str(latitude),
		"long": str(longitude),
		"address_string": "12 rue des Lilas",
		"description": "Dépôt sauvage au pied de l'immeuble",
		**overrides,
	}
	return http.post(http.url("/open311/v2/requests.json"), data=data, headers=headers)


def created_id(response) -> str:
	assert response.status_code == 201, response.text
	return response.json()[0]["service_request_id"]


def get_json(http, path: str, **params):
	response = http.get(http.url(path), params=params, headers=ENGLISH)
	assert response.headers["Content-Type"] == JSON
	return response


def fresh_read() -> None:
	"""See what the server committed (MariaDB keeps a snapshot for the open transaction)."""
	frappe.db.rollback()


# ---------------------------------------------------------------- services


def test_every_theme_is_offered_as_a_realtime_service_grouped_under_its_parent(http, place):
	response = get_json(http, "/open311/v2/services.json")

	assert response.status_code == 200
	assert response.headers["Access-Control-Allow-Origin"] == "*"
	services = {service["service_code"]: service for service in response.json()}
	assert services[place.theme] == {
		"service_code": place.theme,
		"service_name": place.theme,
		"description": "",
		"metadata": False,
		"type": "realtime",
		"keywords": "",
		"group": place.group,
	}
	assert services[place.group]["group"] == ""


# ---------------------------------------------------------------- creating and reading back


def test_a_report_posted_by_a_client_reads_back_the_same_and_goes_to_the_lead(http, place):
	response = post_report(http, place)

	assert response.headers["Content-Type"] == JSON
	answer = response.json()
	name = created_id(response)
	assert re.fullmatch(r"SIG-\d{4}-\d{5}", name)
	assert answer[0]["service_notice"] == ""
	assert answer[0]["account_id"] is None
	assert re.fullmatch(r"https?://.+/suivi/[\w-]{20,}", answer[0]["tracking_url"])

	response = get_json(http, f"/open311/v2/requests/{name}.json")
	assert response.status_code == 200
	assert response.headers["Access-Control-Allow-Origin"] == "*"
	[request] = response.json()
	assert request["service_request_id"] == name
	assert request["service_code"] == request["service_name"] == place.theme
	assert (request["lat"], request["long"]) == place.point
	assert request["address"] == "12 rue des Lilas"
	assert request["status"] == "open"
	assert request["agency_responsible"] == place.lead
	assert request["service_notice"] == ""
	assert request["media_url"] is None
	for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
		assert OFFSET.search(request[field]), field

	fresh_read()
	report = frappe.db.get_value("Resident Report", name, ["channel", "territory"], as_dict=True)
	assert report.channel == "Open311"
	assert report.territory == place.territory


def test_a_json_body_is_accepted_too(http, place):
	latitude, longitude = place.point
	response = http.post(
		http.url("/open311/v2/requests.json"),
		json={
			"service_code": place.theme,
			"lat": latitude,
			"long": longitude,
			"description": "Lampadaire éteint depuis une semaine",
			"email": "karim.benali@example.org",
			"attribute": {"consent": True},
		},
	)

	name = created_id(response)
	[request] = get_json(http, f"/open311/v2/requests/{name}.json").json()
	assert (request["lat"], request["long"]) == place.point
	fresh_read()
	assert frappe.db.get_value("Resident Report", name, "consent") == 1


def test_an_email_is_used_to_write_to_the_reporter_only_with_their_consent(http, place):
	without = created_id(post_report(http, place, email="nadia.roux@example.org"))
	with_consent = created_id(
		post_report(http, place, email="nadia.roux@example.org", **{"attribute[consent]": "true"})
	)

	fresh_read()
	assert frappe.db.get_value("Resident Report", without, "consent") == 0
	assert frappe.db.get_value("Resident Report", with_consent, "consent") == 1
	assert frappe.db.get_value("Resident Report", with_consent, "reporter_email") == "nadia.roux@example.org"


def test_the_public_view_never_shows_who_reported_or_what_they_wrote(http, place):
	name = created_id(
		post_report(
			http,
			place,
			first_name="Nadia",
			last_name="Roux-Delacroix",
			email="nadia.roux@example.org",
			phone="+33612345678",
			description="Mon voisin du 3e laisse ses sacs dans le hall",
			**{"attribute[consent]": "true"},
		)
	)
	fresh_read()
	key = frappe.db.get_value("Resident Report", name, "tracking_key")

	one = get_json(http, f"/open311/v2/requests/{name}.json")
	listed = get_json(http, "/open311/v2/requests.json", service_code=place.theme)
	assert name in {request["service_request_id"] for request in listed.json()}
	for response in (one, listed):
		for secret in ("nadia", "Roux-Delacroix", "612345678", "voisin", key):
			assert secret.lower() not in response.text.lower()
		assert all("description" not in request for request in response.json())


def test_a_photo_is_linked_only_when_it_is_a_public_file(http, place):
	public, private = created_id(post_report(http, place)), created_id(post_report(http, place))
	# set directly: the photo check of the controller is not what is tested here
	frappe.db.set_value("Resident Report", public, "photo", "/files/encombrant.jpg")
	frappe.db.set_value("Resident Report", private, "photo", "/private/files/encombrant.jpg")
	frappe.db.commit()

	[shown] = get_json(http, f"/open311/v2/requests/{public}.json").json()
	[hidden] = get_json(http, f"/open311/v2/requests/{private}.json").json()
	assert re.fullmatch(r"https?://[^/]+/files/encombrant\.jpg", shown["media_url"])
	assert hidden["media_url"] is None


# ---------------------------------------------------------------- filters


def test_requests_are_filtered_by_service_code_status_and_dates(http, place):
	in_theme = created_id(post_report(http, place))
	in_group = created_id(post_report(http, place, service_code=place.group))
	closed = created_id(post_report(http, place))
	frappe.db.set_value(
		"Resident Report",
		closed,
		{
			"workflow_state": "Rejected",
			"public_status": "Closed",
			"closing_reason": "No Action Possible",
			"last_public_update": "Terrain privé : le propriétaire a été prévenu.",
		},
	)
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

	assert ids(service_code=place.theme) == [closed, in_theme]  # newest first
	assert ids(service_code=place.group) == [in_group]
	assert ids(service_code=place.theme, status="open") == [in_theme]
	assert ids(service_code=place.theme, status="closed") == [closed]
	assert ids(service_code=place.theme, status="open,closed") == [closed, in_theme]
	assert ids(service_code=place.theme, end_date="2020-01-31") == []
	assert ids(service_code=place.theme, start_date="2020-01-01T00:00:00+01:00") == [closed, in_theme]
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


def test_a_report_without_description_is_refused_and_leaves_nothing_behind(http, place):
	# nobody leads here: routing opens a grey zone before validation fails, and it must go too
	latitude, longitude = place.orphan_point
	response = post_report(http, place, headers=ENGLISH, description="", lat=latitude, long=longitude)

	assert response.status_code == 400
	assert response.headers["Content-Type"] == JSON
	[error] = response.json()
	assert error["code"] == 400
	assert "Description" in error["description"]
	assert "<" not in error["description"]
	fresh_read()
	assert not frappe.db.exists(
		"Resident Report", {"theme": place.theme, "territory": place.orphan_territory}
	)
	assert not frappe.db.exists("Grey Zone", {"theme": place.theme, "territory": place.orphan_territory})


def test_a_report_nobody_leads_opens_a_grey_zone(http, place):
	latitude, longitude = place.orphan_point
	name = created_id(post_report(http, place, lat=latitude, long=longitude))

	fresh_read()
	report = frappe.db.get_value("Resident Report", name, ["territory", "grey_zone"], as_dict=True)
	assert report.territory == place.orphan_territory
	assert report.grey_zone


def test_an_unknown_service_code_is_refused(http, place):
	response = post_report(http, place, headers=ENGLISH, service_code="Pas un thème")

	assert response.status_code == 400
	assert response.json() == [{"code": 400, "description": fr("service_code not found")}]


def test_a_report_without_location_is_refused(http, place):
	response = post_report(http, place, headers=ENGLISH, lat="", long="", address_string="")

	assert response.status_code == 400
	assert response.json()[0]["description"] == fr(
		"Say where the problem is: an address or a point on the map."
	)


def test_too_many_reports_from_one_address_get_429(http, place, settings_changed):
	settings_changed(guest_reports_per_hour=2)

	first, second, third = (post_report(http, place, headers=ENGLISH) for _ in range(3))

	assert (first.status_code, second.status_code) == (201, 201)
	assert third.status_code == 429
	[error] = third.json()
	assert error == {"code": 429, "description": error["description"]}
	assert error["description"] == fr(
		"Too many reports were sent from your connection in the last hour. Please try again later."
	)


def test_guests_get_403_when_guest_reports_are_closed(http, place, settings_changed):
	settings_changed(allow_guest_reports=0)

	response = post_report(http, place, headers=ENGLISH)

	assert response.status_code == 403
	assert response.json() == [{"code": 403, "description": fr("Please log in to report a problem.")}]


# ---------------------------------------------------------------- formats, paths and methods


def test_xml_is_refused(http):
	response = get_json(http, "/open311/v2/services.xml")

	assert response.status_code == 400
	assert response.json() == [{"code": 400, "description": fr("Only JSON is supported (use .json)")}]


def test_an_unknown_request_id_gets_404(http):
	response = get_json(http, "/open311/v2/requests/SIG-1999-99999.json")

	assert response.status_code == 404
	[error] = response.json()
	assert error["code"] == 404
	assert "SIG-1999-99999" in error["description"]


def test_an_unknown_resource_gets_404_and_a_wrong_method_405(http):
	for path in ("/open311/v2/discovery.json", "/open311/v2/", "/open311/v2/services/Propreté.json"):
		response = get_json(http, path)
		assert response.status_code == 404
		assert response.json()[0]["code"] == 404

	response = http.post(http.url("/open311/v2/services.json"), headers=ENGLISH)
	assert response.status_code == 405
	assert response.headers["Allow"] == "GET, HEAD"
	assert response.json() == [{"code": 405, "description": fr("Method not allowed")}]
