"""The permission matrix: every DocType of the app, every situation, every way in, over HTTP.

For each DocType, `MATRIX` says what each situation may do with a record that belongs to
organisation A (the "owning" organisation): r read it, w write it, c create one like it, d delete
one, x export; `extra` names the other test records of the DocType (organisation B's, a draft…)
and who reads them. Every assertion is derived from it:

- a read of the record (REST, frappe.client.get, the form load and its docinfo, the print view)
  answers it when allowed, and is otherwise a 403/404/417 or an empty answer without its fields;
- a list, count, group-by count, link search or export holds exactly the test records the
  situation reads: nothing else, and nothing at all when it reads none;
- POST, PUT and DELETE succeed exactly when allowed, and change nothing otherwise;
- the resident who reported (their account's email and name, their Resident Contact) appears in
  no answer to anyone but the resource centre and admins;
- what a private DocType holds (`PRIVATE_FIELDS`: the email of a meeting's registration) appears
  in no answer to anyone but its readers, whatever the way in: not in the records that list it
  (the meeting's participants), their history or print, nor in what a save answers;
- the answers of POST, PUT and DELETE hold nothing the situation does not read either.

Child DocTypes are read and changed only through their parent (`through`): their expectations
are the parent's, and a child table is listed on its own only by whoever reads every test record
of its parent. `pending` marks the cases the scoping added (members read only their organisation's
needs and diagnostics; a desk user without a GUSP role sees nothing scoped), checked like the
rest now that it has landed. `LEAKS` lists the
cases where the app answers more than the matrix allows today (strict expected failures).

The data is committed for the module (the live server has its own database connection), marked
with unique strings, and deleted afterwards with its traces. Reads are sent first, in parallel,
then the writes, one by one.
"""

import csv
import functools
import io
import json
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import quote

import frappe
import pytest
import requests
from frappe.model.workflow import apply_workflow
from frappe.permissions import reset_perms, setup_custom_perms
from frappe.utils import add_days, now_datetime, strip_html_tags, today
from frappe.utils.password import delete_all_passwords_for, update_password

from gusp_network.permissions import clear_user_member_cache
from tests.conftest import clear_rate_limits, delete_report
from tests.cooperation.factories import make_agreement
from tests.factories import (
	SITE,
	as_user,
	delete,
	delete_reports_about,
	delete_traces,
	make_action_sheet,
	make_network_member,
	make_report,
	make_responsibility,
	make_territory,
	make_theme,
	make_user,
)
from tests.knowledge.factories import make_evaluation
from tests.network_life.factories import make_meeting, make_trip

RUN = secrets.token_hex(3)
PASSWORD = f"Gusp-{secrets.token_urlsafe(12)}"
REGISTRATION = "Network Meeting Registration"  # how to reach a participant without an account

# ---------------------------------------------------------------- situations

ADMIN = "GUSP Admin"
CENTRE = "Resource Centre"
OWN = "Member of the owning organisation"
OTHER = "Member of another organisation"
MANAGER = "Manager"
RESIDENT = "Resident owner"
NEIGHBOUR = "other Resident"
GUEST = "Guest"
OUTSIDER = "Desk user without a GUSP role"
SITUATIONS = (ADMIN, CENTRE, OWN, OTHER, MANAGER, RESIDENT, NEIGHBOUR, GUEST, OUTSIDER)
# who may see who reported a problem (their Resident Contact, the report's author): the resource
# centre, admins, and the resident themself
IDENTITY_READERS = {ADMIN, CENTRE, RESIDENT}
# the desk user without a GUSP role holds a role an admin gave read and write on these
OUTSIDER_GRANTS = (
	"Network Member",
	"Responsibility",
	"Action Sheet",
	"Resident Report",
	"Resident Need",
	"Field Diagnostic",
)

# ---------------------------------------------------------------- the matrix

MAIN = "the record of organisation A"
SAME = "the readers of the record of organisation A"
SCOPING = "scoping being added"


@dataclass(frozen=True)
class Row:
	# situation -> what it may do with organisation A's record: r read, w write, c create, d delete, x export
	ops: dict = field(default_factory=dict)
	# another test record of the DocType -> the situations that read it (SAME: as the main record)
	extra: dict = field(default_factory=dict)
	# situation -> letters still being added (l: its lists); expected failures, not strict
	pending: dict = field(default_factory=dict)
	# child DocTypes: read and changed only through this parent
	parent: str | None = None
	# rows the parent computes: nobody adds, changes or removes them on their own
	computed: bool = False


def through(parent: str) -> Row:
	return Row(parent=parent)


EVERYTHING = "rwcdx"
SHARED = {ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "rx", OTHER: "rx", MANAGER: "rx"}

MATRIX: dict[str, Row] = {
	# Directory
	"GUSP Territory": Row(SHARED),
	"GUSP Theme": Row(SHARED),
	"Network Member": Row(
		{ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "rw", OTHER: "r", MANAGER: "rx", OUTSIDER: "r"},
		extra={"organisation B": SAME},
		pending={OUTSIDER: "w"},
	),
	"Network Member Territory": through("Network Member"),
	"Network Member Theme": through("Network Member"),
	"Network Member User": through("Network Member"),
	"Responsibility": Row(
		{ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: EVERYTHING, OTHER: "rx", MANAGER: "rx", OUTSIDER: "r"},
		extra={"of organisation B": SAME},
		pending={OUTSIDER: "w"},
	),
	"Grey Zone": Row({ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "rc", OTHER: "rc", MANAGER: "rx"}),
	"Grey Zone Member": through("Grey Zone"),
	"GUSP Settings": Row({ADMIN: "rw", CENTRE: "rw", OWN: "r", OTHER: "r", MANAGER: "r"}),
	# Workstreams
	"Workstream": Row(SHARED),
	"Workstream Axis": through("Workstream"),
	"Workstream Action": through("Workstream"),
	"Action Sheet": Row(
		{ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "rwcx", OTHER: "rx", MANAGER: "rx", OUTSIDER: "r"},
		extra={
			"draft of organisation A": {ADMIN, CENTRE, OWN, MANAGER},
			"draft of organisation B": {ADMIN, CENTRE, OTHER, MANAGER},
		},
		pending={OUTSIDER: "lw"},
	),
	"Action Sheet Territory": through("Action Sheet"),
	"Action Sheet Theme": through("Action Sheet"),
	"Action Sheet Partner": through("Action Sheet"),
	"Action Sheet Resource": through("Action Sheet"),
	"Action Sheet Step": through("Action Sheet"),
	"Action Sheet Indicator": through("Action Sheet"),
	# Resident voice
	"Resident Report": Row(
		{ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "rwcx", OTHER: "cx", MANAGER: "rx"},
		extra={"of organisation B": {ADMIN, CENTRE, OTHER, MANAGER}},
		pending={OUTSIDER: "rlw"},
	),
	"Resident Report Update": through("Resident Report"),
	"Resident Contact Follower": through("Resident Contact"),
	"Resident Contact": Row(
		{ADMIN: "rwdx", CENTRE: "rwdx"}, extra={"of organisation B's report": {ADMIN, CENTRE}}
	),
	"Resident Need": Row(
		{ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "rwcx", OTHER: "cx", MANAGER: "rx"},
		extra={"of organisation B": {ADMIN, CENTRE, OTHER, MANAGER}},
		pending={OWN: "l", OTHER: "rlw", OUTSIDER: "rlw"},
	),
	"Field Diagnostic": Row(
		{ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "rwc", MANAGER: "rx"},
		extra={"of organisation B": {ADMIN, CENTRE, OTHER, MANAGER}},
		pending={OWN: "l", OTHER: "rl", OUTSIDER: "rlw"},
	),
	"Field Diagnostic Participant": through("Field Diagnostic"),
	"Field Diagnostic Observation": through("Field Diagnostic"),
	# Cooperation: read by the whole network, changed by the organisations party to them
	"Cooperation Agreement": Row(
		{ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "rwc", OTHER: "r", MANAGER: "rx"},
		extra={"of organisation B": SAME},
	),
	"Cooperation Agreement Party": through("Cooperation Agreement"),
	"Cooperation Agreement Territory": through("Cooperation Agreement"),
	"Cooperation Agreement Action Sheet": through("Cooperation Agreement"),
	"Cooperation Agreement Year Total": Row(parent="Cooperation Agreement", computed=True),
	"TFPB Commitment": through("Cooperation Agreement"),
	"TFPB Axis": Row({ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "r", OTHER: "r", MANAGER: "r"}),
	"Cooperation Charter": Row(
		{ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "rwc", OTHER: "r", MANAGER: "rx"},
		extra={"of organisation B": SAME},
	),
	"Cooperation Charter Signatory": through("Cooperation Charter"),
	# Network Life: read by the whole network, changed by the organisation that organises them
	"Network Meeting": Row(
		{ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "rwc", OTHER: "r", MANAGER: "rx"},
		extra={"of organisation B": SAME},
	),
	"Network Meeting Theme": through("Network Meeting"),
	"Network Meeting Participant": through("Network Meeting"),
	"Network Meeting Decision": through("Network Meeting"),
	# how to reach a participant without an account: the resource centre's only (the meeting lists
	# the name)
	"Network Meeting Registration": Row(
		{ADMIN: EVERYTHING, CENTRE: EVERYTHING}, extra={"of organisation B's meeting": {ADMIN, CENTRE}}
	),
	"Study Trip": Row(
		{ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "rwc", OTHER: "r", MANAGER: "rx"},
		extra={"of organisation B": SAME},
	),
	"Study Trip Visit": through("Study Trip"),
	"Study Trip Participant": through("Study Trip"),
	"Study Trip Budget Line": through("Study Trip"),
	# Knowledge: evaluations read by the whole network, written by the organisations among their
	# evaluators; the criteria, an admins' list
	"Evaluation": Row(
		{ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "rwc", OTHER: "r", MANAGER: "rx"},
		extra={"of organisation B": SAME},
	),
	"Evaluation Evaluator": through("Evaluation"),
	"Evaluation Score": through("Evaluation"),
	"Evaluation Criterion": Row({ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "r", OTHER: "r", MANAGER: "r"}),
	# practice sheets read by the network once out of draft (a draft stays with its lead and
	# co-authors), written by them; in review (the main record), by the resource centre only
	"Practice Sheet": Row(
		{ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "rc", OTHER: "r", MANAGER: "rx"},
		extra={
			"draft of organisation A": {ADMIN, CENTRE, OWN, MANAGER},
			"draft of organisation B": {ADMIN, CENTRE, OTHER, MANAGER},
		},
	),
	"Practice Sheet Theme": through("Practice Sheet"),
	"Practice Sheet Territory": through("Practice Sheet"),
	"Practice Sheet Author": through("Practice Sheet"),
	"Practice Sheet Attachment": through("Practice Sheet"),
	# a member's proposals for the newsletter: its own until the edition goes out
	"Newsletter Contribution": Row(
		{ADMIN: EVERYTHING, CENTRE: EVERYTHING, OWN: "rwc", MANAGER: "rx"},
		extra={"of organisation B": {ADMIN, CENTRE, OTHER, MANAGER}},
	),
	# the partner applications sending reports through Open311, and their keys: admins only
	"Open311 Client": Row({ADMIN: EVERYTHING}),
}


