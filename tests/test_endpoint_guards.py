"""Frappe's generic endpoints answer with the app's rules: no row, no field a user may not read.

Over HTTP on the live server, as a member of an organisation and as a manager, logged in with a
password set for this module. The field they may not read is taken from the meta: a field of an
app DocType at a permission level they do not read; if the app has none left (personal data
moves to its own DocType), one is hidden for this module with a Property Setter.
"""

import inspect
import json
import secrets
from types import SimpleNamespace

import frappe
import pytest
import requests
from frappe.utils.password import delete_all_passwords_for, update_password

from gusp_network import endpoint_guards
from tests.factories import SITE, as_user, delete, delete_traces, make_report, make_user

PASSWORD = f"Gusp-{secrets.token_urlsafe(12)}"
GUARDS = "gusp_network.endpoint_guards."
GUARDED = {
	"frappe.desk.notifications.get_open_count",
	"frappe.client.get_list",
	"frappe.client.get_count",
	"frappe.client.get_value",
	"frappe.desk.reportview.get",
	"frappe.desk.reportview.get_list",
	"frappe.desk.reportview.get_count",
	"frappe.desk.reportview.export_query",
	"frappe.desk.reportview.get_stats",
	"frappe.desk.reportview.get_sidebar_stats",
	"frappe.desk.reportview.get_filter_dashboard_data",
	"frappe.desk.listview.get_group_by_count",
	"frappe.desk.search.search_link",
	"frappe.desk.search.search_widget",
	"frappe.desk.search.get_link_title",
	"frappe.client.validate_link",
	"frappe.desk.form.utils.get_next",
	"frappe.desk.calendar.get_events",
	"frappe.geo.utils.get_coords",
	"frappe.desk.form.load.getdoc",
	"frappe.desk.form.load.get_docinfo",
}


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def outsider(network):
	"""A website user with no role: reads no DocType of the app."""
	user = make_user().name
	frappe.db.commit()
	yield user
	frappe.db.rollback()
	for contact in frappe.get_all("Contact", filters={"user": user}, pluck="name"):
		delete("Contact", contact)
	delete_traces("User", user)
	delete("User", user)
	frappe.db.commit()


@pytest.fixture(scope="module")
def passwords(network, outsider):
	"""A password for the users the tests log in as; it goes, with their logins' traces, afterwards."""
	users = [network.member_a, network.member_b, network.manager, outsider]
	for user in users:
		update_password(user, PASSWORD)
	frappe.db.commit()
	yield
	frappe.db.rollback()
	for user in users:
		delete_all_passwords_for("User", user)
	frappe.db.delete("Sessions", {"user": ("in", users)})
	frappe.db.delete("Activity Log", {"user": ("in", users), "operation": ("in", ("Login", "Logout"))})
	frappe.db.commit()


@pytest.fixture
def login(live_server, passwords):
	"""`login(user)`: a requests session on the live server logged in as `user`, logged out after the test."""
	sessions = []

	def log_in(user: str) -> requests.Session:
		session = requests.Session()
		session.headers["X-Frappe-Site-Name"] = SITE
		session.base_url = live_server
		sessions.append(session)
		response = session.post(f"{live_server}/api/method/login", data={"usr": user, "pwd": PASSWORD})
		assert response.ok, response.text[-300:]
		return session

	yield log_in
	for session in sessions:
		session.get(f"{live_server}/api/method/logout")
		session.close()


def call(session: requests.Session, method: str, **params) -> requests.Response:
	"""GET /api/method/<method>, the arguments JSON-encoded as the desk sends them."""
	query = {key: value if isinstance(value, str) else json.dumps(value) for key, value in params.items()}
	return session.get(f"{session.base_url}/api/method/{method}", params=query)


def readable_app_doctypes(users) -> list[str]:
	"""App DocTypes with rows of their own (no table, Single or virtual) every one of `users` reads."""
	return sorted(
		doctype
		for doctype in endpoint_guards.app_doctypes()
		if not any(frappe.get_meta(doctype).get(key) for key in ("istable", "issingle", "is_virtual"))
		and all(frappe.has_permission(doctype, "read", user=user) for user in users)
	)


def text_columns(doctype: str) -> list:
	return [
		df
		for df in frappe.get_meta(doctype).fields
		if df.fieldtype in ("Data", "Small Text", "Text") and not df.is_virtual
	]


