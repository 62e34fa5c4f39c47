"""The home workspace by role: each GUSP role lands on what it does first, the Steering
workspace's number cards and charts count what the user may read and agree with the Resident
Report Service Levels report, the desk's dashboard opens on them, and an admin's edit of a card
survives `bench migrate`."""

import json
from datetime import datetime, time

import frappe
import pytest
from frappe.desk.desktop import get_desktop_page, get_workspace_sidebar_items
from frappe.desk.doctype.dashboard.dashboard import get_permitted_cards, get_permitted_charts
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.utils import add_days, get_quarter_start, getdate, today

from gusp_network.setup.steering import DASHBOARD, DASHBOARD_CHARTS, NUMBER_CARDS, ensure_steering_records
from gusp_network.steering.cards import (
	action_sheets_late_on_a_step,
	reports_past_due,
	share_closed_on_time,
)
from gusp_network.steering.charts import action_sheets_by_state, median_resolution_days
from tests.factories import as_user, make_action_sheet, make_report, make_territory, make_theme, run_migrate

RESIDENT_REPORT = "Resident Report"


def day(offset: int):
	return getdate(add_days(today(), offset))


def routed(member: str, theme: str, territory: str | None = None, **values) -> str:
	"""A report routed to `member`, received today unless `creation` says otherwise."""
	name = make_report(theme, territory=territory).name
	frappe.db.set_value(
		RESIDENT_REPORT, name, {"responsible_member": member, **values}, update_modified=False
	)
	return name


def closed(received_days_ago: int, closed_days_ago: int, due_days_ago: int) -> dict:
	return {
		"creation": datetime.combine(day(-received_days_ago), time(9, 0)),
		"public_status": "Closed",
		"workflow_state": "Resolved",
		"closing_reason": "Fixed",
		"closed_on": day(-closed_days_ago),
		"due_date": day(-due_days_ago),
	}


def card_count(card: str) -> float:
	"""A Document Type card's number, as the desk asks for it."""
	doc = frappe.get_doc("Number Card", card)
	return get_result(doc.as_dict(), doc.filters_json)


def landing_page(user: str) -> str:
	"""The workspace `/app` opens for a user who never chose one: the first the sidebar lists."""
	with as_user(user):
		frappe.cache.delete_value("user_allowed_modules")
		return get_workspace_sidebar_items()["pages"][0]["name"]


# ---------------------------------------------------------------- landing page by role


def test_each_gusp_role_lands_on_what_it_does_first(network):
	assert landing_page(network.member_a) == "My Organisation"
	assert landing_page(network.centre) == "Resource Centre"
	assert landing_page(network.manager) == "Steering"


def test_a_member_does_not_see_the_networks_figures_workspace(network):
	with as_user(network.member_a):
		pages = [page["name"] for page in get_workspace_sidebar_items()["pages"]]
	assert "My Organisation" in pages
	assert "Steering" not in pages
	assert "Resource Centre" not in pages


def test_the_steering_workspace_shows_its_cards_charts_and_the_three_axes(network):
	with as_user(network.manager):
		page = get_desktop_page(json.dumps({"name": "Steering", "title": "Steering", "public": 1}))
	cards = {card.number_card_name for card in page["number_cards"]["items"]}
	charts = {chart.chart_name for chart in page["charts"]["items"]}
	axes = [card.label for card in page["cards"]["items"]]
	assert {"Open Reports", "Reports Past Due", "Reports Closed on Time This Quarter"} <= cards
	assert {"Open Grey Zones", "Action Sheets in Progress", "Action Sheets Late on a Step"} <= cards
	assert "New Needs This Month" in cards
	assert set(DASHBOARD_CHARTS) == charts
	assert axes == ["Readability & Understanding", "Animation & Cooperation", "Legitimacy & Engagement"]


# ---------------------------------------------------------------- number cards


def test_open_reports_card_counts_only_the_members_organisations_reports(network):
	theme = make_theme().name
	mine = [routed(network.org_a, theme) for _ in range(2)]
	routed(network.org_b, theme)
	routed(network.org_a, theme, **closed(3, 1, 0))

	with as_user(network.member_a):
		count = card_count("Open Reports")
	expected = frappe.db.count(
		RESIDENT_REPORT, {"responsible_member": network.org_a, "public_status": "Open"}
	)
	assert count == expected >= len(mine)
	with as_user(network.manager):
		assert card_count("Open Reports") == frappe.db.count(RESIDENT_REPORT, {"public_status": "Open"})


def test_reports_past_due_card_counts_open_reports_whose_due_date_passed(network):
	theme = make_theme().name
	routed(network.org_a, theme, due_date=day(-1))
	routed(network.org_a, theme, due_date=today())  # due today: not yet late
	routed(network.org_a, theme, **closed(5, 1, 2))  # closed late, but closed
	routed(network.org_b, theme, due_date=day(-3))

	with as_user(network.member_a):
		card = reports_past_due()
	expected = frappe.db.count(
		RESIDENT_REPORT,
		{"responsible_member": network.org_a, "public_status": "Open", "due_date": ("<", today())},
	)
	assert card["value"] == expected == 1
	assert card["route_options"]["due_date"] == ["<", today()]


