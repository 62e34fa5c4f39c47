"""Who reads and edits what in the network: one criterion per scoped DocType.

A desk user belongs to one Network Member: the one whose staff table (`Network Member
User`) lists them. Members read the network's shared records and edit only those of their
own organisation:

- an Action Sheet where their organisation is lead or partner; a sheet still in the
  workflow's first state (a draft) is shared with the network only once it leaves it;
- their own Network Member record;
- the Responsibility rows ("qui fait quoi") of their own organisation;
- the Field Diagnostics their organisation organises, the only ones they read;
- the Resident Reports routed to their organisation, the only ones they read;
- the Resident Needs their staff wrote down or one of their action sheets answers, the only
  ones they read;
- the Cooperation Agreements and Charters their organisation is a party to (in the states the
  workflow lets members edit);
- the Network Meetings and Study Trips their organisation organises;
- the Evaluations their organisation is among the evaluators of;
- the Practice Sheets their organisation leads or co-writes (a draft stays with them);
- the Newsletter Contributions their organisation proposed, the only ones they read.

Scoping denies by default: every user without a network-wide role (resource centre, admins,
and managers for reading) is scoped to their organisation, whatever other roles they hold.
What a role may do at all is set by the DocType permissions, which an admin edits in the desk.
Residents have no permission on these DocTypes: they use the portal pages.

Each criterion is written once, with `frappe.qb`, and feeds both
`permission_query_conditions` (lists, reports, REST lists) and `has_permission` (forms,
single-document API, workflow actions), so they always agree.
"""

from dataclasses import dataclass

import frappe
from frappe.model.document import Document
from frappe.model.workflow import get_workflow_name
from frappe.utils.caching import redis_cache
from pypika.terms import Criterion, LiteralValue

from gusp_network.caching import invalidate
from gusp_network.constants import ADMIN, MANAGER, RESOURCE_CENTRE

NETWORK_WIDE_ROLES = {"Administrator", "System Manager", ADMIN, RESOURCE_CENTRE}
NETWORK_READ_ROLES = NETWORK_WIDE_ROLES | {MANAGER}
READ_PTYPES = {"read", "select", "print", "email", "report", "export"}


@dataclass(frozen=True)
class Scope:
	"""Where a DocType names the organisations a record belongs to."""

	link_fields: tuple[str, ...] = ()
	# (child DocType, its table field in the parent, its Link field to Network Member)
	child_tables: tuple[tuple[str, str, str], ...] = ()
	drafts_private: bool = False
	# members read only their organisation's records, not the whole network's
	read_own_only: bool = False
	# any member may create one: the record finds its organisation itself (routing)
	open_creation: bool = False
	# (Link field, DocType it points to): the record belongs to the organisations of that record
	via: tuple[tuple[str, str], ...] = ()
	# the record belongs to the organisation whose staff created it
	staff_owned: bool = False
	# a new record that is not the member's organisation's is refused by its controller's
	# `validate` with a message saying what is allowed (`may_save_as_own`), not by a bare
	# permission error
	creation_explained: bool = False
	# the workflow's "editable by" holds for members on the server too (Frappe checks it in the desk
	# only): in a state they may not edit, they may not write the record, nor its rows
	workflow_locks: bool = False


