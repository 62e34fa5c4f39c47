"""Resident Report Service Levels: per organisation, territory or theme, the reports received,
resolved, open and past due, the days to resolve (median, 90th percentile), the share closed on
time, the "moi aussi" voices and the reopen rate; every figure equals a direct count on the same
reports, the filters narrow, a member sees only their organisation's figures, residents cannot
run it."""

import json
from datetime import datetime, time
from types import SimpleNamespace

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today

from tests.factories import as_user, make_geography, make_report, make_territory, make_theme, make_user

REPORT = "Resident Report Service Levels"
RESIDENT_REPORT = "Resident Report"


def report(**filters) -> dict:
	"""The report as the desk asks for it, for the session user."""
	return run(REPORT, filters=filters, ignore_prepared_report=True)


def rows_by_group(result: dict) -> dict:
	return {row["group_value"]: row for row in result["result"]}


def summary_of(result: dict) -> dict:
	return {card["label"]: card["value"] for card in result["report_summary"]}


def day(offset: int):
	return getdate(add_days(today(), offset))


def move(name: str, *actions: str) -> None:
	"""Workflow actions as the desk applies them, each logged in the report's change log as on a real
	site (Frappe skips the log under tests unless asked)."""
	in_test, frappe.flags.in_test = frappe.flags.in_test, False
	try:
		for action in actions:
			apply_workflow(frappe.get_doc(RESIDENT_REPORT, name).as_dict(), action)
	finally:
		frappe.flags.in_test = in_test


def received(theme: str, territory: str, member: str, days_ago: int, due_in: int, **values) -> str:
	"""A report received `days_ago` days ago, routed to `member`, due `due_in` days from today."""
	name = make_report(theme, territory=territory).name
	frappe.db.set_value(
		RESIDENT_REPORT,
		name,
		{
			"responsible_member": member,
			"due_date": day(due_in),
			"creation": datetime.combine(day(-days_ago), time(9, 30)),
			**values,
		},
		update_modified=False,
	)
	return name


def resolve(name: str, closed_days_ago: int) -> None:
	"""Forwarded, started and resolved as the desk does, closed `closed_days_ago` days ago."""
	frappe.db.set_value(RESIDENT_REPORT, name, "closing_reason", "Fixed", update_modified=False)
	state = frappe.db.get_value(RESIDENT_REPORT, name, "workflow_state")
	move(name, *{"New": ("Forward", "Start"), "In Progress": ()}[state], "Resolve")
	frappe.db.set_value(RESIDENT_REPORT, name, "closed_on", day(-closed_days_ago), update_modified=False)


@pytest.fixture
def world(network):
	"""Reports about a fresh theme (and its sub-theme) in a commune ⊃ QPV ⊃ sector and elsewhere:

	organisation A (commune, QPV, sector):
	- `on_time`: received 10 days ago, due and closed 4 days ago (6 days, on time);
	- `late`: received 20 days ago, due 10 days ago, closed 5 days ago (15 days, late);
	- `past_due`: received 15 days ago, due yesterday, still open; 3 "moi aussi";
	- `reopened_resolved`: received 30 days ago, due 20 days ago, resolved, reopened, resolved
	  again 2 days ago (28 days, late, reopened);
	- `duplicate`: closed as a duplicate of `past_due` (not counted);
	organisation B (elsewhere; `quick` is about the sub-theme):
	- `reopened_open`: received 8 days ago, due in 5 days, resolved then reopened: open;
	- `quick`: received 12 days ago, due 2 days ago, closed 9 days ago (3 days, on time);
	- `due_today`: received today, due today, open (not past due); 4 "moi aussi".
	"""
	theme = make_theme(is_group=1).name
	sub_theme = make_theme(parent_gusp_theme=theme).name
	place = make_geography()
	elsewhere = make_territory().name
	a, b = network.org_a, network.org_b
	r = SimpleNamespace(theme=theme, sub_theme=sub_theme, place=place, elsewhere=elsewhere, a=a, b=b)
	r.on_time = received(theme, place.sector, a, 10, -4)
	resolve(r.on_time, 4)
	r.late = received(theme, place.qpv, a, 20, -10)
	resolve(r.late, 5)
	r.past_due = received(theme, place.commune, a, 15, -1, me_too_count=3)
	r.reopened_resolved = received(theme, place.sector, a, 30, -20)
	resolve(r.reopened_resolved, 25)
	move(r.reopened_resolved, "Reopen")
	resolve(r.reopened_resolved, 2)
	r.duplicate = received(
		theme, place.sector, a, 14, -3, closing_reason="Duplicate", duplicate_of=r.past_due
	)
	move(r.duplicate, "Mark as Duplicate")
	r.reopened_open = received(theme, elsewhere, b, 8, 5)
	resolve(r.reopened_open, 1)
	move(r.reopened_open, "Reopen")
	r.quick = received(sub_theme, elsewhere, b, 12, -2)
	resolve(r.quick, 9)
	r.due_today = received(theme, elsewhere, b, 0, 0, me_too_count=4)
	return r


