"""Emails and background jobs that fail: the report is filed anyway, the email is retried, and the
admin sees what failed (Frappe's Email Queue, Error Log and RQ Job lists).

A fake SMTP server on a free port stands for the mail server: closed, the email fails; listening,
it is received. The site's outgoing account is pointed at it for the test and put back after.
"""

import json
import socketserver
import subprocess
import sys
import threading
import time

import frappe
import pytest
from frappe.email.queue import flush

from tests.conftest import free_port
from tests.factories import SITES, queued_emails

WEB_FORM_ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"


class FakeSMTP:
	"""An SMTP server that can be stopped and started on the same port, keeping what it received."""

	def __init__(self):
		self.port = free_port()
		self.received: list[dict] = []
		self.server = None

	def start(self):
		received = self.received

		class Handler(socketserver.StreamRequestHandler):
			def handle(self):
				envelope = {"to": [], "data": ""}
				self.wfile.write(b"220 fake ESMTP\r\n")
				while line := self.rfile.readline():
					command = line.decode(errors="replace").strip()
					verb = command.split(" ", 1)[0].upper()
					if verb == "DATA":
						self.wfile.write(b"354 go ahead\r\n")
						lines = []
						while (data := self.rfile.readline()) not in (b".\r\n", b""):
							lines.append(data.decode(errors="replace"))
						envelope["data"] = "".join(lines)
						received.append(dict(envelope))
						envelope = {"to": [], "data": ""}
						self.wfile.write(b"250 queued\r\n")
					elif verb == "RCPT":
						envelope["to"].append(command.split(":", 1)[1].strip(" <>"))
						self.wfile.write(b"250 ok\r\n")
					elif verb == "QUIT":
						self.wfile.write(b"221 bye\r\n")
						return
					else:  # EHLO, HELO, MAIL, RSET, NOOP
						self.wfile.write(b"250 ok\r\n")

		class Server(socketserver.ThreadingTCPServer):
			allow_reuse_address = True
			daemon_threads = True
			block_on_close = False  # Frappe keeps its SMTP session open: do not wait for it

		self.server = Server(("127.0.0.1", self.port), Handler)
		threading.Thread(target=self.server.serve_forever, daemon=True).start()

	def stop(self):
		if self.server:
			self.server.shutdown()
			self.server.server_close()
			self.server = None


@pytest.fixture
def mail_server():
	"""The default outgoing account sends to a fake SMTP server (stopped at first); real sending on."""
	smtp = FakeSMTP()
	account = frappe.db.get_value("Email Account", {"default_outgoing": 1, "enable_outgoing": 1})
	assert account, "the site sends its emails through a default outgoing account (made at install)"
	fields = ("smtp_server", "smtp_port", "use_tls", "use_ssl", "use_starttls", "no_smtp_authentication")
	before = frappe.db.get_value("Email Account", account, fields, as_dict=True)
	pending = frappe.get_all(
		"Email Queue",
		filters={"status": ["in", ["Not Sent", "Partially Sent"]]},
		fields=["name", "status", "retry"],
	)
	frappe.db.set_value(
		"Email Account",
		account,
		{
			"smtp_server": "127.0.0.1",
			"smtp_port": smtp.port,
			"use_tls": 0,
			"use_ssl": 0,
			"use_starttls": 0,
			"no_smtp_authentication": 1,
		},
	)
	# other tests' emails wait unsent on this site: not this test's to send
	for row in pending:
		frappe.db.set_value("Email Queue", row.name, "status", "Cancelled", update_modified=False)
	frappe.db.commit()
	frappe.flags.mute_emails, frappe.flags.testing_email = False, True
	try:
		yield smtp
	finally:
		frappe.flags.mute_emails, frappe.flags.testing_email = True, False
		smtp.stop()
		frappe.db.rollback()
		frappe.db.set_value("Email Account", account, before)
		for row in pending:
			frappe.db.set_value(
				"Email Queue", row.name, {"status": row.status, "retry": row.retry}, update_modified=False
			)
		frappe.db.commit()


def file_report(http, place, email: str) -> str:
	data = {
		"doctype": "Resident Report",
		"web_form_name": "signalement",
		"theme": place.theme,
		"description": "La porte du local vélos ne ferme plus depuis lundi.",
		"address": "Local vélos, allée des Cerisiers",
		"latitude": place.lat,
		"longitude": place.lng,
		"reporter_name": "Odile Vantrac",
		"reporter_email": email,
		"consent": 1,
	}
	started = time.monotonic()
	response = http.post(
		http.url(WEB_FORM_ACCEPT), data={"web_form": "signalement", "data": json.dumps(data)}
	)
	assert response.status_code == 200, response.text[-500:]
	assert time.monotonic() - started < 30, "the report does not wait for the mail server"
	return response.json()["message"]["name"]


