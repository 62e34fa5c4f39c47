"""Who organises a meeting or a study trip: a member creates only those its own organisation
organises (the rule of `permissions.py`, explained instead of a bare permission error)."""

import frappe
from frappe import _

from gusp_network.exceptions import NotOwnMeetingError
from gusp_network.permissions import get_user_member, may_save_as_own


def validate_organisation(doc) -> None:
	"""A member creates a meeting (or a study trip) their own organisation organises, and does not
	hand one over to another organisation (the resource centre does)."""
	if not doc.organiser or not (doc.is_new() or doc.has_value_changed("organiser")):
		return
	if may_save_as_own(doc):
		return
	member = get_user_member()
	if not member:
		message = _(
			"You are not on the staff of any organisation of the network: ask the resource centre to add "
			"you to your organisation first."
		)
	else:
		message = _(
			"Your organisation ({0}) may only organise its own meetings and study trips: choose it as "
			"the organiser, or ask {1} or the resource centre to create this one."
		).format(frappe.bold(member), frappe.bold(doc.organiser))
	frappe.throw(message, NotOwnMeetingError, title=_("Not your organisation's"))