SCOPES = {
	"Action Sheet": Scope(
		link_fields=("lead_member",),
		child_tables=(("Action Sheet Partner", "partners", "network_member"),),
		drafts_private=True,
		creation_explained=True,
	),
	"Network Member": Scope(link_fields=("name",)),
	"Responsibility": Scope(link_fields=("network_member",)),
	"Resident Report": Scope(link_fields=("responsible_member",), read_own_only=True, open_creation=True),
	"Field Diagnostic": Scope(link_fields=("organiser",), read_own_only=True),
	# read by the whole network; a member edits those its organisation is a party to (which
	# states a member may edit at all is the workflow's "editable by")
	"Cooperation Agreement": Scope(
		child_tables=(("Cooperation Agreement Party", "parties", "network_member"),)
	),
	"Cooperation Charter": Scope(
		child_tables=(("Cooperation Charter Signatory", "signatories", "network_member"),)
	),
	# read by the whole network; edited by the organisation that organises it
	"Network Meeting": Scope(link_fields=("organiser",), creation_explained=True),
	"Study Trip": Scope(link_fields=("organiser",), creation_explained=True),
	# read by the whole network; written by the organisations among its evaluators
	"Evaluation": Scope(
		child_tables=(("Evaluation Evaluator", "evaluators", "network_member"),), creation_explained=True
	),
	# published to the network once out of draft; written by its lead and co-authors
	"Practice Sheet": Scope(
		link_fields=("lead_member",),
		child_tables=(("Practice Sheet Author", "co_authors", "network_member"),),
		drafts_private=True,
		creation_explained=True,
		workflow_locks=True,
	),
	# a member's proposals for the newsletter are theirs until the edition goes out
	"Newsletter Contribution": Scope(
		link_fields=("contributor",), read_own_only=True, creation_explained=True, workflow_locks=True
	),
	# a need is its organisation's when its staff wrote it down or one of its action sheets answers it
	"Resident Need": Scope(
		via=(("action_sheet", "Action Sheet"),), staff_owned=True, read_own_only=True, open_creation=True
	),
}


def get_user_member(user: str | None = None) -> str | None:
	"""The Network Member a desk user belongs to, or None."""
	return _user_member(user or frappe.session.user)


@redis_cache(ttl=24 * 3600)
def _user_member(user: str) -> str | None:
	staff = frappe.qb.DocType("Network Member User")
	rows = (
		frappe.qb.from_(staff)
		.select(staff.parent)
		.where((staff.user == user) & (staff.parenttype == "Network Member"))
		.limit(1)
		.run()
	)
	return rows[0][0] if rows else None


def add_member_to_boot(bootinfo) -> None:
	"""`boot_session` (hooks.py): the desk knows the user's organisation, so a workspace list can show
	"my organisation's" records (a filter the admins edit in the workspace)."""
	bootinfo.gusp_member = get_user_member()


def clear_user_member_cache() -> None:
	"""Called when an organisation's staff changes."""
	invalidate(_user_member)


def _literal(value: str) -> LiteralValue:
	# escaped by the database driver, so the criterion can also be rendered as SQL text
	return LiteralValue(frappe.db.escape(value))


def is_scoped(user: str, network_roles: set[str]) -> bool:
	"""Deny by default: whoever holds none of the network-wide roles sees only their organisation's
	records, whatever other roles they were given."""
	return not (network_roles & set(frappe.get_roles(user)))


def own_organisation_criterion(doctype: str, user: str) -> Criterion | None:
	"""Rows of `doctype` that belong to the user's organisation; None when not scoped."""
	if not is_scoped(user, NETWORK_WIDE_ROLES):
		return None
	member = get_user_member(user)
	if not member:
		return frappe.qb.DocType(doctype).name.isnull()  # matches nothing: belongs to no organisation
	return member_criterion(doctype, member)


def member_criterion(doctype: str, member: str) -> Criterion:
	"""Rows of `doctype` that belong to `member`, by the DocType's Scope."""
	scope = SCOPES[doctype]
	table = frappe.qb.DocType(doctype)
	conditions = [table[fieldname] == _literal(member) for fieldname in scope.link_fields]
	for child_doctype, parentfield, link_field in scope.child_tables:
		child = frappe.qb.DocType(child_doctype)
		conditions.append(
			table.name.isin(
				frappe.qb.from_(child)
				.select(child.parent)
				.where(
					(child.parenttype == doctype)
					& (child.parentfield == parentfield)
					& (child[link_field] == _literal(member))
				)
			)
		)
	for link_field, target_doctype in scope.via:
		target = frappe.qb.DocType(target_doctype)
		conditions.append(
			table[link_field].isin(
				frappe.qb.from_(target).select(target.name).where(member_criterion(target_doctype, member))
			)
		)
	if scope.staff_owned:
		conditions.append(table.owner.isin(staff_of(member)))
	return Criterion.any(conditions)