def record_keys(doctype: str) -> list[str]:
	"""The test records of a DocType (a child DocType: the rows of its parent's test records)."""
	row = MATRIX[doctype]
	return record_keys(row.parent) if row.parent else [MAIN, *row.extra]


def readers(doctype: str, key: str) -> set[str]:
	"""Who reads that test record (a child row: who reads the record it is a row of)."""
	row = MATRIX[doctype]
	if row.parent:
		return readers(row.parent, key)
	if key == MAIN:
		return {situation for situation in SITUATIONS if "r" in row.ops.get(situation, "")}
	who = row.extra[key]
	return readers(doctype, MAIN) if who == SAME else set(who)


def reads_all(doctype: str, situation: str) -> bool:
	return all(situation in readers(doctype, key) for key in record_keys(doctype))


def may(doctype: str, situation: str, letter: str) -> bool:
	"""Whether the situation may do `letter` (r w c d x; l: list a child table on its own)."""
	row = MATRIX[doctype]
	if not row.parent:
		return letter in row.ops.get(situation, "")
	parent = row.parent
	if row.computed and letter in "cwd":
		return False
	if letter in "rw":
		return may(parent, situation, letter)
	if letter == "d":  # removing a row changes its parent, as in the form (gusp_network.child_rows)
		return may(parent, situation, "w")
	if letter == "c":  # a row is added by whoever may create and change such a parent
		return may(parent, situation, "c") and may(parent, situation, "w")
	if letter == "l":  # a child table has no row rule of its own: only who reads every parent lists it
		return reads_all(parent, situation)
	# x: frappe.permissions.can_export reads the child DocType's own permissions (none): System Manager only
	return reads_all(parent, situation) and situation == ADMIN


def sees(doctype: str, situation: str) -> set[str]:
	"""The test records a list, count or search of the situation holds."""
	if MATRIX[doctype].parent:
		return set(record_keys(doctype)) if may(doctype, situation, "l") else set()
	return {key for key in record_keys(doctype) if situation in readers(doctype, key)}


def is_pending(doctype: str, situation: str, letter: str) -> bool:
	"""Whether that expectation is still being implemented (r: reading any of the test records)."""
	row = MATRIX[doctype]
	if row.parent:
		if letter in "rlx":
			return bool(set(MATRIX[row.parent].pending.get(situation, "")) & set("rl"))
		if letter == "c":
			return is_pending(row.parent, situation, "c") or is_pending(row.parent, situation, "w")
		return is_pending(row.parent, situation, "w" if letter == "d" else letter)
	pending = row.pending.get(situation, "")
	if letter == "r":  # the records of another organisation are read one by one too
		return bool(set(pending) & set("rl"))
	return letter in pending or (letter == "x" and "l" in pending)


# ---------------------------------------------------------------- leaks found (strict expected failures)

LEAKS: dict[tuple[str, str, str], str] = {}


def leak(reason: str, doctypes, situations, ways) -> None:
	for doctype in doctypes:
		for situation in situations:
			for way_name in ways:
				LEAKS[(doctype, situation, way_name)] = reason


def children_of(parent: str) -> list[str]:
	return [doctype for doctype, row in MATRIX.items() if row.parent == parent]


# ---------------------------------------------------------------- ways in


@dataclass(frozen=True)
class Way:
	kind: str  # doc | rows | count | create | write | delete
	letter: str  # r, l (rows), x (export rows), c, w, d
	takes_parent: bool = True  # can name the parent of a child DocType


WAYS: dict[str, Way] = {
	"GET /api/resource/<dt>/<name>": Way("doc", "r"),
	"frappe.client.get": Way("doc", "r"),
	"frappe.desk.form.load.getdoc": Way("doc", "r"),
	"frappe.desk.form.load.get_docinfo": Way("doc", "r"),
	"/printview": Way("doc", "r"),
	"frappe.utils.print_format.download_pdf": Way("doc", "r"),
	'GET /api/resource/<dt> fields=["*"]': Way("rows", "l"),
	"GET /api/resource/<dt> filtered": Way("rows", "l"),
	"frappe.client.get_list": Way("rows", "l"),
	"frappe.client.get_value": Way("rows", "l"),
	"frappe.client.get_count": Way("count", "l", takes_parent=False),
	"frappe.desk.reportview.get": Way("rows", "l"),
	"frappe.desk.reportview.get_count": Way("count", "l"),
	"frappe.desk.listview.get_group_by_count assigned_to": Way("count", "l", takes_parent=False),
	"frappe.desk.listview.get_group_by_count owner": Way("count", "l", takes_parent=False),
	"frappe.desk.search.search_link": Way("rows", "l"),
	"frappe.desk.search.search_widget": Way("rows", "l"),
	"frappe.desk.reportview.export_query": Way("rows", "x"),
	"POST /api/resource/<dt>": Way("create", "c"),
	"PUT /api/resource/<dt>/<name>": Way("write", "w"),
	"DELETE /api/resource/<dt>/<name>": Way("delete", "d"),
}
DOC_READS = [name for name, way in WAYS.items() if way.kind == "doc"]


# a Single has no rows: it is read as a document (frappe.client.get_value reads its values)
SINGLE_WAYS = {*(name for name, way in WAYS.items() if way.kind in ("doc", "create", "write", "delete"))}
SINGLE_WAYS.add("frappe.client.get_value")
REFUSED = {403, 404, 417}


@functools.cache  # also asked from the threads sending the reads, where frappe.local is empty
def is_single(doctype: str) -> bool:
	return bool(frappe.get_meta(doctype).issingle)


def expected_allowed(doctype: str, situation: str, way_name: str, key: str = MAIN) -> bool:
	way = WAYS[way_name]
	if way.kind in ("rows", "count") and not (way_name == "frappe.client.get_value" and is_single(doctype)):
		return bool(expected_rows(doctype, situation, way_name))
	if way.kind in ("doc", "rows"):
		return situation in readers(doctype, key)
	return may(doctype, situation, way.letter)


def expected_rows(doctype: str, situation: str, way_name: str) -> set[str]:
	way = WAYS[way_name]
	if MATRIX[doctype].parent and not way.takes_parent:
		return set()  # a child table is read with its parent named, or not at all
	if way.letter == "x" and not may(doctype, situation, "x"):
		return set()
	rows = sees(doctype, situation)
	return rows & {MAIN} if way_name == "frappe.client.get_value" else rows


def case_marks(doctype: str, situation: str, way_name: str) -> list:
	# raises=AssertionError: a broken setup or a crash of the test itself is an error, not "expected"
	if reason := LEAKS.get((doctype, situation, way_name)):
		return [pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason)]
	return []


def app_doctypes() -> list[str]:
	modules = frappe.get_module_list("gusp_network")
	return sorted(frappe.get_all("DocType", filters={"module": ("in", modules)}, pluck="name"))


def cases(kinds: set[str]) -> list:
	params = []
	for doctype in app_doctypes():
		if doctype not in MATRIX:
			continue  # test_every_doctype_of_the_app_has_a_row_in_the_matrix fails
		for situation in SITUATIONS:
			for way_name, way in WAYS.items():
				if way.kind not in kinds or (is_single(doctype) and way_name not in SINGLE_WAYS):
					continue
				if way_name.endswith("download_pdf") and all(
					expected_allowed(doctype, situation, way_name, key) for key in record_keys(doctype)
				):
					continue  # only refusals: a PDF for each allowed case is slow (print formats test their own)
				params.append(
					pytest.param(
						doctype,
						situation,
						way_name,
						id=f"{doctype} | {situation} | {way_name}",
						marks=case_marks(doctype, situation, way_name),
					)
				)
	return params


# ---------------------------------------------------------------- the records


class SetupError(Exception):
	"""The module's data could not be made (never an AssertionError: see case_marks)."""


@dataclass
class Target:
	"""The test records of one DocType."""

	doctype: str
	names: dict  # record key -> name, MAIN first
	markers: dict  # record key -> strings only that record (its fields, comments…) holds
	parent: str | None = None
	parentfield: str | None = None
	parent_name: str | None = None  # children: organisation A's record they are rows of
	traces: dict = field(default_factory=dict)  # MAIN's comments, communications, versions
	disposable: dict = field(default_factory=dict)  # situation -> a record it may delete

	@property
	def main(self) -> str:
		return self.names[MAIN]


# the field of each DocType that holds a record's marker (None: a link or a choice only)
MARKER_FIELDS = {
	"GUSP Territory": "code",
	"GUSP Theme": "description",
	"Network Member": "acronym",
	"Network Member Territory": None,
	"Network Member Theme": None,
	"Network Member User": "job_title",
	"Responsibility": "scope",
	"Grey Zone": "description",
	"Grey Zone Member": None,
	"GUSP Settings": None,
	"Workstream": "objectives",
	"Workstream Axis": None,
	"Workstream Action": "action",
	"Action Sheet": "objectives",
	"Action Sheet Territory": None,
	"Action Sheet Theme": None,
	"Action Sheet Partner": "commitment",
	"Action Sheet Resource": "description",
	"Action Sheet Step": "step",
	"Action Sheet Indicator": "indicator",
	"Resident Report": "description",
	"Resident Report Update": "message",
	"Resident Contact": "full_name",
	"Resident Contact Follower": "email",
	"Resident Need": "description",
	"Field Diagnostic": "title",
	"Field Diagnostic Participant": "participant_name",
	"Field Diagnostic Observation": "observation",
	"Open311 Client": "client_name",
	"Cooperation Agreement": "title",
	"Cooperation Agreement Party": "commitments",
	"Cooperation Agreement Territory": None,
	"Cooperation Agreement Action Sheet": None,
	"Cooperation Agreement Year Total": None,
	"TFPB Commitment": "action",
	"TFPB Axis": "description",
	"Cooperation Charter": "title",
	"Cooperation Charter Signatory": "limits",
	"Network Meeting": "title",
	"Network Meeting Theme": None,
	"Network Meeting Participant": "participant_name",
	"Network Meeting Decision": "decision",
	"Network Meeting Registration": "participant_name",
	"Study Trip": "title",
	"Study Trip Visit": "topic",
	"Study Trip Participant": "participant_name",
	"Study Trip Budget Line": "description",
	"Evaluation": "title",
	"Evaluation Evaluator": "evaluator_name",
	"Evaluation Score": "comment",
	"Evaluation Criterion": "description",
	"Practice Sheet": "summary",
	"Practice Sheet Theme": None,
	"Practice Sheet Territory": None,
	"Practice Sheet Author": "contribution",
	"Practice Sheet Attachment": "description",
	"Newsletter Contribution": "title",
}
# PUT writes this field when the DocType has no marker field (the same value: a write all the same)
PLAIN_FIELDS = {
	"Network Member Territory": "territory",
	"Network Member Theme": "theme",
	"Grey Zone Member": "network_member",
	"GUSP Settings": "reopen_days",
	"Workstream Axis": "axis",
	"Action Sheet Territory": "territory",
	"Action Sheet Theme": "theme",
	"Cooperation Agreement Territory": "territory",
	"Cooperation Agreement Action Sheet": "action_sheet",
	"Cooperation Agreement Year Total": "year",
	"Network Meeting Theme": "theme",
	"Practice Sheet Theme": "theme",
	"Practice Sheet Territory": "territory",
}
# what only some people may read, kept in a DocType of its own (a permission level is no wall:
# save answers, workflow answers and exports return such fields): DocType -> {field: who reads
# it}; what the test records hold there (`World.private_value`) appears in no answer to anyone
# else, whatever the way in (the record, the records that list it, their history, a save's answer)
PRIVATE_FIELDS = {"Network Meeting Registration": {"email": {ADMIN, CENTRE}}}
RESPONSIBILITY_ROLES = ("Lead", "Contributor", "Funder", "Information")
LAND_STATUSES = ("Any", "Public Land", "Social Landlord", "Co-ownership", "Private")


