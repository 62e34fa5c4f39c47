"""The network at scale for `./gusp bench` (benchmarks/scale.py): written in bulk, yet every record
is a document the app accepts, routes, shows and follows like one it made itself."""

import random
import re

import frappe
import pytest
from frappe.utils import set_request
from frappe.utils.password import check_password, get_decrypted_password
from frappe.website.serve import get_response

from benchmarks.scale import generate
from gusp_network.directory.geography import find_territory
from gusp_network.directory.who_does_what import clear_tree_caches, find_lead
from gusp_network.permissions import clear_user_member_cache
from gusp_network.resident_voice.contacts import CONTACT

SCALE = 0.003
BASES = {
	"GUSP Territory": 500,
	"GUSP Theme": 300,
	"Network Member": 300,
	"Responsibility": 3000,
	"Action Sheet": 5000,
	"Resident Report": 100_000,
}
PASSWORD = "bench-gusp"
DDL = re.compile(r"\s*(create|alter|drop|truncate|rename|start|begin|commit)\b", re.IGNORECASE)
# what a save sets whatever the document: who and when
STAMPS = {"modified", "modified_by"}
# records the generator writes besides those it counts at scale
SAVED = ("User", "Resident Contact", "ToDo")


@pytest.fixture
def scale(monkeypatch):
	"""`scale()` generates at a small scale in the test's transaction, refusing any commit or schema
	change; it returns the result and the names each DocType had before."""
	statements = []

	def run(value: float = SCALE, extra: tuple[str, ...] = ()):
		before = {doctype: set(frappe.get_all(doctype, pluck="name")) for doctype in (*BASES, *extra)}
		sql = frappe.db.sql

		def watched(query, *args, **kwargs):
			statements.append(str(query)[:40])
			return sql(query, *args, **kwargs)

		with monkeypatch.context() as patch:
			patch.setattr(frappe.db, "sql", watched)
			patch.setattr(frappe.db, "commit", lambda *a, **k: pytest.fail("generate committed"))
			result = generate(value, progress=lambda line: None)
		assert not [s for s in statements if DDL.match(s)], "generate changed the schema or committed"
		return result, before

	yield run
	frappe.db.rollback()
	# routing and the user's organisation are cached in Redis, which a rollback does not reach
	clear_tree_caches()
	clear_user_member_cache()


def new_names(doctype: str, before: dict) -> list[str]:
	return sorted(set(frappe.get_all(doctype, pluck="name")) - before[doctype])


def test_generate_makes_every_count_at_scale_and_leaves_nothing_once_rolled_back(scale):
	result, before = scale()

	for doctype, base in BASES.items():
		expected = max(1, round(base * SCALE))
		assert result["counts"][doctype] == expected, doctype
		assert len(new_names(doctype, before)) == expected, doctype
	reports = [name for name, _key in result["tracking_keys"]]
	assert frappe.db.count("Resident Contact", {"name": ("in", reports)}) == len(reports)

	frappe.db.rollback()
	assert not frappe.db.exists("Resident Report", reports[0]), "generate committed its data"
	assert not frappe.db.exists("User", result["member_user"])


def test_a_sample_of_every_generated_doctype_saves_unchanged(scale):
	"""Frappe's own checks (links, mandatory fields, selects, lengths, workflow) and the app's
	`validate` accept each record as it is and have nothing to fix: saving changes no value, no
	row, no reporter contact and no assignment."""
	_result, before = scale(0.1, extra=SAVED)  # grey zones appear from this scale on
	rng = random.Random(7)
	samples = {doctype: rng.sample(names, min(len(names), 5)) for doctype, names in generated(before).items()}
	samples["Resident Report"] += one_report_per_state(before)
	samples["Grey Zone"] = zones_of(samples["Resident Report"] + new_names("Resident Report", before))[:5]
	for doctype, names in samples.items():
		assert names, doctype
		for name in names:
			doc = frappe.get_doc(doctype, name)
			values, extras = comparable(doc), around(doc)
			doc.save()
			saved = frappe.get_doc(doctype, name)
			assert comparable(saved) == values, f"{doctype} {name}"
			assert around(saved) == extras, f"{doctype} {name}"


def generated(before: dict) -> dict[str, list[str]]:
	return {doctype: new_names(doctype, before) for doctype in before}


def one_report_per_state(before: dict) -> list[str]:
	names = set(new_names("Resident Report", before))
	by_state = {}
	for row in frappe.get_all("Resident Report", fields=["name", "workflow_state", "reopen_count"]):
		if row.name in names:
			by_state.setdefault((row.workflow_state, bool(row.reopen_count)), row.name)
	return sorted(by_state.values())


def zones_of(reports: list[str]) -> list[str]:
	return sorted(
		set(frappe.get_all("Resident Report", filters={"name": ("in", reports)}, pluck="grey_zone")) - {None}
	)


def comparable(doc) -> dict:
	values = {key: value for key, value in doc.as_dict(no_default_fields=False).items() if key not in STAMPS}
	for table in doc.meta.get_table_fields():
		values[table.fieldname] = [
			{k: v for k, v in row.items() if k not in STAMPS} for row in values[table.fieldname]
		]
	return values


