"""Members read the network's shared records and edit only their own organisation's."""

import frappe
import pytest

from gusp_network import permissions
from gusp_network.permissions import get_user_member
from tests.factories import (
	as_user,
	make_action_sheet,
	make_geography,
	make_report,
	make_responsibility,
	make_territory,
	make_theme,
	make_user,
)


def can(user: str, ptype: str, doc) -> bool:
	with as_user(user):
		return bool(frappe.has_permission(doc.doctype, ptype, doc=doc))


def visible_sheets(user: str) -> set[str]:
	with as_user(user):
		return set(frappe.get_list("Action Sheet", pluck="name", limit_page_length=0))


def test_a_desk_user_belongs_to_the_organisation_that_lists_them(network):
	assert get_user_member(network.member_a) == network.org_a
	assert get_user_member(network.member_b) == network.org_b
	assert get_user_member(network.centre) is None


def test_a_user_cannot_belong_to_two_organisations(network):
	from gusp_network.exceptions import UserInAnotherMemberError

	org_b = frappe.get_doc("Network Member", network.org_b)
	org_b.append("users", {"user": network.member_a})
	with pytest.raises(UserInAnotherMemberError):
		org_b.save()


def test_a_member_can_edit_their_own_organisations_action_sheet(network):
	sheet = make_action_sheet(network.org_a)
	with as_user(network.member_a):
		doc = frappe.get_doc("Action Sheet", sheet.name)
		doc.objectives = "Réunir les partenaires tous les mois."
		doc.save()
	assert (
		frappe.db.get_value("Action Sheet", sheet.name, "objectives")
		== "Réunir les partenaires tous les mois."
	)


def test_a_partner_organisation_can_edit_the_sheet_too(network):
	sheet = make_action_sheet(network.org_b, partners=[{"network_member": network.org_a, "role": "Partner"}])
	assert can(network.member_a, "write", sheet)


def test_a_member_cannot_edit_another_organisations_action_sheet(network):
	sheet = make_action_sheet(network.org_b, state="Approved")
	assert can(network.member_a, "read", sheet)
	assert not can(network.member_a, "write", sheet)
	with as_user(network.member_a):
		doc = frappe.get_doc("Action Sheet", sheet.name)
		doc.objectives = "Modification non autorisée"
		with pytest.raises(frappe.PermissionError):
			doc.save()
	assert frappe.db.get_value("Action Sheet", sheet.name, "objectives") != "Modification non autorisée"


def test_a_member_cannot_create_a_sheet_in_another_organisations_name(network):
	with as_user(network.member_a):
		doc = frappe.get_doc(
			{
				"doctype": "Action Sheet",
				"title": "Fiche au nom d'un autre",
				"workstream": "CH-01",
				"lead_member": network.org_b,
			}
		)
		with pytest.raises(frappe.PermissionError):
			doc.insert()
		mine = frappe.get_doc(
			{
				"doctype": "Action Sheet",
				"title": "Ma fiche",
				"workstream": "CH-01",
				"lead_member": network.org_a,
			}
		).insert()
	assert mine.workflow_state == "Draft"


def test_drafts_stay_within_their_organisations_until_proposed(network):
	draft = make_action_sheet(network.org_b)
	proposed = make_action_sheet(network.org_b, state="Proposed")
	# list (get_list, REST, reports) and form (has_permission) agree
	assert draft.name not in visible_sheets(network.member_a)
	assert not can(network.member_a, "read", draft)
	assert proposed.name in visible_sheets(network.member_a)
	assert can(network.member_a, "read", proposed)
	# the organisation itself, the resource centre and managers see the draft
	for user in (network.member_b, network.centre, network.manager):
		assert draft.name in visible_sheets(user)
		assert can(user, "read", draft)


def test_the_rest_api_lists_what_the_form_opens(network):
	from frappe.client import get_list

	draft = make_action_sheet(network.org_b)
	with as_user(network.member_a):
		names = {row["name"] for row in get_list("Action Sheet", limit_page_length=0)}
	assert draft.name not in names


def test_managers_read_everything_and_change_nothing(network):
	sheet = make_action_sheet(network.org_a)
	assert can(network.manager, "read", sheet)
	assert not can(network.manager, "write", sheet)
	org = frappe.get_doc("Network Member", network.org_a)
	assert can(network.manager, "read", org)
	assert not can(network.manager, "write", org)


def test_the_resource_centre_edits_every_sheet(network):
	sheet = make_action_sheet(network.org_b)
	assert can(network.centre, "write", sheet)