class World:
	"""Everything the module commits, and how to remove it."""

	def __init__(self, network, people, place):
		self.network = network
		self.people = people
		self.place = place
		self.targets: dict[str, Target] = {}
		self.created: list[tuple[str, str]] = []  # deleted in reverse order at the end
		self.deleted_over_http: list[str] = []
		self.private: dict[str, set[str]] = {}  # a value of a PRIVATE_FIELDS field -> who reads it
		self.started = now_datetime()
		self.serial = 0
		self.partners: list[str] = []  # organisations nobody logs in for, one per Action Sheet Partner row
		self.spares = list(people.spares)
		self.workstream_number = 500 + secrets.randbelow(400)
		# organisation A's and B's fields this module changes, restored at the end
		self.restore: list[tuple[str, str, str, object]] = []
		# (theme, territory, land status, role) combinations of organisation A still free
		self.free_rules = [
			(role, land)
			for land in LAND_STATUSES
			for role in RESPONSIBILITY_ROLES
			if (role, land) != ("Lead", "Any")
		]

	def marker(self) -> str:
		self.serial += 1
		return f"mx{RUN}n{self.serial:04d}x"

	def keep(self, doc):
		self.created.append((doc.doctype, doc.name))
		return doc

	def next_workstream(self) -> int:
		while True:
			self.workstream_number += 1
			if not frappe.db.exists("Workstream", f"CH-{self.workstream_number:02d}"):
				return self.workstream_number

	def next_rule(self) -> tuple[str, str]:
		return self.free_rules.pop(0)

	def next_partner(self) -> str:
		"""An organisation not yet partner of any sheet (a sheet lists each partner once)."""
		return self.partners.pop()

	def next_spare(self) -> str:
		"""A user of no organisation yet (a user belongs to one organisation only)."""
		return self.spares.pop()

	def private_value(self, doctype: str, fieldname: str) -> str:
		"""A value for a field of PRIVATE_FIELDS (an email address), checked in every answer."""
		value = f"{self.marker()}@example.org"
		self.private[value] = PRIVATE_FIELDS[doctype][fieldname]
		return value

	def mark(self, doc) -> str:
		"""Put a marker in the record's marker field, saved as an edit (a Version for tracked DocTypes:
		Frappe keeps none in tests unless asked, the live server does)."""
		marker = self.marker()
		doc.set(MARKER_FIELDS[doc.doctype], marker)
		doc.save(ignore_permissions=True, ignore_version=False)
		return marker

	@property
	def identity(self) -> list[str]:
		"""What identifies the resident who reported: their account (email) and their surname."""
		return [self.people.user[RESIDENT], self.people.resident_surname]


def add_traces(world: World, doctype: str, name: str) -> tuple[dict, list[str]]:
	"""A comment and a communication on the record, and the versions it has; and their markers."""
	marker = world.marker()
	comment = frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Comment",
			"reference_doctype": doctype,
			"reference_name": name,
			"content": f"{marker}c",
		}
	).insert(ignore_permissions=True)
	communication = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Phone",
			"sent_or_received": "Received",
			"subject": f"{marker}m",
			"content": f"{marker}m",
			"reference_doctype": doctype,
			"reference_name": name,
		}
	).insert(ignore_permissions=True)
	world.created.append(("Communication", communication.name))
	versions = set(frappe.get_all("Version", filters={"ref_doctype": doctype, "docname": name}, pluck="name"))
	traces = {"comments": {comment.name}, "communications": {communication.name}, "versions": versions}
	return traces, [f"{marker}c", f"{marker}m"]


def assign_to_admin(world: World, doctype: str, name: str) -> None:
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": world.network.admin,
			"reference_type": doctype,
			"reference_name": name,
			"description": "Matrice des permissions",
		}
	).insert(ignore_permissions=True)


def submit_as_resident(world: World, session: requests.Session) -> str:
	"""The resident reports through the portal, logged in: the report is theirs."""
	clear_rate_limits()
	data = {
		"doctype": "Resident Report",
		"web_form_name": "signalement",
		"theme": world.place.theme,
		"description": world.marker(),
		"address": "Aire de jeux, rue des Tilleuls",
		"latitude": world.place.lat,
		"longitude": world.place.lng,
	}
	response = session.post(
		f"{session.base_url}/api/method/frappe.website.doctype.web_form.web_form.accept",
		data={"web_form": "signalement", "data": json.dumps(data)},
	)
	if not response.ok:  # not an assertion: the expected failures of this module expect only those
		raise SetupError(f"the resident's report was refused: {response.text[-500:]}")
	name = response.json()["message"]["name"]
	frappe.db.rollback()
	world.created.append(("Resident Report", name))
	return name


def build(world: World, resident_session: requests.Session) -> None:
	network, place = world.network, world.place
	world.partners = [world.keep(make_network_member()).name for _ in range(60)]
	world.org_c = world.next_partner()  # listed in grey zones: nobody logs in for it

	territory = world.keep(make_territory())
	theme = world.keep(make_theme())
	world.territory, world.theme = territory.name, theme.name
	markers = {"GUSP Territory": world.mark(territory), "GUSP Theme": world.mark(theme)}
	parents: dict[str, dict[str, tuple[str, list[str]]]] = {
		"GUSP Territory": {MAIN: (territory.name, [markers["GUSP Territory"]])},
		"GUSP Theme": {MAIN: (theme.name, [markers["GUSP Theme"]])},
	}

	# organisation A (and B) get a marker, a territory, a theme and a job title for their staff row
	for key, org in ((MAIN, network.org_a), ("organisation B", network.org_b)):
		doc = frappe.get_doc("Network Member", org)
		world.restore.append(("Network Member", org, "acronym", doc.acronym))
		if key == MAIN:
			doc.append("territories", {"territory": territory.name})
			doc.append("themes", {"theme": theme.name})
			world.restore.append(
				("Network Member User", doc.users[0].name, "job_title", doc.users[0].job_title)
			)
			doc.users[0].job_title = world.marker()
		parents.setdefault("Network Member", {})[key] = (org, [world.mark(doc)])
		if key == MAIN:
			world.created += [(row.doctype, row.name) for row in (doc.territories[-1], doc.themes[-1])]

	workstream = frappe.get_doc(
		{
			"doctype": "Workstream",
			"number": world.next_workstream(),
			"title": f"Chantier {RUN}",
			"axes": [{"axis": first_option("Workstream Axis", "axis")}],
			"actions": [{"action": world.marker()}],
		}
	).insert()
	world.keep(workstream)
	world.workstream = workstream.name
	parents["Workstream"] = {MAIN: (workstream.name, [world.mark(workstream)])}

	rules = {}
	for key, org in ((MAIN, network.org_a), ("of organisation B", network.org_b)):
		rule = world.keep(make_responsibility(theme.name, territory.name, org))
		rules[key] = (rule.name, [world.mark(rule)])
	parents["Responsibility"] = rules

	grey_zone = frappe.get_doc(
		{
			"doctype": "Grey Zone",
			"theme": theme.name,
			"territory": territory.name,
			"status": "Pending",
			"raised_by": network.org_a,
			"members_involved": [{"network_member": network.org_a}],
		}
	).insert()
	world.keep(grey_zone)
	parents["Grey Zone"] = {MAIN: (grey_zone.name, [world.mark(grey_zone)])}

	sheet = make_action_sheet(
		network.org_a,
		state="Approved",
		workstream=workstream.name,
		**sheet_rows(world),
	)
	world.keep(sheet)
	sheets = {MAIN: (sheet.name, [world.mark(sheet)])}
	for key, org in (("draft of organisation A", network.org_a), ("draft of organisation B", network.org_b)):
		draft = world.keep(make_action_sheet(org, workstream=workstream.name, **sheet_rows(world)))
		sheets[key] = (draft.name, [world.mark(draft)])
	parents["Action Sheet"] = sheets

	# the resident's report (routed to organisation A), in a state where A's staff edit it
	frappe.db.commit()  # the server routes the report to organisation A: it must see it
	report_name = submit_as_resident(world, resident_session)
	report = frappe.get_doc("Resident Report", report_name)
	report.db_set("workflow_state", "Forwarded", update_modified=False)
	report.reload()
	report.append("updates", {"message": world.marker()})
	report.internal_notes = world.marker()
	report.save(ignore_permissions=True)
	if report.responsible_member != network.org_a:
		raise SetupError(f"the report went to {report.responsible_member}, not to the place's lead")
	report_b = make_report(
		place.theme, territory=place.qpv, reporter_name=world.marker(), updates=[{"message": world.marker()}]
	)
	world.created.append(("Resident Report", report_b.name))
	report_b.db_set({"responsible_member": network.org_b, "workflow_state": "Forwarded"})
	parents["Resident Report"] = {
		MAIN: (report.name, [report.description, report.internal_notes]),
		"of organisation B": (report_b.name, [report_b.description]),
	}
	contact_b = frappe.db.get_value("Resident Contact", report_b.name, "full_name")
	parents["Resident Contact"] = {
		MAIN: (report.name, list(world.identity)),
		"of organisation B's report": (report_b.name, [contact_b]),
	}
	for name in (report.name, report_b.name):  # a resident kept informed ("me too")
		contact = frappe.get_doc("Resident Contact", name)
		contact.append("followers", {"email": f"{world.marker()}@example.org", "consent": 1})
		contact.save(ignore_permissions=True)

	needs = {}
	for key, user, answered_by in (
		(MAIN, network.member_a, sheet.name),
		("of organisation B", network.member_b, sheets["draft of organisation B"][0]),
	):
		with as_user(user):  # written down by the organisation's staff
			need = frappe.get_doc(
				{
					"doctype": "Resident Need",
					"need_type": "Need",
					"description": "Besoin",
					"theme": theme.name,
					"action_sheet": answered_by,
				}
			).insert(ignore_permissions=True)
		world.keep(need)
		needs[key] = (need.name, [world.mark(need)])
	parents["Resident Need"] = needs

	diagnostics = {}
	for key, org in ((MAIN, network.org_a), ("of organisation B", network.org_b)):
		diagnostic = frappe.get_doc(
			{
				"doctype": "Field Diagnostic",
				"title": "Diagnostic",
				"diagnostic_type": "Walkabout",
				"date": today(),
				"territory": territory.name,
				"organiser": org,
				"participants": [
					{
						"participant_type": "Network Member",
						"participant_name": world.marker(),
						"network_member": org,
					}
				],
				"observations": [{"observation": world.marker()}],
			}
		).insert()
		world.keep(diagnostic)
		diagnostics[key] = (diagnostic.name, [world.mark(diagnostic)])
	parents["Field Diagnostic"] = diagnostics

	client = {"doctype": "Open311 Client", "client_name": "Appli", "organisation": network.org_a}
	client = world.keep(frappe.get_doc(client).insert())
	parents["Open311 Client"] = {MAIN: (client.name, [world.mark(client)])}

	build_cooperation(world, parents, sheet.name)
	build_network_life(world, parents)
	build_knowledge(world, parents, sheet.name, sheets["draft of organisation B"][0])

	for doctype, records in parents.items():
		target = Target(
			doctype,
			names={key: name for key, (name, _m) in records.items()},
			markers={key: list(found) for key, (_n, found) in records.items()},
		)
		target.traces, trace_markers = add_traces(world, doctype, target.main)
		target.markers[MAIN] += trace_markers
		for name in target.names.values():
			assign_to_admin(world, doctype, name)
		world.targets[doctype] = target
	world.targets["GUSP Settings"] = Target(
		"GUSP Settings", names={MAIN: "GUSP Settings"}, markers={MAIN: []}
	)

	for doctype, row in MATRIX.items():
		if row.parent:
			world.targets[doctype] = child_target(world, doctype, row.parent)
	for doctype in MATRIX:
		for situation in SITUATIONS:
			if may(doctype, situation, "d") and not is_single(doctype):
				world.targets[doctype].disposable[situation] = disposable(world, doctype)


