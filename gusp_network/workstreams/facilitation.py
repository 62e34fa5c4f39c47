"""The facilitation pair (binôme) of a workstream: a member's facilitator and a resource-centre user.

Each record of a workstream that has a `facilitators` field (its action sheets and, in Network
Life, its meetings) keeps the pair's accounts there, comma-separated. The pair's notifications
("new in your workstream", created at install and the admins' to edit) send to that field, and the
"My workstreams" shortcuts filter on it. When a workstream's pair changes, its records follow.
"""

import frappe
from frappe import _

from gusp_network.constants import RESOURCE_CENTRE
from gusp_network.exceptions import InvalidFacilitatorError

FACILITATORS_FIELD = "facilitators"


def validate_pair(workstream) -> None:
	"""`validate` of a Workstream: the member's facilitator is on that member's staff, and the
	resource-centre user has the resource-centre role."""
	user, member = workstream.facilitation_member_user, workstream.facilitation_member
	if user and not (
		member
		and frappe.db.exists(
			"Network Member User", {"parent": member, "parenttype": "Network Member", "user": user}
		)
	):
		frappe.throw(
			_("{0} is not on the staff of {1}: choose one of its agents as the member's facilitator.").format(
				frappe.bold(user), frappe.bold(member or _("the facilitation member"))
			),
			InvalidFacilitatorError,
		)
	centre_user = workstream.facilitation_resource_centre_user
	if centre_user and RESOURCE_CENTRE not in frappe.get_roles(centre_user):
		frappe.throw(
			_("{0} is not a resource-centre user.").format(frappe.bold(centre_user)), InvalidFacilitatorError
		)


def facilitators_of(workstream: str | None) -> str:
	"""The pair's user accounts, comma-separated (empty when the workstream has none)."""
	if not workstream:
		return ""
	users = frappe.db.get_value(
		"Workstream", workstream, ("facilitation_member_user", "facilitation_resource_centre_user")
	)
	return ",".join(dict.fromkeys(user for user in users or () if user))


def set_facilitators(doc) -> None:
	"""`validate` step of a record that belongs to a workstream."""
	doc.set(FACILITATORS_FIELD, facilitators_of(doc.get("workstream")))


def doctypes_following_workstreams() -> list[str]:
	"""DocTypes with both a `workstream` link and a `facilitators` field."""
	field = frappe.qb.DocType("DocField")
	with_facilitators = (
		frappe.qb.from_(field).select(field.parent).where(field.fieldname == FACILITATORS_FIELD)
	)
	return (
		frappe.qb.from_(field)
		.select(field.parent)
		.where(
			(field.fieldname == "workstream")
			& (field.options == "Workstream")
			& field.parent.isin(with_facilitators)
		)
		.run(pluck=True)
	)


def refresh_records(workstream) -> None:
	"""`on_update` of a Workstream: its records name the pair it has now."""
	if not workstream.has_value_changed("facilitation_member_user") and not workstream.has_value_changed(
		"facilitation_resource_centre_user"
	):
		return
	facilitators = facilitators_of(workstream.name)
	for doctype in doctypes_following_workstreams():
		table = frappe.qb.DocType(doctype)
		(
			frappe.qb.update(table)
			.set(table.facilitators, facilitators)
			.where(table.workstream == workstream.name)
			.run()
		)
