"""Network Meetings: the checks of their controller, the registered count, and decisions followed
up as Frappe assignments.

A decision with an assignee (or, failing one, the first staff account of its owner member) is a
`ToDo` on the meeting while it is open, so it sits in the assignee's to-do list with its due date;
when the decision is done or dropped, the ToDo is closed or cancelled. Closing the ToDo from the
to-do list marks the decision done.
"""

import frappe
from frappe import _
from frappe.desk.form.assign_to import notify_assignment
from frappe.email.doctype.notification.notification import get_context
from frappe.utils import get_datetime, get_url, get_url_to_form, now_datetime, strip_html_tags
from frappe.utils.html_utils import sanitize_html

from gusp_network.directory.who_does_what import first_staff_user
from gusp_network.exceptions import (
	CapacityBelowRegistrationsError,
	DuplicateParticipantError,
	EndBeforeStartError,
	InvalidAssigneeError,
	MeetingNotStartedError,
	MinutesMissingError,
	RegistrationClosedError,
)
from gusp_network.network_life.ical import meeting_ics
from gusp_network.network_life.registrations import registrant_emails

MEETING = "Network Meeting"
PLANNED = "Planned"
HELD = "Held"
MINUTES_PUBLISHED = "Minutes Published"
CANCELLED = "Cancelled"
DECISION_OPEN = "Open"
DECISION_DONE = "Done"
TODO_STATUS = {"Done": "Closed", "Dropped": "Cancelled"}
# the admins' notifications to participants with an account, whose text `send_to_registrants`
# sends to the participants without one
REGISTRANT_COPIES = (
	"Network Meeting: minutes published",
	"Network Meeting: cancelled",
	"Network Meeting: moved",
)


def has_text(html: str | None) -> bool:
	return bool(strip_html_tags(html or "").replace("\xa0", " ").strip())


def validate_dates(doc) -> None:
	if doc.starts_on and doc.ends_on and get_datetime(doc.ends_on) <= get_datetime(doc.starts_on):
		frappe.throw(
			_("The meeting ends ({0}) before it starts ({1}).").format(
				frappe.format(doc.ends_on, "Datetime"), frappe.format(doc.starts_on, "Datetime")
			),
			EndBeforeStartError,
			title=_("Check the dates"),
		)


def validate_participants(doc) -> None:
	"""The same account, or the same registration, appears once among the participants."""
	seen = set()
	for row in doc.participants:
		for key in (row.user, row.registration):
			if not key:
				continue
			if key in seen:
				frappe.throw(
					_("Row {0}: {1} is already among the participants.").format(
						row.idx, frappe.bold(row.participant_name or key)
					),
					DuplicateParticipantError,
				)
			seen.add(key)


def set_registered_count(doc) -> None:
	doc.registered_count = sum(1 for row in doc.participants if row.registered)


def validate_capacity(doc) -> None:
	if (doc.capacity or 0) > 0 and doc.registered_count > doc.capacity:
		frappe.throw(
			_(
				"The capacity ({0}) cannot be below the {1} people already registered: raise it, or "
				"untick the registrations of those who will not come."
			).format(doc.capacity, doc.registered_count),
			CapacityBelowRegistrationsError,
			title=_("Capacity too low"),
		)


def validate_state(doc) -> None:
	"""Held once it has started; minutes published once written."""
	if not doc.has_value_changed("workflow_state"):
		return
	if doc.workflow_state == HELD and doc.starts_on and get_datetime(doc.starts_on) > now_datetime():
		frappe.throw(
			_("The meeting starts on {0}: it can be marked as held once it has started.").format(
				frappe.format(doc.starts_on, "Datetime")
			),
			MeetingNotStartedError,
			title=_("Not started yet"),
		)
	if doc.workflow_state == MINUTES_PUBLISHED and not has_text(doc.minutes):
		frappe.throw(
			_("Write the minutes before publishing them: they are emailed to the participants."),
			MinutesMissingError,
			title=_("No minutes"),
		)


def set_decision_assignees(doc) -> None:
	"""An open decision without an assignee goes to the first staff account of its owner member."""
	for row in doc.decisions:
		if row.decision_status == DECISION_OPEN and row.owner_member and not row.assigned_to:
			row.assigned_to = first_staff_user(row.owner_member)


def validate_assignees(doc) -> None:
	"""A decision is assigned to a desk user of the network (a staff account), not to a resident."""
	for row in doc.decisions:
		if row.assigned_to and frappe.db.get_value("User", row.assigned_to, "user_type") != "System User":
			frappe.throw(
				_("Row {0}: {1} has no desk account; assign the decision to a member's staff.").format(
					row.idx, frappe.bold(row.assigned_to)
				),
				InvalidAssigneeError,
			)


def sync_decision_todos(doc) -> None:
	"""`on_update`: an open, assigned decision has an open ToDo for its assignee; a decision done,
	dropped, reassigned or removed, or a meeting cancelled, closes or cancels its ToDo."""
	cancelled = doc.workflow_state == CANCELLED
	for row in doc.decisions:
		wanted = not cancelled and row.decision_status == DECISION_OPEN and row.assigned_to
		todo = open_todo(row.todo)
		if todo and (not wanted or todo.allocated_to != row.assigned_to):
			close_todo(todo, "Cancelled" if cancelled else TODO_STATUS.get(row.decision_status, "Cancelled"))
			todo = None
		if todo:
			update_todo(todo, doc, row)
		elif wanted:
			row.db_set("todo", create_todo(doc, row), update_modified=False)
	kept = {row.todo for row in doc.decisions if row.todo}
	before = doc.get_doc_before_save()
	for row in before.decisions if before else ():
		if row.todo and row.todo not in kept and (todo := open_todo(row.todo)):
			close_todo(todo, "Cancelled")


