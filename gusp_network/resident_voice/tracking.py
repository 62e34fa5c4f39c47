"""Following a report: what the tracking page shows, reopening, "is it fixed?".

Two credentials open a report, and nothing else does:
- the tracking key (24 random URL-safe characters), given once to the reporter and stored
  only as a hash (`contacts.py`): `/suivi/<key>`;
- a link signed with the site's secret, sent in later emails and listed on "my reports":
  `/suivi?ref=<report>&sig=<signature>`.
"""

import frappe
from frappe import _
from frappe.model.workflow import get_workflow_name
from frappe.utils import cint, date_diff, today

from gusp_network.constants import CLOSED, CLOSING_FIXED
from gusp_network.resident_voice import contacts
from gusp_network.settings import get_settings

TRACKING_FIELDS = [
	"name",
	"theme",
	"territory",
	"workflow_state",
	"public_status",
	"creation",
	"due_date",
	"closed_on",
	"closing_reason",
	"fix_confirmation",
	"me_too_count",
	"duplicate_of",
]
REOPEN_ACTION = "Reopen"


def get_report_by_key(key: str | None):
	"""The report a tracking key opens; a plain 404 for any other key."""
	if not key or len(key) < 20 or len(key) > 64:
		raise frappe.PageDoesNotExistError
	name = contacts.report_by_key(key)
	if not name:
		raise frappe.PageDoesNotExistError
	return frappe.get_doc("Resident Report", name)


def get_report(key: str | None = None, ref: str | None = None, sig: str | None = None):
	"""The report opened by a tracking key, or by a signed link; a plain 404 otherwise."""
	if key:
		return get_report_by_key(key)
	if ref and contacts.is_valid_signature(ref, sig) and frappe.db.exists("Resident Report", ref):
		return frappe.get_doc("Resident Report", ref)
	raise frappe.PageDoesNotExistError


def public_view(report) -> dict:
	"""What anyone holding the key may see: no reporter identity, no contact, no internal note."""
	view = frappe._dict({field: report.get(field) for field in TRACKING_FIELDS})
	view.updates = [{"posted_on": u.posted_on, "message": u.message} for u in report.updates]
	view.status_label = _(report.workflow_state)
	view.can_reopen = can_reopen(report)
	view.can_confirm_fix = report.public_status == CLOSED and report.closing_reason == CLOSING_FIXED
	view.organisation = public_organisation(report.responsible_member)
	return view


def public_organisation(member: str | None) -> str | None:
	"""The organisation in charge, named only when it chose to be public (Network Member `is_public`)."""
	if not member:
		return None
	values = frappe.db.get_value("Network Member", member, ["member_name", "is_public"], as_dict=True)
	return values.member_name if values and values.is_public else None


def reopen_transition(report):
	"""The workflow's "Reopen" transition from the report's state open to the Guest role, if any."""
	workflow_name = get_workflow_name("Resident Report")
	if not workflow_name:
		return None
	workflow = frappe.get_cached_doc("Workflow", workflow_name)
	for transition in workflow.transitions:
		if (
			transition.state == report.workflow_state
			and transition.action == REOPEN_ACTION
			and transition.allowed == "Guest"
		):
			return transition
	return None


def can_reopen(report) -> bool:
	if report.public_status != CLOSED or not report.closed_on:
		return False
	days = cint(get_settings().reopen_days)
	return date_diff(today(), report.closed_on) <= days and bool(reopen_transition(report))


def move_to(report, state: str, note: str) -> None:
	"""Apply a workflow state on the reporter's behalf, as the web request's own user.

	The caller has checked the credential and that the workflow opens this transition to the
	Guest role. Frappe's workflow check (`frappe.model.workflow.validate_workflow`) also reads
	the report as it was, which a guest may not: the report lets that one read through
	(`ResidentReport.let_reporter_move_it`); the transition itself is still checked against
	the request's own roles, so only what the workflow opens to Guest passes.
	"""
	workflow = frappe.get_cached_doc("Workflow", get_workflow_name("Resident Report"))
	target = next(s for s in workflow.states if s.state == state)
	report.workflow_state = state
	if target.update_field:
		report.set(target.update_field, target.update_value)
	report.append("updates", {"message": note})
	report.flags.moved_by_reporter = True
	report.save(ignore_permissions=True)
