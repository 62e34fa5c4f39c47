"""What the backup and upgrade tests do on their throwaway sites, run in a process of its own.

The tests' own process is connected to the test site; these sites are others, and the upgrade
test must run the previous release's code: so each task runs as a script, `python site_tasks.py
SITE TASK [JSON]` from the bench's `sites` folder, with the app found on PYTHONPATH (the
previous release's tree first, for the upgrade test), and prints its answer as one JSON line
after `RESULT `. It imports nothing from the tests package, which that old tree may not have.
"""

import hashlib
import json
import struct
import sys
import zlib

import frappe

APP = "gusp_network"
FRAPPE_DOCTYPES = ["File", "User", "Communication"]
# fields every save rewrites, or Frappe keeps for its list view: not the data a user typed
VOLATILE = {"modified", "_user_tags", "_comments", "_assign", "_liked_by", "_seen"}
SAMPLE_SIZE = 5
SECRET_FIELD = ("User", "Administrator", "api_secret")


def app_doctypes() -> list[str]:
	"""The app's DocTypes that have a table of rows: not single, not virtual (child tables included)."""
	modules = frappe.get_all("Module Def", filters={"app_name": APP}, pluck="name")
	return frappe.get_all(
		"DocType",
		filters={"module": ("in", modules), "issingle": 0, "is_virtual": 0},
		pluck="name",
		order_by="name",
	)


def names(doctype: str) -> list[str]:
	return sorted(frappe.qb.from_(doctype).select("name").run(pluck=True))


def sample(doctype: str, all_names: list[str]) -> dict:
	"""Every stored value of a few documents (child rows included, as their own DocType)."""
	rows = {}
	for name in all_names[:SAMPLE_SIZE]:
		row = frappe.db.get_value(doctype, name, "*", as_dict=True)
		rows[name] = {key: value for key, value in row.items() if key not in VOLATILE}
	return rows


def static_defaults(doctype: str) -> dict:
	"""Defaults a migration writes into existing rows (not "Today", a user or a session value)."""
	found = {}
	for field in frappe.get_meta(doctype).fields:
		default = field.default
		if default is None or default == "" or field.fieldtype in frappe.model.no_value_fields:
			continue
		if default.lower() in ("today", "now", "__user") or default.startswith((":", "__")):
			continue
		found[field.fieldname] = default
	return found


def stored_fields(doctype: str) -> list[str]:
	"""The fields of the code's DocType that have a column of their own (not virtual)."""
	return sorted(
		field.fieldname
		for field in frappe.get_meta(doctype).fields
		if field.fieldtype not in frappe.model.no_value_fields
		and field.fieldtype not in frappe.model.table_fields
		and not field.is_virtual
	)


