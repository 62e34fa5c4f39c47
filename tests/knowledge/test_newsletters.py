"""The network's newsletter: members propose items for their own organisation, the resource centre
builds an edition in one action from the selected ones (a Frappe Newsletter to the network's Email
Group), and Frappe's sending marks them published."""

import frappe
import pytest
from frappe.utils import get_url

from gusp_network.exceptions import (
	LinkedRecordMissingError,
	NoSelectedContributionError,
	NotOwnContributionError,
)
from gusp_network.knowledge.newsletters import NETWORK_EMAIL_GROUP, build_newsletter
from tests.factories import as_user, french, make_action_sheet, queued_emails
from tests.knowledge.factories import make_contribution
from tests.network_life.factories import make_meeting

CONTRIBUTION = "Newsletter Contribution"


def propose(**values):
	return frappe.get_doc(
		{"doctype": CONTRIBUTION, "title": "Nos jardins partagés", "text": "<p>Récit</p>", **values}
	)


def group_emails() -> list[str]:
	return frappe.get_all("Email Group Member", filters={"email_group": NETWORK_EMAIL_GROUP}, pluck="email")


def user_email(user: str) -> str:
	return frappe.db.get_value("User", user, "email")


@pytest.fixture
def nothing_selected():
	"""Contributions of the site (demo) left selected would join every edition built here."""
	for name in frappe.get_all(CONTRIBUTION, filters={"workflow_state": "Selected"}, pluck="name"):
		frappe.db.set_value(CONTRIBUTION, name, "workflow_state", "Proposed", update_modified=False)


def test_a_member_proposes_contributions_for_its_own_organisation_only(network):
	with as_user(network.member_a):
		with pytest.raises(NotOwnContributionError):
			propose(contributor=network.org_b).insert()
		mine = propose().insert()
	assert mine.contributor == network.org_a, "a member's contribution is its organisation's by default"
	assert mine.workflow_state == "Proposed"
	with as_user(network.member_b):
		assert not frappe.has_permission(CONTRIBUTION, "read", mine.name)
		assert mine.name not in frappe.get_list(CONTRIBUTION, pluck="name")


def test_a_contribution_links_to_a_record_that_exists(network):
	with as_user(network.member_a):
		with pytest.raises(frappe.LinkValidationError):
			propose(reference_doctype="Action Sheet", reference_name="FA-0000-inexistante").insert()
		with pytest.raises(LinkedRecordMissingError):
			propose(reference_doctype="Network Meeting").insert()


def test_a_member_edits_its_contribution_until_the_resource_centre_selects_it(network):
	contribution = make_contribution(network.org_a, state="Proposed")
	with as_user(network.member_a):
		doc = frappe.get_doc(CONTRIBUTION, contribution.name)
		doc.title = "Titre revu"
		doc.save()
	contribution.db_set("workflow_state", "Selected")
	with as_user(network.member_a):
		doc = frappe.get_doc(CONTRIBUTION, contribution.name)
		doc.title = "Titre changé après sélection"
		with pytest.raises(frappe.PermissionError):  # the workflow's "editable by", held on the server
			doc.save()
	with as_user(network.centre):
		doc = frappe.get_doc(CONTRIBUTION, contribution.name)
		doc.title = "Titre retouché par le centre de ressources"
		doc.save()


def test_an_edition_is_built_from_the_selected_contributions_in_order(network, nothing_selected):
	meeting = make_meeting(network.org_a, is_public=1)
	private_sheet = make_action_sheet(network.org_b)
	first = make_contribution(
		network.org_a,
		state="Selected",
		reference_doctype="Network Meeting",
		reference_name=meeting.name,
		text="<p>Venez nombreux {{ 'abc' | upper }}</p><script>alert(1)</script>",
	)
	second = make_contribution(network.org_b, state="Selected", external_link="https://exemple.fr/jardins")
	third = make_contribution(
		network.org_a, state="Selected", reference_doctype="Action Sheet", reference_name=private_sheet.name
	)
	declined = make_contribution(network.org_b, state="Declined")
	proposed = make_contribution(network.org_a, state="Proposed")
	before = frappe.db.count("Newsletter")

	with as_user(network.centre):
		name = build_newsletter()

	assert frappe.db.count("Newsletter") == before + 1
	newsletter = frappe.get_doc("Newsletter", name)
	assert not newsletter.email_sent, "the resource centre reviews the edition, then sends it"
	assert [row.email_group for row in newsletter.email_group] == [NETWORK_EMAIL_GROUP]
	message = newsletter.get_message()
	positions = [message.find(doc.title) for doc in (first, second, third)]
	assert -1 not in positions and positions == sorted(positions), "the three items, in order"
	assert declined.title not in message and proposed.title not in message
	assert frappe.db.get_value("Network Member", network.org_b, "member_name") in message
	assert get_url(f"/agenda/{meeting.name}") in message, "a public meeting links to its agenda page"
	assert "https://exemple.fr/jardins" in message
	assert f"/actions/{private_sheet.name}" not in message, "a private action sheet has no public page"
	assert "{{ 'abc' | upper }}" in message and "ABC" not in message, "a member's text is not a template"
	assert "<script" not in message
	for doc in (first, second, third):
		assert frappe.db.get_value(CONTRIBUTION, doc.name, "newsletter") == name
	assert frappe.db.get_value(CONTRIBUTION, declined.name, "newsletter") is None

	emails = group_emails()
	assert frappe.db.get_value("Network Member", network.org_a, "email").lower() in emails
	assert user_email(network.member_a).lower() in emails and user_email(network.member_b).lower() in emails
	assert len(emails) == len(set(emails))
	with as_user(network.centre):
		build_newsletter([first.name])
	assert sorted(group_emails()) == sorted(emails), "building again adds no one twice"


def test_sending_the_edition_with_frappe_marks_its_contributions_published(network, nothing_selected):
	items = [make_contribution(network.org_a, state="Selected") for _ in range(3)]
	declined = make_contribution(network.org_b, state="Declined")
	with as_user(network.centre):
		name = build_newsletter()
		frappe.get_doc("Newsletter", name).send_emails()  # the form's "Send Now" button

	emails = queued_emails("Newsletter", name)
	to_member = [email for email in emails if email.recipient == user_email(network.member_a)]
	assert to_member, "the member's staff receive the edition"
	assert all(doc.title in to_member[0].body for doc in items)
	for doc in items:
		assert frappe.db.get_value(CONTRIBUTION, doc.name, "workflow_state") == "Published"
	assert frappe.db.get_value(CONTRIBUTION, declined.name, "workflow_state") == "Declined"


def test_a_member_cannot_build_an_edition(network, nothing_selected):
	mine = make_contribution(network.org_a, state="Selected")
	before = frappe.db.count("Newsletter")
	with as_user(network.member_a):
		with pytest.raises(frappe.PermissionError):
			build_newsletter()
		with pytest.raises(frappe.PermissionError):
			build_newsletter([mine.name])
	assert frappe.db.count("Newsletter") == before
	assert frappe.db.get_value(CONTRIBUTION, mine.name, "newsletter") is None


def test_an_edition_without_selected_contribution_is_refused_in_french(network, nothing_selected):
	make_contribution(network.org_a, state="Proposed")
	before = frappe.db.count("Newsletter")
	frappe.local.lang = "fr"
	with as_user(network.centre):
		with pytest.raises(NoSelectedContributionError) as refused:
			build_newsletter()
	expected = french("No contribution is selected: select the contributions to publish first.")
	assert str(refused.value) == expected
	assert expected.startswith("Aucune contribution")
	assert frappe.db.count("Newsletter") == before
