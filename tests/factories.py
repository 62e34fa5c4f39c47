"""Test data built with Faker (fr_FR). Every factory takes overrides as keyword arguments."""

import html
import os
import shutil
import struct
import subprocess
import zlib
from contextlib import contextmanager
from email import message_from_string
from email.header import decode_header, make_header
from pathlib import Path
from types import SimpleNamespace

import frappe
from faker import Faker
from frappe.translate import get_full_dict
from frappe.utils import add_days, today

from gusp_network.directory.geography import geojson_rectangle

fake = Faker("fr_FR")

SITE = os.environ.get("FRAPPE_SITE", "gusp-test.localhost")
BENCH = Path(os.environ.get("FRAPPE_BENCH", Path(__file__).resolve().parents[3]))
SITES = os.environ.get("FRAPPE_SITES_PATH", str(BENCH / "sites"))


@contextmanager
def as_user(user: str):
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user(previous)


def unique(text: str) -> str:
	return f"{text} {fake.unique.bothify('??###').upper()}"


def make_territory(**overrides):
	doc = frappe.get_doc(
		{
			"doctype": "GUSP Territory",
			"territory_name": unique(f"QPV {fake.last_name()}"),
			"territory_type": "QPV",
			"code": fake.bothify("QN0##??#").upper(),
			**overrides,
		}
	)
	return doc.insert()


def make_theme(**overrides):
	doc = frappe.get_doc(
		{"doctype": "GUSP Theme", "theme_name": unique(fake.word().capitalize()), **overrides}
	)
	return doc.insert()


def make_network_member(**overrides):
	doc = frappe.get_doc(
		{
			"doctype": "Network Member",
			"member_name": unique(f"Ville de {fake.city()}"),
			"member_type": "Municipality",
			"email": fake.email(),
			**overrides,
		}
	)
	return doc.insert()


def make_user(*roles: str, member: str | None = None, **overrides):
	first, last = fake.first_name(), fake.last_name()
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"{fake.unique.user_name()}.{fake.random_int(1000, 9999)}@test.gusp.fr",
			"first_name": first,
			"last_name": last,
			"send_welcome_email": 0,
			"roles": [{"role": role} for role in roles],
			**overrides,
		}
	).insert()
	if member:
		org = frappe.get_doc("Network Member", member)
		org.append("users", {"user": user.name})
		org.save()
	return user


def make_workstream_name() -> str:
	return frappe.get_all("Workstream", order_by="number asc", pluck="name", limit=1)[0]


def make_action_sheet(lead_member: str, state: str | None = None, **overrides):
	"""An Action Sheet inserted as Administrator, optionally moved straight to a workflow state."""
	with as_user("Administrator"):
		doc = frappe.get_doc(
			{
				"doctype": "Action Sheet",
				"title": fake.sentence(nb_words=6).rstrip("."),
				"workstream": make_workstream_name(),
				"lead_member": lead_member,
				"start_date": today(),
				"end_date": add_days(today(), 180),
				"description": fake.paragraph(),
				**overrides,
			}
		).insert()
		if state:
			doc.db_set("workflow_state", state, update_modified=False)
	return doc


def make_network():
	"""Organisations A and B, a member user in each, a resource-centre user, a manager and an admin.

	The admin is created first and is a System Manager, as on a real site: Frappe gives that
	role to the first desk user of a site that has no other System Manager.
	"""
	admin = make_user("GUSP Admin", "System Manager").name
	# the site's own default sender ("Réseau GUSP", made at install) when there is one: taking the
	# default away would leave the site with none once the network is deleted
	default_sender = frappe.db.get_value("Email Account", {"default_outgoing": 1, "enable_outgoing": 1})
	outgoing = None if default_sender else make_outgoing_email_account()
	org_a = make_network_member()
	org_b = make_network_member(member_type="Social Landlord", member_name=unique("Bailleur"))
	return SimpleNamespace(
		org_a=org_a.name,
		org_b=org_b.name,
		member_a=make_user("GUSP Member", member=org_a.name).name,
		member_b=make_user("GUSP Member", member=org_b.name).name,
		centre=make_user("GUSP Resource Centre").name,
		manager=make_user("GUSP Manager").name,
		admin=admin,
		outgoing=outgoing,
	)


def make_outgoing_email_account() -> str:
	"""Frappe builds every queued email with a sender; tests mute sending but need an account."""
	return (
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": unique("GUSP Tests"),
				"email_id": f"noreply.{fake.random_int(1000, 9999)}@test.gusp.fr",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "localhost",
				"no_smtp_authentication": 1,
			}
		)
		.insert()
		.name
	)


def delete_network(network) -> None:
	users = [network.member_a, network.member_b, network.centre, network.manager, network.admin]
	for org in (network.org_a, network.org_b):
		frappe.delete_doc("Network Member", org, force=True, ignore_permissions=True)
	for contact in frappe.get_all("Contact", filters={"user": ("in", users)}, pluck="name"):
		frappe.delete_doc("Contact", contact, force=True, ignore_permissions=True)
	if network.outgoing:
		frappe.delete_doc("Email Account", network.outgoing, force=True, ignore_permissions=True)
	for user in users:
		# on_trash refuses to delete users on a site whose only System Manager is Administrator
		frappe.delete_doc("User", user, force=True, ignore_permissions=True, ignore_on_trash=True)