def file_report(theme: str, description: str) -> dict:
	"""A report sent on a resident's behalf (routing runs on insert): its name and tracking key,
	which is stored only hashed and known while the report is made."""
	report = frappe.get_doc(
		{
			"doctype": "Resident Report",
			"theme": theme,
			"description": description,
			"address": "3 place du Marché",
			"reporter_name": "Awa Xylandre",
			"reporter_email": "awa.xylandre@example.org",
			"consent": 1,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return {"name": report.name, "key": report.tracking_key}


def files() -> dict:
	"""Every File record with the SHA-256 of its bytes on disk (None when the file is missing)."""
	found = {}
	for row in frappe.get_all(
		"File",
		filters={"is_folder": 0},
		fields=["name", "file_url", "is_private", "attached_to_doctype", "attached_to_name", "file_size"],
	):
		digest = None
		if row.file_url and row.file_url.startswith(("/files/", "/private/files/")):
			try:
				with open(frappe.get_doc("File", row.name).get_full_path(), "rb") as content:
					digest = hashlib.sha256(content.read()).hexdigest()
			except FileNotFoundError:
				digest = None
		found[row.pop("name")] = {**row, "sha256": digest}
	return found


def snapshot() -> dict:
	"""What must survive a backup and restore or an upgrade, and which code answered."""
	from frappe.modules.utils import get_doc_path
	from frappe.utils.password import get_decrypted_password

	doctypes = app_doctypes()
	all_names = {doctype: names(doctype) for doctype in doctypes}
	return {
		"app_path": frappe.get_app_path(APP),
		"app_version": frappe.get_attr(f"{APP}.__version__"),
		"installed_version": frappe.db.get_value("Installed Application", {"app_name": APP}, "app_version"),
		"doctypes": doctypes,
		"counts": {doctype: frappe.db.count(doctype) for doctype in doctypes + FRAPPE_DOCTYPES},
		"names": all_names,
		"samples": {doctype: sample(doctype, all_names[doctype]) for doctype in doctypes},
		"columns": {doctype: sorted(frappe.db.get_table_columns(doctype)) for doctype in doctypes},
		"defaults": {doctype: static_defaults(doctype) for doctype in doctypes},
		"fields": {doctype: stored_fields(doctype) for doctype in doctypes},
		"hooks_path": frappe.get_module(f"{APP}.hooks").__file__,
		"doctype_json": get_doc_path("Resident Voice", "DocType", "Resident Report"),
		"files": files(),
		"secret": get_decrypted_password(*SECRET_FIELD, raise_exception=False),
	}


def tiny_png(red: int) -> bytes:
	"""A valid 2×2 PNG (`red` varies it: Frappe shares the disk file of identical contents)."""

	def chunk(kind: bytes, data: bytes) -> bytes:
		return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

	raw = b"".join(b"\x00" + bytes((red, 0x33, 0x99)) * 2 for _ in range(2))
	header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
	return (
		b"\x89PNG\r\n\x1a\n"
		+ chunk(b"IHDR", header)
		+ chunk(b"IDAT", zlib.compress(raw))
		+ chunk(b"IEND", b"")
	)


def attach_files(reports: list[str], secret: str) -> dict:
	"""A public and a private picture attached by the resource centre to each report, and a
	password stored encrypted (only the site's encryption key opens it)."""
	from frappe.utils.password import set_encrypted_password

	made = []
	for index, report in enumerate(reports):
		for is_private in (0, 1):
			made.append(
				frappe.get_doc(
					{
						"doctype": "File",
						"file_name": f"sur-place-{index}-{is_private}.png",
						"is_private": is_private,
						"content": tiny_png(16 * index + 8 * is_private),
						"attached_to_doctype": "Resident Report",
						"attached_to_name": report,
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
	set_encrypted_password(*SECRET_FIELD[:2], secret, SECRET_FIELD[2])
	frappe.db.commit()
	return {"files": made}


def report_form() -> dict:
	"""What a resident picks on the report form: a theme that is not a group."""
	theme = frappe.get_all("GUSP Theme", filters={"is_group": 0}, pluck="name", order_by="name", limit=1)
	return {"theme": theme[0]}


def web_form_of(report: str) -> dict:
	"""The report's state and its photo as the desk sees them."""
	return (
		frappe.db.get_value("Resident Report", report, ["workflow_state", "photo", "channel"], as_dict=True)
		or {}
	)


def signed_links(reports: list[str]) -> dict:
	"""The signed tracking link of each report, as the emails after the first one carry it."""
	from gusp_network.resident_voice.contacts import signed_tracking_url

	return {report: "/suivi?" + signed_tracking_url(report).split("/suivi?", 1)[1] for report in reports}


TASKS = {
	"snapshot": snapshot,
	"attach_files": attach_files,
	"report_form": report_form,
	"web_form_of": web_form_of,
	"signed_links": signed_links,
	"file_report": file_report,
}


def main() -> None:
	site, task = sys.argv[1], sys.argv[2]
	arguments = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		result = TASKS[task](**arguments)
	finally:
		frappe.destroy()
	print("RESULT " + json.dumps(result, default=str, sort_keys=True))


if __name__ == "__main__":
	main()