def build_cooperation(world: World, parents: dict, sheet: str) -> None:
	"""An agreement and a charter of each organisation (a draft: its parties edit it), with a row in
	each of their tables, and a TFPB axis."""
	network, place = world.network, world.place
	world.landlord = world.keep(make_network_member(member_type="Social Landlord")).name
	world.axis = world.keep(
		frappe.get_doc({"doctype": "TFPB Axis", "axis_name": world.marker()}).insert()
	).name
	parents["TFPB Axis"] = {MAIN: (world.axis, [world.mark(frappe.get_doc("TFPB Axis", world.axis))])}
	agreements, charters = {}, {}
	for key, org in ((MAIN, network.org_a), ("of organisation B", network.org_b)):
		agreement = make_agreement(
			org,
			agreement_type="TFPB Abatement Programme",
			territories=[{"territory": place.qpv}],
			action_sheets=[{"action_sheet": sheet}],
			tfpb_commitments=[tfpb_commitment(world, world.marker())],
			state="Draft",
		)
		world.keep(agreement)
		agreements[key] = (agreement.name, [world.mark(agreement), agreement.parties[0].commitments])
		charter = frappe.get_doc(
			{
				"doctype": "Cooperation Charter",
				"title": "Charte",
				"principles": "<p>Coopérer</p>",
				"signatories": [{"network_member": org, "limits": world.marker()}],
			}
		).insert()
		world.keep(charter)
		charters[key] = (charter.name, [world.mark(charter)])
	parents["Cooperation Agreement"] = agreements
	parents["Cooperation Charter"] = charters


def build_network_life(world: World, parents: dict) -> None:
	"""A meeting and a study trip organised by each organisation (proposed trips; organisation A's
	meeting planned, its organiser edits it; organisation B's held last week, its minutes published
	and emailed to its participants), with a row in each of their tables. A visitor registers to each
	meeting with their email, as /agenda adds them: a Network Meeting Registration, which the meeting
	lists by name (an edit, kept in the meeting's history)."""
	network = world.network
	start = add_days(today(), 60)
	meetings, trips, registrations = {}, {}, {}
	for key, org, days_ahead in ((MAIN, network.org_a, 21), ("of organisation B", network.org_b, -7)):
		meeting = make_meeting(
			org,
			days_ahead=days_ahead,
			workstream=world.workstream,
			territory=world.territory,
			themes=[{"theme": world.theme}],
			participants=[
				{"participant_name": world.marker(), "network_member": org, "participant_role": "Organiser"}
			],
			decisions=[{"decision": world.marker(), "owner_member": org, "due_date": add_days(today(), 30)}],
		)
		world.keep(meeting)
		registration = world.keep(register(world, meeting.name))
		registrations[key if key == MAIN else "of organisation B's meeting"] = (
			registration.name,
			[registration.participant_name],
		)
		meeting.reload()  # the registration added its participant row
		meetings[key] = (meeting.name, [world.mark(meeting), registration.participant_name])
		if key != MAIN:
			meeting.minutes = f"<p>{world.marker()}</p>"
			meeting.save(ignore_permissions=True)
			for action in ("Mark as Held", "Publish Minutes"):
				meeting = apply_workflow(meeting, action)
			meetings[key][1].append(strip_html_tags(meeting.minutes))
		trip = make_trip(
			org,
			workstream=world.workstream,
			start_date=start,
			end_date=add_days(start, 1),
			visits=[{"visit_date": start, "host": "Ville de Roubaix", "topic": world.marker()}],
			participants=[{"participant_name": world.marker(), "network_member": org}],
			budget_lines=[trip_budget_line(world.marker(), org)],
		)
		world.keep(trip)
		trips[key] = (trip.name, [world.mark(trip)])
	parents["Network Meeting"] = meetings
	parents["Network Meeting Registration"] = registrations
	parents["Study Trip"] = trips


def build_knowledge(world: World, parents: dict, sheet_a: str, sheet_b: str) -> None:
	"""An evaluation of organisation A's action sheet with organisation A among its evaluators, one
	of organisation B's with organisation B (drafts: their evaluators edit them), each scored on a
	criterion of the admins' list."""
	network = world.network
	criterion = frappe.get_doc(criterion_values(world.marker()))
	world.criterion = world.keep(criterion.insert()).name
	parents["Evaluation Criterion"] = {MAIN: (world.criterion, [world.mark(criterion)])}
	evaluations = {}
	for key, org, sheet in ((MAIN, network.org_a, sheet_a), ("of organisation B", network.org_b, sheet_b)):
		evaluation = make_evaluation(
			"Action Sheet",
			sheet,
			evaluators=[{"network_member": org, "evaluator_name": world.marker()}],
			scores=[evaluation_score(world, world.marker())],
			lessons=f"<p>{world.marker()}</p>",
		)
		world.keep(evaluation)
		evaluations[key] = (evaluation.name, [world.mark(evaluation), strip_html_tags(evaluation.lessons)])
	parents["Evaluation"] = evaluations

	sheets, contributions = {}, {}
	for org, suffix in ((network.org_a, "organisation A"), (network.org_b, "organisation B")):
		for state in ("In Review", "Draft"):
			key = MAIN if (org, state) == (network.org_a, "In Review") else f"draft of {suffix}"
			if state == "In Review" and org == network.org_b:
				continue
			sheet = world.keep(frappe.get_doc(practice_sheet_values(world, world.marker(), org)).insert())
			if state == "In Review":
				sheet = apply_workflow(sheet, "Submit for Review")
			sheets[key] = (sheet.name, [world.mark(sheet), sheet.co_authors[0].contribution])
		contribution = world.keep(frappe.get_doc(contribution_values(world.marker(), org)).insert())
		contributions[MAIN if org == network.org_a else "of organisation B"] = (
			contribution.name,
			[world.mark(contribution)],
		)
	parents["Practice Sheet"] = sheets
	parents["Newsletter Contribution"] = contributions


def practice_sheet_values(world: World, marker: str, org: str) -> dict:
	"""A practice sheet led by `org`, written with a co-author, on the test theme and territory."""
	return {
		"doctype": "Practice Sheet",
		"title": f"Fiche pratique {marker}",
		"sheet_type": "Method",
		"lead_member": org,
		"summary": marker,
		"content": f"<p>{world.marker()}</p>",
		"themes": [{"theme": world.theme}],
		"territories": [{"territory": world.territory}],
		"co_authors": [{"network_member": org, "contribution": world.marker()}],
		"attachments": [{"attachment": f"/files/{marker}.pdf", "description": world.marker()}],
	}


def contribution_values(marker: str, org: str) -> dict:
	return {
		"doctype": "Newsletter Contribution",
		"title": marker,
		"contributor": org,
		"text": "<p>Une action à partager</p>",
	}


def criterion_values(name: str) -> dict:
	"""A criterion of the admins' list, not proposed in new evaluations (a default one would be added
	to every evaluation made meanwhile, and could no longer be deleted)."""
	return {"doctype": "Evaluation Criterion", "criterion_name": name, "is_default": 0}


def evaluation_score(world: World, marker: str) -> dict:
	return {"criterion": world.criterion, "score": 4, "comment": marker}


def register(world: World, meeting: str):
	"""A visitor's registration to the meeting (its email one of the private values checked)."""
	return frappe.get_doc(
		{
			"doctype": REGISTRATION,
			**new_values(world, REGISTRATION, world.marker(), meeting),
		}
	).insert(ignore_permissions=True)


def trip_budget_line(marker: str, funded_by: str | None = None) -> dict:
	return {
		"category": "Transport",
		"description": marker,
		"estimated_amount": 400,
		"actual_amount": 350,
		"funded_by": funded_by,
	}


def tfpb_commitment(world: World, marker: str) -> dict:
	return {
		"axis": world.axis,
		"landlord": world.landlord,
		"territory": world.place.qpv,
		"year": 2026,
		"action": marker,
		"planned_amount": 1000,
		"actual_amount": 800,
	}


