"""The benchmark's results as the Markdown table the README shows, and the machine they ran on."""

import os
import platform
from pathlib import Path

import frappe
import psutil

HTTP_ROWS = (
	("todo_rest_insert", "ToDo through Frappe's REST API (baseline)", None),
	("report_web_form", "guest report through the web form", "todo_rest_insert"),
	("report_open311", "guest report through Open311", "todo_rest_insert"),
	("page_login", "Frappe's `/login` page (baseline)", None),
	("page_home", "`/`", "page_login"),
	("page_report_form", "`/signalement/new`", "page_login"),
	("page_tracking", "`/suivi/<clé>`", "page_login"),
	("list_as_administrator", "report list, Administrator (baseline)", None),
	("list_as_member", "report list, member (permission filter)", "list_as_administrator"),
)
SETUP_ROWS = (
	("new_site", "a new Frappe site"),
	("install_app", "installing the app"),
	("setup_wizard", "setup wizard (French, Europe/Paris)"),
	("demo_data", "loading the demo data"),
	("scale_data", "generating the scale data"),
)


def machine(workers: int) -> dict:
	cpu = next(
		(
			line.split(":", 1)[1].strip()
			for line in Path("/proc/cpuinfo").read_text().splitlines()
			if line.startswith("model name")
		),
		platform.processor() or platform.machine(),
	)
	return {
		"cores": os.cpu_count(),
		"cpu": cpu,
		"memory_gib": round(psutil.virtual_memory().total / 1024**3),
		"python": platform.python_version(),
		"frappe": frappe.__version__,
		"gusp_network": frappe.get_attr("gusp_network.__version__"),
		"mariadb": frappe.db.sql("select version()")[0][0],
		"gunicorn_workers": workers,
	}


def ratio(value: float, baseline: float) -> str:
	return f"{value / baseline:.2f} ×" if baseline else "—"


def markdown(results: dict) -> str:
	m, load, http = results["machine"], results["load"], results["http"]
	counts = results.get("counts", {})
	lines = [
		f"Run of {results['started']} at scale {results['scale']:g} "
		f"({counts.get('Resident Report', 0):,} resident reports, {counts.get('Action Sheet', 0):,} action sheets, "
		f"{counts.get('Responsibility', 0):,} responsibilities) on {m['cores']} cores ({m['cpu']}), "
		f"{m['memory_gib']} GiB, Python {m['python']}, Frappe {m['frappe']}, MariaDB {m['mariadb']}; "
		f"gunicorn {m['gunicorn_workers']} sync workers; {load['clients']} clients for "
		f"{load['seconds_per_phase']:g} s per phase, from the same machine.",
		"",
		"| over HTTP | req/s | p50 ms | p95 ms | p50 ratio | p95 ratio | errors |",
		"|---|---:|---:|---:|---:|---:|---:|",
	]
	for key, label, baseline in HTTP_ROWS:
		row = http[key]
		errors = sum(n for status, n in row["statuses"].items() if status == "0" or int(status) >= 400)
		base = http[baseline] if baseline else None
		lines.append(
			f"| {label} | {row['per_second']:g} | {row['p50_ms']:g} | {row['p95_ms']:g} | "
			f"{ratio(row['p50_ms'], base['p50_ms']) if base else '1'} | "
			f"{ratio(row['p95_ms'], base['p95_ms']) if base else '1'} | {errors} |"
		)
	lines += [
		"",
		"| Script Report (as the desk runs it) | rows | report ms | raw SQL ms | ratio | of which Frappe's own ms |",
		"|---|---:|---:|---:|---:|---:|",
	]
	for name, row in results["reports"].items():
		lines.append(
			f"| {name} | {row['rows']} | {row['report_ms']:.1f} | {row['baseline_ms']:.1f} | "
			f"{ratio(row['report_ms'], row['baseline_ms'])} | {row['frappe_ms']:.1f} |"
		)
	routing, setup = results["routing"], results["setup_seconds"]
	lines += [
		"",
		"| other | measured |",
		"|---|---:|",
		f"| routing one report, in process ({routing['responsibilities']:,} responsibilities), "
		f"p50 / p95 | {routing['p50_ms']:g} / {routing['p95_ms']:g} ms |",
		f"| routing, first call per point (cold cache), p50 | {routing['first_call_p50_ms']:g} ms |",
		f"| largest gunicorn worker through the run | {results['memory']['peak_worker_mb']:g} MB |",
		f"| reports accepted / added to the database | {results['integrity']['reports_accepted']} / "
		f"{results['integrity']['reports_added']} |",
	]
	lines += [f"| {label} | {setup[key]:.1f} s |" for key, label in SETUP_ROWS if key in setup]
	lines += ["", "| target | measured | limit | met |", "|---|---:|---:|:---:|"]
	lines += [
		f"| {t['target']} | {t['measured']} | {t['limit']} | {'yes' if t['met'] else '**no**'} |"
		for t in results["targets"]
	]
	return "\n".join(lines) + "\n"
