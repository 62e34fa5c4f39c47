"""The demo data a new user sees after `./gusp up`."""

import frappe

from gusp_network import demo


def test_the_demo_fills_every_part_of_the_network_and_loading_it_twice_changes_nothing():
	demo.load()
	counts = {
		dt: frappe.db.count(dt) for dt in ("Network Member", "Action Sheet", "Responsibility", "Grey Zone")
	}
	assert counts["Network Member"] >= 40
	assert counts["Action Sheet"] >= 40
	member_types = set(frappe.get_all("Network Member", pluck="member_type", distinct=True))
	options = frappe.get_meta("Network Member").get_field("member_type").options.split("\n")
	assert member_types >= set(options)
	states = set(frappe.get_all("Action Sheet", pluck="workflow_state", distinct=True))
	assert {s.state for s in frappe.get_doc("Workflow", "Action Sheet Workflow").states} <= states
	per_workstream = frappe.get_all(
		"Action Sheet", fields=["workstream", "count(*) as n"], group_by="workstream"
	)
	assert len(per_workstream) == 10
	assert counts["Grey Zone"] >= 3, "the demo shows a few grey zones"
	reports = frappe.get_all("Resident Report", fields=["responsible_member", "due_date", "territory"])
	assert len(reports) >= 25
	assert all(r.responsible_member and r.due_date and r.territory for r in reports), "every report is routed"
	for email, role in demo.DEMO_USERS.items():
		assert role in frappe.get_roles(email)

	demo.load()
	assert counts == {dt: frappe.db.count(dt) for dt in counts}