def sheet_rows(world: World) -> dict:
	"""A row in each table of an action sheet, each with its marker where it has text."""
	return {
		"territories": [{"territory": world.territory}],
		"themes": [{"theme": world.theme}],
		"partners": [
			{"network_member": world.next_partner(), "role": "Partner", "commitment": world.marker()}
		],
		"resources": [{"resource_type": "Human", "description": world.marker()}],
		"steps": [{"step": world.marker()}],
		"indicators": [{"indicator": world.marker()}],
	}


def first_option(doctype: str, fieldname: str) -> str:
	return next(o for o in frappe.get_meta(doctype).get_field(fieldname).options.split("\n") if o)


def parentfield_of(child: str, parent: str) -> str:
	return next(df.fieldname for df in frappe.get_meta(parent).get_table_fields() if df.options == child)


def child_target(world: World, doctype: str, parent: str) -> Target:
	"""A row of each test record of the parent that has one (MAIN: organisation A's record's)."""
	marker_field = MARKER_FIELDS[doctype]
	names, markers = {}, {}
	for key, parent_name in world.targets[parent].names.items():
		rows = frappe.get_all(
			doctype,
			filters={"parent": parent_name, "parenttype": parent},
			fields=["name", *([marker_field] if marker_field else [])],
			order_by="idx asc",
			limit=1,
		)
		if rows:
			names[key] = rows[0].name
			markers[key] = [rows[0][marker_field]] if marker_field and rows[0][marker_field] else []
	if MAIN not in names:
		raise SetupError(f"{parent} {world.targets[parent].main} has no {doctype} row")
	return Target(
		doctype,
		names=names,
		markers=markers,
		parent=parent,
		parentfield=parentfield_of(doctype, parent),
		parent_name=world.targets[parent].main,
	)


def disposable(world: World, doctype: str) -> str:
	"""A record of organisation A made to be deleted over HTTP."""
	network, place = world.network, world.place
	row = MATRIX[doctype]
	if row.parent:
		target = world.targets[doctype]
		doc = frappe.get_doc(
			{
				"doctype": doctype,
				"parent": target.parent_name,
				"parenttype": target.parent,
				"parentfield": target.parentfield,
				"idx": 900 + world.serial,  # after the real rows: the first staff row is the referent
				**child_values(world, doctype, world.marker()),
			}
		)
		doc.db_insert()
		world.created.append((doctype, doc.name))
		return doc.name
	if doctype == "Resident Report":
		report = make_report(place.theme, territory=place.qpv)
		world.created.append((doctype, report.name))
		return report.name
	if doctype == "Resident Contact":
		need = world.keep(make_need(world))
		return world.keep(
			frappe.get_doc(
				{
					"doctype": "Resident Contact",
					"reference_doctype": "Resident Need",
					"reference_name": need.name,
					"full_name": world.marker(),
				}
			).insert(ignore_permissions=True)
		).name
	makers = {
		"GUSP Territory": lambda: make_territory(),
		"GUSP Theme": lambda: make_theme(),
		"Network Member": lambda: make_network_member(),
		"Responsibility": lambda: make_responsibility(
			world.theme,
			world.territory,
			network.org_a,
			**dict(zip(("role", "land_status"), world.next_rule(), strict=True)),
		),
		"Action Sheet": lambda: make_action_sheet(network.org_a, workstream=world.workstream),
		"Resident Need": lambda: make_need(world),
		"Cooperation Agreement": lambda: make_agreement(network.org_a, state="Draft"),
		"TFPB Axis": lambda: frappe.get_doc({"doctype": "TFPB Axis", "axis_name": world.marker()}).insert(),
		"Evaluation": lambda: make_evaluation(
			"Action Sheet", world.targets["Action Sheet"].main, network.org_a
		),
		"Evaluation Criterion": lambda: frappe.get_doc(criterion_values(world.marker())).insert(),
		"Cooperation Charter": lambda: frappe.get_doc(
			{
				"doctype": "Cooperation Charter",
				"title": "Charte",
				"principles": "<p>Coopérer</p>",
				"signatories": [{"network_member": network.org_a}],
			}
		).insert(),
	}
	if doctype in makers:
		return world.keep(makers[doctype]()).name
	return world.keep(
		frappe.get_doc({"doctype": doctype, **new_values(world, doctype, world.marker())}).insert()
	).name


def make_need(world: World):
	return frappe.get_doc(
		{"doctype": "Resident Need", "need_type": "Idea", "description": world.marker(), "theme": world.theme}
	).insert(ignore_permissions=True)


def new_values(world: World, doctype: str, marker: str, meeting: str | None = None) -> dict:
	"""The fields of a new record of organisation A (what POST sends; a registration: to its meeting,
	or organisation A's)."""
	if doctype == REGISTRATION:
		return registration_values(world, marker, meeting)
	network, place = world.network, world.place
	need_b = (
		world.targets["Resident Need"].names["of organisation B"]
		if "Resident Need" in world.targets
		else None
	)
	values = {
		"GUSP Territory": {"territory_name": f"QPV {marker}", "territory_type": "QPV", "code": marker},
		"GUSP Theme": {"theme_name": f"Thème {marker}", "description": marker},
		"Network Member": {
			"member_name": f"Ville {marker}",
			"member_type": "Municipality",
			"acronym": marker,
		},
		"Responsibility": {
			"theme": world.theme,
			"territory": world.territory,
			"network_member": network.org_a,
			"scope": marker,
		},
		"Grey Zone": {
			"theme": world.theme,
			"territory": world.territory,
			"status": "Pending",
			"description": marker,
		},
		"GUSP Settings": {},
		"Workstream": {"title": f"Chantier {marker}", "objectives": marker},
		"Action Sheet": {
			"title": f"Fiche {marker}",
			"workstream": world.workstream,
			"lead_member": network.org_a,
			"start_date": today(),
			"end_date": add_days(today(), 90),
			"objectives": marker,
		},
		"Resident Report": {"theme": place.theme, "territory": place.qpv, "description": marker},
		"Resident Contact": {
			"reference_doctype": "Resident Need",
			"reference_name": need_b,  # a need without a contact
			"full_name": marker,
		},
		"Resident Need": {"need_type": "Idea", "description": marker, "theme": world.theme},
		"Field Diagnostic": {
			"title": marker,
			"diagnostic_type": "Walkabout",
			"date": today(),
			"territory": world.territory,
			"organiser": network.org_a,
		},
		"Open311 Client": {"client_name": marker, "organisation": network.org_a},
		"Cooperation Agreement": {
			"title": marker,
			"agreement_type": "Partnership",
			"start_date": today(),
			"end_date": add_days(today(), 365),
			"object": marker,
			"parties": [{"network_member": network.org_a, "party_role": "Signatory"}],
		},
		"TFPB Axis": {"axis_name": marker, "description": marker},
		"Cooperation Charter": {
			"title": marker,
			"principles": marker,
			"signatories": [{"network_member": network.org_a}],
		},
		# in three weeks, for two hours (meetings.py checks the dates)
		"Network Meeting": {
			"title": marker,
			"meeting_type": "Coordination",
			"organiser": network.org_a,
			"starts_on": f"{add_days(today(), 21)} 10:00:00",
			"ends_on": f"{add_days(today(), 21)} 12:00:00",
		},
		"Study Trip": {
			"title": marker,
			"destination": "Roubaix",
			"organiser": network.org_a,
			"start_date": add_days(today(), 60),
			"end_date": add_days(today(), 61),
			"objectives": marker,
		},
		"Evaluation": {
			"title": marker,
			"reference_doctype": "Action Sheet",
			"reference_name": world.targets["Action Sheet"].main,
			"evaluation_date": today(),
			"evaluators": [{"network_member": network.org_a}],
		},
		"Evaluation Criterion": {**criterion_values(marker), "description": marker},
		"Practice Sheet": practice_sheet_values(world, marker, network.org_a),
		"Newsletter Contribution": contribution_values(marker, network.org_a),
	}[doctype]
	if doctype == "Responsibility":
		values.update(zip(("role", "land_status"), world.next_rule(), strict=True))
	if doctype == "Workstream":
		values["number"] = world.next_workstream()
	return values


def registration_values(world: World, marker: str, meeting: str | None) -> dict:
	return {
		"network_meeting": meeting or world.targets["Network Meeting"].main,
		"participant_name": marker,
		"organisation": "Amicale des locataires",
		"email": world.private_value(REGISTRATION, "email"),
		"consent": 1,
	}


def child_values(world: World, doctype: str, marker: str) -> dict:
	"""The fields of a new row (a staff row names a user of no organisation, a partner row an
	organisation not yet partner: the parent's own checks would refuse a repeat)."""
	if doctype == "Network Member User":
		return {"user": world.next_spare(), "job_title": marker, "idx": 999}
	if doctype == "Action Sheet Partner":
		return {"network_member": world.next_partner(), "role": "Partner", "commitment": marker}
	if doctype == "Cooperation Agreement Party":
		return {"network_member": world.next_partner(), "commitments": marker}
	if doctype == "Cooperation Charter Signatory":
		return {"network_member": world.next_partner(), "limits": marker}
	if doctype == "TFPB Commitment":
		return tfpb_commitment(world, marker)
	if doctype == "Evaluation Score":
		return evaluation_score(world, marker)
	if doctype == "Practice Sheet Author":
		return {"network_member": world.next_partner(), "contribution": marker}
	return {
		"Grey Zone Member": {"network_member": world.org_c},
		"Network Member Territory": {"territory": world.territory},
		"Network Member Theme": {"theme": world.theme},
		"Workstream Axis": {"axis": first_option("Workstream Axis", "axis")},
		"Workstream Action": {"action": marker},
		"Action Sheet Territory": {"territory": world.territory},
		"Action Sheet Theme": {"theme": world.theme},
		"Action Sheet Resource": {"resource_type": "Human", "description": marker},
		"Action Sheet Step": {"step": marker},
		"Action Sheet Indicator": {"indicator": marker},
		"Resident Report Update": {"message": marker},
		"Resident Contact Follower": {"email": f"{marker}@example.org"},
		"Cooperation Agreement Territory": {"territory": world.place.qpv},
		"Cooperation Agreement Action Sheet": {"action_sheet": world.targets["Action Sheet"].main},
		"Cooperation Agreement Year Total": {"year": 2031, "amount": 1},
		"Field Diagnostic Participant": {"participant_type": "Network Member", "participant_name": marker},
		"Field Diagnostic Observation": {"observation": marker},
		"Network Meeting Theme": {"theme": world.theme},
		"Network Meeting Participant": {"participant_name": marker},
		"Network Meeting Decision": {"decision": marker, "owner_member": world.network.org_a},
		"Study Trip Visit": {"topic": marker},
		"Study Trip Participant": {"participant_name": marker},
		"Study Trip Budget Line": trip_budget_line(marker),
		"Evaluation Evaluator": {"evaluator_name": marker, "is_resident": 1},
		"Practice Sheet Theme": {"theme": world.theme},
		"Practice Sheet Territory": {"territory": world.territory},
		"Practice Sheet Attachment": {"attachment": f"/files/{marker}.pdf", "description": marker},
	}[doctype]


