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

from gusp_network.directory.who_does_what import first_staff_user
from gusp_network.exceptions import (
	CapacityBelowRegistrationsError,
	DuplicateParticipantError,
	EndBeforeStartError,
	MeetingNotStartedError,
	MinutesMissingError,
)
from gusp_network.network_life.ical import meeting_ics

MEETING = "Network Meeting"
HELD = "Held"
MINUTES_PUBLISHED = "Minutes Published"
DECISION_OPEN = "Open"
DECISION_DONE = "Done"
TODO_STATUS = {"Done": "Closed", "Dropped": "Cancelled"}
# sends the minutes to participants with an account; `send_minutes_to_registrants` reuses its text
MINUTES_NOTIFICATION = "Network Meeting: minutes published"


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
	"""The same account or email appears once among the participants."""
	seen = set()
	for row in doc.participants:
		for key in (row.user, (row.email or "").strip().lower()):
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


def sync_decision_todos(doc) -> None:
	"""`on_update`: each open, assigned decision has its ToDo; others have theirs closed."""
	for row in doc.decisions:
		todo = frappe.get_doc("ToDo", row.todo) if row.todo and frappe.db.exists("ToDo", row.todo) else None
		wanted = row.decision_status == DECISION_OPEN and row.assigned_to
		if todo and todo.status == "Open" and (not wanted or todo.allocated_to != row.assigned_to):
			todo.status = TODO_STATUS.get(row.decision_status, "Cancelled")
			todo.save(ignore_permissions=True)
			if not wanted:
				continue
			todo = None
		if not wanted:
			continue
		if todo and todo.status == "Open":
			update_todo(todo, doc, row)
		elif not todo or todo.allocated_to != row.assigned_to:
			row.db_set("todo", create_todo(doc, row), update_modified=False)


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
	"""`on_update` of a ToDo: closing a decision's ToDo from the to-do list marks the decision done."""
	if todo.reference_type != MEETING or todo.status != "Closed" or not todo.has_value_changed("status"):
		return
	decision = frappe.qb.DocType("Network Meeting Decision")
	(
		frappe.qb.update(decision)
		.set(decision.decision_status, DECISION_DONE)
		.where(
			(decision.todo == todo.name)
			& (decision.parent == todo.reference_name)
			& (decision.decision_status == DECISION_OPEN)
		)
		.run()
	)


def participant_emails(doc, with_accounts: bool = True) -> list[str]:
	"""One address per participant: their account's, else the one they gave (only the latter
	when `with_accounts` is false)."""
	emails = []
	for row in doc.participants:
		if row.user and not with_accounts:
			continue
		email = ((row.user and frappe.db.get_value("User", row.user, "email")) or row.email or "").strip()
		if email and email.lower() not in {known.lower() for known in emails}:
			emails.append(email)
	return emails


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


def send_invitations(doc) -> int:
	"""Email each participant an invitation carrying the meeting's .ics file (one email each: no
	participant sees the others' addresses). Returns how many were queued."""
	emails = participant_emails(doc)
	if not emails:
		frappe.throw(_("Add participants with an account or an email before sending invitations."))
	subject = _("Invitation: {0}, {1}").format(doc.title, frappe.format(doc.starts_on, "Datetime"))
	message = frappe.render_template(
		"gusp_network/network_life/templates/meeting_invitation.html", {"doc": doc, "_": _}
	)
	attachment = {
		"fname": f"{doc.name}.ics",
		"fcontent": meeting_ics(doc, meeting_page(doc)),
	}
	send_one_by_one(doc, emails, subject, message, [attachment])
	return len(emails)


def send_minutes_to_registrants(doc) -> None:
	"""`on_update`: when the minutes are published, each participant without an account gets them
	too, in an email of their own, written by the admins' notification (its subject, text,
	condition and on/off switch). Frappe's notification would put every address in one header and
	log them on the meeting, which the whole network reads: an address given to register is for
	that meeting's organisers only."""
	if doc.workflow_state != MINUTES_PUBLISHED or not doc.has_value_changed("workflow_state"):
		return
	emails = participant_emails(doc, with_accounts=False)
	if not emails or not frappe.db.exists("Notification", MINUTES_NOTIFICATION):
		return
	notification = frappe.get_doc("Notification", MINUTES_NOTIFICATION)
	if not notification.enabled or notification.channel != "Email":
		return
	if notification.condition and not frappe.safe_eval(notification.condition, None, get_context(doc)):
		return
	context = {"doc": doc, "alert": notification, "comments": None}
	subject = frappe.render_template(notification.subject, context)
	send_one_by_one(doc, emails, subject, frappe.render_template(notification.message, context))
