"""Routing reads who leads, an organisation's referent and the perimeters from Redis; each cache
follows the records it is read from, in the desk or rolled back."""

import frappe
import pytest

from gusp_network.directory import who_does_what
from gusp_network.directory.geography import find_territory
from gusp_network.directory.who_does_what import find_lead, first_staff_user, theme_service_level
from tests.factories import (
	make_geography,
	make_network_member,
	make_responsibility,
	make_theme,
	make_user,
	unique,
)


@pytest.fixture
def place():
	return make_theme().name, make_geography().qpv


def test_a_new_lead_routes_at_once_and_a_rolled_back_one_is_forgotten(place, network):
	theme, territory = place
	assert find_lead(theme, territory, "Public Land") is None
	make_responsibility(theme, territory, network.org_a)
	assert find_lead(theme, territory, "Public Land") == network.org_a
	frappe.db.rollback()
	assert find_lead(theme, territory, "Public Land") is None


def test_a_proposed_rule_leads_once_validated_and_no_longer_once_deleted(place, network):
	theme, territory = place
	rule = make_responsibility(theme, territory, network.org_a, status="Proposed")
	assert find_lead(theme, territory, "Unknown") is None, "a proposal routes nothing"
	rule.status = "Validated"
	rule.save()
	assert find_lead(theme, territory, "Unknown") == network.org_a
	rule.delete()
	assert find_lead(theme, territory, "Unknown") is None


def test_a_renamed_organisation_keeps_leading_under_its_new_name(place):
	theme, territory = place
	member = make_network_member().name
	make_responsibility(theme, territory, member)
	assert find_lead(theme, territory, "Public Land") == member
	renamed = frappe.rename_doc("Network Member", member, unique("Ville renommée"))
	assert find_lead(theme, territory, "Public Land") == renamed


def test_a_lead_on_a_theme_moved_under_another_parent_follows_it(network):
	territory = make_geography().qpv
	first, second = make_theme(is_group=1), make_theme(is_group=1)
	child = make_theme(parent_gusp_theme=first.name)
	make_responsibility(second.name, territory, network.org_b)
	assert find_lead(child.name, territory, "Public Land") is None
	child.parent_gusp_theme = second.name
	child.save()
	assert find_lead(child.name, territory, "Public Land") == network.org_b


def test_the_referent_follows_the_organisations_staff_and_a_disabled_account():
	member = make_network_member().name
	first = make_user("GUSP Member", member=member).name
	second = make_user("GUSP Member", member=member).name
	assert first_staff_user(member) == first
	organisation = frappe.get_doc("Network Member", member)
	organisation.users = [row for row in organisation.users if row.user != first]
	organisation.save()
	assert first_staff_user(member) == second
	user = frappe.get_doc("User", second)
	user.enabled = 0
	user.save()
	assert first_staff_user(member) is None, "a disabled account gets no report"


def test_a_new_service_level_counts_for_the_next_report():
	parent = make_theme(is_group=1, service_level_days=10)
	child = make_theme(parent_gusp_theme=parent.name)
	assert theme_service_level(child.name) == 10
	parent.reload()  # its place in the tree moved when the child was added
	parent.service_level_days = 3
	parent.save()
	assert theme_service_level(child.name) == 3
	child.service_level_days = 7
	child.save()
	assert theme_service_level(child.name) == 7


def test_a_rule_cached_by_another_request_before_the_change_was_committed_is_read_again(place, network):
	"""Another worker may read the old rules between the change and its commit, and cache them:
	the cache is cleared once more when the change is committed."""
	theme, territory = place
	rule = make_responsibility(theme, territory, network.org_a)
	assert find_lead(theme, territory, "Public Land") == network.org_a
	# what the other worker saw: the rule gone (written behind the app's back, no hook runs)
	frappe.db.delete("Responsibility", rule.name)
	assert find_lead(theme, territory, "Public Land") == network.org_a, "cached"
	frappe.db.after_commit.run()  # what the commit of the change runs
	assert find_lead(theme, territory, "Public Land") is None


def test_routing_a_report_again_reads_nothing_from_the_database(place, network, monkeypatch):
	"""Territory, lead, referent and service level come from the cache once read."""
	theme, territory = place
	make_responsibility(theme, territory, network.org_a)
	point = (-39.945, -59.975)  # in the QPV of make_geography()

	def route():
		found = find_territory(*point)
		return found, find_lead(theme, found, "Unknown"), first_staff_user(network.org_a)

	first = route()
	assert first == (territory, network.org_a, network.member_a)
	theme_service_level(theme)
	queries = []
	sql = frappe.db.sql
	monkeypatch.setattr(
		frappe.db, "sql", lambda *args, **kwargs: queries.append(args[0]) or sql(*args, **kwargs)
	)
	frappe.local.cache = {}  # this request's copy of Redis values: read Redis again
	assert route() == first
	theme_service_level(theme)
	assert queries == []


def test_clearing_the_trees_clears_every_routing_cache(place, network):
	"""`clear_tree_caches` is the one call after a bulk write (benchmarks/scale.py)."""
	theme, territory = place
	rule = make_responsibility(theme, territory, network.org_a)
	assert find_lead(theme, territory, "Public Land") == network.org_a
	frappe.db.delete("Responsibility", rule.name)
	who_does_what.clear_tree_caches()
	assert find_lead(theme, territory, "Public Land") is None