def unreadable_column(doctypes, users) -> tuple[str, str] | None:
	"""A column at a permission level none of `users` reads, if the app still has one."""
	for doctype in doctypes:
		meta = frappe.get_meta(doctype)
		for df in text_columns(doctype):
			if df.permlevel and not any(df.fieldname in meta.get_permitted_fieldnames(user=u) for u in users):
				return doctype, df.fieldname
	return None


def spare_column(doctypes) -> tuple[str, str]:
	"""A column to hide: neither the title nor a search field, with no Property Setter on it yet."""
	for doctype in doctypes:
		meta = frappe.get_meta(doctype)
		shown = {meta.title_field, *meta.get_search_fields()}
		for df in text_columns(doctype):
			if df.fieldname not in shown and not frappe.db.exists(
				"Property Setter", {"doc_type": doctype, "field_name": df.fieldname}
			):
				return doctype, df.fieldname
	raise LookupError("no column of an app DocType to hide")


@pytest.fixture(scope="module")
def hidden(network):
	"""(doctype, field): an app DocType a member and a manager read, and a column of it they may not read."""
	users = (network.member_a, network.manager)
	doctypes = readable_app_doctypes(users)
	if found := unreadable_column(doctypes, users):
		yield SimpleNamespace(doctype=found[0], field=found[1])
		return

	doctype, field = spare_column(doctypes)
	setter = frappe.get_doc(
		{
			"doctype": "Property Setter",
			"doctype_or_field": "DocField",
			"doc_type": doctype,
			"field_name": field,
			"property": "permlevel",
			"value": "9",  # a level no role reads
			"property_type": "Int",
		}
	).insert()
	frappe.db.commit()
	frappe.clear_cache(doctype=doctype)
	yield SimpleNamespace(doctype=doctype, field=field)
	frappe.db.rollback()
	delete_traces("Property Setter", setter.name)
	delete("Property Setter", setter.name)
	frappe.db.commit()
	frappe.clear_cache(doctype=doctype)


@pytest.fixture
def reports(place, network, created_reports):
	"""Two committed reports, one of organisation A, one of organisation B, each assigned to the admin."""
	mine = make_report(place.theme, territory=place.qpv)
	theirs = make_report(place.theme, territory=place.qpv)
	frappe.db.set_value("Resident Report", theirs.name, "responsible_member", network.org_b)
	for report in (mine, theirs):
		created_reports.append(report.name)
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": network.admin,
				"reference_type": "Resident Report",
				"reference_name": report.name,
				"description": "Vérifier le signalement",
			}
		).insert(ignore_permissions=True)
	frappe.db.commit()
	return SimpleNamespace(a=mine, b=theirs, names=[mine.name, theirs.name])


# ---------------------------------------------------------------- wiring


def test_every_app_doctype_searches_links_with_the_guarded_query():
	queries = frappe.get_hooks("standard_queries") or {}
	unguarded = {
		doctype
		for doctype in endpoint_guards.app_doctypes()
		if not frappe.get_meta(doctype).issingle and (queries.get(doctype) or [""])[-1] != f"{GUARDS}search"
	}
	assert not unguarded, f"add them to standard_queries in hooks.py: {sorted(unguarded)}"


def test_each_guard_takes_the_arguments_and_http_methods_of_frappes_endpoint():
	overrides = {
		method: targets[-1]
		for method, targets in frappe.get_hooks("override_whitelisted_methods").items()
		if targets[-1].startswith(GUARDS)
	}
	assert set(overrides) == GUARDED
	for method, guard in overrides.items():
		original, wrapper = frappe.get_attr(method), frappe.get_attr(guard)
		assert inspect.signature(wrapper) == inspect.signature(original), method
		assert wrapper in frappe.whitelisted, guard
		methods = frappe.allowed_http_methods_for_whitelisted_func
		assert methods[wrapper] == methods[original], method
		assert (wrapper in frappe.guest_methods) == (original in frappe.guest_methods), method


# ---------------------------------------------------------------- fields a user may not read


