"""A resident's requests through Frappe's built-in Personal Data Download and Deletion Requests
cover every record of the app that holds their data (hooks.py `user_data_fields`)."""

import json
from urllib.parse import urlencode

import frappe
import pytest
from frappe.utils import now_datetime, set_request, today
from frappe.website.serve import get_response

from tests.factories import as_user, make_geography, make_network_member, make_report, make_theme, make_user
from tests.network_life.factories import make_meeting, make_trip

CONTACT = "Resident Contact"
TEXT_TYPES = ("Data", "Small Text", "Text", "Long Text", "Text Editor", "Code", "Link", "Dynamic Link")


@pytest.fixture
def resident():
	"""A resident with an account, who reported, shared a need, followed a neighbour's report,
	registered to a meeting and took part in a study trip and a field diagnostic."""
	theme, qpv = make_theme().name, make_geography().qpv
	user = make_user(
		"GUSP Resident", user_type="Website User", first_name="Ysaline", last_name="Quéméner-Tarrade"
	)
	name, email = user.full_name, user.name
	with as_user(email):
		report = make_report(theme, territory=qpv, reporter_name=name, reporter_phone="+33 6 98 76 54 32")
		need = frappe.get_doc(
			{
				"doctype": "Resident Need",
				"need_type": "Need",
				"description": "Un éclairage dans le passage sous l'immeuble.",
				"theme": theme,
				"territory": qpv,
				"status": "New",
				"author_name": name,
				"author_email": email,
				"consent": 1,
			}
		).insert(ignore_permissions=True)
	neighbours = make_report(theme, territory=qpv)
	followed = frappe.get_doc(CONTACT, neighbours.name)
	followed.append("followers", {"email": email, "consent": 1, "added_on": now_datetime()})
	followed.save(ignore_permissions=True)

	meeting = make_meeting()
	registration = frappe.get_doc(
		{
			"doctype": "Network Meeting Registration",
			"network_meeting": meeting.name,
			"participant_name": name,
			"organisation": "Amicale des locataires",
			"email": email,
			"consent": 1,
		}
	).insert(ignore_permissions=True)
	trip = make_trip()
	trip.append("participants", {"participant_name": name, "user": email, "participant_role": "Resident"})
	trip.save(ignore_permissions=True)
	diagnostic = frappe.get_doc(
		{
			"doctype": "Field Diagnostic",
			"title": "Diagnostic en marchant, résidence des Tilleuls",
			"date": today(),
			"territory": qpv,
			"organiser": make_network_member().name,
			"participants": [{"participant_type": "Resident", "participant_name": name}],
		}
	).insert(ignore_permissions=True)
	return frappe._dict(
		email=email,
		full_name=name,
		report=report,
		need=need,
		followed=neighbours,
		meeting=meeting,
		registration=registration,
		trip=trip,
		diagnostic=diagnostic,
	)


def app_doctypes() -> list[str]:
	modules = frappe.get_all("Module Def", filters={"app_name": "gusp_network"}, pluck="name")
	return frappe.get_all(
		"DocType", filters={"module": ("in", modules), "issingle": 0, "is_virtual": 0}, pluck="name"
	)


def records_naming(*values: str) -> list[tuple[str, str, str]]:
	"""(doctype, record, field) of every record of the app holding one of `values` in a text field."""
	found = []
	for doctype in app_doctypes():
		fields = [
			df.fieldname
			for df in frappe.get_meta(doctype).fields
			if df.fieldtype in TEXT_TYPES and not df.is_virtual
		]
		table = frappe.qb.DocType(doctype)
		for field in [*fields, "owner", "modified_by"]:
			for value in values:
				rows = frappe.qb.from_(table).select(table.name).where(table[field].like(f"%{value}%")).run()
				found += [(doctype, row[0], field) for row in rows]
	return found


def tracking_page(key: str) -> int:
	frappe.set_user("Guest")
	frappe.local.form_dict = frappe._dict(key=key)
	set_request(method="GET", path=f"/suivi/{key}", query_string=urlencode({}))
	try:
		return get_response().status_code
	finally:
		frappe.set_user("Administrator")


def test_a_residents_data_download_holds_each_record_of_theirs(resident):
	request = frappe.get_doc({"doctype": "Personal Data Download Request", "user": resident.email}).insert(
		ignore_permissions=True
	)
	file = frappe.get_last_doc(
		"File", filters={"attached_to_doctype": request.doctype, "attached_to_name": request.name}
	)
	try:
		data = json.loads(file.get_content())
	finally:
		frappe.delete_doc("File", file.name, ignore_permissions=True, force=True)

	contacts = {row["reference_name"]: row for row in data[CONTACT]}
	assert contacts[resident.report.name]["full_name"] == resident.full_name
	assert contacts[resident.report.name]["phone"] == "+33 6 98 76 54 32"
	assert contacts[resident.need.name]["email"] == resident.email
	assert [row["parent"] for row in data["Resident Contact Follower"]] == [resident.followed.name]
	assert [row["network_meeting"] for row in data["Network Meeting Registration"]] == [resident.meeting.name]
	assert [row["parent"] for row in data["Study Trip Participant"]] == [resident.trip.name]


def test_a_processed_deletion_request_leaves_no_trace_of_the_resident_in_the_app(resident):
	assert records_naming(resident.email, resident.full_name), "the app holds the resident's data"
	request = frappe.get_doc({"doctype": "Personal Data Deletion Request", "email": resident.email}).insert(
		ignore_permissions=True
	)
	request.status = "Pending Approval"  # what the link of the verification email does
	request.save(ignore_permissions=True)

	request.trigger_data_deletion()

	assert frappe.db.get_value(request.doctype, request.name, "status") == "Deleted"
	assert records_naming(resident.email, resident.full_name) == []
	contact = frappe.db.get_value(CONTACT, resident.report.name, ["full_name", "email", "user"], as_dict=True)
	assert contact.user == request.name, "the account, renamed, is no longer theirs"
	assert frappe.db.exists("Resident Report", resident.report.name), "the report stays"
	assert tracking_page(resident.report.tracking_key) == 200
