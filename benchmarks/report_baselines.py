"""Each Script Report of the app against the single SQL query that computes the same totals.

`./gusp bench` times every report as a manager opens it (`default_filters`: the defaults of its
JS file) with `frappe.desk.query_report.run`, and the raw SQL statement of `BASELINES` that gives
the same figures; the target is a report within 2 × its baseline and under 1 s. `measure(name)`
does both, in process, as the session user (the harness: Administrator, after `frappe.connect()`).

A baseline is ONE statement of constant text with `%(name)s` parameters (never SQL built from
input). It takes the report's filters; it knows the defaults and the period filters, and refuses
any other filter (NotImplementedError). It reads as Administrator: no row rule. `totals_of_report`
and `totals_of_baseline` turn both answers into the same comparable value, so that a test asserts
they are equal. "Same totals" means, per report:

- TFPB Review: every row (landlord × QPV × axis × year) with its planned and actual amounts, and
  the two totals of the summary.
- Agreements and Contributions (default view: one row per agreement and party): the summary cards
  (agreements, members who are parties, total contributions, agreements ending within 90 days)
  and the number of rows of the table.
- Competence Map (QPV columns): the summary cards: cells, cells covered on every land status,
  partly covered, grey zones, open Grey Zone records.
- Workstream Progress: every chantier's row: sheets, sheets per workflow state (the workflow's
  states, then "other states"), steps, due, done, late, indicators with a target, reached.
- Member Engagement: every organisation's row: its eleven figures and the engagement total.
- Resident Report Service Levels (by organisation): every group's row (received, resolved, open,
  past due, median and 90th-percentile days, closed on time, share on time, "moi aussi" voices,
  reopened, reopen rate) and the summary cards of the whole selection.
- Decisions Follow-up (open decisions): the summary cards (decisions, overdue, owner members),
  which are also the number of rows.
- Evaluation Summary (validated evaluations): every criterion's row and every row under it (kind
  of record × workstream) with evaluations, scores, average, lowest and highest; and the summary
  cards (evaluations, average score, criteria scored).

Timing is fair: no report here is a prepared report (`prepared_report` is 0 and the runs pass
`ignore_prepared_report=True`), so every run computes the report as a user who opens it waits for
it; no result is cached. Between runs the per-request caches a new request would not have
(frappe.local, the database's value cache) are emptied, while Redis (metadata, cached documents,
translations) stays warm, as for a user. Report and baseline are warmed once, then alternated.
`frappe_ms` is what `query_report.run` costs around any report (the report's `execute` stubbed):
Frappe's fixed share, which alone exceeds twice a baseline of a millisecond or two.
"""

import importlib
import json
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from unittest.mock import patch

import frappe
from frappe import _
from frappe.model.workflow import get_workflow_name
from frappe.utils import add_days, add_months, flt, get_first_day, get_year_start, getdate, today

import gusp_network
from benchmarks.report_sql import (
	AGREEMENTS_AND_CONTRIBUTIONS,
	COMPETENCE_MAP,
	DECISIONS_FOLLOW_UP,
	EVALUATION_SUMMARY,
	MEMBER_ENGAGEMENT,
	SERVICE_LEVELS,
	TFPB_REVIEW,
	WORKSTREAM_PROGRESS,
)

RUNS = 5

# Report → its folder in the app
REPORTS = {
	"TFPB Review": "cooperation/report/tfpb_review",
	"Agreements and Contributions": "cooperation/report/agreements_and_contributions",
	"Competence Map": "steering/report/competence_map",
	"Workstream Progress": "steering/report/workstream_progress",
	"Member Engagement": "steering/report/member_engagement",
	"Resident Report Service Levels": "steering/report/resident_report_service_levels",
	"Decisions Follow-up": "network_life/report/decisions_follow_up",
	"Evaluation Summary": "knowledge/report/evaluation_summary",
}

# ---------------------------------------------------------------- running them


def sql(statement: str, params: dict) -> list[dict]:
	return frappe.db.sql(statement, params, as_dict=True)