REFUSED_FORMS = {
	"a dict of filters": lambda doctype, field: {"filters": {field: "x"}},
	"filters in JSON": lambda doctype, field: {"filters": json.dumps([[field, "=", "x"]])},
	"[field, operator, value]": lambda doctype, field: {"filters": [[field, "like", "%x%"]]},
	"[doctype, field, operator, value, hidden]": lambda doctype, field: {
		"filters": [[doctype, field, "=", "x", False]]
	},
	"or_filters": lambda doctype, field: {"or_filters": [[doctype, field, "is", "set"]]},
	"a raw condition": lambda doctype, field: {"filters": [f"ifnull(`{field}`, '') != ''"]},
	"a quoted column": lambda doctype, field: {"fields": [f"`tab{doctype}`.`{field}`"]},
	"an aliased field": lambda doctype, field: {"fields": json.dumps([f"{field} as label"])},
	"a function": lambda doctype, field: {"fields": [f"count(distinct {field}) as n"]},
	"fields in one string": lambda doctype, field: {"fields": f"name, {field}"},
	"filters passed as fields": lambda doctype, field: {"fields": [[field, "=", "x"]]},
	"order_by": lambda doctype, field: {"order_by": f"`tab{doctype}`.`{field}` desc"},
	"group_by": lambda doctype, field: {"group_by": field},
	"an aggregated column": lambda doctype, field: {
		"aggregate_on_doctype": doctype,
		"aggregate_on_field": field,
	},
}


@pytest.mark.parametrize("form", REFUSED_FORMS.values(), ids=REFUSED_FORMS.keys())
def test_a_field_the_user_may_not_read_is_refused_in_every_form_frappe_takes(hidden, network, form):
	with as_user(network.member_a), pytest.raises(frappe.PermissionError):
		endpoint_guards.check_query(hidden.doctype, form(hidden.doctype, hidden.field))


def test_readable_and_standard_fields_aliases_and_counts_pass(hidden, network):
	query = {
		"fields": ["name", "count(*) as count", f"`tab{hidden.doctype}`.`modified`", "owner as label"],
		"filters": {"name": ["like", "%"]},
		"or_filters": [[hidden.doctype, "owner", "=", "x"]],
		"order_by": "modified desc",
		"group_by": "owner",
	}
	with as_user(network.member_a):
		endpoint_guards.check_query(hidden.doctype, query)


def endpoint_arguments(method: str, doctype: str, field: str) -> dict:
	return {
		"frappe.client.get_count": {"doctype": doctype, "filters": {field: "x"}},
		"frappe.client.get_list": {"doctype": doctype, "filters": [[field, "=", "x"]]},
		"frappe.client.get_value": {"doctype": doctype, "fieldname": "name", "filters": {field: "x"}},
		"frappe.desk.reportview.get": {
			"doctype": doctype,
			"fields": ["name"],
			"filters": [[doctype, field, "=", "x"]],
		},
		"frappe.desk.reportview.get_list": {"doctype": doctype, "order_by": f"`tab{doctype}`.`{field}` desc"},
		"frappe.desk.reportview.get_count": {
			"doctype": doctype,
			"filters": [[doctype, field, "like", "%x%"]],
		},
		"frappe.desk.reportview.get_sidebar_stats": {"doctype": doctype, "stats": [field]},
		"frappe.desk.listview.get_group_by_count": {
			"doctype": doctype,
			"current_filters": [],
			"field": field,
		},
		"frappe.client.validate_link": {"doctype": doctype, "docname": "x", "fields": [field]},
		"frappe.desk.calendar.get_events": {
			"doctype": doctype,
			"start": "2000-01-01",
			"end": "2100-01-01",
			"field_map": {"start": "creation", "end": "modified", "title": field},
		},
	}[method]


@pytest.mark.parametrize(
	"method",
	[
		"frappe.client.get_count",
		"frappe.client.get_list",
		"frappe.client.get_value",
		"frappe.desk.reportview.get",
		"frappe.desk.reportview.get_list",
		"frappe.desk.reportview.get_count",
		"frappe.desk.reportview.get_sidebar_stats",
		"frappe.desk.listview.get_group_by_count",
		"frappe.client.validate_link",
		"frappe.desk.calendar.get_events",
	],
)
def test_an_endpoint_refuses_a_field_the_user_may_not_read_and_answers_on_a_readable_one(
	login, network, hidden, method
):
	for user in (network.member_a, network.manager):
		session = login(user)
		refused = call(session, method, **endpoint_arguments(method, hidden.doctype, hidden.field))
		assert refused.status_code == 403, (user, refused.text[-300:])
		answered = call(session, method, **endpoint_arguments(method, hidden.doctype, "owner"))
		assert answered.status_code == 200, (user, answered.text[-300:])