def email_status(name: str) -> tuple[str, int]:
	frappe.db.rollback()  # flush commits; read what it left
	return frappe.db.get_value("Email Queue", name, ["status", "retry"])


def test_a_receipt_that_cannot_be_sent_never_blocks_the_report_and_is_retried_until_sent(
	http, place, mail_server, created_reports
):
	email = "odile.vantrac@example.org"
	report = file_report(http, place, email)  # the mail server is down
	created_reports.append(report)
	frappe.db.rollback()
	assert frappe.db.exists("Resident Report", report), "filed although no email could go"
	receipts = queued_emails("Resident Contact", report)
	assert [row.recipient for row in receipts] == [email]
	queue = receipts[0].queue
	started = frappe.utils.now_datetime()

	flush()  # the scheduler's job, every few minutes
	assert email_status(queue) == ("Not Sent", 1), "failed once, kept for the next run"
	assert frappe.db.exists(
		"Error Log",
		{"reference_doctype": "Email Queue", "reference_name": queue, "creation": (">=", started)},
	), "the failure is in the admin's Error Log"

	mail_server.start()
	flush()
	assert email_status(queue) == ("Sent", 1)
	assert [message["to"] for message in mail_server.received] == [[email]]
	assert report in mail_server.received[0]["data"]
	frappe.db.delete("Error Log", {"reference_doctype": "Email Queue", "reference_name": queue})
	frappe.db.commit()


def test_an_email_that_keeps_failing_is_marked_failed_for_the_admin_who_can_send_it_again(
	http, place, mail_server, created_reports
):
	report = file_report(http, place, "marius.okonde@example.org")
	created_reports.append(report)
	frappe.db.rollback()
	queue = queued_emails("Resident Contact", report)[0].queue
	limit = frappe.db.get_system_setting("email_retry_limit") or 3
	for attempt in range(1, int(limit) + 1):
		flush()
		assert email_status(queue) == ("Not Sent", attempt)
	flush()
	assert email_status(queue)[0] == "Error", "given up after the retry limit (System Settings)"
	failed = frappe.get_list("Email Queue", filters={"status": "Error"}, pluck="name")
	assert queue in failed, "the admin's Email Queue list shows it as failed"

	mail_server.start()
	frappe.get_doc("Email Queue", queue).retry_sending()  # the admin's "Retry Sending" button
	frappe.db.commit()
	flush()
	assert email_status(queue)[0] == "Sent"
	assert [message["to"] for message in mail_server.received] == [["marius.okonde@example.org"]]
	frappe.db.delete("Error Log", {"reference_doctype": "Email Queue", "reference_name": queue})
	frappe.db.commit()


@pytest.mark.slow
def test_a_background_job_that_fails_is_listed_for_the_admin():
	from frappe.utils.background_jobs import get_queue

	job = frappe.enqueue(
		"frappe.client.get",
		queue="short",
		doctype="Resident Report",
		name="SIG-0000-FAILS",
		job_name="gusp reliability: a job that fails",
	)
	started = frappe.utils.now_datetime()
	try:
		worker = subprocess.run(
			[
				sys.executable,
				"-m",
				"frappe.utils.bench_helper",
				"frappe",
				"worker",
				"--queue",
				"short",
				"--burst",
			],
			cwd=SITES,
			capture_output=True,
			text=True,
			timeout=300,
		)
		assert worker.returncode == 0, worker.stderr[-2000:]
		frappe.db.rollback()
		failed = frappe.get_list(
			"RQ Job",
			filters={"status": "failed", "queue": "short"},
			fields=["job_id", "job_name", "exc_info"],
		)
		ours = [row for row in failed if row.job_id == job.id]
		assert ours, "the admin's RQ Job list shows the failed job"
		assert "DoesNotExistError" in (ours[0].exc_info or "")
		assert frappe.db.exists("Error Log", {"method": "frappe.client.get", "creation": (">=", started)})
	finally:
		get_queue("short").failed_job_registry.remove(job.id, delete_job=True)
		frappe.db.delete("Error Log", {"method": "frappe.client.get", "creation": (">=", started)})
		frappe.db.commit()