def period(filters: dict) -> dict:
	"""The period filters as parameters; `to_end` is the day after `to_date` (for datetimes)."""
	from_date = getdate(filters["from_date"]) if filters.get("from_date") else None
	to_date = getdate(filters["to_date"]) if filters.get("to_date") else None
	return {"from_date": from_date, "to_date": to_date, "to_end": to_date and add_days(to_date, 1)}


def accept(report_name: str, filters: dict, known: set[str]) -> None:
	"""A baseline answers for its report's defaults and its period, not for every filter."""
	unknown = {key for key, value in (filters or {}).items() if value and key not in known}
	if unknown:
		raise NotImplementedError(f"{report_name} baseline: no filter {sorted(unknown)}")


PERIOD = {"from_date", "to_date"}


def tfpb_review(filters: dict) -> list:
	accept("TFPB Review", filters, PERIOD)
	return sql(TFPB_REVIEW, period(filters))


def agreements_and_contributions(filters: dict) -> list:
	accept("Agreements and Contributions", filters, PERIOD | {"view"})
	on = getdate(today())
	return sql(AGREEMENTS_AND_CONTRIBUTIONS, {**period(filters), "today": on, "soon": add_days(on, 90)})


def competence_map(filters: dict) -> list:
	accept("Competence Map", filters, {"territory_type"})
	if not filters.get("territory_type"):
		raise NotImplementedError("Competence Map baseline: a territory type is needed")
	options = frappe.get_meta("Responsibility").get_field("land_status").options or ""
	lands = tuple(option for option in options.split("\n") if option and option != "Any")
	params = {"territory_type": filters["territory_type"], "lands": lands, "land_count": len(lands)}
	return sql(COMPETENCE_MAP, params)


def workstream_progress(filters: dict) -> list:
	accept("Workstream Progress", filters, PERIOD)
	return sql(WORKSTREAM_PROGRESS, {**period(filters), "today": getdate(today())})


def member_engagement(filters: dict) -> list:
	accept("Member Engagement", filters, PERIOD)
	return sql(MEMBER_ENGAGEMENT, period(filters))


def service_levels(filters: dict) -> list:
	accept("Resident Report Service Levels", filters, PERIOD | {"group_by"})
	group_by = filters.get("group_by") or "organisation"
	return sql(SERVICE_LEVELS, {**period(filters), "group_by": group_by, "today": getdate(today())})


def decisions_follow_up(filters: dict) -> list:
	accept("Decisions Follow-up", filters, {"decision_status"})
	params = {"decision_status": filters.get("decision_status") or None, "today": getdate(today())}
	return sql(DECISIONS_FOLLOW_UP, params)


def evaluation_summary(filters: dict) -> list:
	accept("Evaluation Summary", filters, PERIOD | {"workflow_state"})
	return sql(EVALUATION_SUMMARY, {**period(filters), "workflow_state": filters.get("workflow_state")})


BASELINES: dict[str, Callable[[dict], list]] = {
	"TFPB Review": tfpb_review,
	"Agreements and Contributions": agreements_and_contributions,
	"Competence Map": competence_map,
	"Workstream Progress": workstream_progress,
	"Member Engagement": member_engagement,
	"Resident Report Service Levels": service_levels,
	"Decisions Follow-up": decisions_follow_up,
	"Evaluation Summary": evaluation_summary,
}


# ---------------------------------------------------------------- the defaults a manager gets


def report_name_of(name: str) -> str:
	"""The Report's name, from itself or from its folder (`steering/report/competence_map`)."""
	if name in REPORTS:
		return name
	folder = name.removeprefix("gusp_network/").strip("/")
	for report, path in REPORTS.items():
		if path == folder:
			return report
	raise KeyError(name)


