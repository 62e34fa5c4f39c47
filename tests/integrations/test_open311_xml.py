"""Open311 in XML, the format GeoReport v2 requires: every resource answers in XML what it answers
in JSON, shaped as the specification shapes it, and a client may name its jurisdiction."""

import frappe
import pytest

from tests.factories import french, qualify
from tests.integrations.conftest import (
	ENGLISH,
	as_xml_text,
	created_id,
	get_json,
	post_report,
	xml_records,
)

JURISDICTION = {"jurisdiction_id": "gusp.example.fr"}


@pytest.fixture
def published(http, open311_place, open311_client):
	"""A qualified report sent by the partner application: one the public reads."""
	name = created_id(post_report(http, open311_place, open311_client.key))
	qualify(name)
	return name


def code_of(theme: str) -> str:
	return frappe.db.get_value("GUSP Theme", theme, "service_code")


def test_the_services_read_in_xml_as_in_json(http, open311_place):
	json_answer = get_json(http, "/open311/v2/services.json")
	xml_answer = http.get(http.url("/open311/v2/services.xml"), headers=ENGLISH)

	assert xml_answer.status_code == 200
	assert xml_answer.headers["Access-Control-Allow-Origin"] == "*"
	services = xml_records(xml_answer, "services", "service")
	assert services == as_xml_text(json_answer.json())
	[service] = [s for s in services if s["service_name"] == open311_place.theme]
	assert service["service_code"] == code_of(open311_place.theme)
	assert (service["metadata"], service["type"]) == ("false", "realtime")


def test_requests_read_in_xml_as_in_json(http, open311_place, published):
	for path, params in (
		(f"/open311/v2/requests/{published}", {}),
		("/open311/v2/requests", {"service_code": code_of(open311_place.theme)}),
		("/open311/v2/requests", {"service_request_id": published}),
	):
		json_answer = get_json(http, f"{path}.json", **params)
		xml_answer = http.get(http.url(f"{path}.xml"), params=params, headers=ENGLISH)

		assert xml_answer.status_code == json_answer.status_code == 200
		requests = xml_records(xml_answer, "service_requests", "request")
		assert requests == as_xml_text(json_answer.json())
		assert published in {request["service_request_id"] for request in requests}
	[request] = xml_records(
		http.get(http.url(f"/open311/v2/requests/{published}.xml")), "service_requests", "request"
	)
	assert (request["status"], request["lat"], request["long"]) == ("open", "45.123", "4.568")
	assert request["media_url"] is None


def test_a_report_posted_to_the_xml_resource_is_answered_in_xml(http, open311_place, open311_client):
	response = post_report(http, open311_place, open311_client.key, fmt="xml")

	assert response.status_code == 201
	[answer] = xml_records(response, "service_requests", "request")
	assert set(answer) == {"service_request_id", "service_notice", "account_id", "tracking_url"}
	assert answer["account_id"] is None
	frappe.db.rollback()  # see what the server committed
	assert frappe.db.get_value("Resident Report", answer["service_request_id"], "channel") == "Open311"


@pytest.mark.parametrize(
	"method, path, params, status",
	[
		("GET", "/open311/v2/requests/SIG-1999-99999", {}, 404),
		("GET", "/open311/v2/requests", {"status": "pending"}, 400),
		("POST", "/open311/v2/services", {}, 405),
	],
)
def test_errors_read_in_xml_as_in_json(http, method, path, params, status):
	json_answer = http.request(method, http.url(f"{path}.json"), params=params, headers=ENGLISH)
	xml_answer = http.request(method, http.url(f"{path}.xml"), params=params, headers=ENGLISH)

	assert xml_answer.status_code == json_answer.status_code == status
	errors = xml_records(xml_answer, "errors", "error")
	assert errors == as_xml_text(json_answer.json())
	assert [error["code"] for error in errors] == [str(status)]


def test_a_refused_post_is_answered_in_xml_in_french(http, open311_place, open311_client):
	response = post_report(
		http,
		open311_place,
		open311_client.key,
		fmt="xml",
		headers=ENGLISH,
		address_string="",
		lat="",
		long="",
	)

	assert response.status_code == 400
	assert xml_records(response, "errors", "error") == [
		{"code": "400", "description": french("Say where the problem is: an address or a point on the map.")}
	]


def test_xml_carries_no_character_xml_cannot_hold(http, open311_place, published):
	frappe.db.set_value("Resident Report", published, "address", "12 rue des Lilas\x0b\x01 <b>&</b>")
	frappe.db.commit()

	[request] = xml_records(
		http.get(http.url(f"/open311/v2/requests/{published}.xml")), "service_requests", "request"
	)
	assert request["address"] == "12 rue des Lilas <b>&</b>"


def test_a_jurisdiction_id_is_accepted_and_ignored_on_every_resource(
	http, open311_place, open311_client, published
):
	code = code_of(open311_place.theme)
	for fmt in ("json", "xml"):
		for path, params in (
			("/open311/v2/services", {}),
			("/open311/v2/requests", {"service_code": code}),
			(f"/open311/v2/requests/{published}", {}),
		):
			plain = http.get(http.url(f"{path}.{fmt}"), params=params, headers=ENGLISH)
			named = http.get(http.url(f"{path}.{fmt}"), params={**params, **JURISDICTION}, headers=ENGLISH)
			assert named.status_code == plain.status_code == 200, named.text
			assert named.content == plain.content, path

		response = post_report(http, open311_place, open311_client.key, fmt=fmt, **JURISDICTION)
		assert response.status_code == 201, response.text
