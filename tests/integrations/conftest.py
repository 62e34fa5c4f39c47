"""Open311 as a client meets it: the partner application's key, and the requests it sends.

`make_open311_client` belongs with the shared factories (tests/factories.py) once that file can
take it; it is here so that the Open311 tests share one helper.
"""

from types import SimpleNamespace
from xml.etree import ElementTree

import frappe
import pytest

from tests.factories import delete, delete_traces, fake, unique

JSON = "application/json; charset=utf-8"
XML = "text/xml; charset=utf-8"
ENGLISH = {"Accept-Language": "en"}


def make_open311_client(**overrides) -> SimpleNamespace:
	"""An enabled Open311 Client; its key, shown once when it is made, is kept in the answer."""
	doc = frappe.get_doc(
		{
			"doctype": "Open311 Client",
			"client_name": unique("Appli Quartier"),
			"contact_email": fake.email(),
			**overrides,
		}
	).insert()
	frappe.clear_messages()  # the message showing the key
	return SimpleNamespace(name=doc.name, client_name=doc.client_name, key=doc.new_api_key)


def delete_open311_client(name: str) -> None:
	delete_traces("Open311 Client", name)
	frappe.db.delete("Comment", {"reference_doctype": "Open311 Client", "reference_name": name})
	delete("Open311 Client", name)


@pytest.fixture(scope="module")
def open311_client():
	"""A partner application with its key, committed for the module (the live server checks it)."""
	frappe.set_user("Administrator")
	client = make_open311_client()
	frappe.db.commit()
	yield client
	frappe.set_user("Administrator")
	frappe.db.rollback()
	delete_open311_client(client.name)
	frappe.db.commit()


def post_report(http, place, api_key: str | None, fmt: str = "json", headers=None, **overrides):
	"""POST a report at the place's point, with the client's key (None: without a key)."""
	latitude, longitude = place.point
	data = {
		"service_code": frappe.db.get_value("GUSP Theme", place.theme, "service_code"),
		"lat": str(latitude),
		"long": str(longitude),
		"address_string": "12 rue des Lilas",
		"description": "Dépôt sauvage au pied de l'immeuble",
		**({"api_key": api_key} if api_key else {}),
		**overrides,
	}
	return http.post(http.url(f"/open311/v2/requests.{fmt}"), data=data, headers=headers)


def created_id(response) -> str:
	assert response.status_code == 201, response.text
	return response.json()[0]["service_request_id"]


def get_json(http, path: str, **params):
	response = http.get(http.url(path), params=params, headers=ENGLISH)
	assert response.headers["Content-Type"] == JSON
	return response


def xml_records(response, root: str, item: str) -> list[dict]:
	"""The records of an XML answer, parsed back: each element's text (None when empty)."""
	assert response.headers["Content-Type"] == XML
	assert response.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
	tree = ElementTree.fromstring(response.content)
	assert tree.tag == root
	assert [child.tag for child in tree] == [item] * len(tree)
	return [{field.tag: field.text for field in child} for child in tree]


def as_xml_text(records: list[dict]) -> list[dict]:
	"""JSON records as XML carries them: text, `true`/`false`, and nothing for null or ""."""

	def text(value):
		if value is None or value == "":
			return None
		if isinstance(value, bool):
			return "true" if value else "false"
		return str(value)

	return [{key: text(value) for key, value in record.items()} for record in records]


def fresh_read() -> None:
	"""See what the server committed (MariaDB keeps a snapshot for the open transaction)."""
	frappe.db.rollback()