def default_filters(report_name: str) -> dict:
	"""The filters the desk sends when a manager opens the report: each filter's `default` in the
	report's JS file (literals, or today and the dates computed from it)."""
	folder = Path(gusp_network.__file__).parent / REPORTS[report_name_of(report_name)]
	text = (folder / f"{folder.name}.js").read_text()
	found, fieldname = {}, None
	for match in re.finditer(r'fieldname:\s*"(\w+)"|^\s*default:\s*(.+?),?\s*$', text, re.M):
		if match[1]:
			fieldname = match[1]
		elif fieldname:
			found[fieldname] = js_value(match[2])
	return found


def js_value(expression: str):
	"""A filter default as the desk computes it."""
	expression = expression.strip()
	if expression[:1] in "\"'" and expression[-1:] == expression[:1]:
		return expression[1:-1]
	if re.fullmatch(r"-?\d+", expression):
		return int(expression)
	on = getdate(today())
	dates = {
		"frappe.datetime.get_today()": on,
		"frappe.datetime.now_date()": on,
		"frappe.datetime.month_start()": get_first_day(on),
		"frappe.datetime.year_start()": get_year_start(on),
	}
	if expression in dates:
		return str(dates[expression])
	shifted = re.fullmatch(
		r"frappe\.datetime\.add_(days|months)\(frappe\.datetime\.get_today\(\),\s*(-?\d+)\)", expression
	)
	if shifted:
		shift = add_days if shifted[1] == "days" else add_months
		return str(getdate(shift(on, int(shifted[2]))))
	raise ValueError(f"unknown filter default: {expression}")


# ---------------------------------------------------------------- comparable totals


def dict_rows(result: dict) -> list[dict]:
	"""The report's rows (the desk's total row, a list, left out)."""
	return [row for row in result.get("result") or [] if isinstance(row, dict)]


def cards(result: dict) -> dict:
	return {card["label"]: card["value"] for card in result.get("report_summary") or []}


def card(result: dict, label: str):
	return cards(result)[_(label)]


def money(value) -> float:
	return round(flt(value), 2)


def share(part, whole) -> float | None:
	return flt(100 * flt(part) / flt(whole), 1) if flt(whole) else None


def days(value) -> float | None:
	return None if value is None else flt(value, 1)


def action_sheet_states() -> list[str]:
	"""The Action Sheet workflow's states in its order, each once (the report's state columns)."""
	workflow = get_workflow_name("Action Sheet")
	states = frappe.get_cached_doc("Workflow", workflow).states if workflow else []
	return list(dict.fromkeys(row.state for row in states if row.state))


ENGAGEMENT = (
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
)
# the figures added up in the engagement total (reports received and contributions published are not)
ENGAGEMENT_TOTAL = set(ENGAGEMENT) - {
	"reports_received",
	"reports_resolved_on_time",
	"contributions_published",
}
SERVICE = (
	"received",
	"resolved",
	"open_reports",
	"past_due",
	"median_days",
	"p90_days",
	"closed_on_time",
	"on_time_share",
	"me_too_voices",
	"reopened",
	"reopen_rate",
)