def staff_of(member: str):
	staff = frappe.qb.DocType("Network Member User")
	return (
		frappe.qb.from_(staff)
		.select(staff.user)
		.where((staff.parenttype == "Network Member") & (staff.parent == _literal(member)))
	)


def read_criterion(doctype: str, user: str) -> Criterion | None:
	"""Rows of `doctype` the user may read; None when they may read all."""
	if not is_scoped(user, NETWORK_READ_ROLES):
		return None
	scope = SCOPES[doctype]
	if scope.read_own_only:
		return own_organisation_criterion(doctype, user)
	draft_state = scope.drafts_private and get_initial_workflow_state(doctype)
	if not draft_state:
		return None
	table = frappe.qb.DocType(doctype)
	shared = table.workflow_state.isnull() | (table.workflow_state != _literal(draft_state))
	return shared | own_organisation_criterion(doctype, user)


def get_initial_workflow_state(doctype: str) -> str | None:
	"""The first state of the active workflow (where new documents start), read from the Workflow."""
	workflow_name = get_workflow_name(doctype)
	if not workflow_name:
		return None
	states = frappe.get_cached_doc("Workflow", workflow_name).states
	return states[0].state if states else None


def belongs_to(doc: Document, member: str | None) -> bool:
	"""The same rule as `member_criterion`, on a document not yet saved."""
	if not member:
		return False
	scope = SCOPES[doc.doctype]
	if any(doc.get(fieldname) == member for fieldname in scope.link_fields):
		return True
	if any(
		row.get(link_field) == member
		for _child, parentfield, link_field in scope.child_tables
		for row in doc.get(parentfield) or []
	):
		return True
	for link_field, target_doctype in scope.via:
		if doc.get(link_field):
			target = frappe.qb.DocType(target_doctype)
			if (
				frappe.qb.from_(target)
				.select(target.name)
				.where((target.name == doc.get(link_field)) & member_criterion(target_doctype, member))
				.limit(1)
				.run()
			):
				return True
	return scope.staff_owned and get_user_member(doc.owner or frappe.session.user) == member


def may_save_as_own(doc: Document, user: str | None = None) -> bool:
	"""Whether the user may save `doc` as their organisation's: always with a network-wide role,
	else when it belongs to their organisation (the create rule of `_has_permission`)."""
	user = user or frappe.session.user
	if user == "Administrator" or not is_scoped(user, NETWORK_WIDE_ROLES):
		return True
	return belongs_to(doc, get_user_member(user))


def may_edit_in_state(doctype: str, state: str | None, user: str) -> bool:
	"""Whether one of the user's roles may edit a record of `doctype` in workflow `state`."""
	workflow = get_workflow_name(doctype)
	if not workflow or not state:
		return True
	editors = {
		row.allow_edit for row in frappe.get_cached_doc("Workflow", workflow).states if row.state == state
	}
	return not editors or bool(editors & set(frappe.get_roles(user)))


def _query_conditions(doctype: str, user: str | None) -> str:
	user = user or frappe.session.user
	if user == "Administrator":
		return ""
	criterion = read_criterion(doctype, user)
	return criterion.get_sql(quote_char="`", with_namespace=True) if criterion else ""


def _has_permission(doc: Document, ptype: str, user: str | None) -> bool | None:
	user = user or frappe.session.user
	if user == "Administrator":
		return None
	scope = SCOPES[doc.doctype]
	if ptype == "create" and (scope.open_creation or scope.creation_explained):
		return None
	if (
		scope.workflow_locks
		and ptype not in READ_PTYPES
		and not doc.is_new()
		and is_scoped(user, NETWORK_WIDE_ROLES)
		and not may_edit_in_state(
			doc.doctype, frappe.db.get_value(doc.doctype, doc.name, "workflow_state"), user
		)
	):
		return False
	if ptype in READ_PTYPES:
		criterion = read_criterion(doc.doctype, user)
	else:
		criterion = own_organisation_criterion(doc.doctype, user)
	if criterion is None:
		return None  # no opinion: the DocType permissions decide
	if doc.is_new() or not frappe.db.exists(doc.doctype, doc.name):
		return belongs_to(doc, get_user_member(user))
	table = frappe.qb.DocType(doc.doctype)
	return bool(
		frappe.qb.from_(table).select(table.name).where((table.name == doc.name) & criterion).limit(1).run()
	)


