"""The benchmark's own site: created fresh each run, timed, filled with scale data.

Frappe's CLI is called the way `bench` calls it (`python -m frappe.utils.bench_helper frappe …`
from the bench's `sites` folder), so the benchmark needs no `bench` program of its own.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

APP = "gusp_network"


class SiteError(RuntimeError):
	"""A Frappe command the benchmark needs failed (its output's end is the message)."""


class BenchSite:
	def __init__(self, bench_dir: Path, site: str, *, db_root_password: str, admin_password: str):
		self.bench_dir = bench_dir
		self.sites = bench_dir / "sites"
		self.site = site
		self.db_root_password = db_root_password
		self.admin_password = admin_password

	def frappe(self, *args: str, site: bool = True) -> float:
		"""Run a Frappe command; its duration in seconds."""
		command = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe"]
		command += ["--site", self.site] if site else []
		began = time.perf_counter()
		result = subprocess.run(
			[*command, *args],
			cwd=self.sites,
			capture_output=True,
			text=True,
			env={**os.environ, "PYTHONUNBUFFERED": "1"},
			check=False,
		)
		if result.returncode:
			tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-20:])
			raise SiteError(f"frappe {' '.join(args[:1])} failed on {self.site}:\n{tail}")
		return round(time.perf_counter() - began, 1)

	def create(self) -> dict[str, float]:
		"""A new site (an existing one of that name is dropped), the app installed, the setup
		wizard completed, the demo data loaded; seconds per step."""
		return {
			"new_site": self.frappe(
				"new-site",
				self.site,
				"--force",
				"--db-root-username",
				"root",
				"--db-root-password",
				self.db_root_password,
				"--admin-password",
				self.admin_password,
				site=False,
			),
			"install_app": self.frappe("install-app", APP),
			"setup_wizard": self.frappe("execute", f"{APP}.setup.wizard.complete_setup_wizard"),
			"demo_data": self.frappe("execute", f"{APP}.demo.load"),
		}

	def drop(self) -> None:
		self.frappe(
			"drop-site",
			self.site,
			"--force",
			"--no-backup",
			"--db-root-username",
			"root",
			"--db-root-password",
			self.db_root_password,
			site=False,
		)
		# drop-site archives the folder; the benchmark keeps nothing of a site it made
		archived = self.bench_dir / "archived" / "sites"
		if archived.is_dir():
			for folder in archived.glob(f"{self.site}*"):
				subprocess.run(["rm", "-rf", str(folder)], check=False)
