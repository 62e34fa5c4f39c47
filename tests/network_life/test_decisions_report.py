"""Decisions Follow-up: one row per meeting decision, overdue first; the filters narrow what they
say; every figure equals a direct count on the same data; a user sees the decisions of the
meetings they may read, and residents and guests cannot run it."""

import json
import secrets
from types import SimpleNamespace

import frappe
import pytest
import requests
from frappe.desk.query_report import run
from frappe.query_builder.functions import Count
from frappe.utils import add_days, getdate, today
from frappe.utils.password import delete_all_passwords_for, update_password

from tests.factories import (
	SITE,
	as_user,
	delete,
	delete_traces,
	make_action_sheet,
	make_network_member,
	make_user,
)
from tests.network_life.factories import make_meeting

REPORT = "Decisions Follow-up"
MEETING = "Network Meeting"
DECISION = "Network Meeting Decision"
PASSWORD = f"Gusp-{secrets.token_urlsafe(12)}"


def report(**filters) -> dict:
	"""The report as the desk asks for it, for the session user."""
	return run(REPORT, filters=filters, ignore_prepared_report=True)


def summary_of(result: dict) -> dict:
	return {card["label"]: card["value"] for card in result["report_summary"]}


def decision(text: str, owner: str, due_in: int | None, status: str = "Open", **overrides) -> dict:
	return {
		"decision": text,
		"owner_member": owner,
		"due_date": add_days(today(), due_in) if due_in is not None else None,
		"decision_status": status,
		**overrides,
	}


@pytest.fixture
def world():
	"""Two past meetings in two workstreams, with decisions of two owner members:
	- the first (60 days ago): overdue by 30 and by 5 days, due in 10 days, undated, done and
	  dropped past their due dates;
	- the second (30 days ago): overdue by 10 days, and due in 5 days with an action sheet.
	"""
	city = make_network_member().name
	landlord = make_network_member(member_type="Social Landlord").name
	first_workstream, second_workstream = frappe.get_all(
		"Workstream", order_by="number asc", pluck="name", limit=2
	)
	sheet = make_action_sheet(city).name
	first = make_meeting(
		days_ahead=-60,
		workstream=first_workstream,
		decisions=[
			decision("Nettoyer les pieds d'immeubles", city, -30),
			decision("Réparer l'éclairage du parking", landlord, -5),
			decision("Organiser une marche exploratoire", city, 10),
			decision("Étudier un composteur partagé", city, None),
			decision("Changer les bacs", landlord, -40, "Done"),
			decision("Déplacer l'aire de jeux", city, -20, "Dropped"),
		],
	).name
	second = make_meeting(
		days_ahead=-30,
		workstream=second_workstream,
		decisions=[
			decision("Relancer la médiation de nuit", city, -10),
			decision("Rédiger la fiche action", landlord, 5, action_sheet=sheet),
		],
	).name
	return SimpleNamespace(
		city=city,
		landlord=landlord,
		first_workstream=first_workstream,
		second_workstream=second_workstream,
		sheet=sheet,
		first=first,
		second=second,
		meetings={first, second},
	)


def ours(rows: list[dict], world) -> list[str]:
	"""The decisions of the world's meetings, in the report's order."""
	return [row["decision"] for row in rows if row["meeting"] in world.meetings]


# ---------------------------------------------------------------- independent counts


def direct_count(meetings: list[str] | None = None, status: str | None = "Open", overdue: bool = False):
	"""Decisions straight from the table: (rows, overdue rows, distinct owner members)."""
	row = frappe.qb.DocType(DECISION)
	query = frappe.qb.from_(row).select(Count(row.name), Count(row.owner_member).distinct())
	query = query.where((row.parenttype == MEETING) & (row.parentfield == "decisions"))
	if meetings is not None:
		query = query.where(row.parent.isin(meetings or [""]))
	if status:
		query = query.where(row.decision_status == status)
	if overdue:
		query = query.where((row.decision_status == "Open") & (row.due_date < getdate(today())))
	return query.run()[0]


