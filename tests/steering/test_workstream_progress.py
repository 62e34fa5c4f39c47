"""Workstream Progress: each chantier's action sheets by workflow state (the workflow's own states,
so one an admin adds gets its column), its steps done, due and late, its indicators reaching their
target; every figure equals a direct count, the filters narrow, a member does not count another
organisation's drafts."""

from collections import Counter

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.model.workflow import get_workflow_name
from frappe.utils import add_days, getdate, today

from tests.factories import (
	as_user,
	make_action_sheet,
	make_geography,
	make_network_member,
	make_theme,
	make_user,
	unique,
)

REPORT = "Workstream Progress"
SHEET = "Action Sheet"


def report(**filters) -> dict:
	"""The report as the desk asks for it, for the session user."""
	return run(REPORT, filters=filters, ignore_prepared_report=True)


def rows_of(result: dict) -> dict:
	return {row["workstream"]: row for row in result["result"]}


def label_of(result: dict, label: str) -> str:
	"""The fieldname of the column with this label."""
	return next(column["fieldname"] for column in result["columns"] if column["label"] == label)


def day(offset: int) -> str:
	return str(getdate(add_days(today(), offset)))


def step(offset: int | None, done: int = 0) -> dict:
	return {"step": unique("Étape"), "due_date": day(offset) if offset is not None else None, "done": done}


def indicator(baseline: float, target: float, actual: float) -> dict:
	return {"indicator": unique("Indicateur"), "baseline": baseline, "target": target, "actual": actual}


@pytest.fixture
def world(network):
	"""A commune ⊃ QPV ⊃ sector, a theme, a lead organisation (with a member user) and a partner:

	- `draft`: chantier 1, led by `lead`, Draft, in the sector, on the theme, started 30 days ago;
	  steps: done and past due, late, due in 10 days, undated; indicators: rising reached
	  (0 → 10: 12), rising not reached (0 → 10: 5), falling reached (21 → 10: 8), falling not
	  measured (21 → 10: 0), and one without a target (5 → 5);
	- `running`: chantier 1, led by `lead` with `partner`, In Progress, in the QPV, started 30 days
	  ago; steps: due today not done, done undated;
	- `old`: chantier 2, led by `partner`, Completed, ran from 400 to 200 days ago.
	"""
	geo = make_geography()
	theme = make_theme().name
	lead = make_network_member().name
	partner = make_network_member(member_type="Association", member_name=unique("Association")).name
	first, second = frappe.get_all("Workstream", order_by="number asc", pluck="name", limit=2)
	draft = make_action_sheet(
		lead,
		state="Draft",
		workstream=first,
		start_date=day(-30),
		territories=[{"territory": geo.sector}],
		themes=[{"theme": theme}],
		steps=[step(-5, done=1), step(-3), step(10), step(None)],
		indicators=[
			indicator(0, 10, 12),
			indicator(0, 10, 5),
			indicator(21, 10, 8),
			indicator(21, 10, 0),
			indicator(5, 5, 5),
		],
	).name
	running = make_action_sheet(
		lead,
		state="In Progress",
		workstream=first,
		start_date=day(-30),
		territories=[{"territory": geo.qpv}],
		partners=[{"network_member": partner, "role": "Partner"}],
		steps=[step(0), step(None, done=1)],
	).name
	old = make_action_sheet(
		partner, state="Completed", workstream=second, start_date=day(-400), end_date=day(-200)
	).name
	return frappe._dict(
		geo=geo,
		theme=theme,
		lead=lead,
		partner=partner,
		lead_user=make_user("GUSP Member", member=lead).name,
		first=first,
		second=second,
		draft=draft,
		running=running,
		old=old,
	)


def test_each_chantier_counts_its_sheets_by_state_its_steps_and_indicators(world):
	result = report(member=world.lead)
	row = rows_of(result)[world.first]
	assert row["sheets"] == 2
	assert row[label_of(result, "Draft")] == 1
	assert row[label_of(result, "In Progress")] == 1
	assert row[label_of(result, "Completed")] == 0
	assert row["other_states"] == 0
	assert (row["steps"], row["steps_due"], row["steps_done"], row["late_steps"]) == (6, 3, 2, 1)
	assert row["steps_done_share"] == 33.3
	# the indicator without a target is left out; the falling one not measured has not reached it
	assert (row["indicators"], row["indicators_reached"], row["indicators_reached_share"]) == (4, 2, 50.0)
	assert rows_of(result)[world.second]["sheets"] == 0
	summary = {card["label"]: card["value"] for card in result["report_summary"]}
	assert summary["Action Sheets"] == 2
	assert summary["Late Steps"] == 1


