"""Throwaway sites for the backup and upgrade tests: made with Frappe's CLI in other processes
(the tests' own process stays on the test site), visited over HTTP, dropped at the end."""

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import requests

from tests.factories import BENCH, SITES

ROOT_PASSWORD = os.environ.get("GUSP_DB_ROOT_PASSWORD", "gusp-root")
TASKS = Path(__file__).with_name("site_tasks.py")
UPLOAD = "/api/method/upload_file"
WEB_FORM_ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"
# what changes from one rendering of a page to the next, whatever the site
PER_REQUEST = re.compile(r"csrf_token\s*=\s*\"[^\"]*\"|data-csrf=\"[^\"]*\"|\?ver=\d+|nonce=\"[^\"]*\"")


def throwaway_site(kind: str) -> str:
	"""A new site name of the kind the tests may make and drop (`bk` backup, `up` upgrade)."""
	return f"gusp-{kind}-{uuid.uuid4().hex[:8]}.localhost"


def run(command: list[str], *, pythonpath: Path | None = None, timeout: int = 900) -> str:
	"""A command from the bench's sites folder; its output, or the test fails with its end."""
	env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
	env["PYTHONUNBUFFERED"] = "1"
	if pythonpath:
		env["PYTHONPATH"] = str(pythonpath)
	result = subprocess.run(command, cwd=SITES, capture_output=True, text=True, env=env, timeout=timeout)
	if result.returncode:
		tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-30:])
		raise AssertionError(f"{' '.join(map(str, command[:7]))} failed ({result.returncode}):\n{tail}")
	return result.stdout


def frappe_cli(*args: str, site: str | None = None, pythonpath: Path | None = None) -> str:
	"""Frappe's CLI as `bench` calls it (`python -m frappe.utils.bench_helper frappe …`)."""
	command = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe"]
	return run([*command, *(["--site", site] if site else []), *args], pythonpath=pythonpath)


def task(site: str, name: str, *, pythonpath: Path | None = None, **arguments) -> dict:
	"""One of `site_tasks.py`'s tasks on a site; its JSON answer."""
	output = run([sys.executable, str(TASKS), site, name, json.dumps(arguments)], pythonpath=pythonpath)
	line = next(line for line in reversed(output.splitlines()) if line.startswith("RESULT "))
	return json.loads(line.removeprefix("RESULT "))


def create_demo_site(site: str, *, pythonpath: Path | None = None) -> None:
	"""A site with the app, its setup wizard done and the demo data, as `./gusp up` makes it."""
	frappe_cli(
		"new-site",
		site,
		"--force",
		"--db-root-username",
		"root",
		"--db-root-password",
		ROOT_PASSWORD,
		"--admin-password",
		"admin",
		"--install-app",
		"gusp_network",
		pythonpath=pythonpath,
	)
	frappe_cli("execute", "gusp_network.setup.wizard.complete_setup_wizard", site=site, pythonpath=pythonpath)
	frappe_cli("execute", "gusp_network.demo.load", site=site, pythonpath=pythonpath)


def drop_site(site: str) -> None:
	"""The site's database and folder, gone (no backup, nothing archived)."""
	if (Path(SITES) / site / "site_config.json").exists():
		frappe_cli(
			"drop-site",
			site,
			"--force",
			"--no-backup",
			"--db-root-username",
			"root",
			"--db-root-password",
			ROOT_PASSWORD,
		)
	for folder in (BENCH / "archived" / "sites").glob(f"{site}*"):
		shutil.rmtree(folder, ignore_errors=True)
	shutil.rmtree(Path(SITES) / site, ignore_errors=True)


class Portal:
	"""A resident's browser on one site of the live server (gunicorn serves every site of the bench,
	picking it by the X-Frappe-Site-Name header)."""

	def __init__(self, base_url: str, site: str):
		self.base_url = base_url
		self.site = site
		self.session = requests.Session()
		self.session.headers["X-Frappe-Site-Name"] = site

	def url(self, path: str) -> str:
		return f"{self.base_url}{path}"

	def file_report(self, theme: str, photo: bytes, description: str) -> dict:
		"""A report sent from the portal with a photo, as a guest: its name and tracking key."""
		upload = self.session.post(self.url(UPLOAD), files={"file": ("photo.png", photo)}, timeout=60)
		assert upload.status_code == 200, upload.text[-500:]
		data = {
			"doctype": "Resident Report",
			"web_form_name": "signalement",
			"theme": theme,
			"description": description,
			"address": "12 rue des Tilleuls",
			"photo": upload.json()["message"]["file_url"],
			"reporter_name": "Awa Xylandre",
			"reporter_email": "awa.xylandre@example.org",
			"consent": 1,
		}
		answer = self.session.post(
			self.url(WEB_FORM_ACCEPT), data={"web_form": "signalement", "data": json.dumps(data)}, timeout=60
		)
		assert answer.status_code == 200, answer.text[-500:]
		message = answer.json()["message"]
		return {"name": message["name"], "key": message["tracking_url"].rsplit("/", 1)[1]}

	def page(self, path: str) -> tuple[int, str]:
		"""A page's status and its HTML without what changes from one request or site to the next."""
		response = self.session.get(self.url(path), timeout=60)
		return response.status_code, PER_REQUEST.sub("", response.text).replace(self.site, "SITE")
