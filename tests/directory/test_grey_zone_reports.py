"""A grey zone shows, in its Connections, the resident reports that opened it."""

import frappe
from frappe.desk.notifications import get_open_count

from tests.factories import as_user, make_report, make_territory, make_theme


def test_a_grey_zone_lists_the_reports_that_opened_it(network):
	theme, territory = make_theme().name, make_territory().name
	# nobody leads this theme there: each report lands in the same grey zone
	first = make_report(theme, territory=territory)
	second = make_report(theme, territory=territory)
	assert first.grey_zone and first.grey_zone == second.grey_zone

	connections = frappe.get_meta("Grey Zone").get_dashboard_data()
	[group] = [g for g in connections.transactions if "Resident Report" in g["items"]]
	assert group["label"] == "Resident Reports"

	with as_user(network.centre):
		counts = get_open_count("Grey Zone", first.grey_zone)["count"]
	[reports] = [c for c in counts["external_links_found"] if c["doctype"] == "Resident Report"]
	assert reports["count"] == 2
	# the list the link opens: the zone's reports, as the resource centre may read them
	with as_user(network.centre):
		listed = frappe.get_list("Resident Report", filters={"grey_zone": first.grey_zone}, pluck="name")
	assert sorted(listed) == sorted([first.name, second.name])