# ---------------------------------------------------------------- independent counts


def ours(world) -> list[str]:
	"""The world's reports, except the one closed as a duplicate."""
	return [
		row.name
		for row in frappe.get_all(
			RESIDENT_REPORT,
			filters={"theme": ("in", [world.theme, world.sub_theme])},
			fields=["name", "public_status", "closing_reason"],
		)
		if not (row.public_status == "Closed" and row.closing_reason == "Duplicate")
	]


def reopened_in_change_log(names: list[str]) -> set[str]:
	"""The reports whose change log shows their closing date cleared (reopened)."""
	found = set()
	for version in frappe.get_all(
		"Version",
		filters={"ref_doctype": RESIDENT_REPORT, "docname": ("in", names)},
		fields=["docname", "data"],
	):
		changed = json.loads(version.data).get("changed") or []
		if any(field == "closed_on" and old and new is None for field, old, new in changed):
			found.add(version.docname)
	return found


def direct_figures(names: list[str]) -> dict:
	"""The counts straight from the reports, computed here without the report's SQL."""
	reports = frappe.get_all(
		RESIDENT_REPORT,
		filters={"name": ("in", names or [""])},
		fields=["name", "public_status", "due_date", "closed_on", "me_too_count"],
	)
	resolved = [row for row in reports if row.public_status == "Closed"]
	dated = [row for row in resolved if row.due_date]
	reopened = reopened_in_change_log(names)
	closed_once = {row.name for row in resolved} | reopened
	return {
		"received": len(reports),
		"resolved": len(resolved),
		"open_reports": sum(1 for row in reports if row.public_status == "Open"),
		"past_due": sum(
			1
			for row in reports
			if row.public_status == "Open" and row.due_date and row.due_date < getdate(today())
		),
		"closed_on_time": sum(1 for row in dated if row.closed_on <= row.due_date),
		"me_too_voices": sum(row.me_too_count or 0 for row in reports),
		"reopened": len(reopened),
		"closed_once": len(closed_once),
	}


def routed_to(world, member: str) -> list[str]:
	return [
		name
		for name in ours(world)
		if frappe.db.get_value(RESIDENT_REPORT, name, "responsible_member") == member
	]


# ---------------------------------------------------------------- figures


def test_every_count_equals_a_direct_count_of_each_organisations_reports(world):
	rows = rows_by_group(report(theme=world.theme))
	assert set(rows) == {world.a, world.b}
	for member in (world.a, world.b):
		direct = direct_figures(routed_to(world, member))
		row = rows[member]
		for field in ("received", "resolved", "open_reports", "past_due", "closed_on_time"):
			assert row[field] == direct[field], (member, field)
		assert row["me_too_voices"] == direct["me_too_voices"]
		assert row["reopened"] == direct["reopened"]
		assert row["reopen_rate"] == pytest.approx(100 * direct["reopened"] / direct["closed_once"], abs=0.05)


def test_the_edge_cases_count_as_a_manager_expects(world):
	"""A report closed the day it is due is on time; one reopened counts in the reopen rate and as
	resolved only once resolved again; an open one due yesterday is past due, one due today is not;
	a duplicate is not counted."""
	rows = rows_by_group(report(theme=world.theme))
	a, b = rows[world.a], rows[world.b]
	assert (a["received"], a["resolved"], a["open_reports"], a["past_due"]) == (4, 3, 1, 1)
	assert a["closed_on_time"] == 1  # closed the day it was due; the late one and the reopened one are not
	assert a["on_time_share"] == pytest.approx(33.3)
	assert (a["reopened"], a["reopen_rate"]) == (1, pytest.approx(33.3))
	assert (b["received"], b["resolved"], b["open_reports"], b["past_due"]) == (3, 1, 2, 0)
	assert (b["closed_on_time"], b["on_time_share"]) == (1, 100)
	assert (b["reopened"], b["reopen_rate"]) == (1, 50)  # reopened and still open: not resolved
	assert (a["me_too_voices"], b["me_too_voices"]) == (3, 4)
	assert world.duplicate not in ours(world)