def test_share_closed_on_time_counts_a_report_closed_the_day_it_is_due_as_on_time(network):
	theme = make_theme().name
	days_in_quarter = (getdate(today()) - getdate(get_quarter_start(today()))).days
	received = min(days_in_quarter, 2)
	routed(network.org_a, theme, **closed(received, 0, 0))  # closed the day it was due
	routed(network.org_a, theme, **closed(received, 0, 1))  # a day late
	routed(network.org_a, theme, **closed(received, 0, -3))  # early
	routed(network.org_a, theme, due_date=day(-1))  # still open: not in the share

	with as_user(network.member_a):
		card = share_closed_on_time()
	assert card["fieldtype"] == "Percent"
	assert card["value"] == pytest.approx(66.7, abs=0.05)


def test_action_sheets_late_on_a_step_counts_a_members_own_sheets(network):
	def sheet(member: str, step_due: int, done: int = 0) -> str:
		doc = make_action_sheet(member, state="In Progress", start_date=day(-30))
		doc.append("steps", {"step": "Réunir les partenaires", "due_date": day(step_due), "done": done})
		doc.save(ignore_permissions=True)
		return doc.name

	late_a = sheet(network.org_a, -2)
	sheet(network.org_a, -2, done=1)  # done: not late
	sheet(network.org_a, 5)  # not yet due
	late_b = sheet(network.org_b, -1)
	card_filters = frappe.db.get_value("Number Card", "Action Sheets Late on a Step", "filters_json")

	with as_user(network.member_a):
		assert action_sheets_late_on_a_step(card_filters)["value"] == 1
	with as_user(network.manager):
		from gusp_network.steering.cards import late_action_sheets

		late = late_action_sheets(json.loads(card_filters))
	assert {late_a, late_b} <= set(late)


# ---------------------------------------------------------------- charts


def test_median_resolution_days_by_territory_is_the_middle_value(network):
	theme = make_theme().name
	territory = make_territory().name
	for days in (2, 4, 9):
		routed(network.org_a, theme, territory, **closed(days, 0, -1))

	with as_user(network.member_a):
		chart = median_resolution_days(filters={"group_by": "Territory"})
		by_organisation = median_resolution_days(filters=json.dumps({"group_by": "Organisation"}))
	medians = dict(zip(chart["labels"], chart["datasets"][0]["values"], strict=True))
	assert medians == {territory: 4}
	assert by_organisation["labels"] == [network.org_a]


def test_action_sheets_by_state_names_the_states_in_french_and_counts_them(network):
	for _ in range(2):
		make_action_sheet(network.org_a)
	frappe.local.lang = "fr"
	chart = action_sheets_by_state()
	shown = dict(zip(chart["labels"], chart["datasets"][0]["values"], strict=True))
	direct = dict(
		frappe.get_all(
			"Action Sheet", fields=["workflow_state", "count(name)"], group_by="workflow_state", as_list=True
		)
	)
	assert sum(shown.values()) == sum(direct.values())
	assert shown[frappe._("Draft")] == direct["Draft"] and "Brouillon" in shown, "in French"
	assert not {"Draft", "In Progress", "Completed"} & set(shown), "no stored English value"


# ---------------------------------------------------------------- the desk's dashboard


def test_the_desks_dashboard_opens_on_steering_for_a_manager(network):
	with as_user(network.manager):
		default = frappe.get_list("Dashboard", filters={"is_default": 1}, pluck="name")
		charts = {row.chart for row in get_permitted_charts(DASHBOARD)}
		cards = {row.card for row in get_permitted_cards(DASHBOARD)}
	assert default == [DASHBOARD]
	assert charts == set(DASHBOARD_CHARTS)
	assert cards == set(NUMBER_CARDS)


def test_a_member_is_not_given_the_networks_charts(network):
	with as_user(network.member_a):
		assert get_permitted_charts(DASHBOARD) == []


# ---------------------------------------------------------------- admins own the cards


def test_an_admins_edit_of_a_card_survives_migrate_and_install_steps(network):
	original = frappe.db.get_value("Number Card", "Open Reports", ["color", "filters_json"], as_dict=True)
	edited = json.dumps(
		[[RESIDENT_REPORT, "public_status", "=", "Open"], [RESIDENT_REPORT, "channel", "=", "Phone"]]
	)
	card = frappe.get_doc("Number Card", "Open Reports")
	card.color = "#123456"
	card.filters_json = edited
	card.save(ignore_permissions=True)
	frappe.db.commit()
	try:
		ensure_steering_records()
		run_migrate()
		frappe.clear_document_cache("Number Card", "Open Reports")
		kept = frappe.db.get_value("Number Card", "Open Reports", ["color", "filters_json"], as_dict=True)
		assert kept.color == "#123456"
		assert kept.filters_json == edited
	finally:
		frappe.db.set_value("Number Card", "Open Reports", original, update_modified=False)
		frappe.db.commit()


def test_a_members_workspace_lists_its_own_action_sheets_in_progress(network):
	"""The desk's boot names the member's organisation; the workspace's list filters on it."""
	from frappe.boot import get_bootinfo

	with as_user(network.member_a):
		boot = get_bootinfo()
	assert boot.gusp_member == network.org_a
	with as_user(network.manager):
		assert get_bootinfo().gusp_member is None
	workspace = frappe.get_doc("Workspace", "My Organisation")
	sheets = next(row for row in workspace.quick_lists if row.document_type == "Action Sheet")
	assert "frappe.boot.gusp_member" in sheets.quick_list_filter and "lead_member" in sheets.quick_list_filter
	own = make_action_sheet(network.org_a, state="In Progress").name
	other = make_action_sheet(network.org_b, state="In Progress").name
	with as_user(network.member_a):
		shown = frappe.get_list(
			"Action Sheet",
			filters={"workflow_state": "In Progress", "lead_member": boot.gusp_member},
			pluck="name",
		)
	assert own in shown and other not in shown