def test_a_member_edits_their_own_directory_entry_only(network):
	own = frappe.get_doc("Network Member", network.org_a)
	other = frappe.get_doc("Network Member", network.org_b)
	assert can(network.member_a, "read", other)
	assert can(network.member_a, "write", own)
	assert not can(network.member_a, "write", other)


def test_a_member_records_who_does_what_for_their_own_organisation_only(network):
	theme, territory = make_theme().name, make_territory().name
	with as_user(network.member_a):
		own = frappe.get_doc(
			{
				"doctype": "Responsibility",
				"theme": theme,
				"territory": territory,
				"network_member": network.org_a,
				"role": "Lead",
			}
		).insert()
		assert own.name
		other = frappe.get_doc(
			{
				"doctype": "Responsibility",
				"theme": theme,
				"territory": territory,
				"network_member": network.org_b,
				"role": "Lead",
			}
		)
		with pytest.raises(frappe.PermissionError):
			other.insert()


def test_members_read_but_do_not_change_the_shared_reference_data(network):
	territory = make_territory()
	assert can(network.member_a, "read", territory)
	assert not can(network.member_a, "write", territory)
	workstream = frappe.get_doc("Workstream", "CH-01")
	assert can(network.member_a, "read", workstream)
	assert not can(network.member_a, "write", workstream)


def test_a_members_who_does_what_is_a_proposal_until_the_resource_centre_validates_it(network):
	geo = make_geography()
	theme = make_theme().name
	with as_user(network.member_a):
		proposal = make_responsibility(theme, geo.qpv, network.org_a, status="Validated")
	assert proposal.status == "Proposed", "a member cannot validate their own proposal"
	assert make_report(theme, territory=geo.qpv).responsible_member != network.org_a
	with as_user(network.centre):
		proposal.reload()
		proposal.status = "Validated"
		proposal.save()
	assert make_report(theme, territory=geo.qpv).responsible_member == network.org_a
	with as_user(network.member_a):
		moved = frappe.get_doc("Responsibility", proposal.name)
		moved.territory = geo.commune
		moved.save()
	assert moved.status == "Proposed", "moving a validated rule makes it a proposal again"


def test_scoping_denies_by_default_whatever_other_roles_a_desk_user_holds(network):
	outsider = make_user("Blogger").name
	for doctype in ("Resident Report", "Resident Need", "Field Diagnostic"):
		assert permissions.read_criterion(doctype, outsider) is not None
		with as_user(outsider):
			assert permissions._query_conditions(doctype, outsider), doctype
	assert permissions.read_criterion("Resident Report", network.manager) is None


def test_members_read_only_their_organisations_needs_and_diagnostics(network):
	with as_user(network.member_a):
		own_need = frappe.get_doc(
			{"doctype": "Resident Need", "need_type": "Idea", "description": "Des bancs à l'ombre"}
		).insert()
	sheet_b = make_action_sheet(network.org_b)
	answered_by_b = frappe.get_doc(
		{
			"doctype": "Resident Need",
			"need_type": "Need",
			"description": "Un local pour les jeunes",
			"action_sheet": sheet_b.name,
		}
	).insert()
	diagnostic_b = frappe.get_doc(
		{"doctype": "Field Diagnostic", "title": "Marche exploratoire", "organiser": network.org_b}
	).insert(ignore_mandatory=True)

	def visible(user: str, doctype: str) -> set[str]:
		with as_user(user):
			return set(frappe.get_list(doctype, pluck="name", limit_page_length=0))

	assert own_need.name in visible(network.member_a, "Resident Need")
	assert answered_by_b.name not in visible(network.member_a, "Resident Need")
	assert answered_by_b.name in visible(network.member_b, "Resident Need")
	assert own_need.name not in visible(network.member_b, "Resident Need")
	assert diagnostic_b.name in visible(network.member_b, "Field Diagnostic")
	assert diagnostic_b.name not in visible(network.member_a, "Field Diagnostic")
	assert not can(network.member_a, "read", answered_by_b)
	assert not can(network.member_a, "read", diagnostic_b)
	assert {own_need.name, answered_by_b.name} <= visible(network.centre, "Resident Need")


def test_the_report_list_shows_a_manager_and_a_member_the_reports_they_may_open(network):
	"""Frappe lists every report to every desk user, its system reports included (/app/report)."""
	for user in (network.manager, network.member_a):
		with as_user(user):
			names = set(frappe.get_list("Report", pluck="name", limit=0))
		assert "Decisions Follow-up" in names, user
		assert not names & {"Audit System Hooks", "Database Storage Usage By Tables"}, user
	with as_user(network.admin):
		assert "Decisions Follow-up" in set(frappe.get_list("Report", pluck="name", limit=0))