def around(doc) -> tuple:
	"""What a save may touch beside the document: its workflow actions; a report's contact and
	assignments."""
	actions = frappe.get_all(
		"Workflow Action",
		filters={"reference_doctype": doc.doctype, "reference_name": doc.name},
		fields=["name", "workflow_state", "status"],
	)
	roles = frappe.get_all(
		"Workflow Action Permitted Role",
		filters={"parent": ("in", [action.name for action in actions])},
		pluck="role",
	)
	if doc.doctype != "Resident Report":
		return actions, sorted(roles)
	contact = frappe.get_doc(CONTACT, doc.name).as_dict()
	todos = frappe.get_all(
		"ToDo",
		filters={"reference_type": doc.doctype, "reference_name": doc.name},
		fields=["allocated_to", "status", "date"],
	)
	contact = {k: v for k, v in contact.items() if k not in STAMPS}
	return actions, sorted(roles), contact, todos, doc.get("_assign")


@pytest.mark.parametrize("doctype", ["GUSP Territory", "GUSP Theme"])
def test_generated_trees_are_valid_nested_sets(scale, doctype):
	scale()
	parent_field = frappe.get_meta(doctype).nsm_parent_field
	rows = frappe.get_all(doctype, fields=["name", "lft", "rgt", parent_field, "is_group"])
	bounds = [value for row in rows for value in (row.lft, row.rgt)]
	assert len(set(bounds)) == len(bounds), "two nodes share a bound"
	by_name = {row.name: row for row in rows}
	children = {}
	for row in rows:
		children.setdefault(row.get(parent_field), []).append(row)
	for row in rows:
		assert row.lft < row.rgt
		parent = by_name.get(row.get(parent_field))
		if parent:
			assert parent.lft < row.lft and row.rgt < parent.rgt, row.name
		inside = sum(1 for other in rows if row.lft < other.lft < row.rgt)
		assert row.rgt - row.lft - 1 == 2 * inside, row.name
		assert inside == count_descendants(row.name, children), row.name


def count_descendants(name: str, children: dict) -> int:
	return sum(1 + count_descendants(child.name, children) for child in children.get(name, []))


def test_route_samples_route_to_their_territory_and_lead(scale):
	result, _before = scale()

	assert len(result["route_samples"]) == 50
	for sample in result["route_samples"]:
		territory = find_territory(sample["latitude"], sample["longitude"])
		assert territory == sample["territory"]
		assert find_lead(sample["theme"], territory, "Unknown") == sample["lead"]


@pytest.fixture
def numbers_in_this_transaction(monkeypatch):
	"""A new report takes its number on a connection of its own, committed at once
	(resident_voice/report_numbers.py): it would wait for the counters this test moved and has not
	committed. Here it takes it from the same counter row, in the test's transaction."""
	try:
		from gusp_network.resident_voice import report_numbers
	except ImportError:
		return
	monkeypatch.setattr(report_numbers, "own_connection", lambda fresh=False: frappe.db._conn)


def test_records_inserted_afterwards_take_the_next_names(scale, numbers_in_this_transaction):
	result, before = scale()
	sample = result["route_samples"][0]
	generated, rules = new_names("Resident Report", before), new_names("Responsibility", before)

	report = frappe.get_doc(
		{
			"doctype": "Resident Report",
			"theme": sample["theme"],
			"description": "Lampadaire éteint devant l'école.",
			"latitude": sample["latitude"],
			"longitude": sample["longitude"],
		}
	).insert(ignore_permissions=True)
	rule = frappe.get_doc(
		{
			"doctype": "Responsibility",
			"theme": sample["theme"],
			"territory": sample["territory"],
			"land_status": "Private",
			"network_member": result["member"],
			"role": "Information",
		}
	).insert()

	this_year = [name for name in generated if name.startswith(report.name[:9])]
	assert report.name not in generated and report.name > max(this_year, default="")
	assert (report.territory, report.responsible_member) == (sample["territory"], sample["lead"])
	assert rule.name not in rules and rule.name > max(rules)


def test_the_member_user_sees_its_organisations_reports_and_not_the_others(scale):
	result, _before = scale(0.01)
	member, user = result["member"], result["member_user"]
	own = set(frappe.get_all("Resident Report", filters={"responsible_member": member}, pluck="name"))

	frappe.set_user(user)
	seen = set(frappe.get_list("Resident Report", pluck="name", limit_page_length=0))
	frappe.set_user("Administrator")

	assert own and seen == own
	assert len(seen) < frappe.db.count("Resident Report")
	assert "GUSP Member" in frappe.get_roles(user)
	assert check_password(user, PASSWORD) == user


def test_the_admin_user_logs_in_with_its_password_or_its_api_key(scale):
	result, _before = scale()
	admin = result["admin_user"]

	assert check_password(admin, PASSWORD) == admin
	assert "System Manager" in frappe.get_roles(admin)
	assert frappe.db.get_value("User", {"api_key": result["api_key"]}) == admin
	assert get_decrypted_password("User", admin, "api_secret") == result["api_secret"]


def test_a_tracking_key_opens_its_reports_tracking_page(scale):
	result, _before = scale()
	name, key = result["tracking_keys"][0]

	assert render(f"/suivi/{key}") == (200, True, name)
	assert render(f"/suivi/{key[::-1]}")[0] == 404


def render(path: str) -> tuple[int, bool, str]:
	"""The tracking page as a guest gets it: (status, whether it names a report, that report)."""
	frappe.set_user("Guest")
	set_request(method="GET", path=path)
	try:
		response = get_response()
	finally:
		frappe.set_user("Administrator")
	html = frappe.safe_decode(response.get_data())
	found = re.search(r"SIG-\d{4}-\d+", html)
	return response.status_code, bool(found), found.group(0) if found else ""
