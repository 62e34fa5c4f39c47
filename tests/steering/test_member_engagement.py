"""Member Engagement: per organisation, the action sheets it leads and partners, the resident reports
routed to it and resolved on time, the needs its sheets answer, its agreements, newsletter
contributions, meetings attended and evaluations; every figure equals a direct count, the filters
narrow, a member sees its own organisation's row only."""

from collections import Counter
from datetime import datetime, time

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, getdate, today

from tests.cooperation.factories import make_agreement
from tests.factories import (
	as_user,
	make_action_sheet,
	make_geography,
	make_network_member,
	make_report,
	make_theme,
	make_user,
	unique,
)
from tests.knowledge.factories import make_contribution, make_evaluation
from tests.network_life.factories import make_meeting

REPORT = "Member Engagement"
RESIDENT_REPORT = "Resident Report"


def report(**filters) -> dict:
	"""The report as the desk asks for it, for the session user."""
	return run(REPORT, filters=filters, ignore_prepared_report=True)


def members_of(result: dict) -> list[dict]:
	"""The organisations' rows (the desk adds a total row, as a list, at the end)."""
	return [row for row in result["result"] if isinstance(row, dict)]


def rows_of(result: dict) -> dict:
	return {row["member"]: row for row in members_of(result)}


def day(offset: int):
	return getdate(add_days(today(), offset))


def routed(theme: str, member: str, due_in: int, days_ago: int = 5, **values) -> str:
	"""A report received `days_ago` days ago, routed to `member`, due `due_in` days from today."""
	name = make_report(theme).name
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


def closed(closed_in: int, reason: str = "Fixed") -> dict:
	return {"public_status": "Closed", "closing_reason": reason, "closed_on": day(closed_in)}


def need(sheet: str | None) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Resident Need",
				"need_type": "Need",
				"status": "New",
				"description": unique("Un banc près de l'arrêt de bus"),
				"action_sheet": sheet,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


@pytest.fixture
def world(network):
	"""Two fresh organisations, `one` (a municipality working in a QPV on a theme, with a member
	user) and `two` (an association):

	- sheets: `one` leads a running sheet and an old one (400 to 300 days ago); `two` leads a sheet
	  `one` is a partner of;
	- reports routed to `one`: closed the day it is due (on time), closed after its due date (late,
	  received 200 days ago), reopened (open again), and one closed as a duplicate (not counted);
	  one open report routed to `two`;
	- needs: one answered by `one`'s sheet, one by `two`'s sheet `one` is a partner of, one by none;
	- an agreement between them; two contributions of `one`, one published;
	- a past meeting `one` attended and `two` did not; an evaluation by both.
	"""
	geo = make_geography()
	theme = make_theme().name
	one = make_network_member(
		territories=[{"territory": geo.qpv}], themes=[{"theme": theme}], member_name=unique("Ville")
	).name
	two = make_network_member(member_type="Association", member_name=unique("Association")).name
	led = make_action_sheet(one, state="In Progress").name
	make_action_sheet(one, state="Completed", start_date=day(-400), end_date=day(-300))
	partnered = make_action_sheet(
		two, state="In Progress", partners=[{"network_member": one, "role": "Partner"}]
	).name
	report_theme = make_theme().name
	routed(report_theme, one, due_in=-1, **closed(-1))
	routed(report_theme, one, due_in=-10, days_ago=200, **closed(-4))
	routed(report_theme, one, due_in=3, public_status="Open")
	routed(report_theme, one, due_in=3, **closed(-2, reason="Duplicate"))
	routed(report_theme, two, due_in=3, public_status="Open")
	for sheet in (led, partnered, None):
		need(sheet)
	make_agreement(one, two)
	make_contribution(one)
	make_contribution(one, state="Published")
	make_meeting(
		two,
		days_ahead=-3,
		participants=[
			{"participant_name": "Élue de quartier", "network_member": one, "attended": 1},
			{"participant_name": "Chargée de mission", "network_member": two, "attended": 0},
		],
	)
	make_evaluation("Action Sheet", led, one, two)
	return frappe._dict(
		geo=geo, theme=theme, one=one, two=two, one_user=make_user("GUSP Member", member=one).name
	)


FIGURES = (
	"sheets_led",
	"sheets_partnered",
	"reports_received",
	"reports_resolved",
	"reports_resolved_on_time",
	"needs_answered",
	"agreements",
	"contributions_proposed",
	"contributions_published",
	"meetings_attended",
	"evaluations",
	"engagement",
)