def tear_down(world: World) -> None:
	"""Every record the module made, and what they left: history, assignments and their emails,
	comments (also Frappe's "Deleted" ones), access logs, deleted-document copies."""
	frappe.set_user("Administrator")
	frappe.db.rollback()
	names = {name for _doctype, name in world.created} | set(world.deleted_over_http)
	for target in world.targets.values():
		names |= set(target.names.values())
	# what the records' notifications sent and logged (the published minutes' email, its copy)
	queued = frappe.get_all("Email Queue", filters={"reference_name": ("in", list(names))}, pluck="name")
	frappe.db.delete("Email Queue Recipient", {"parent": ("in", queued or [""])})
	for communication in frappe.get_all(
		"Communication",
		filters={"reference_name": ("in", list(names)), "creation": (">=", world.started)},
		pluck="name",
	):
		world.created.append(("Communication", communication))
	for doctype, name in reversed(world.created):
		delete_traces(doctype, name)  # also of the records deleted over HTTP
		if frappe.is_table(doctype):
			frappe.db.delete(doctype, {"name": name})
		elif doctype == "Communication":
			frappe.db.delete("Communication Link", {"parent": name})
			delete("Communication", name)
		elif doctype == "Resident Report":
			delete_traces("Resident Contact", name)
			if frappe.db.exists(doctype, name):
				delete_report(name)
		elif frappe.db.exists(doctype, name):
			delete(doctype, name)
	for target in world.targets.values():
		for name in target.names.values():
			delete_traces(target.doctype, name)
	for doctype in ("Resident Report", "Resident Need", "Grey Zone"):  # routing's and weak signals'
		names |= set(frappe.get_all(doctype, filters={"theme": world.place.theme}, pluck="name"))
	delete_reports_about([world.place.theme])
	for doctype, name, fieldname, value in world.restore:
		frappe.db.set_value(doctype, name, fieldname, value, update_modified=False)
	names = list(names)
	frappe.db.delete("Deleted Document", {"deleted_name": ("in", names)})
	delete_deletion_comments(names, world.started)
	frappe.db.delete("Access Log", {"reference_document": ("in", names)})
	# assignment emails name no document: those sent to this module's users since it began
	users = [*world.people.user.values(), *world.people.spares]
	recipient = frappe.qb.DocType("Email Queue Recipient")
	emails = (
		frappe.qb.from_(recipient)
		.select(recipient.parent)
		.where(recipient.recipient.isin(users) & (recipient.creation >= world.started))
		.run(pluck=True)
	)
	for email in set(emails):
		frappe.db.delete("Email Queue Recipient", {"parent": email})
		frappe.db.delete("Email Queue", {"name": email})
	frappe.db.commit()
	clear_user_member_cache()


def delete_deletion_comments(names, since) -> None:
	"""Frappe's "Deleted" comments (frappe/model/delete_doc.py): they name the record only in their
	subject, "<DocType, translated> <name>"."""
	endings = tuple(f" {name}" for name in names)
	for comment in frappe.get_all(
		"Comment",
		filters={"comment_type": "Deleted", "creation": (">=", since)},
		fields=["name", "subject"],
	):
		if (comment.subject or "").endswith(endings):
			frappe.db.delete("Comment", {"name": comment.name})


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def people(network):
	"""Who logs in for each situation: the network's users, two residents and a desk user whose only
	role is not the app's (given read and write on the scoped DocTypes, as an admin might)."""
	frappe.set_user("Administrator")
	started = now_datetime()
	role = frappe.get_doc(
		{"doctype": "Role", "role_name": f"Matrix Outsider {RUN}", "desk_access": 1}
	).insert()
	had_custom = {}
	for doctype in OUTSIDER_GRANTS:
		had_custom[doctype] = not setup_custom_perms(doctype)
		# inserted as the Role Permissions Manager would, without its validation (see
		# test_an_admin_can_change_every_doctypes_permissions_in_the_role_permissions_manager)
		frappe.get_doc(
			{
				"doctype": "Custom DocPerm",
				"parent": doctype,
				"parenttype": "DocType",
				"parentfield": "permissions",
				"role": role.name,
				"permlevel": 0,
				"read": 1,
				"write": 1,
				# a Custom DocPerm otherwise defaults to 1 for these
				**dict.fromkeys(("report", "export", "print", "email", "share"), 0),
			}
		).insert(ignore_permissions=True)
	resident_surname = f"Zorglub{RUN}"
	user = {
		ADMIN: network.admin,
		CENTRE: network.centre,
		OWN: network.member_a,
		OTHER: network.member_b,
		MANAGER: network.manager,
		RESIDENT: make_user(
			"GUSP Resident", user_type="Website User", first_name="Awa", last_name=resident_surname
		).name,
		NEIGHBOUR: make_user("GUSP Resident", user_type="Website User").name,
		OUTSIDER: make_user(role.name).name,
	}
	# users nobody logs in as, of no organisation: each staff row POSTed to organisation A names one
	spares = [make_user().name for _ in range(12)]
	for situation, email in user.items():
		if situation != GUEST:
			update_password(email, PASSWORD)
	frappe.db.commit()
	for doctype in OUTSIDER_GRANTS:
		frappe.clear_cache(doctype=doctype)
	yield SimpleNamespace(user=user, spares=list(spares), resident_surname=resident_surname)

	frappe.set_user("Administrator")
	frappe.db.rollback()
	everyone = list(user.values())
	for email in everyone:
		delete_all_passwords_for("User", email)
	frappe.db.delete("Sessions", {"user": ("in", everyone)})
	frappe.db.delete("Activity Log", {"user": ("in", everyone), "creation": (">=", started)})
	frappe.db.delete("Access Log", {"user": ("in", everyone), "creation": (">=", started)})
	gone = [role.name]
	for email in (user[RESIDENT], user[NEIGHBOUR], user[OUTSIDER], *spares):
		for contact in frappe.get_all("Contact", filters={"user": email}, pluck="name"):
			delete("Contact", contact)
			gone.append(contact)
		delete_traces("User", email)
		delete("User", email)
		gone.append(email)
	for doctype in OUTSIDER_GRANTS:
		for name in frappe.get_all("Custom DocPerm", filters={"parent": doctype}, pluck="name"):
			delete_traces("Custom DocPerm", name)
		if had_custom[doctype]:
			frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": role.name})
		else:
			reset_perms(doctype)
	delete("Role", role.name)
	# what deleting them left: Frappe's "Deleted" comments, copies of their notification settings
	delete_deletion_comments(gone, started)
	frappe.db.delete("Deleted Document", {"deleted_name": ("in", gone)})
	frappe.db.commit()
	for doctype in OUTSIDER_GRANTS:
		frappe.clear_cache(doctype=doctype)


@pytest.fixture(scope="module")
def sessions(live_server, people):
	"""One logged-in session per situation, for the whole module."""
	made = {}
	for situation in SITUATIONS:
		session = requests.Session()
		session.headers["X-Frappe-Site-Name"] = SITE
		session.base_url = live_server
		if situation != GUEST:
			response = session.post(
				f"{live_server}/api/method/login", data={"usr": people.user[situation], "pwd": PASSWORD}
			)
			if not response.ok:
				raise SetupError(f"{situation} could not log in: {response.text[-300:]}")
		made[situation] = session
	yield made
	for situation, session in made.items():
		if situation != GUEST:
			session.get(f"{live_server}/api/method/logout")
		session.close()


@pytest.fixture(scope="module")
def world(network, people, place, sessions):
	"""The records of the matrix, committed; made again once if another test run on the same site
	deadlocks with this one (both insert rows of organisations' staff and territories)."""
	for attempt in (1, 2):
		frappe.set_user("Administrator")
		made = World(network, people, place)
		try:
			build(made, sessions[RESIDENT])
			frappe.db.commit()
			break
		except frappe.QueryDeadlockError:
			tear_down(made)
			if attempt == 2:
				raise
		except BaseException:
			tear_down(made)
			raise
	yield made
	tear_down(made)


# ---------------------------------------------------------------- calling each way


def resource(doctype: str, name: str | None = None) -> str:
	path = f"/api/resource/{quote(doctype)}"
	return f"{path}/{quote(name, safe='')}" if name else path


def method(session: requests.Session, path: str, /, **params) -> requests.Response:
	"""GET /api/method/<path>, the arguments JSON-encoded as the desk sends them."""
	query = {
		key: value if isinstance(value, str) else json.dumps(value)
		for key, value in params.items()
		if value is not None
	}
	return session.get(f"{session.base_url}/api/method/{path}", params=query)


def read_call(way_name: str, session: requests.Session, target: Target, key: str = MAIN) -> requests.Response:
	"""The request a way in sends: for a document, about the record `key`; else about all of them."""
	doctype, main, parent = target.doctype, target.names[key], target.parent
	names = list(target.names.values())
	by_name = [[doctype, "name", "in", names]]
	base = session.base_url
	if way_name == "GET /api/resource/<dt>/<name>":
		return session.get(base + resource(doctype, main))
	if way_name == "frappe.client.get":
		return method(session, "frappe.client.get", doctype=doctype, name=main, parent=parent)
	if way_name == "frappe.desk.form.load.getdoc":
		return method(session, "frappe.desk.form.load.getdoc", doctype=doctype, name=main)
	if way_name == "frappe.desk.form.load.get_docinfo":
		return method(session, "frappe.desk.form.load.get_docinfo", doctype=doctype, name=main)
	if way_name == "/printview":
		return session.get(f"{base}/printview", params={"doctype": doctype, "name": main})
	if way_name == "frappe.utils.print_format.download_pdf":
		return method(session, "frappe.utils.print_format.download_pdf", doctype=doctype, name=main)
	if way_name == 'GET /api/resource/<dt> fields=["*"]':
		params = {
			"fields": json.dumps(["*"]),
			"limit_page_length": 0,
			**({"parent": parent} if parent else {}),
		}
		return session.get(base + resource(doctype), params=params)
	if way_name == "GET /api/resource/<dt> filtered":
		params = {
			"filters": json.dumps([["name", "in", names]]),
			"fields": json.dumps(["name"]),
			"limit_page_length": 0,
			**({"parent": parent} if parent else {}),
		}
		return session.get(base + resource(doctype), params=params)
	if way_name == "frappe.client.get_list":
		return method(
			session,
			"frappe.client.get_list",
			doctype=doctype,
			fields=["name"],
			filters={"name": ["in", names]},
			limit_page_length=0,
			parent=parent,
		)
	if way_name == "frappe.client.get_value":
		if is_single(doctype):
			return method(
				session, "frappe.client.get_value", doctype=doctype, fieldname=PLAIN_FIELDS[doctype]
			)
		return method(
			session,
			"frappe.client.get_value",
			doctype=doctype,
			fieldname="name",
			filters={"name": main},
			parent=parent,
		)
	if way_name == "frappe.client.get_count":
		return method(session, "frappe.client.get_count", doctype=doctype, filters={"name": ["in", names]})
	if way_name == "frappe.desk.reportview.get":
		return method(
			session,
			"frappe.desk.reportview.get",
			doctype=doctype,
			fields=[f"`tab{doctype}`.`name`"],
			filters=by_name,
			parent_doctype=parent,
			view="Report",
		)
	if way_name == "frappe.desk.reportview.get_count":
		return method(
			session,
			"frappe.desk.reportview.get_count",
			doctype=doctype,
			filters=by_name,
			parent_doctype=parent,
		)
	if way_name.startswith("frappe.desk.listview.get_group_by_count"):
		return method(
			session,
			"frappe.desk.listview.get_group_by_count",
			doctype=doctype,
			current_filters=by_name,
			field=way_name.rsplit(" ", 1)[1],
		)
	if way_name in ("frappe.desk.search.search_link", "frappe.desk.search.search_widget"):
		return method(
			session,
			way_name,
			doctype=doctype,
			txt="",
			filters={"name": ["in", names]},
			page_length=100,
			ignore_user_permissions=1,
			reference_doctype=parent,
		)
	if way_name == "frappe.desk.reportview.export_query":
		return method(
			session,
			"frappe.desk.reportview.export_query",
			doctype=doctype,
			file_format_type="CSV",
			title=f"matrix-{RUN}",
			fields=[f"`tab{doctype}`.`name`"],
			filters=by_name,
			parent_doctype=parent,
		)
	raise KeyError(way_name)


