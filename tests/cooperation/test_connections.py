"""From a Network Member, its agreements, its charters and its total contributions are one click
away: the form's connections count them, and the form shows the total."""

import frappe
import pytest
from frappe.desk.notifications import get_open_count

from gusp_network.cooperation.contributions import get_member_contributions
from tests.cooperation.factories import make_agreement, party
from tests.factories import as_user, make_network_member, make_user

AGREEMENT = "Cooperation Agreement"
CHARTER = "Cooperation Charter"


def make_charter(*members: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": CHARTER,
				"title": "Charte de coopération GUSP",
				"principles": "<p>Un signalement, une réponse.</p>",
				"signatories": [{"network_member": member} for member in members],
			}
		)
		.insert()
		.name
	)


def connection_counts(member: str) -> dict[str, int]:
	"""{DocType: count} as the member's form shows them under Connections."""
	counts = get_open_count("Network Member", member)["count"]
	found = counts["external_links_found"] + counts["internal_links_found"]
	return {link["doctype"]: link["count"] for link in found if link["count"]}


def test_a_members_form_lists_its_agreements_and_charters_under_cooperation():
	groups = frappe.get_meta("Network Member").get_dashboard_data().transactions
	assert {"Cooperation Agreement", "Cooperation Charter"} <= {
		item for group in groups if group["label"] == "Cooperation" for item in group["items"]
	}


def test_the_connections_count_the_agreements_and_charters_the_member_is_a_party_to(network):
	city = make_network_member().name
	other = make_network_member().name
	for _ in range(3):
		make_agreement(city, other)
	make_agreement(other, make_network_member().name)
	make_charter(city, other)
	make_charter(other)

	for user in (network.centre, network.member_a):
		with as_user(user):
			assert connection_counts(city) == {AGREEMENT: 3, CHARTER: 1}
			assert connection_counts(other) == {AGREEMENT: 4, CHARTER: 2}
	direct = frappe.get_all(
		"Cooperation Agreement Party",
		filters={"network_member": city, "parenttype": AGREEMENT},
		pluck="parent",
		distinct=True,
	)
	assert len(direct) == 3


def test_a_member_with_no_agreement_has_no_cooperation_count(network):
	newcomer = make_network_member().name
	with as_user(network.member_a):
		assert connection_counts(newcomer) == {}


def test_the_form_shows_the_members_total_contributions_over_its_agreements(network):
	city = make_network_member().name
	make_agreement(parties=[party(city, contribution_amount=10000, contribution_year=2025)])
	make_agreement(parties=[party(city, contribution_amount=2500, contribution_year=2026)])
	make_agreement(parties=[party(city, contribution_amount=1500, contribution_year=2026)])
	make_agreement()  # the member is no party to it

	with as_user(network.member_b):
		contributions = get_member_contributions(city)
	assert contributions == {
		"total": 14000,
		"agreements": 3,
		"by_year": [{"year": 2025, "amount": 10000}, {"year": 2026, "amount": 4000}],
	}


def test_the_total_contributions_are_not_given_to_someone_outside_the_network(network):
	city = make_network_member().name
	make_agreement(parties=[party(city, contribution_amount=10000)])
	outsider = make_user("GUSP Resident").name
	with as_user(outsider), pytest.raises(frappe.PermissionError):
		get_member_contributions(city)
