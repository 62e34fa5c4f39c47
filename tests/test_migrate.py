"""What admins own is theirs: `bench migrate` keeps their edits to the workflow."""

import os
import shutil
import subprocess

import frappe

from gusp_network.install import ACTION_SHEET_WORKFLOW
from tests.conftest import BENCH, SITE


def run_migrate():
	bench = shutil.which("bench")
	command = [bench, "--site", SITE, "migrate", "--skip-search-index"] if bench else None
	if not command:
		command = [str(BENCH / "env/bin/python"), "-m", "frappe.utils.bench_helper", "frappe"]
		command += ["--site", SITE, "migrate", "--skip-search-index"]
	cwd = BENCH if bench else BENCH / "sites"
	result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, env=os.environ)
	assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_an_admins_edit_to_a_transition_survives_migrate():
	workflow = frappe.get_doc("Workflow", ACTION_SHEET_WORKFLOW)
	approve = next(t for t in workflow.transitions if t.action == "Approve")
	original = approve.allowed
	approve.allowed = "GUSP Admin"
	workflow.save()
	frappe.db.commit()  # migrate runs in another process
	try:
		run_migrate()
		frappe.db.rollback()
		frappe.clear_cache()
		reloaded = frappe.get_doc("Workflow", ACTION_SHEET_WORKFLOW)
		roles = {t.allowed for t in reloaded.transitions if t.action == "Approve"}
		assert roles == {"GUSP Admin"}
	finally:
		frappe.db.rollback()
		workflow = frappe.get_doc("Workflow", ACTION_SHEET_WORKFLOW)
		for t in workflow.transitions:
			if t.action == "Approve":
				t.allowed = original
		workflow.save()
		frappe.db.commit()
