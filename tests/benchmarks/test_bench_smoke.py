"""The benchmark's quick mode (`./gusp bench --scale 0.01`) end to end, as a smoke test.

It builds its own site, measures every scenario and drops the site. The numbers are not judged
here (the targets live in the benchmark, `benchmarks/targets.py`, not in timed unit tests): this
checks that the run goes through, measures what it says, and loses or doubles no report.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import frappe
import pytest

from benchmarks.output import HTTP_ROWS
from benchmarks.targets import check_targets

APP_DIR = Path(__file__).resolve().parents[2]
SITE = "gusp-bench-smoke.localhost"
SCRIPT_REPORTS = sorted(
	json.loads(path.read_text())["name"]
	for path in (APP_DIR / "gusp_network").glob("*/report/*/*.json")
	if json.loads(path.read_text()).get("report_type") == "Script Report"
)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
	out = tmp_path_factory.mktemp("benchmark")
	command = [sys.executable, "-m", "benchmarks.run", "--scale", "0.01", "--seconds", "2"]
	command += ["--site", SITE, "--out", str(out), "--drop-site"]
	process = subprocess.run(command, cwd=APP_DIR, capture_output=True, text=True, timeout=1200, check=False)
	output = process.stdout[-4000:] + process.stderr[-4000:]
	assert process.returncode in (0, 1), output
	return process, json.loads((out / "latest.json").read_text()), (out / "latest.md").read_text()


def test_every_scenario_is_measured_without_a_server_error(run):
	_process, results, _table = run
	assert set(results["http"]) == {key for key, _label, _baseline in HTTP_ROWS}
	for name, phase in results["http"].items():
		assert phase["requests"] > 0, name
		assert phase["accepted"] == phase["requests"], (name, phase["statuses"])


def test_every_report_sent_is_in_the_database_once(run):
	_process, results, _table = run
	integrity = results["integrity"]
	assert integrity["reports_accepted"] > 0
	assert integrity["reports_added"] == integrity["reports_accepted"]


def test_the_data_is_at_the_asked_scale(run):
	_process, results, _table = run
	counts = results["counts"]
	assert counts["Resident Report"] == 1000
	assert counts["Responsibility"] == 30
	assert counts["Action Sheet"] == 50
	assert results["routing"]["responsibilities"] >= 30


def test_every_script_report_is_measured_against_its_raw_sql(run):
	_process, results, _table = run
	assert sorted(results["reports"]) == SCRIPT_REPORTS
	for name, measured in results["reports"].items():
		assert measured["report_ms"] > 0 and measured["baseline_ms"] > 0, name


def test_the_table_shows_every_target_and_the_exit_code_says_whether_one_is_missed(run):
	process, results, table = run
	assert results["targets"] == check_targets(results)
	for target in results["targets"]:
		assert f"| {target['target']} |" in table
	assert table in process.stdout
	assert process.returncode == (0 if all(t["met"] for t in results["targets"]) else 1)


def test_the_site_is_dropped_afterwards(run):
	assert not (Path(frappe.get_site_path("..")) / SITE).exists()