def totals_of_report(report_name: str, result: dict):
	"""The report's totals (what `run` returned), as `totals_of_baseline` gives them."""
	name = report_name_of(report_name)
	rows = dict_rows(result)
	if name == "TFPB Review":
		return {
			"rows": sorted(
				(
					r["landlord"],
					r["territory"],
					r["axis"],
					r["year"],
					money(r["planned_amount"]),
					money(r["actual_amount"]),
				)
				for r in rows
			),
			"planned": money(card(result, "Planned Amount")),
			"actual": money(card(result, "Actual Amount")),
		}
	if name == "Agreements and Contributions":
		return {
			"agreements": card(result, "Agreements"),
			"members": card(result, "Members Who Are Parties"),
			"contributions": money(card(result, "Total Contributions")),
			"ending_soon": card(result, "Ending within 90 days"),
			"rows": len(rows),
		}
	if name == "Competence Map":
		labels = ("Cells", "Cells Covered", "Cells Partly Covered", "Grey Zones", "Open Grey Zone Records")
		return {label: card(result, label) for label in labels}
	if name == "Workstream Progress":
		fields = (
			"sheets",
			"steps",
			"steps_due",
			"steps_done",
			"late_steps",
			"indicators",
			"indicators_reached",
		)
		states = action_sheet_states()
		return {
			r["workstream"]: {
				**{field: r[field] for field in fields},
				"states": {state: r[f"state_{index}"] for index, state in enumerate(states, start=1)},
				"other_states": r["other_states"],
			}
			for r in rows
		}
	if name == "Member Engagement":
		return {r["member"]: {**{f: r[f] for f in ENGAGEMENT}, "engagement": r["engagement"]} for r in rows}
	if name == "Resident Report Service Levels":
		labels = (
			"Received",
			"Open",
			"Past Due",
			"Share Closed on Time",
			"Median Days to Resolve",
			"Reopen Rate",
		)
		return {
			"rows": {r["group_value"]: tuple(r[field] for field in SERVICE) for r in rows},
			"summary": tuple(flt(card(result, label), 1) for label in labels),
		}
	if name == "Decisions Follow-up":
		return {
			"decisions": card(result, "Decisions"),
			"overdue": card(result, "Overdue"),
			"owner_members": card(result, "Owner Members"),
			"rows": len(rows),
		}
	if name == "Evaluation Summary":
		return {
			"rows": {
				(
					r["indent"],
					r["criterion"],
					r.get("reference_doctype") or None,
					r.get("workstream") or None,
				): (
					r["evaluations"],
					r["scores"],
					flt(r["average_score"], 2),
					r["lowest_score"],
					r["highest_score"],
				)
				for r in rows
			},
			"evaluations": card(result, "Evaluations"),
			"average_score": flt(card(result, "Average Score"), 2),
			"criteria": card(result, "Criteria Scored"),
		}
	raise KeyError(name)


def totals_of_baseline(report_name: str, rows: list):
	"""The baseline's answer, as `totals_of_report` gives the report's."""
	name = report_name_of(report_name)
	if name == "TFPB Review":
		return {
			"rows": sorted(
				(r.landlord, r.territory, r.axis, r.year, money(r.planned_amount), money(r.actual_amount))
				for r in rows
			),
			"planned": money(sum(flt(r.planned_amount) for r in rows)),
			"actual": money(sum(flt(r.actual_amount) for r in rows)),
		}
	if name == "Agreements and Contributions":
		(r,) = rows
		return {
			"agreements": r.agreements,
			"members": r.members,
			"contributions": money(r.contributions),
			"ending_soon": r.ending_soon,
			"rows": r.table_rows,
		}
	if name == "Competence Map":
		(r,) = rows
		covered, partly = int(r.covered), int(r.partly_covered)
		return {
			"Cells": r.cells,
			"Cells Covered": covered,
			"Cells Partly Covered": partly,
			"Grey Zones": r.cells - covered - partly,
			"Open Grey Zone Records": r.open_grey_zones,
		}
	if name == "Workstream Progress":
		states = action_sheet_states()
		found = {}
		for r in rows:
			counts = {state: int(n) for state, n in json.loads(r.states or "{}").items()}
			found[r.workstream] = {
				**{field: int(r[field]) for field in ("sheets", "steps", "steps_due", "steps_done")},
				**{field: int(r[field]) for field in ("late_steps", "indicators", "indicators_reached")},
				"states": {state: counts.get(state, 0) for state in states},
				"other_states": sum(n for state, n in counts.items() if state not in states),
			}
		return found
	if name == "Member Engagement":
		return {
			r.member: {
				**{field: int(r[field]) for field in ENGAGEMENT},
				"engagement": sum(int(r[field]) for field in ENGAGEMENT_TOTAL),
			}
			for r in rows
		}
	if name == "Resident Report Service Levels":
		# the ROLLUP row (group NULL) is the whole selection; '' is the group of reports with none
		groups = {
			(r.group_value or None): tuple(service_figures(r)[field] for field in SERVICE)
			for r in rows
			if r.group_value is not None
		}
		(total,) = [service_figures(r) for r in rows if r.group_value is None] or [service_figures(None)]
		labels = ("received", "open_reports", "past_due", "on_time_share", "network_median", "reopen_rate")
		return {"rows": groups, "summary": tuple(flt(total[label] or 0, 1) for label in labels)}
	if name == "Decisions Follow-up":
		(r,) = rows
		return {
			"decisions": r.decisions,
			"overdue": int(r.overdue),
			"owner_members": r.owner_members,
			"rows": r.decisions,
		}
	if name == "Evaluation Summary":
		figures = {
			(r.indent, r.criterion, r.kind, r.workstream): (
				r.evaluations,
				r.scores,
				flt(flt(r.score_sum) / r.scores, 2),
				r.lowest,
				r.highest,
			)
			for r in rows
			if r.indent < 2
		}
		(summary,) = [r for r in rows if r.indent == 2]
		averaged = int(summary.scores or 0)  # the evaluations with an average score
		return {
			"rows": figures,
			"evaluations": summary.evaluations,
			"average_score": flt(flt(summary.score_sum) / averaged, 2) if averaged else 0,
			"criteria": sum(1 for r in rows if r.indent == 0),
		}
	raise KeyError(name)


