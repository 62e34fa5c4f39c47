"""The demo data a new user sees after `./gusp up`."""

import frappe

from gusp_network import demo
from tests.factories import make_report

COUNTED = ("Network Member", "Action Sheet", "Responsibility", "Grey Zone", "Resident Report")


def test_the_demo_fills_every_part_of_the_network_and_loading_it_twice_changes_nothing():
	demo.load()
	counts = {doctype: frappe.db.count(doctype) for doctype in COUNTED}
	assert counts["Network Member"] >= 40
	assert counts["Action Sheet"] >= 40
	assert counts["Grey Zone"] >= 3, "the demo shows a few grey zones"
	member_types = set(frappe.get_all("Network Member", pluck="member_type", distinct=True))
	options = frappe.get_meta("Network Member").get_field("member_type").options.split("\n")
	assert member_types >= set(options)
	states = set(frappe.get_all("Action Sheet", pluck="workflow_state", distinct=True))
	assert {s.state for s in frappe.get_doc("Workflow", "Action Sheet Workflow").states} <= states
	per_workstream = frappe.get_all(
		"Action Sheet", fields=["workstream", "count(*) as n"], group_by="workstream"
	)
	assert len(per_workstream) == 10
	reports = frappe.get_all("Resident Report", fields=["responsible_member", "due_date", "territory"])
	assert len(reports) >= 25
	assert all(r.responsible_member and r.due_date and r.territory for r in reports), "every report is routed"
	for email, role in demo.DEMO_USERS.items():
		assert role in frappe.get_roles(email)

	demo.load()
	assert counts == {doctype: frappe.db.count(doctype) for doctype in COUNTED}


def test_on_the_demo_a_broken_street_light_goes_to_the_city_and_an_uncovered_theme_opens_a_grey_zone():
	demo.load()
	frappe.set_user("Guest")
	light = make_report("Éclairage public", territory="Les Tilleuls")
	assert frappe.db.get_value("Network Member", light.responsible_member, "member_type") == "Municipality"
	assert light.due_date and not light.grey_zone
	pests = make_report("Nuisibles (rats, punaises de lit)", territory="Les Tilleuls")
	assert pests.grey_zone, "a theme nobody covers opens a grey zone"
	assert pests.responsible_member == frappe.db.get_single_value("GUSP Settings", "resource_centre")