def open_todo(name: str | None):
	if name and frappe.db.get_value("ToDo", name, "status") == "Open":
		return frappe.get_doc("ToDo", name)
	return None


def close_todo(todo, status: str) -> None:
	todo.status = status
	todo.flags.from_decision = True
	todo.save(ignore_permissions=True)


def todo_description(doc, row) -> str:
	return _("Decision of {0}: {1}").format(doc.title, row.decision)


def update_todo(todo, doc, row) -> None:
	changes = {"description": todo_description(doc, row), "date": row.due_date}
	if any(str(todo.get(field) or "") != str(value or "") for field, value in changes.items()):
		todo.update(changes)
		todo.save(ignore_permissions=True)


def create_todo(doc, row) -> str:
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": row.assigned_to,
			"reference_type": doc.doctype,
			"reference_name": doc.name,
			"description": todo_description(doc, row),
			"date": row.due_date,
			"assigned_by": frappe.session.user,
			"priority": "Medium",
		}
	).insert(ignore_permissions=True)
	notify_assignment(
		todo.assigned_by,
		todo.allocated_to,
		doc.doctype,
		doc.name,
		action="ASSIGN",
		description=todo.description,
	)
	return todo.name


def close_decision_from_todo(todo, method=None) -> None:
	"""`on_update` of a ToDo: closing a decision's ToDo from the to-do list marks the decision done
	(the meeting is saved, so a form left open on it is told that it changed)."""
	if todo.flags.from_decision or todo.reference_type != MEETING or todo.status != "Closed":
		return
	if not todo.has_value_changed("status") or not frappe.db.exists(MEETING, todo.reference_name):
		return
	meeting = frappe.get_doc(MEETING, todo.reference_name)
	for row in meeting.decisions:
		if row.todo == todo.name and row.decision_status == DECISION_OPEN:
			row.decision_status = DECISION_DONE
			meeting.save(ignore_permissions=True)
			return


def account_emails(doc) -> list[str]:
	"""The emails of the participants who have an account (network staff)."""
	users = [row.user for row in doc.participants if row.user]
	if not users:
		return []
	return [
		email for email in frappe.get_all("User", filters={"name": ("in", users)}, pluck="email") if email
	]


def participant_emails(doc) -> list[str]:
	"""One address per participant: their account's, or their registration's."""
	unique: dict[str, str] = {}
	for email in [*account_emails(doc), *registrant_emails(doc.name)]:
		unique.setdefault(email.lower(), email)
	return list(unique.values())


def send_one_by_one(doc, emails: list[str], subject: str, message: str, attachments=None) -> None:
	"""An email of its own to each address (no one sees the others'), queued about the meeting but
	logged on nothing its readers see."""
	for email in emails:
		frappe.sendmail(
			recipients=[email],
			subject=subject,
			message=message,
			reference_doctype=doc.doctype,
			reference_name=doc.name,
			attachments=attachments,
		)


def meeting_page(doc) -> str:
	"""Where a participant reads the meeting: its agenda page when public, else its desk form."""
	return get_url(f"/agenda/{doc.name}") if doc.is_public else get_url_to_form(doc.doctype, doc.name)


@frappe.whitelist(methods=["POST"])
def invite(meeting: str) -> str:
	"""The form's "Send Invitations": the meeting as saved, by someone who may edit it, while planned."""
	doc = frappe.get_doc(MEETING, meeting)
	doc.check_permission("write")
	if doc.workflow_state != PLANNED:
		frappe.throw(_("Invitations are sent while the meeting is planned."), RegistrationClosedError)
	sent = send_invitations(doc)
	if sent == 1:
		return _("Invitation sent to 1 participant.")
	return _("Invitation sent to {0} participants.").format(sent)


def send_invitations(doc) -> int:
	"""Email each participant an invitation carrying the meeting's .ics file (one email each: no
	participant sees the others' addresses). Returns how many were queued."""
	emails = participant_emails(doc)
	if not emails:
		frappe.throw(_("Add participants with an account or an email before sending invitations."))
	subject = _("Invitation: {0}, {1}").format(doc.title, frappe.format(doc.starts_on, "Datetime"))
	message = frappe.render_template(
		"gusp_network/network_life/templates/meeting_invitation.html",
		# always: Frappe returns a text that parses as JSON unsanitised
		{"doc": doc, "agenda": sanitize_html(doc.agenda or "", always_sanitize=True), "_": _},
	)
	attachment = {
		"fname": f"{doc.name}.ics",
		"fcontent": meeting_ics(doc, meeting_page(doc)),
	}
	send_one_by_one(doc, emails, subject, message, [attachment])
	return len(emails)


def send_to_registrants(doc) -> None:
	"""`on_update`: the participants without an account (registrations) get, each in an email of
	their own, what the admins' notifications send the others when the minutes are published, the
	meeting is cancelled or it moves: the same subject and text, condition and on/off switch.
	Frappe's notification would put every address in one header and log them on the meeting,
	which the whole network reads: an address given to register is for the resource centre only."""
	for name in REGISTRANT_COPIES:
		notification = frappe.db.exists("Notification", name) and frappe.get_cached_doc("Notification", name)
		if not notification or not notification.enabled or notification.channel != "Email":
			continue
		if notification.event != "Value Change" or not doc.has_value_changed(notification.value_changed):
			continue
		if notification.condition and not frappe.safe_eval(notification.condition, None, get_context(doc)):
			continue
		emails = registrant_emails(doc.name)
		if not emails:
			return
		context = {"doc": doc, "alert": notification, "comments": None}
		send_one_by_one(
			doc,
			emails,
			frappe.render_template(notification.subject, context),
			frappe.render_template(notification.message, context),
		)