def test_the_rest_api_refuses_a_filter_on_a_field_the_user_may_not_read(login, network, hidden):
	session = login(network.member_a)
	doctype, field = hidden.doctype, hidden.field
	refused = [
		session.get(
			f"{session.base_url}/api/resource/{doctype}", params={"filters": json.dumps({field: "x"})}
		),
		session.get(f"{session.base_url}/api/v2/document/{doctype}", params={"order_by": f"{field} desc"}),
		session.get(
			f"{session.base_url}/api/v2/doctype/{doctype}/count",
			params={"filters": json.dumps([[doctype, field, "=", "x"]])},
		),
	]
	assert [response.status_code for response in refused] == [403, 403, 403]
	answered = session.get(
		f"{session.base_url}/api/resource/{doctype}", params={"filters": json.dumps({"owner": "x"})}
	)
	assert answered.status_code == 200, answered.text[-300:]


def test_a_link_search_filtering_on_a_field_the_user_may_not_read_answers_nothing(login, network, hidden):
	session = login(network.member_a)
	response = call(
		session,
		"frappe.desk.search.search_widget",
		doctype=hidden.doctype,
		txt="",
		filters={hidden.field: ["like", "%"]},
		ignore_user_permissions=1,
	)
	# the refusal reaches search_widget, which answers 404 ("Method not found"), 403 in developer mode
	assert response.status_code in (403, 404), response.text[-300:]


# ---------------------------------------------------------------- rows a user may not read


def test_a_link_search_ignoring_user_permissions_finds_only_the_reports_the_user_may_read(
	login, network, reports
):
	for user, expected in ((network.member_b, {reports.b.name}), (network.manager, set(reports.names))):
		response = call(
			login(user),
			"frappe.desk.search.search_link",
			doctype="Resident Report",
			txt="",
			filters={"name": ["in", reports.names]},
			ignore_user_permissions=1,
		)
		assert response.ok, response.text[-300:]
		assert {row["value"] for row in response.json()["message"]} == expected, user


def test_a_search_widget_answers_no_column_beyond_name_title_and_search_fields(login, network, reports):
	response = call(
		login(network.member_a),
		"frappe.desk.search.search_widget",
		doctype="Resident Report",
		txt="",
		filters={"name": ["in", reports.names]},
		filter_fields=["description", "address"],
		ignore_user_permissions=1,
		as_dict=1,
	)
	assert response.ok, response.text[-300:]
	rows = response.json()["message"]
	assert [row["name"] for row in rows] == [reports.a.name]
	meta = frappe.get_meta("Resident Report")
	assert set(rows[0]) <= {"name", "label", meta.title_field, *meta.get_search_fields()}
	assert reports.a.description not in response.text
	assert reports.b.description not in response.text


def test_a_count_covers_only_the_reports_the_user_may_read(login, network, reports):
	for user, expected in ((network.member_a, 1), (network.manager, 2)):
		session = login(user)
		counts = [
			call(
				session,
				"frappe.client.get_count",
				doctype="Resident Report",
				filters={"name": ["in", reports.names]},
			),
			call(
				session,
				"frappe.desk.reportview.get_count",
				doctype="Resident Report",
				filters=[["Resident Report", "name", "in", reports.names]],
			),
		]
		assert [response.json().get("message") for response in counts] == [expected, expected], user


def test_assignment_counts_are_refused_to_a_user_who_may_not_read_the_doctype(login, outsider, reports):
	response = call(
		login(outsider),
		"frappe.desk.listview.get_group_by_count",
		doctype="Resident Report",
		current_filters=[],
		field="assigned_to",
	)
	assert response.status_code == 403, response.text[-300:]