def direct_figures(meetings: list[str] | None = None, status: str | None = "Open") -> dict:
	decisions, owners = direct_count(meetings, status)
	overdue, _owners = direct_count(meetings, status, overdue=True)
	return {"Decisions": decisions, "Overdue": overdue, "Owner Members": owners}


# ---------------------------------------------------------------- rows and order


def test_open_decisions_come_overdue_first_then_by_due_date_then_undated(world):
	rows = report(decision_status="Open")["result"]
	assert ours(rows, world) == [
		"Nettoyer les pieds d'immeubles",
		"Relancer la médiation de nuit",
		"Réparer l'éclairage du parking",
		"Rédiger la fiche action",
		"Organiser une marche exploratoire",
		"Étudier un composteur partagé",
	]
	# the same order holds for every row the report gives, not only the world's
	overdue_flags = [row["is_overdue"] for row in rows]
	assert overdue_flags == sorted(overdue_flags, reverse=True)
	overdue = [row for row in rows if row["is_overdue"]]
	assert [row["days_overdue"] for row in overdue] == sorted(
		(row["days_overdue"] for row in overdue), reverse=True
	)
	dated = [getdate(row["due_date"]) for row in rows if not row["is_overdue"] and row["due_date"]]
	assert dated == sorted(dated)
	undated = [i for i, row in enumerate(rows) if not row["due_date"]]
	assert undated == list(range(len(rows) - len(undated), len(rows))), "undated decisions come last"


def test_each_row_carries_the_decision_its_meeting_and_how_late_it_is(world):
	rows = {row["decision"]: row for row in report()["result"] if row["meeting"] in world.meetings}
	late = rows["Nettoyer les pieds d'immeubles"]
	assert late["days_overdue"] == 30
	assert late["is_overdue"] == 1
	assert (late["owner_member"], late["decision_status"]) == (world.city, "Open")
	assert late["meeting"] == world.first
	assert late["meeting_title"] == frappe.db.get_value(MEETING, world.first, "title")
	assert getdate(late["meeting_date"]) == getdate(add_days(today(), -60))
	assert late["workstream"] == world.first_workstream
	assert getdate(late["due_date"]) == getdate(add_days(today(), -30))

	sheet_row = rows["Rédiger la fiche action"]
	assert (sheet_row["action_sheet"], sheet_row["workstream"]) == (world.sheet, world.second_workstream)
	assert sheet_row["days_overdue"] is None and sheet_row["is_overdue"] == 0
	# done or dropped past the due date: not overdue
	assert rows["Changer les bacs"]["is_overdue"] == 0
	assert rows["Déplacer l'aire de jeux"]["days_overdue"] is None
	columns = [column["fieldname"] for column in report()["columns"]]
	for fieldname in (
		"decision",
		"owner_member",
		"assigned_to",
		"due_date",
		"days_overdue",
		"decision_status",
		"meeting",
		"meeting_date",
		"workstream",
		"action_sheet",
		"grey_zone",
	):
		assert fieldname in columns


# ---------------------------------------------------------------- filters


def test_the_filters_narrow_to_the_owner_the_workstream_the_status_and_the_overdue(world):
	def decisions(**filters) -> set[str]:
		return set(ours(report(**filters)["result"], world))

	assert decisions(decision_status="Open", owner_member=world.landlord) == {
		"Réparer l'éclairage du parking",
		"Rédiger la fiche action",
	}
	assert decisions(decision_status="Open", workstream=world.second_workstream) == {
		"Relancer la médiation de nuit",
		"Rédiger la fiche action",
	}
	assert decisions(decision_status="Done") == {"Changer les bacs"}
	assert decisions(decision_status="Dropped", owner_member=world.city) == {"Déplacer l'aire de jeux"}
	assert len(decisions()) == 8, "no status: every decision"
	assert decisions(overdue_only=1) == {
		"Nettoyer les pieds d'immeubles",
		"Relancer la médiation de nuit",
		"Réparer l'éclairage du parking",
	}
	assert decisions(overdue_only=1, owner_member=world.city, workstream=world.first_workstream) == {
		"Nettoyer les pieds d'immeubles"
	}
	assert decisions(overdue_only=1, decision_status="Done") == set()


