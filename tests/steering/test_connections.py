"""Connections: the chantier form lists its action sheets (and its meetings, study trips, field
diagnostics), the network member form its reports, sheets, rules and the rest; each count equals a
direct count, and a member's counts reveal nothing of what they may not read."""

import frappe
import pytest

from tests.factories import (
	as_user,
	make_action_sheet,
	make_network_member,
	make_report,
	make_responsibility,
	make_territory,
	make_theme,
)

OPEN_COUNT = "frappe.desk.notifications.get_open_count"
# Frappe's count stops there (frappe.desk.notifications.get_doc_count)
COUNT_LIMIT = 100


def connections(doctype: str) -> set[str]:
	"""The DocTypes the form's Connections tab lists."""
	dashboard = frappe.get_meta(doctype).get_dashboard_data()
	return {item for group in dashboard.transactions for item in group["items"]}


def open_counts(doctype: str, name: str) -> dict[str, int]:
	"""The counts the form's Connections tab shows, from the method the desk's call resolves to (the
	app's override when it has one, as frappe.handler.execute_cmd does)."""
	method = (frappe.get_hooks("override_whitelisted_methods").get(OPEN_COUNT) or [OPEN_COUNT])[-1]
	found = frappe.call(frappe.get_attr(method), doctype=doctype, name=name)["count"]
	return {row["doctype"]: row["count"] for row in found["external_links_found"]}


def direct_count(doctype: str, filters: dict) -> int:
	return min(len(frappe.get_all(doctype, filters=filters, distinct=True, pluck="name")), COUNT_LIMIT)


@pytest.fixture
def routed():
	"""A theme led in a QPV by a new organisation, which has two reports routed to it."""

	def route_to(member: str) -> list[str]:
		theme = make_theme().name
		qpv = make_territory().name
		make_responsibility(theme, qpv, member)
		reports = [make_report(theme, territory=qpv).name for _ in range(2)]
		assert {frappe.db.get_value("Resident Report", name, "responsible_member") for name in reports} == {
			member
		}
		return reports

	return route_to


def test_the_workstream_form_lists_its_action_sheets_meetings_trips_and_field_diagnostics(network):
	workstream = frappe.get_all("Workstream", order_by="number asc", pluck="name", limit=1)[0]
	make_action_sheet(network.org_a, workstream=workstream)
	make_action_sheet(network.org_b, workstream=workstream)

	assert connections("Workstream") >= {"Action Sheet", "Network Meeting", "Study Trip", "Field Diagnostic"}
	counts = open_counts("Workstream", workstream)
	for doctype in ("Action Sheet", "Network Meeting", "Study Trip", "Field Diagnostic"):
		assert counts[doctype] == direct_count(doctype, {"workstream": workstream}), doctype
	assert counts["Action Sheet"] >= 2


def test_the_member_form_lists_its_reports_sheets_rules_and_grey_zones(routed):
	member = make_network_member().name
	reports = routed(member)
	make_action_sheet(member)
	zone = frappe.get_doc(
		{
			"doctype": "Grey Zone",
			"theme": frappe.db.get_value("Resident Report", reports[0], "theme"),
			"territory": frappe.db.get_value("Resident Report", reports[0], "territory"),
			"land_status": "Any",
			"origin": "Manual",
			"description": "Qui ramasse ?",
			"members_involved": [{"network_member": member}],
		}
	).insert()

	assert connections("Network Member") >= {
		"Resident Report",
		"Action Sheet",
		"Responsibility",
		"Grey Zone",
		"Cooperation Agreement",
		"Network Meeting",
		"Study Trip",
		"Evaluation",
		"Practice Sheet",
	}
	counts = open_counts("Network Member", member)
	assert counts["Resident Report"] == 2
	assert counts["Action Sheet"] == 1
	assert counts["Responsibility"] == 1
	# a connection through a child table (the grey zone's members involved)
	assert counts["Grey Zone"] == 1 == direct_count("Grey Zone", {"name": zone.name})
	assert counts["Evaluation"] == 0
	assert counts["Network Meeting"] == 0


def test_a_members_counts_do_not_reveal_another_organisations_reports(network, routed):
	routed(network.org_b)

	with as_user(network.member_b):
		assert open_counts("Network Member", network.org_b)["Resident Report"] >= 2
	with as_user(network.member_a):
		# organisation A reads none of the reports routed to B: its count on B's form says none
		assert open_counts("Network Member", network.org_b)["Resident Report"] == 0
	with as_user(network.centre):
		assert open_counts("Network Member", network.org_b)["Resident Report"] >= 2
