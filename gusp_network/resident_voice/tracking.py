"""Following a report with its tracking key: what the page shows, reopening, "is it fixed?".

The tracking key is the resident's only credential: 24 random URL-safe characters
(`secrets.token_urlsafe(18)`), looked up by exact match, never listed.
"""

import frappe
from frappe import _
from frappe.model.workflow import get_workflow_name
from frappe.utils import cint, date_diff, today

from gusp_network.constants import CLOSED, CLOSING_FIXED
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
	name = frappe.db.get_value("Resident Report", {"tracking_key": key}, "name")
	if not name:
		raise frappe.PageDoesNotExistError
	return frappe.get_doc("Resident Report", name)


def public_view(report) -> dict:
	"""What anyone holding the key may see: no reporter identity, no contact, no internal note."""
	view = frappe._dict({field: report.get(field) for field in TRACKING_FIELDS})
	view.updates = [{"posted_on": u.posted_on, "update": u.update} for u in report.updates]
	view.status_label = _(report.workflow_state)
	view.can_reopen = can_reopen(report)
	view.can_confirm_fix = report.public_status == CLOSED and report.closing_reason == CLOSING_FIXED
	return view


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
	"""Apply a workflow state on the reporter's behalf.

	The caller has checked the key and that the workflow opens this transition to the Guest
	role; Frappe's workflow check needs a user who may read the report, so the change is
	saved as Administrator, with a public note saying who asked for it.
	"""
	workflow = frappe.get_cached_doc("Workflow", get_workflow_name("Resident Report"))
	target = next(s for s in workflow.states if s.state == state)
	report.workflow_state = state
	if target.update_field:
		report.set(target.update_field, target.update_value)
	report.append("updates", {"update": note})
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		report.save(ignore_permissions=True)
	finally:
		frappe.set_user(user)