def test_median_and_90th_percentile_days_match_a_hand_computation(world):
	rows = rows_by_group(report(theme=world.theme))
	# organisation A resolved in 6, 15 and 28 days: median 15; 90th percentile 15 + 0.8 x (28 - 15)
	assert rows[world.a]["median_days"] == 15
	assert rows[world.a]["p90_days"] == pytest.approx(25.4)
	assert rows[world.b]["median_days"] == rows[world.b]["p90_days"] == 3
	# the whole selection: 3, 6, 15, 28 → median 10.5
	assert summary_of(report(theme=world.theme))["Median Days to Resolve"] == pytest.approx(10.5)


def test_the_cards_add_up_the_rows(world):
	result = report(theme=world.theme)
	cards = summary_of(result)
	direct = direct_figures(ours(world))
	assert cards["Received"] == direct["received"] == 7
	assert cards["Open"] == direct["open_reports"]
	assert cards["Past Due"] == direct["past_due"] == 1
	assert cards["Share Closed on Time"] == pytest.approx(50)  # 2 of 4
	assert cards["Reopen Rate"] == pytest.approx(40)  # 2 of 5 closed at least once


def test_the_chart_shows_the_tables_share_closed_on_time(world):
	result = report(theme=world.theme)
	chart = result["chart"]
	table = {row["group_value"]: row["on_time_share"] for row in result["result"]}
	assert dict(zip(chart["data"]["labels"], chart["data"]["datasets"][0]["values"], strict=True)) == table


# ---------------------------------------------------------------- filters


def test_a_territory_includes_its_sub_territories(world):
	def received_in(territory):
		return {
			key: row["received"]
			for key, row in rows_by_group(report(theme=world.theme, territory=territory)).items()
		}

	assert received_in(world.place.commune) == {world.a: 4}
	assert received_in(world.place.qpv) == {world.a: 3}
	assert received_in(world.place.sector) == {world.a: 2}
	assert received_in(world.elsewhere) == {world.b: 3}


def test_a_theme_includes_its_sub_themes(world):
	assert summary_of(report(theme=world.theme))["Received"] == 7
	rows = rows_by_group(report(theme=world.sub_theme))
	assert {key: row["received"] for key, row in rows.items()} == {world.b: 1}
	assert rows[world.b]["median_days"] == 3


def test_the_period_the_organisation_and_the_grouping_narrow(world):
	period = rows_by_group(report(theme=world.theme, from_date=str(day(-12)), to_date=str(day(-8))))
	assert {key: row["received"] for key, row in period.items()} == {world.a: 1, world.b: 2}
	only_b = rows_by_group(report(theme=world.theme, member=world.b))
	assert set(only_b) == {world.b}
	by_territory = rows_by_group(report(theme=world.theme, group_by="territory"))
	assert {key: row["received"] for key, row in by_territory.items()} == {
		world.place.sector: 2,
		world.place.qpv: 1,
		world.place.commune: 1,
		world.elsewhere: 3,
	}
	by_theme = rows_by_group(report(theme=world.theme, group_by="theme"))
	assert {key: row["received"] for key, row in by_theme.items()} == {world.theme: 6, world.sub_theme: 1}
	assert report(group_by="theme")["columns"][0]["options"] == "GUSP Theme"


# ---------------------------------------------------------------- who sees what


def test_a_member_sees_only_their_organisations_figures(world, network):
	with as_user(network.member_a):
		result = report(theme=world.theme)
		assert set(rows_by_group(result)) == {world.a}
		assert summary_of(result)["Received"] == 4
		assert report(theme=world.theme, member=world.b)["result"] == []
	with as_user(network.manager):
		assert set(rows_by_group(report(theme=world.theme))) == {world.a, world.b}


def test_a_resident_cannot_run_the_report(world):
	resident = make_user("GUSP Resident", user_type="Website User").name
	with as_user(resident), pytest.raises(frappe.PermissionError):
		report()
