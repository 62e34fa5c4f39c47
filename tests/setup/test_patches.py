"""Every patch listed imports and can run twice without changing what admins edited."""

from pathlib import Path

import frappe
import pytest

PATCHES_TXT = Path(frappe.get_app_path("gusp_network", "patches.txt"))
PATCHES = [
	line.split("#")[0].strip()
	for line in PATCHES_TXT.read_text().splitlines()
	if line.strip() and not line.startswith(("[", "#"))
]


@pytest.mark.parametrize("patch", PATCHES)
def test_a_patch_runs_twice_and_keeps_an_admins_edits(patch):
	frappe.db.set_value("Notification", "Resident Report: received", "subject", "Sujet choisi par l'admin")
	execute = frappe.get_attr(f"{patch}.execute")
	execute()
	execute()
	assert (
		frappe.db.get_value("Notification", "Resident Report: received", "subject")
		== "Sujet choisi par l'admin"
	)
	assert frappe.db.count("Workflow", {"document_type": "Resident Report"}) == 1
	assert frappe.db.count("Assignment Rule", {"document_type": "Resident Report"}) == 1