def service_figures(r) -> dict:
	"""A row of the service levels baseline, as the report's columns (None: nothing received)."""
	r = r or frappe._dict(received=0, median_days=None, p90_days=None, network_median_days=None)
	counts = (
		"received",
		"resolved",
		"open_reports",
		"past_due",
		"closed_on_time",
		"me_too_voices",
		"reopened",
	)
	return {
		**{field: int(r.get(field) or 0) for field in counts},
		"median_days": days(r.median_days),
		"p90_days": days(r.p90_days),
		"network_median": days(r.network_median_days),
		"on_time_share": share(r.get("closed_on_time"), r.get("resolved_with_due_date")),
		"reopen_rate": share(r.get("reopened"), r.get("closed_once")),
	}


# ---------------------------------------------------------------- timing


def as_new_request() -> None:
	"""Forget what a previous run left in this process that a new request would not have."""
	frappe.local.cache = {}
	frappe.local.role_permissions = {}
	frappe.local.valid_columns = {}
	frappe.local.user_perms = None
	frappe.local.message_log = []
	frappe.db.value_cache = {}


def timed(call: Callable) -> tuple[float, object]:
	as_new_request()
	began = time.perf_counter()
	answer = call()
	return (time.perf_counter() - began) * 1000, answer


def measure(report_name: str, runs: int = RUNS) -> dict:
	"""Median milliseconds of `runs` runs of the report (as the desk asks for it) and of its baseline,
	alternated after one warm-up of each; `rows` the report's rows, `same` whether their totals agree;
	`frappe_ms` the same call with the report's `execute` answering at once (no rows)."""
	from frappe.desk.query_report import run

	name = report_name_of(report_name)
	filters = default_filters(name)
	baseline = BASELINES[name]

	def report():
		return run(name, filters=dict(filters), ignore_prepared_report=True)

	result, rows = report(), baseline(dict(filters))
	report_ms, baseline_ms = [], []
	for _run in range(runs):
		elapsed, result = timed(report)
		report_ms.append(elapsed)
		elapsed, rows = timed(lambda: baseline(dict(filters)))
		baseline_ms.append(elapsed)
	module = importlib.import_module(
		f"gusp_network.{REPORTS[name].replace('/', '.')}.{Path(REPORTS[name]).name}"
	)
	with patch.object(module, "execute", lambda filters=None: (result["columns"], [])):
		report()
		frappe_ms = [timed(report)[0] for _run in range(runs)]
	return {
		"report_ms": round(statistics.median(report_ms), 1),
		"baseline_ms": round(statistics.median(baseline_ms), 1),
		"rows": len(dict_rows(result)),
		"same": totals_of_report(name, result) == totals_of_baseline(name, rows),
		"frappe_ms": round(statistics.median(frappe_ms), 1),
	}