def action_sheet_query(user: str | None = None) -> str:
	return _query_conditions("Action Sheet", user)


def action_sheet_has_permission(doc: Document, ptype: str = "read", user: str | None = None, debug=False):
	return _has_permission(doc, ptype, user)


def network_member_has_permission(doc: Document, ptype: str = "read", user: str | None = None, debug=False):
	return _has_permission(doc, ptype, user)


def responsibility_has_permission(doc: Document, ptype: str = "read", user: str | None = None, debug=False):
	return _has_permission(doc, ptype, user)


def resident_report_query(user: str | None = None) -> str:
	return _query_conditions("Resident Report", user)


def resident_report_has_permission(doc: Document, ptype: str = "read", user: str | None = None, debug=False):
	return _has_permission(doc, ptype, user)


def field_diagnostic_has_permission(doc: Document, ptype: str = "read", user: str | None = None, debug=False):
	return _has_permission(doc, ptype, user)


def resident_need_query(user: str | None = None) -> str:
	return _query_conditions("Resident Need", user)


def resident_need_has_permission(doc: Document, ptype: str = "read", user: str | None = None, debug=False):
	return _has_permission(doc, ptype, user)


def field_diagnostic_query(user: str | None = None) -> str:
	return _query_conditions("Field Diagnostic", user)


def cooperation_agreement_has_permission(
	doc: Document, ptype: str = "read", user: str | None = None, debug=False
):
	return _has_permission(doc, ptype, user)


def cooperation_charter_has_permission(
	doc: Document, ptype: str = "read", user: str | None = None, debug=False
):
	return _has_permission(doc, ptype, user)


def network_meeting_has_permission(doc: Document, ptype: str = "read", user: str | None = None, debug=False):
	return _has_permission(doc, ptype, user)


def study_trip_has_permission(doc: Document, ptype: str = "read", user: str | None = None, debug=False):
	return _has_permission(doc, ptype, user)


def evaluation_has_permission(doc: Document, ptype: str = "read", user: str | None = None, debug=False):
	return _has_permission(doc, ptype, user)


def practice_sheet_query(user: str | None = None) -> str:
	return _query_conditions("Practice Sheet", user)


def practice_sheet_has_permission(doc: Document, ptype: str = "read", user: str | None = None, debug=False):
	return _has_permission(doc, ptype, user)


def newsletter_contribution_query(user: str | None = None) -> str:
	return _query_conditions("Newsletter Contribution", user)


def newsletter_contribution_has_permission(
	doc: Document, ptype: str = "read", user: str | None = None, debug=False
):
	return _has_permission(doc, ptype, user)


def report_query(user: str | None = None) -> str:
	"""The desk's Report list shows a user the reports they may open: Frappe lists every report,
	its own system reports included, to every desk user (the Report DocType is readable by Desk
	User), under the roles of none of them."""
	user = user or frappe.session.user
	if (
		user == "Administrator"
		or user != frappe.session.user
		or frappe.flags.listing_allowed_reports  # Frappe's own list of them, read below
		or "System Manager" in frappe.get_roles(user)
	):
		return ""
	from frappe.boot import get_allowed_report_names

	frappe.flags.listing_allowed_reports = True
	try:
		names = sorted(get_allowed_report_names())
	finally:
		frappe.flags.listing_allowed_reports = False
	if not names:
		return "`tabReport`.`name` is null"
	return f"`tabReport`.`name` in ({', '.join(frappe.db.escape(name) for name in names)})"