def test_every_figure_equals_a_direct_count_of_the_sheets(world):
	result = report()
	states = [column for column in result["columns"] if column["fieldname"].startswith("state_")]
	sheets = frappe.get_all(SHEET, fields=["name", "workstream", "workflow_state"], limit_page_length=0)
	by_workstream = Counter(sheet.workstream for sheet in sheets)
	by_state = Counter((sheet.workstream, sheet.workflow_state) for sheet in sheets)
	steps = frappe.get_all(
		"Action Sheet Step",
		filters={"parenttype": SHEET},
		fields=["parent", "done", "due_date"],
		limit_page_length=0,
	)
	workstream_of = {sheet.name: sheet.workstream for sheet in sheets}
	ended = {sheet.name for sheet in sheets if sheet.workflow_state in ("Completed", "Abandoned")}
	late = Counter(
		workstream_of[row.parent]
		for row in steps
		if not row.done and row.due_date and row.due_date < getdate() and row.parent not in ended
	)
	done = Counter(workstream_of[row.parent] for row in steps if row.done)
	for name, row in rows_of(result).items():
		assert row["sheets"] == by_workstream[name]
		for column in states:
			assert row[column["fieldname"]] == by_state[(name, column["label"])]
		assert row["late_steps"] == late[name]
		assert row["steps_done"] == done[name]
	assert len(result["result"]) == frappe.db.count("Workstream")


def test_filters_narrow_to_the_sheets_asked_for(world):
	def sheets(**filters) -> dict:
		return {name: row["sheets"] for name, row in rows_of(report(**filters)).items() if row["sheets"]}

	assert sheets(member=world.partner) == {world.first: 1, world.second: 1}
	# a territory counts the sheets of the territories under it
	assert sheets(member=world.lead, territory=world.geo.commune) == {world.first: 2}
	assert sheets(member=world.lead, territory=world.geo.sector) == {world.first: 1}
	assert sheets(territory=world.geo.sector, theme=world.theme) == {world.first: 1}
	# a period keeps the sheets that run during it
	assert sheets(member=world.partner, from_date=day(-100)) == {world.first: 1}
	assert sheets(member=world.partner, to_date=day(-300)) == {world.second: 1}
	assert sheets(member=world.partner, from_date=day(-250), to_date=day(-100)) == {world.second: 1}
	only = report(workstream=world.second, member=world.partner)["result"]
	assert [row["workstream"] for row in only] == [world.second]


def test_a_member_does_not_count_another_organisations_draft(world, network):
	with as_user(network.member_a):
		row = rows_of(report(member=world.lead))[world.first]
	assert row["sheets"] == 1
	assert row["steps"] == 2
	assert row["indicators"] == 0
	with as_user(world.lead_user):
		assert rows_of(report(member=world.lead))[world.first]["sheets"] == 2
	with as_user(network.manager):
		assert rows_of(report(member=world.lead))[world.first]["sheets"] == 2


@pytest.fixture
def new_state():
	"""A state an admin adds to the Action Sheet workflow in the desk (rolled back afterwards)."""
	workflow_name = get_workflow_name(SHEET)
	state = unique("Suspendue")
	frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": state, "style": "Warning"}).insert()
	workflow = frappe.get_doc("Workflow", workflow_name)
	workflow.append("states", {"state": state, "doc_status": "0", "allow_edit": "GUSP Resource Centre"})
	workflow.save()
	yield state
	frappe.db.rollback()
	frappe.clear_document_cache("Workflow", workflow_name)
	frappe.clear_cache(doctype=SHEET)


def test_a_state_an_admin_adds_to_the_workflow_gets_its_column(world, new_state):
	frappe.db.set_value(SHEET, world.running, "workflow_state", new_state, update_modified=False)
	result = report(member=world.lead)
	row = rows_of(result)[world.first]
	assert row[label_of(result, new_state)] == 1
	assert row[label_of(result, "In Progress")] == 0
	assert new_state in [dataset["name"] for dataset in result["chart"]["data"]["datasets"]]


def test_a_sheet_in_a_state_the_workflow_no_longer_lists_is_still_counted(world):
	frappe.db.set_value(SHEET, world.running, "workflow_state", None, update_modified=False)
	row = rows_of(report(member=world.lead))[world.first]
	assert (row["sheets"], row["other_states"]) == (2, 1)


def test_the_chart_stacks_each_chantiers_sheets_by_state(world):
	chart = report(member=world.partner)["chart"]
	assert chart["type"] == "bar" and chart["barOptions"]["stacked"]
	number = frappe.db.get_value("Workstream", world.first, "number")
	assert chart["data"]["labels"][0] == f"Workstream {number}"
	values = {dataset["name"]: dataset["values"] for dataset in chart["data"]["datasets"]}
	assert values["In Progress"][0] == 1
	assert values["Completed"][1] == 1


def test_a_resident_cannot_run_the_report(world):
	resident = make_user("GUSP Resident").name
	with as_user(resident), pytest.raises(frappe.PermissionError):
		report()