def test_every_figure_equals_a_direct_count_of_the_decisions(world):
	result = report(decision_status="Open")
	assert summary_of(result) == direct_figures()
	assert len(result["result"]) == direct_figures()["Decisions"]
	everything = report()
	assert summary_of(everything) == direct_figures(status=None)
	mine = summary_of(report(decision_status="Open", owner_member=world.city))
	assert mine == {"Decisions": 4, "Overdue": 2, "Owner Members": 1}
	# the chart: each owner member's decisions, overdue and not
	chart = report(decision_status="Open", workstream=world.first_workstream)["chart"]
	labels = chart["data"]["labels"]
	overdue, others = (dict(zip(labels, d["values"], strict=True)) for d in chart["data"]["datasets"])
	assert (overdue[world.city], others[world.city]) == (1, 2)
	assert (overdue[world.landlord], others[world.landlord]) == (1, 0)


# ---------------------------------------------------------------- who sees what


def test_a_member_and_a_manager_see_the_decisions_of_the_meetings_they_may_read(world, network):
	for user in (network.member_a, network.manager, network.centre):
		with as_user(user):
			readable = frappe.get_list(MEETING, pluck="name", limit_page_length=0)
			result = report(decision_status="Open")
			# meetings are read by the whole network: other organisations' meetings included
			assert world.meetings <= set(readable)
			assert {row["meeting"] for row in result["result"]} <= set(readable)
			assert summary_of(result) == direct_figures(readable)


def test_a_member_restricted_to_one_meeting_sees_only_its_decisions(world, network, restricted):
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": network.member_b,
			"allow": MEETING,
			"for_value": world.second,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)
	with as_user(network.member_b):
		result = report()
		assert {row["meeting"] for row in result["result"]} == {world.second}
		assert summary_of(result) == direct_figures([world.second], status=None)
		assert report(owner_member=world.city, workstream=world.first_workstream)["result"] == []


def test_a_resident_cannot_run_the_report(world):
	resident = make_user("GUSP Resident", user_type="Website User").name
	with as_user(resident), pytest.raises(frappe.PermissionError):
		report()


# ---------------------------------------------------------------- over HTTP


@pytest.fixture(scope="module")
def http_users(network):
	"""A resident with a password, and organisation A's member given one, for this module."""
	resident = make_user("GUSP Resident", user_type="Website User").name
	users = [resident, network.member_a]
	for user in users:
		update_password(user, PASSWORD)
	frappe.db.commit()
	yield SimpleNamespace(resident=resident, member=network.member_a)
	frappe.db.rollback()
	for user in users:
		delete_all_passwords_for("User", user)
	frappe.db.delete("Sessions", {"user": ("in", users)})
	frappe.db.delete("Activity Log", {"user": ("in", users), "operation": ("in", ("Login", "Logout"))})
	for contact in frappe.get_all("Contact", filters={"user": resident}, pluck="name"):
		delete("Contact", contact)
	delete_traces("User", resident)
	delete("User", resident)
	frappe.db.commit()


def run_over_http(live_server: str, user: str | None) -> requests.Response:
	"""The desk's call for the report, as `user` (None: a guest)."""
	with requests.Session() as session:
		session.headers["X-Frappe-Site-Name"] = SITE
		if user:
			login = session.post(f"{live_server}/api/method/login", data={"usr": user, "pwd": PASSWORD})
			assert login.ok, login.text[-300:]
		response = session.get(
			f"{live_server}/api/method/frappe.desk.query_report.run",
			params={"report_name": REPORT, "filters": json.dumps({"decision_status": "Open"})},
		)
		if user:
			session.get(f"{live_server}/api/method/logout")
		return response


def test_residents_and_guests_get_403_over_http_and_a_member_gets_the_report(live_server, http_users):
	refused = [run_over_http(live_server, user) for user in (http_users.resident, None)]
	assert [response.status_code for response in refused] == [403, 403], [r.text[-300:] for r in refused]
	for response in refused:
		assert "result" not in response.json().get("message", {})
	allowed = run_over_http(live_server, http_users.member)
	assert allowed.status_code == 200, allowed.text[-300:]
	assert {"result", "columns", "report_summary"} <= set(allowed.json()["message"])
