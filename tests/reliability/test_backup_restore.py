"""A backup restored into a new site is the same site: `./gusp backup` then `./gusp restore`
(Frappe's `backup --with-files` and `restore` with the files) keep every record, every file's
bytes, stored passwords and the residents' tracking pages."""

import difflib
import os
import re
import subprocess
from pathlib import Path

import pytest

import gusp_network
from tests.factories import BENCH
from tests.reliability.site_tasks import tiny_png
from tests.reliability.sites import (
	ROOT_PASSWORD,
	Portal,
	create_demo_site,
	drop_site,
	task,
	throwaway_site,
)

pytestmark = pytest.mark.slow

GUSP = Path(gusp_network.__file__).resolve().parents[1] / "gusp"
SECRET = "mot-de-passe-du-compte-mail"  # stored encrypted: only the site's encryption key opens it


def gusp(*args: str, backup_dir: Path) -> str:
	"""The operator's command on this bench, as the bench user (who runs the tests)."""
	env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
	env.update(GUSP_BENCH=str(BENCH), GUSP_BACKUP_DIR=str(backup_dir), GUSP_DB_ROOT_PASSWORD=ROOT_PASSWORD)
	result = subprocess.run(
		["bash", str(GUSP), *args], capture_output=True, text=True, env=env, timeout=900, check=False
	)
	output = result.stdout + result.stderr
	assert result.returncode == 0, f"./gusp {' '.join(args)} failed:\n" + output[-3000:]
	return output


def test_a_backup_restored_into_a_new_site_keeps_records_files_passwords_and_tracking_pages(
	live_server, tmp_path
):
	source, restored = throwaway_site("bk"), throwaway_site("bk")
	try:
		create_demo_site(source)
		portal = Portal(live_server, source)
		theme = task(source, "report_form")["theme"]
		reports = [
			portal.file_report(
				theme, tiny_png(200 + index), f"Dépôt sauvage n° {index} au pied de l'immeuble."
			)
			for index in range(3)
		]
		names = [report["name"] for report in reports]
		task(source, "attach_files", reports=names, secret=SECRET)
		links = task(source, "signed_links", reports=names)
		pages = {f"/suivi/{report['key']}": portal.page(f"/suivi/{report['key']}") for report in reports}
		pages |= {link: portal.page(link) for link in links.values()}
		before = task(source, "snapshot")

		output = gusp("backup", source, backup_dir=tmp_path)
		database = re.search(r"database:\s+(\S+-database\.sql\.gz)", output)[1]
		assert Path(database).parent == tmp_path / source, "the backup goes where GUSP_BACKUP_DIR says"
		output = gusp("restore", database, restored, backup_dir=tmp_path)
		assert "public files, private files" in output, output[-1500:]
		after = task(restored, "snapshot")

		assert after["counts"] == before["counts"], "the same number of rows for every DocType"
		assert after["names"] == before["names"], "the same documents"
		assert after["samples"] == before["samples"], "the same values"
		photos = {f["attached_to_name"] for f in before["files"].values() if f["is_private"]}
		assert set(names) <= photos and any(not f["is_private"] for f in before["files"].values())
		assert all(f["sha256"] for f in before["files"].values()), "every file of the source is on its disk"
		assert after["files"] == before["files"], "the same File records and the same bytes on disk"
		assert after["secret"] == SECRET, (
			"passwords stored encrypted still open (the encryption key came along)"
		)

		copy = Portal(live_server, restored)
		for path, (status, html) in pages.items():
			assert status == 200, path
			assert any(name in html for name in names), path
			copied_status, copied_html = copy.page(path)
			changed = [
				line
				for line in difflib.unified_diff(
					html.splitlines(), copied_html.splitlines(), lineterm="", n=0
				)
				if line[:1] in "+-"
			]
			assert (copied_status, changed) == (200, []), f"{path} reads differently on the restored site"
	finally:
		drop_site(source)
		drop_site(restored)
