"""A site made when the app had one module ("GUSP Network") migrates into the domain modules.

The previous layout is rebuilt in the database (what a site installed before the change holds),
then the real `bench migrate` runs in another process: DocTypes, web forms and workspaces land
in their domain's module, the new Module Defs exist, the old one is gone, and nothing an admin
edited is lost.
"""

import json
from pathlib import Path

import frappe
import pytest

from gusp_network.setup.workflows import ACTION_SHEET_WORKFLOW
from tests.factories import run_migrate

OLD_MODULE = "GUSP Network"
APP_DIR = Path(frappe.get_app_path("gusp_network"))
NEW_WORKSPACES = ("Directory", "Workstreams", "Resident Voice")


def standard_files(kind: str) -> dict[str, str]:
	"""{record name: module} of the app's standard files of one kind (doctype, web_form, workspace)."""
	found = {}
	for path in APP_DIR.glob(f"*/{kind}/*/*.json"):
		data = json.loads(path.read_text(encoding="utf-8"))
		found[data["name"]] = data["module"]
	return found


def rebuild_previous_layout() -> None:
	"""Every record of the app in one module, as `./gusp up` left sites before the change."""
	frappe.db.delete("Module Def", {"name": OLD_MODULE})
	frappe.get_doc(
		{"doctype": "Module Def", "module_name": OLD_MODULE, "app_name": "gusp_network"}
	).db_insert()
	for doctype in standard_files("doctype"):
		# another file was synced then: its hash differs from today's
		frappe.db.set_value(
			"DocType",
			doctype,
			{"module": OLD_MODULE, "migration_hash": "previous-layout"},
			update_modified=False,
		)
	for web_form in standard_files("web_form"):
		frappe.db.set_value(
			"Web Form",
			web_form,
			{"module": OLD_MODULE, "modified": "2026-05-01 00:00:00"},
			update_modified=False,
		)
	for workspace in NEW_WORKSPACES:
		frappe.delete_doc("Workspace", workspace, force=True, ignore_permissions=True)
	frappe.db.set_value(
		"Workspace", "GUSP", {"module": OLD_MODULE, "modified": "2026-05-01 00:00:00"}, update_modified=False
	)
	for module in frappe.get_module_list("gusp_network"):
		frappe.db.delete("Module Def", {"name": module})
	# the patches that move a site to the domain modules have not run there yet
	frappe.db.delete("Patch Log", {"patch": ("like", "gusp_network.patches.v0_2.%")})


@pytest.fixture
def admins_edits():
	"""What an admin changed on the old site: a workflow role, a notification text, a setting."""
	workflow = frappe.get_doc("Workflow", ACTION_SHEET_WORKFLOW)
	approve = next(t for t in workflow.transitions if t.action == "Approve")
	before = (
		approve.allowed,
		frappe.db.get_value("Notification", "Resident Report: received", "subject"),
		frappe.db.get_single_value("GUSP Settings", "reopen_days"),
	)
	approve.allowed = "GUSP Admin"
	workflow.save()
	frappe.db.set_value("Notification", "Resident Report: received", "subject", "Bien reçu, merci !")
	frappe.db.set_single_value("GUSP Settings", "reopen_days", 45)
	frappe.db.commit()
	yield
	frappe.db.rollback()
	workflow = frappe.get_doc("Workflow", ACTION_SHEET_WORKFLOW)
	for transition in workflow.transitions:
		if transition.action == "Approve":
			transition.allowed = before[0]
	workflow.save()
	frappe.db.set_value("Notification", "Resident Report: received", "subject", before[1])
	frappe.db.set_single_value("GUSP Settings", "reopen_days", before[2])
	frappe.db.commit()


def test_a_site_of_the_single_module_layout_migrates_into_the_domain_modules(admins_edits):
	counts = {
		doctype: frappe.db.count(doctype)
		for doctype in standard_files("doctype")
		if doctype != "GUSP Settings"
	}
	rebuild_previous_layout()
	frappe.db.commit()
	assert frappe.db.get_value("DocType", "Resident Report", "module") == OLD_MODULE

	run_migrate()
	frappe.db.rollback()
	frappe.clear_cache()

	for kind, doctype in (("doctype", "DocType"), ("web_form", "Web Form"), ("workspace", "Workspace")):
		moved = dict(
			frappe.get_all(
				doctype,
				filters={"name": ("in", list(standard_files(kind)))},
				fields=["name", "module"],
				as_list=True,
			)
		)
		assert moved == standard_files(kind), f"every {doctype} names its domain's module"
	assert set(frappe.get_all("Module Def", filters={"app_name": "gusp_network"}, pluck="name")) == set(
		frappe.get_module_list("gusp_network")
	)
	assert not frappe.db.exists("Module Def", OLD_MODULE)
	assert {w: frappe.db.get_value("Workspace", w, "parent_page") for w in NEW_WORKSPACES} == dict.fromkeys(
		NEW_WORKSPACES, "GUSP"
	)
	# nothing lost: records, and what the admin edited
	assert {doctype: frappe.db.count(doctype) for doctype in counts} == counts
	workflow = frappe.get_doc("Workflow", ACTION_SHEET_WORKFLOW)
	assert {t.allowed for t in workflow.transitions if t.action == "Approve"} == {"GUSP Admin"}
	assert frappe.db.get_value("Notification", "Resident Report: received", "subject") == "Bien reçu, merci !"
	assert frappe.db.get_single_value("GUSP Settings", "reopen_days") == 45
	# each form opens: its controller is found in the new module
	for doctype in standard_files("doctype"):
		assert (
			frappe.get_doc({"doctype": doctype}).__class__.__name__ != "Document"
			or frappe.get_meta(doctype).istable
		)
