"""Who may send reports through Open311: partner applications holding a key the network issued
(`Open311 Client`), and anyone only when GUSP Settings accepts reports without a key."""

import hashlib

import frappe
import pytest

from gusp_network.resident_voice.doctype.open311_client.open311_client import generate_key
from tests.factories import as_user, french
from tests.integrations.conftest import (
	ENGLISH,
	created_id,
	delete_open311_client,
	fresh_read,
	make_open311_client,
	post_report,
	xml_records,
)

KEY_REQUIRED = "An api_key is required to send a service request."
KEY_REFUSED = "This api_key is not valid, or its application has been disabled."


@pytest.fixture
def committed_client():
	"""A partner application of its own, committed for one test (its key changes or it is disabled)."""
	client = make_open311_client()
	frappe.db.commit()
	yield client
	frappe.db.rollback()
	delete_open311_client(client.name)
	frappe.db.commit()


# ---------------------------------------------------------------- keys over HTTP


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_post_without_a_key_is_refused_in_french_unless_the_settings_accept_it(
	http, open311_place, gusp_settings, fmt
):
	gusp_settings(commit=True, open311_keyless_posts=0)
	reports = frappe.db.count("Resident Report", {"theme": open311_place.theme})

	refused = post_report(http, open311_place, None, fmt=fmt, headers=ENGLISH)

	assert refused.status_code == 403
	expected = {"code": 403, "description": french(KEY_REQUIRED)}
	if fmt == "xml":
		assert xml_records(refused, "errors", "error") == [{**expected, "code": "403"}]
	else:
		assert refused.json() == [expected]
	fresh_read()
	assert frappe.db.count("Resident Report", {"theme": open311_place.theme}) == reports

	gusp_settings(commit=True, open311_keyless_posts=1)
	assert post_report(http, open311_place, None, fmt=fmt).status_code == 201


def test_a_partner_applications_key_is_accepted_and_its_report_names_it(
	http, open311_place, open311_client, gusp_settings
):
	gusp_settings(commit=True, open311_keyless_posts=0)

	name = created_id(post_report(http, open311_place, open311_client.key))

	fresh_read()
	assert frappe.db.get_value("Resident Report", name, "channel") == "Open311"
	notes = frappe.get_all(
		"Comment",
		filters={"reference_doctype": "Resident Report", "reference_name": name, "comment_type": "Info"},
		pluck="content",
	)
	assert any(open311_client.client_name in note for note in notes)


def test_a_wrong_or_disabled_key_is_refused_even_when_keyless_posts_are_accepted(
	http, open311_place, committed_client, gusp_settings
):
	gusp_settings(commit=True, open311_keyless_posts=1)
	refusal = [{"code": 403, "description": french(KEY_REFUSED)}]

	wrong = post_report(http, open311_place, committed_client.key[:-1], headers=ENGLISH)
	frappe.db.set_value("Open311 Client", committed_client.name, "enabled", 0)
	frappe.db.commit()
	disabled = post_report(http, open311_place, committed_client.key, headers=ENGLISH)

	assert (wrong.status_code, wrong.json()) == (403, refusal)
	assert (disabled.status_code, disabled.json()) == (403, refusal)


def test_a_new_key_replaces_the_old_one_at_once(http, open311_place, committed_client, network):
	with as_user(network.admin):
		new_key = generate_key(committed_client.name)
	frappe.db.commit()

	assert new_key != committed_client.key
	assert post_report(http, open311_place, committed_client.key, headers=ENGLISH).status_code == 403
	assert created_id(post_report(http, open311_place, new_key))


# ---------------------------------------------------------------- the Open311 Client record


def test_a_key_is_shown_once_to_the_admin_who_creates_the_client_and_kept_only_as_a_hash(network):
	with as_user(network.admin):
		doc = frappe.get_doc({"doctype": "Open311 Client", "client_name": "Appli Tranquillité"}).insert()
	key = doc.new_api_key

	shown = " ".join(str(message.get("message")) for message in frappe.get_message_log())
	assert key in shown
	row = frappe.db.get_value("Open311 Client", doc.name, "*", as_dict=True)
	assert row.api_key_hash == hashlib.sha256(key.encode()).hexdigest()
	assert not any(key in str(value) for value in row.values())
	assert row.enabled == 1 and row.key_generated_on


def test_the_key_hash_cannot_be_set_or_changed_by_a_save(network):
	with as_user(network.admin):
		doc = frappe.get_doc(
			{"doctype": "Open311 Client", "client_name": "Appli", "api_key_hash": "0" * 64}
		).insert()
		assert doc.api_key_hash != "0" * 64
		hashed = doc.api_key_hash
		doc.api_key_hash = "1" * 64
		doc.client_name = "Appli renommée"
		doc.save()

	assert frappe.db.get_value("Open311 Client", doc.name, ["client_name", "api_key_hash"]) == (
		"Appli renommée",
		hashed,
	)


def test_only_admins_see_clients_and_generate_keys(network):
	client = make_open311_client()

	assert frappe.has_permission("Open311 Client", "read", doc=client.name, user=network.admin)
	for user in (network.centre, network.member_a, network.manager):
		assert not frappe.has_permission("Open311 Client", "read", doc=client.name, user=user)
		with as_user(user), pytest.raises(frappe.PermissionError):
			generate_key(client.name)