@dataclass
class Answer:
	status: int
	text: str
	data: object


def json_of(response: requests.Response):
	try:
		return response.json()
	except ValueError:
		return None


def found_rows(way_name: str, answer: Answer, target: Target) -> set[str] | None:
	"""The test records a list, search or export answered (None: no list in the answer)."""
	names = {name: key for key, name in target.names.items()}
	data = answer.data if isinstance(answer.data, dict) else {}
	if answer.status != 200:
		return None
	if way_name == "frappe.desk.reportview.export_query":
		cells = {cell for row in csv.reader(io.StringIO(answer.text)) for cell in row}
		return {names[cell] for cell in cells if cell in names}
	if way_name.startswith("GET /api/resource/"):
		rows = [row["name"] for row in data.get("data") or []]
	elif way_name == "frappe.client.get_value":
		message = data.get("message") or {}
		rows = [message["name"]] if message.get("name") else []
	elif way_name == "frappe.desk.reportview.get":
		message = data.get("message") or {}
		keys, values = message.get("keys") or [], message.get("values") or []
		rows = [value[keys.index("name")] for value in values] if values else []
	elif way_name == "frappe.desk.search.search_link":
		rows = [row["value"] for row in data.get("message") or []]
	elif way_name == "frappe.desk.search.search_widget":
		rows = [row["name"] if isinstance(row, dict) else row[0] for row in data.get("message") or []]
	else:
		rows = [row["name"] for row in data.get("message") or []]
	return {names[name] for name in rows if name in names}


def found_count(way_name: str, answer: Answer, admin: str) -> int | None:
	if answer.status != 200 or not isinstance(answer.data, dict):
		return None
	message = answer.data.get("message")
	if way_name.endswith("assigned_to"):
		return sum(row["count"] for row in message or [] if row["name"] == admin)
	if way_name.endswith("owner"):
		return sum(row["count"] for row in message or [])
	return message


def answered_record(way_name: str, answer: Answer, target: Target, key: str) -> bool:
	"""Whether a read answered the record (and, for the form, its comments, emails and versions)."""
	if answer.status != 200:
		return False
	data = answer.data if isinstance(answer.data, dict) else {}
	name = target.names[key]
	if way_name == "GET /api/resource/<dt>/<name>":
		return (data.get("data") or {}).get("name") == name
	if way_name == "frappe.client.get":
		return (data.get("message") or {}).get("name") == name
	if way_name == "frappe.client.get_value":  # a Single's values
		return bool(data.get("message"))
	if way_name in ("frappe.desk.form.load.getdoc", "frappe.desk.form.load.get_docinfo"):
		docs = data.get("docs") or []
		docinfo = data.get("docinfo") or {}
		if way_name.endswith("getdoc") and not (docs and docs[0].get("name") == name):
			return False
		if docinfo.get("name") != name:
			return False
		traces = target.traces if key == MAIN else {}
		return all(
			expected <= {row.get("name") for row in docinfo.get(kind) or []}
			for kind, expected in traces.items()
		)
	if way_name == "/printview":
		return all(marker in answer.text for marker in target.markers[key][:1]) and name in answer.text
	if way_name == "frappe.utils.print_format.download_pdf":
		return answer.text.startswith("%PDF")
	raise KeyError(way_name)


def forbidden_markers(world: World, doctype: str, situation: str, visible: set[str]) -> list[str]:
	"""Strings the answer must not hold: the records the situation does not read, and who reported."""
	target = world.targets[doctype]
	hidden = [marker for key, found in target.markers.items() if key not in visible for marker in found]
	hidden += [value for value, who in world.private.items() if situation not in who]
	if situation in IDENTITY_READERS:
		return [marker for marker in hidden if marker not in world.identity]
	return hidden + world.identity


def is_document_read(doctype: str, way_name: str) -> bool:
	return WAYS[way_name].kind == "doc" or (way_name == "frappe.client.get_value" and is_single(doctype))


@pytest.fixture(scope="module")
def answers(request, world, sessions):
	"""Every read of the matrix this run selected, sent once, in parallel (each thread its own copy
	of the sessions). (doctype, situation, way) -> the Answer; a document read: {record key: Answer}."""
	selected = [
		(item.callspec.params["doctype"], item.callspec.params["situation"], item.callspec.params["way_name"])
		for item in request.session.items
		if getattr(item, "originalname", None) == READS_TEST and hasattr(item, "callspec")
	]
	tasks = []
	for doctype, situation, way_name in selected:
		target = world.targets[doctype]
		if not is_document_read(doctype, way_name):
			tasks.append((doctype, situation, way_name, None))
			continue
		for key in target.names:
			if way_name.endswith("download_pdf") and expected_allowed(doctype, situation, way_name, key):
				continue
			tasks.append((doctype, situation, way_name, key))
	local = threading.local()

	def session_of(situation: str) -> requests.Session:
		copies = local.__dict__.setdefault("sessions", {})
		if situation not in copies:
			master = sessions[situation]
			copy = requests.Session()
			copy.headers.update(master.headers)
			copy.cookies.update(master.cookies)
			copy.base_url = master.base_url
			copies[situation] = copy
		return copies[situation]

	def ask(task):
		doctype, situation, way_name, key = task
		response = read_call(way_name, session_of(situation), world.targets[doctype], key or MAIN)
		text = response.content.decode("utf-8", "replace")
		return task, Answer(response.status_code, text, json_of(response))

	with ThreadPoolExecutor(max_workers=4) as pool:
		answered = list(pool.map(ask, tasks))
	found: dict = {}
	for (doctype, situation, way_name, key), answer in answered:
		if key is None:
			found[(doctype, situation, way_name)] = answer
		else:
			found.setdefault((doctype, situation, way_name), {})[key] = answer
	return found


# ---------------------------------------------------------------- the tests


def test_every_doctype_of_the_app_has_a_row_in_the_matrix():
	doctypes = set(app_doctypes())
	assert not doctypes - set(MATRIX), "add a row to MATRIX for each of these DocTypes"
	assert not set(MATRIX) - doctypes, "these rows of MATRIX name no DocType of the app any more"
	assert not doctypes - set(MARKER_FIELDS), "say in MARKER_FIELDS where their records carry a marker"
	unwritable = {doctype for doctype, fieldname in MARKER_FIELDS.items() if not fieldname} - set(
		PLAIN_FIELDS
	)
	assert not unwritable, "say in PLAIN_FIELDS which field PUT writes"


def test_every_child_doctype_is_read_through_its_parent_and_every_parent_has_its_own_row():
	for doctype in MATRIX:
		meta = frappe.get_meta(doctype)
		row = MATRIX[doctype]
		assert bool(meta.istable) == bool(row.parent), doctype
		if row.parent:
			assert doctype in {df.options for df in frappe.get_meta(row.parent).get_table_fields()}, doctype
			assert not row.ops and not row.extra and not row.pending, f"{doctype}: its parent's row decides"
	for doctype, fields in PRIVATE_FIELDS.items():  # a DocType of their own is their wall, not a permlevel
		assert not MATRIX[doctype].parent, f"{doctype}: a row is read with its parent"
		for fieldname, who in fields.items():
			assert frappe.get_meta(doctype).get_field(fieldname), f"{doctype}.{fieldname}"
			for key in record_keys(doctype):
				assert readers(doctype, key) <= who, (
					f"{doctype} {key}: read by more than who reads {fieldname}"
				)


READS_TEST = "test_each_situation_reads_through_each_way_exactly_what_the_matrix_allows"


@pytest.mark.parametrize(("doctype", "situation", "way_name"), cases({"doc", "rows", "count"}))
def test_each_situation_reads_through_each_way_exactly_what_the_matrix_allows(
	answers, world, doctype, situation, way_name
):
	target = world.targets[doctype]
	if is_document_read(doctype, way_name):
		for key, answer in answers.get((doctype, situation, way_name), {}).items():
			context = f"{doctype} | {situation} | {way_name} | {key}: {answer.status} {answer.text[:300]}"
			if expected_allowed(doctype, situation, way_name, key):
				assert answered_record(way_name, answer, target, key), context
				visible = {key}
			else:
				assert answer.status in REFUSED or answer.status == 200, context
				assert not answered_record(way_name, answer, target, key), context
				visible = set()
			leaked = [m for m in forbidden_markers(world, doctype, situation, visible) if m in answer.text]
			assert not leaked, f"{context}\nholds {leaked}"
		return
	answer = answers[(doctype, situation, way_name)]
	context = f"{doctype} | {situation} | {way_name}: {answer.status} {answer.text[:300]}"
	visible = expected_rows(doctype, situation, way_name) & set(target.names)
	if WAYS[way_name].kind == "rows":
		found = found_rows(way_name, answer, target)
		if visible:
			assert found == visible, context
		else:
			assert answer.status in REFUSED or found == set(), context
	else:
		count = found_count(way_name, answer, world.network.admin)
		if visible:
			assert count == len(visible), context
		else:
			assert answer.status in REFUSED or count == 0, context
	leaked = [m for m in forbidden_markers(world, doctype, situation, visible) if m in answer.text]
	assert not leaked, f"{context}\nholds {leaked}"