def make_geography():
	"""A commune holding a QPV holding a sector, each with a perimeter, far from any demo data."""
	commune = make_territory(
		territory_type="Commune", is_group=1, geolocation=geojson_rectangle((-60.0, -40.0, -59.9, -39.9))
	)
	qpv = make_territory(
		territory_type="QPV",
		is_group=1,
		parent_gusp_territory=commune.name,
		geolocation=geojson_rectangle((-59.98, -39.98, -59.94, -39.94)),
	)
	sector = make_territory(
		territory_type="Sector",
		parent_gusp_territory=qpv.name,
		geolocation=geojson_rectangle((-59.97, -39.97, -59.96, -39.96)),
	)
	return SimpleNamespace(commune=commune.name, qpv=qpv.name, sector=sector.name)


def make_responsibility(theme: str, territory: str, member: str, **overrides):
	return frappe.get_doc(
		{
			"doctype": "Responsibility",
			"theme": theme,
			"territory": territory,
			"network_member": member,
			"role": "Lead",
			"land_status": "Any",
			**overrides,
		}
	).insert()


def make_report(theme: str, **overrides):
	"""A resident report as the current user would send it (routing runs on insert)."""
	doc = frappe.get_doc(
		{
			"doctype": "Resident Report",
			"theme": theme,
			"description": fake.sentence(nb_words=12),
			"address": fake.street_address(),
			**overrides,
		}
	)
	return doc.insert(ignore_permissions=True)


# where Frappe keeps what happened to a document: (doctype, its doctype field, its name field)
TRACES = [
	("ToDo", "reference_type", "reference_name"),
	("Email Queue", "reference_doctype", "reference_name"),
	("Notification Log", "document_type", "document_name"),
	("Version", "ref_doctype", "docname"),
	("Comment", "reference_doctype", "reference_name"),
]


def delete_traces(doctype: str, name: str) -> None:
	"""Assignments, emails, notifications and history left by a document a test committed."""
	for trace, doctype_field, name_field in TRACES:
		frappe.db.delete(trace, {doctype_field: doctype, name_field: name})


def tiny_png(red: int = 0xFF) -> bytes:
	"""A valid 2×2 PNG, built here so the test needs no file on disk (vary `red` for files
	Frappe must not take for one: it shares the disk file of identical contents)."""

	def chunk(kind: bytes, data: bytes) -> bytes:
		return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

	raw = b"".join(b"\x00" + bytes((red, 0xCC, 0x00)) * 2 for _ in range(2))
	header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
	return (
		b"\x89PNG\r\n\x1a\n"
		+ chunk(b"IHDR", header)
		+ chunk(b"IDAT", zlib.compress(raw))
		+ chunk(b"IEND", b"")
	)


def run_migrate() -> None:
	"""`bench migrate` on the test site, in another process (commit what it must see first)."""
	bench = shutil.which("bench")
	command = [bench, "--site", SITE, "migrate", "--skip-search-index"] if bench else None
	if not command:
		command = [str(BENCH / "env/bin/python"), "-m", "frappe.utils.bench_helper", "frappe"]
		command += ["--site", SITE, "migrate", "--skip-search-index"]
	cwd = BENCH if bench else BENCH / "sites"
	result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, env=os.environ)
	assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def french(message: str) -> str:
	"""The French the site answers with (the site's language is French)."""
	return get_full_dict("fr").get(message, message)


def delete_reports_about(themes: list[str]) -> None:
	"""Reports the server created for these themes, and the grey zones, needs, emails they caused."""
	reports = frappe.get_all("Resident Report", filters={"theme": ("in", themes)}, pluck="name")
	for name in reports:
		for email in frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Resident Report", "reference_name": name},
			pluck="name",
		):
			delete("Email Queue", email)
		delete("Resident Report", name)  # its ToDo, Version and Comment rows go with it
	for doctype in ("Grey Zone", "Resident Need"):
		for name in frappe.get_all(doctype, filters={"theme": ("in", themes)}, pluck="name"):
			delete(doctype, name)


def delete(doctype: str, name: str) -> None:
	"""Gone for good: no Deleted Document kept either."""
	frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, delete_permanently=True)


def qualify(*names: str) -> None:
	"""Public outputs show a report once the resource centre has taken it in (committed: the live
	server must see it)."""
	for name in names:
		frappe.db.set_value("Resident Report", name, "workflow_state", "Qualified")
	frappe.db.commit()


def queued_emails(doctype: str, name: str) -> list[frappe._dict]:
	"""Emails queued about a record, one per recipient, as read: `queue`, `recipient`, `subject`, `body`
	(HTML, unescaped), `to` (the To header) and `calendars` (the .ics files attached)."""
	queue = frappe.qb.DocType("Email Queue")
	recipient = frappe.qb.DocType("Email Queue Recipient")
	rows = (
		frappe.qb.from_(queue)
		.join(recipient)
		.on(recipient.parent == queue.name)
		.select(queue.name, queue.message, recipient.recipient)
		.where((queue.reference_doctype == doctype) & (queue.reference_name == name))
		.run(as_dict=True)
	)
	return [frappe._dict(queue=row.name, recipient=row.recipient, **read_email(row.message)) for row in rows]


def read_email(raw: str) -> dict:
	message = message_from_string(raw)
	parts = list(message.walk())
	return {
		"subject": str(make_header(decode_header(message["Subject"]))),
		"body": html.unescape(
			" ".join(
				part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
				for part in parts
				if part.get_content_type() == "text/html"
			)
		),
		"to": message["To"] or "",
		"calendars": [
			part.get_payload(decode=True) for part in parts if (part.get_filename() or "").endswith(".ics")
		],
	}
