"""A site built by the previous release (its demo data loaded) migrates to this version with
nothing lost.

The previous release is the last entry of `releases.json` whose version is not this one;
`./gusp test` exports its tree with `git archive` where the bench user can read it and names
it in GUSP_PREVIOUS_RELEASE. The old site is made by processes that find that tree first on
PYTHONPATH, so its code, hooks and DocType JSON are the old ones; `bench migrate` then runs the
current code.
"""

import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from frappe.model import no_value_fields, table_fields

import gusp_network
from tests.reliability.site_tasks import tiny_png
from tests.reliability.sites import Portal, create_demo_site, drop_site, frappe_cli, task, throwaway_site

pytestmark = pytest.mark.slow

RELEASES = Path(__file__).with_name("releases.json")
APP_DIR = Path(gusp_network.__file__).resolve().parent
# Rows a migration to this version adds on purpose, by DocType (say why beside each); anything
# else that changes a count is a loss or a surprise.
DOCUMENTED_ADDITIONS: dict[str, int] = {}


def previous_release_entry() -> dict:
	releases = json.loads(RELEASES.read_text())["releases"]
	return [release for release in releases if release["version"] != gusp_network.__version__][-1]


@pytest.fixture(scope="module")
def previous_release():
	release = previous_release_entry()
	exported = os.environ.get("GUSP_PREVIOUS_RELEASE") or ""
	init = Path(exported) / "gusp_network" / "__init__.py"
	if not exported or not init.is_file():
		message = (
			f"the previous release {release['version']} ({release['commit'][:12]}) is not exported: "
			"`./gusp test` exports it (git archive) into <bench>/previous-release and names it in "
			f"GUSP_PREVIOUS_RELEASE (now {exported!r})"
		)
		if os.environ.get("CI"):
			pytest.fail(message)
		pytest.skip(message)
	version = re.search(r'__version__ = "(.+)"', init.read_text())[1]
	assert version == release["version"], f"{exported} holds {version}, not {release['version']}"
	return SimpleNamespace(path=Path(exported).resolve(), **release)


def doctype_fields(tree: Path) -> dict[str, set[str]]:
	"""The fields with a column of every DocType of the app with a table in a source tree."""
	found = {}
	for path in (tree / "gusp_network").glob("*/doctype/*/*.json"):
		data = json.loads(path.read_text())
		if data.get("doctype") != "DocType" or path.stem != path.parent.name:
			continue
		if not (data.get("issingle") or data.get("is_virtual")):  # those have no table of rows
			found[data["name"]] = {
				field["fieldname"]
				for field in data.get("fields", [])
				if field["fieldtype"] not in no_value_fields
				and field["fieldtype"] not in table_fields
				and not field.get("is_virtual")
			}
	return found


def same_value(stored, default: str) -> bool:
	try:
		return float(stored) == float(default)
	except (TypeError, ValueError):
		return str(stored) == default


def test_a_site_built_by_the_previous_release_migrates_with_nothing_lost(previous_release, live_server):
	old = previous_release.path
	site = throwaway_site("up")
	try:
		create_demo_site(site, pythonpath=old)
		theme = task(site, "report_form", pythonpath=old)["theme"]
		filed = task(
			site, "file_report", pythonpath=old, theme=theme, description="Tag sur le mur de l'école."
		)
		link = task(site, "signed_links", pythonpath=old, reports=[filed["name"]])[filed["name"]]
		before = task(site, "snapshot", pythonpath=old)

		# the old site was made by the old code, not by this checkout
		assert before["app_version"] == previous_release.version
		assert before["installed_version"] in (None, previous_release.version)  # recorded by migrate
		for path in (before["app_path"], before["hooks_path"], before["doctype_json"]):
			assert Path(path).resolve().is_relative_to(old), path
		now, then = doctype_fields(APP_DIR.parent), doctype_fields(old)
		only_now = {(doctype, field) for doctype in now for field in now[doctype] - then.get(doctype, set())}
		present = {(d, f) for d, f in only_now if f in before["columns"].get(d, [])}
		assert not present, f"fields of this version only, yet in the old site: {present}"

		frappe_cli("migrate", "--skip-search-index", site=site)
		after = task(site, "snapshot")

		assert after["app_version"] == after["installed_version"] == gusp_network.__version__
		assert Path(after["app_path"]).resolve() == APP_DIR
		assert not set(before["doctypes"]) - set(after["doctypes"]), "no DocType dropped"
		for doctype, count in before["counts"].items():
			expected = count + DOCUMENTED_ADDITIONS.get(doctype, 0)
			assert after["counts"][doctype] == expected, (
				f"{doctype}: {count} rows before, {after['counts'][doctype]} after"
			)
		lost = {d: sorted(set(names) - set(after["names"][d])) for d, names in before["names"].items()}
		assert not any(lost.values()), f"documents lost: { {d: n for d, n in lost.items() if n} }"
		for doctype, rows in before["samples"].items():
			for name, values in rows.items():
				kept = after["samples"][doctype].get(name) or {}
				changed = {k: (v, kept.get(k)) for k, v in values.items() if k in kept and kept[k] != v}
				assert not changed, f"{doctype} {name} changed: {changed}"

		for doctype, fields in after["fields"].items():
			assert set(fields) <= set(after["columns"][doctype]), (
				f"{doctype}: a field of the code has no column"
			)
			added = set(after["columns"][doctype]) - set(before["columns"].get(doctype, []))
			for field in added & set(after["defaults"][doctype]) if doctype in before["columns"] else ():
				default = after["defaults"][doctype][field]
				for name, row in after["samples"][doctype].items():
					assert same_value(row[field], default), (
						f"{doctype} {name}: new {field} is {row[field]!r}, not {default!r}"
					)
		missing = {(d, f) for d, f in only_now if f not in after["columns"].get(d, [])}
		assert not missing, f"fields of this version missing after the upgrade: {missing}"

		portal = Portal(live_server, site)
		for path in (f"/suivi/{filed['key']}", link):
			status, html = portal.page(path)
			assert status == 200 and filed["name"] in html, f"{path} after the upgrade: {status}"
		new = portal.file_report(theme, tiny_png(77), "Encombrants devant le local vélos depuis lundi.")
		status, html = portal.page(f"/suivi/{new['key']}")
		assert status == 200 and new["name"] in html, "a report filed after the upgrade can be followed"
		assert task(site, "web_form_of", report=new["name"])["photo"], "with its photo"
	finally:
		drop_site(site)