@pytest.mark.parametrize(("doctype", "situation", "way_name"), cases({"create", "write", "delete"}))
def test_each_situation_creates_writes_and_deletes_exactly_what_the_matrix_allows(
	answers, world, sessions, doctype, situation, way_name
):
	session, target = sessions[situation], world.targets[doctype]
	allowed = expected_allowed(doctype, situation, way_name)
	kind = WAYS[way_name].kind
	if kind == "create":
		check_create(world, session, target, situation, allowed)
	elif kind == "write":
		check_write(world, session, target, situation, allowed)
	else:
		check_delete(world, session, target, situation, allowed)


def assert_holds_nothing_hidden(world: World, target: Target, situation: str, response, context: str) -> None:
	"""A write's answer (the record saved, an error) holds nothing the situation does not read: a
	private value of the record or of what it lists, another record's markers, who reported."""
	visible = {key for key in target.names if situation in readers(target.doctype, key)}
	leaked = [m for m in forbidden_markers(world, target.doctype, situation, visible) if m in response.text]
	assert not leaked, f"{context}\nholds {leaked}"


def count_children(target: Target) -> int:
	return frappe.db.count(target.doctype, {"parent": target.parent_name, "parenttype": target.parent})


def check_create(world: World, session, target: Target, situation: str, allowed: bool) -> None:
	doctype, marker = target.doctype, world.marker()
	if target.parent:
		payload = {
			"parent": target.parent_name,
			"parenttype": target.parent,
			"parentfield": target.parentfield,
			**child_values(world, doctype, marker),
		}
		before = count_children(target)
	else:
		payload = new_values(world, doctype, marker)
	response = session.post(session.base_url + resource(doctype), json=payload)
	frappe.db.rollback()
	data = json_of(response) or {}
	name = (data.get("data") or {}).get("name") if isinstance(data, dict) else None
	if name:
		world.created.append((doctype, name))
	context = f"{doctype} | {situation} | POST: {response.status_code} {response.text[:300]}"
	assert_holds_nothing_hidden(world, target, situation, response, context)
	if allowed:
		assert response.status_code == 200 and name and frappe.db.exists(doctype, name), context
		return
	assert response.status_code in REFUSED, context
	if target.parent:
		assert count_children(target) == before, context
	elif MARKER_FIELDS[doctype]:
		assert not frappe.db.exists(doctype, {MARKER_FIELDS[doctype]: marker}), context


def check_write(world: World, session, target: Target, situation: str, allowed: bool) -> None:
	doctype, main = target.doctype, target.main
	fieldname = MARKER_FIELDS[doctype] or PLAIN_FIELDS[doctype]

	def value():
		if is_single(doctype):
			return frappe.db.get_single_value(doctype, fieldname)
		return frappe.db.get_value(doctype, main, fieldname)

	frappe.db.rollback()
	before = value()
	new = f"{target.markers[MAIN][0]}w{SITUATIONS.index(situation)}" if MARKER_FIELDS[doctype] else before
	modified = frappe.db.get_value(doctype, main, "modified") if not is_single(doctype) else None
	response = session.put(session.base_url + resource(doctype, main), json={fieldname: new})
	frappe.db.rollback()
	context = f"{doctype} | {situation} | PUT: {response.status_code} {response.text[:300]}"
	assert_holds_nothing_hidden(world, target, situation, response, context)
	if allowed:
		assert response.status_code == 200, context
		assert value() == new, context
		if modified:
			assert frappe.db.get_value(doctype, main, "modified") != modified, context
		return
	assert response.status_code in REFUSED, context
	assert value() == before, context
	if modified:
		assert frappe.db.get_value(doctype, main, "modified") == modified, context


def check_delete(world: World, session, target: Target, situation: str, allowed: bool) -> None:
	doctype = target.doctype
	name = target.disposable[situation] if allowed else target.main
	response = session.delete(session.base_url + resource(doctype, name))
	frappe.db.rollback()
	context = f"{doctype} | {situation} | DELETE {name}: {response.status_code} {response.text[:300]}"
	assert_holds_nothing_hidden(world, target, situation, response, context)
	if is_single(doctype):
		exists = bool(frappe.db.sql("select 1 from tabSingles where doctype=%s limit 1", doctype))
	else:
		exists = bool(frappe.db.exists(doctype, name))
	if not exists:
		world.deleted_over_http.append(name)
	if allowed:
		assert response.status_code == 202 and not exists, context
	else:
		assert response.status_code in REFUSED and exists, context


# ---------------------------------------------------------------- what the matrix found, told as it happens


def test_a_member_cannot_make_its_organisation_partner_of_another_organisations_sheet(
	answers, world, sessions
):
	session, sheet = sessions[OTHER], world.targets["Action Sheet"]
	row = {
		"parent": sheet.main,
		"parenttype": "Action Sheet",
		"parentfield": "partners",
		"network_member": world.network.org_b,
		"role": "Co-lead",
		"idx": 999,
	}
	added = session.post(session.base_url + resource("Action Sheet Partner"), json=row)
	name = ((json_of(added) or {}).get("data") or {}).get("name")
	if name:
		world.created.append(("Action Sheet Partner", name))
	edited = session.put(session.base_url + resource("Action Sheet", sheet.main), json={"priority": "High"})
	frappe.db.rollback()
	if name:  # organisation B out of the sheet again
		frappe.db.delete("Action Sheet Partner", {"name": name})
		frappe.db.commit()
	outcome = f"row: {added.status_code} {added.text[:200]}; then the sheet: {edited.status_code} {edited.text[:200]}"
	assert added.status_code in REFUSED and edited.status_code in REFUSED, outcome


def test_a_member_cannot_move_another_organisations_row_under_its_own_sheet(answers, world, sessions):
	session, steps = sessions[OWN], world.targets["Action Sheet Step"]
	theirs = steps.names["draft of organisation B"]
	their_sheet = world.targets["Action Sheet"].names["draft of organisation B"]
	moved = session.put(
		session.base_url + resource("Action Sheet Step", theirs),
		json={"parent": world.targets["Action Sheet"].main},
	)
	frappe.db.rollback()
	parent = frappe.db.get_value("Action Sheet Step", theirs, "parent")
	if parent != their_sheet:  # back where it belongs
		frappe.db.set_value("Action Sheet Step", theirs, "parent", their_sheet, update_modified=False)
		frappe.db.commit()
	outcome = f"{moved.status_code}, the row now under {parent}: {moved.text[:300]}"
	assert moved.status_code in REFUSED and parent == their_sheet, outcome
	assert steps.markers["draft of organisation B"][0] not in moved.text, outcome


def test_the_centre_reads_a_registrations_email_the_network_reads_the_meeting_with_the_name_only(
	answers, world, sessions
):
	"""What the matrix checks in every answer (PRIVATE_FIELDS), shown on the records themselves: the
	registration as each reads it over REST, and the meeting listing its participant, over REST and
	in the form."""
	frappe.db.rollback()
	registration = frappe.get_doc(REGISTRATION, world.targets[REGISTRATION].main)
	meeting = registration.network_meeting
	seen = {}
	for situation in (CENTRE, OWN, OTHER, MANAGER):
		session = sessions[situation]
		own = session.get(session.base_url + resource(REGISTRATION, registration.name))
		rest = session.get(session.base_url + resource("Network Meeting", meeting))
		form = method(session, "frappe.desk.form.load.getdoc", doctype="Network Meeting", name=meeting)
		rows = [
			*((json_of(rest) or {}).get("data") or {}).get("participants", []),
			*(((json_of(form) or {}).get("docs") or [{}])[0]).get("participants", []),
		]
		refused = own.status_code in (403, 404)
		seen[situation] = (
			"refused" if refused else own.status_code,
			((json_of(own) or {}).get("data") or {}).get("email"),
			[row.get("participant_name") for row in rows if row.get("registration") == registration.name],
			registration.email in rest.text + form.text,
		)
	listed = [registration.participant_name] * 2
	assert seen == {
		CENTRE: (200, registration.email, listed, False),
		OWN: ("refused", None, listed, False),
		OTHER: ("refused", None, listed, False),
		MANAGER: ("refused", None, listed, False),
	}


def test_a_member_saving_its_meeting_is_answered_its_participants_names_and_no_registrations_email(
	answers, world, sessions
):
	"""Frappe answers a save with the record as saved, past what a read would hide: the organiser's
	staff saving their meeting (REST, frappe.client.save, the form, a workflow action) read the
	visitor's name, never the email they registered with."""
	with as_user("Administrator"):
		meeting = world.keep(make_meeting(world.network.org_a, days_ahead=-1))  # started: can be held
		registration = world.keep(register(world, meeting.name))
	frappe.db.commit()
	session = sessions[OWN]
	base = session.base_url

	def loaded(**changes) -> str:
		form = method(session, "frappe.desk.form.load.getdoc", doctype="Network Meeting", name=meeting.name)
		return json.dumps({**(((json_of(form) or {}).get("docs") or [{}])[0]), **changes})

	responses = {
		"PUT": session.put(base + resource("Network Meeting", meeting.name), json={"venue": f"Salle {RUN}"}),
		"frappe.client.save": session.post(
			f"{base}/api/method/frappe.client.save", data={"doc": loaded(venue=f"Salle {RUN}b")}
		),
		"savedocs": session.post(
			f"{base}/api/method/frappe.desk.form.save.savedocs",
			data={"doc": loaded(venue=f"Salle {RUN}c"), "action": "Save"},
		),
		"apply_workflow": session.post(
			f"{base}/api/method/frappe.model.workflow.apply_workflow",
			data={"doc": loaded(), "action": "Mark as Held"},
		),
	}
	frappe.db.rollback()
	seen = {
		way: (
			response.status_code,
			registration.participant_name in response.text,
			registration.email in response.text,
		)
		for way, response in responses.items()
	}
	assert seen == dict.fromkeys(responses, (200, True, False)), {
		way: response.text[:300] for way, response in responses.items()
	}
	assert frappe.db.get_value("Network Meeting", meeting.name, ["venue", "workflow_state"]) == (
		f"Salle {RUN}c",
		"Held",
	)


def test_an_admin_can_change_every_doctypes_permissions_in_the_role_permissions_manager():
	from frappe.core.doctype.doctype.doctype import validate_permissions

	refused = []
	for doctype in app_doctypes():
		if frappe.get_meta(doctype).istable:
			continue
		try:
			validate_permissions(frappe.get_doc("DocType", doctype), for_remove=False, alert=False)
		except frappe.ValidationError as error:
			refused.append(f"{doctype}: {error}")
	assert not refused, refused