def test_assignment_counts_of_a_member_cover_only_their_organisations_reports(login, network, reports):
	for user, expected in ((network.member_a, 1), (network.manager, 2)):
		response = call(
			login(user),
			"frappe.desk.listview.get_group_by_count",
			doctype="Resident Report",
			current_filters=[["Resident Report", "name", "in", reports.names]],
			field="assigned_to",
		)
		assert response.ok, response.text[-300:]
		counts = {row["name"]: row["count"] for row in response.json()["message"]}
		assert counts.get(network.admin) == expected, user


def test_a_child_table_is_not_read_on_its_own_by_a_member_who_reads_only_some_of_its_parents(login, network):
	child = frappe.get_meta("Resident Report").get_table_fields()[0].options
	arguments = {"doctype": child, "parent": "Resident Report", "fields": ["parent"]}
	assert call(login(network.member_a), "frappe.client.get_list", **arguments).status_code == 403
	assert call(login(network.manager), "frappe.client.get_list", **arguments).status_code == 200


def test_the_map_and_the_forms_arrows_refuse_a_field_the_user_may_not_read(login, network, hidden):
	session = login(network.member_a)
	doctype, field = hidden.doctype, hidden.field
	refused = [
		call(
			session, "frappe.geo.utils.get_coords", doctype=doctype, filters={field: "x"}, type="coordinates"
		),
		call(
			session, "frappe.desk.form.utils.get_next", doctype=doctype, value="x", prev=0, sort_field=field
		),
	]
	assert [response.status_code for response in refused] == [403, 403], [r.text[-200:] for r in refused]
	answered = call(
		session,
		"frappe.geo.utils.get_coords",
		doctype="Resident Report",
		filters={"owner": "x"},
		type="coordinates",
	)
	assert answered.status_code == 200, answered.text[-300:]


def test_the_forms_arrows_start_only_from_a_report_the_user_may_read(login, network, reports):
	session = login(network.member_a)
	arguments = {"doctype": "Resident Report", "prev": 0, "sort_field": "creation", "sort_order": "asc"}
	assert (
		call(session, "frappe.desk.form.utils.get_next", value=reports.a.name, **arguments).status_code == 200
	)
	theirs = call(session, "frappe.desk.form.utils.get_next", value=reports.b.name, **arguments)
	assert theirs.status_code == 403, theirs.text[-300:]


def test_a_link_search_naming_its_own_query_still_answers_with_the_users_rows(login, network, reports):
	"""A whitelisted query named by the caller (here one of Frappe's tests, answering nothing)
	does not replace the app's guarded search."""
	session = login(network.member_a)
	for method in ("frappe.desk.search.search_widget", "frappe.desk.search.search_link"):
		response = call(
			session,
			method,
			doctype="Resident Report",
			txt="",
			query="frappe.tests.test_search.query_with_reference_doctype",
			page_length=500,
			ignore_user_permissions=1,
		)
		found = json.dumps(response.json().get("message") or response.json().get("results"))
		assert reports.a.name in found and reports.b.name not in found, (method, response.text[-300:])


def test_a_link_title_is_given_only_for_a_record_the_user_may_read(login, network):
	from tests.factories import make_action_sheet

	draft = make_action_sheet(network.org_b)
	mine = make_action_sheet(network.org_a)
	frappe.db.commit()
	try:
		session = login(network.member_a)
		titles = [
			call(
				session, "frappe.desk.search.get_link_title", doctype="Action Sheet", docname=sheet.name
			).json()
			for sheet in (draft, mine)
		]
		assert titles == [{"message": draft.name}, {"message": mine.title}]
	finally:
		for sheet in (draft, mine):
			delete_traces("Action Sheet", sheet.name)
			delete("Action Sheet", sheet.name)
		frappe.db.commit()


def test_a_filter_on_the_reporters_email_is_refused_not_answered_with_a_server_error(login, network):
	"""The reporter's fields of a report are virtual (kept on Resident Contact): no column to
	filter on, so Frappe would answer with a database error (500)."""
	session = login(network.member_a)
	filters = [["Resident Report", "reporter_email", "like", "habitant%"]]
	answers = [
		call(session, "frappe.client.get_count", doctype="Resident Report", filters=filters),
		call(session, "frappe.desk.reportview.get_count", doctype="Resident Report", filters=filters),
		call(session, "frappe.client.get_list", doctype="Resident Report", fields=["reporter_email"]),
	]
	assert [answer.status_code for answer in answers] == [403, 403, 403], [a.text[-200:] for a in answers]