def figures(row: dict) -> dict:
	return {field: row[field] for field in FIGURES}


def test_each_organisation_gets_its_engagement_figures(world):
	rows = rows_of(report())
	assert figures(rows[world.one]) == {
		"sheets_led": 2,
		"sheets_partnered": 1,
		"reports_received": 3,  # the duplicate is counted on the report it duplicates
		"reports_resolved": 2,  # the reopened report is open again
		"reports_resolved_on_time": 1,  # closed the day it was due
		"needs_answered": 2,
		"agreements": 1,
		"contributions_proposed": 2,
		"contributions_published": 1,
		"meetings_attended": 1,
		"evaluations": 1,
		"engagement": 2 + 1 + 2 + 2 + 1 + 2 + 1 + 1,
	}
	assert figures(rows[world.two]) == {
		"sheets_led": 1,
		"sheets_partnered": 0,
		"reports_received": 1,
		"reports_resolved": 0,
		"reports_resolved_on_time": 0,
		"needs_answered": 1,
		"agreements": 1,
		"contributions_proposed": 0,
		"contributions_published": 0,
		"meetings_attended": 0,
		"evaluations": 1,
		"engagement": 4,
	}


def test_every_figure_equals_a_direct_count(world):
	rows = rows_of(report())
	assert set(rows) == set(frappe.get_all("Network Member", pluck="name"))
	led = Counter(frappe.get_all("Action Sheet", pluck="lead_member"))
	received = Counter(
		report.responsible_member
		for report in frappe.get_all(
			RESIDENT_REPORT, fields=["responsible_member", "public_status", "closing_reason"]
		)
		if not (report.public_status == "Closed" and report.closing_reason == "Duplicate")
	)
	attended = Counter(
		frappe.get_all(
			"Network Meeting Participant",
			filters={"parenttype": "Network Meeting", "attended": 1},
			pluck="network_member",
		)
	)
	for member, row in rows.items():
		assert row["sheets_led"] == led[member]
		assert row["reports_received"] == received[member]
		assert row["meetings_attended"] == attended[member]
		assert row["engagement"] == sum(
			row[field]
			for field in FIGURES
			if field
			not in {"reports_received", "reports_resolved_on_time", "contributions_published", "engagement"}
		)


def test_the_period_narrows_each_figure_to_what_happened_in_it(world):
	row = rows_of(report(from_date=str(day(-100))))[world.one]
	assert row["sheets_led"] == 1  # the old sheet ended before
	assert (row["reports_received"], row["reports_resolved"]) == (2, 1)  # the late one came before
	assert row["meetings_attended"] == 1
	row = rows_of(report(to_date=str(day(-250))))[world.one]
	assert (row["sheets_led"], row["reports_received"], row["meetings_attended"]) == (1, 0, 0)


def test_territory_theme_and_type_narrow_the_organisations(world):
	assert world.one in rows_of(report(territory=world.geo.commune))
	assert world.two not in rows_of(report(territory=world.geo.commune))
	assert set(rows_of(report(territory=world.geo.sector))).isdisjoint({world.one, world.two})
	assert world.one in rows_of(report(theme=world.theme))
	by_type = rows_of(report(member_type="Association"))
	assert world.two in by_type and world.one not in by_type


def test_a_member_sees_only_its_own_organisations_row(world, network):
	with as_user(world.one_user):
		rows = rows_of(report())
	assert list(rows) == [world.one]
	assert rows[world.one]["reports_received"] == 3
	with as_user(network.member_b):
		assert list(rows_of(report())) == [network.org_b]
	with as_user(network.manager):
		assert {world.one, world.two} <= set(rows_of(report()))


def test_the_chart_shows_the_ten_most_engaged_organisations(world):
	result = report()
	chart = result["chart"]
	values = chart["data"]["datasets"][0]["values"]
	assert len(values) <= 10
	assert values == sorted(values, reverse=True)
	ranked = [row["member"] for row in members_of(result) if row["engagement"]][:10]
	assert chart["data"]["labels"] == ranked


def test_a_resident_cannot_run_the_report(world):
	resident = make_user("GUSP Resident").name
	with as_user(resident), pytest.raises(frappe.PermissionError):
		report()
