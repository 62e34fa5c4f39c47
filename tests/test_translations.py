"""The French catalog covers the app: every entry of fr.po is a string Frappe extracts from the
app, each is translated, and the checked-in main.pot is the template Frappe generates today.

The template is regenerated with Frappe's own `generate_pot` (what `bench generate-pot-file --app
gusp_network` runs: babel over the app's repository, with the rows of the app's
babel_extractors.csv before Frappe's), written to a temporary folder instead of the app.
After changing a user-visible string: `bench generate-pot-file --app gusp_network`, then
`bench update-po-files --app gusp_network --locale fr` and translate what is new.
"""

from pathlib import Path

import frappe
import pytest
from babel.messages.pofile import read_po
from frappe.gettext import translate
from frappe.gettext.extractors.javascript import extract as extract_javascript

APP = "gusp_network"
LOCALE = Path(frappe.get_app_path(APP, "locale"))
WEB_FORMS = Path(frappe.get_app_path(APP, "resident_voice", "web_form"))


def read_catalog(path: Path):
	with open(path, "rb") as f:
		return read_po(f)


def entries(catalog) -> set[tuple[str, str | None]]:
	"""(msgid, msgctxt) of every entry but the header."""
	return {(message.id, message.context) for message in catalog if message.id}


def listing(keys) -> str:
	return "\n".join(
		f"  {msgid!r}" + (f" (context {context!r})" if context else "") for msgid, context in sorted(keys)
	)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
	"""main.pot as `bench generate-pot-file --app gusp_network` would write it, in a temporary folder."""
	pot_path = tmp_path_factory.mktemp("locale") / "main.pot"
	with pytest.MonkeyPatch.context() as patch:
		patch.setattr(translate, "get_pot_path", lambda app: pot_path)
		translate.generate_pot(APP)
	return read_catalog(pot_path)


@pytest.fixture(scope="module")
def french():
	return read_catalog(LOCALE / "fr.po")


def test_the_template_is_regenerated_from_the_app_with_its_own_extractors(regenerated):
	# a workflow state, a web form label and a portal menu title: found by babel_extractors.csv
	assert {("Forwarded", None), ("Where?", None), ("Share a Need or an Idea", None)} <= entries(regenerated)


def test_every_entry_of_fr_po_is_a_string_frappe_extracts_from_the_app(french, regenerated):
	missing = entries(french) - entries(regenerated)
	assert not missing, (
		"fr.po has entries that generate-pot-file no longer finds (update-po-files would delete them): "
		"declare them where an extractor of babel_extractors.csv finds them, or remove them if the "
		"app no longer shows them:\n" + listing(missing)
	)


def test_every_entry_of_fr_po_is_translated(french):
	untranslated = {(m.id, m.context) for m in french if m.id and (not m.string or m.fuzzy)}
	assert not untranslated, "fr.po has empty or fuzzy translations:\n" + listing(untranslated)


def test_the_checked_in_template_is_the_one_frappe_generates(regenerated):
	checked_in = entries(read_catalog(LOCALE / "main.pot"))
	stale = checked_in - entries(regenerated)
	new = entries(regenerated) - checked_in
	assert not (stale or new), (
		"gusp_network/locale/main.pot is out of date: run `bench generate-pot-file --app gusp_network`."
		f"\nNo longer in the app:\n{listing(stale)}\nNot yet in main.pot:\n{listing(new)}"
	)


@pytest.mark.parametrize("web_form", ["signalement", "besoin"])
def test_a_web_form_sends_the_page_every_message_of_its_script(web_form):
	"""The page has no translations of its own: get_context sends those of SCRIPT_MESSAGES."""
	module = frappe.get_module(f"{APP}.resident_voice.web_form.{web_form}.{web_form}")
	with open(WEB_FORMS / web_form / f"{web_form}.js", "rb") as f:
		in_script = {
			message[1] if isinstance(message, tuple) else message
			for _line, _function, message, _comments in extract_javascript(f, None, (), {})
		}
	assert in_script == set(module.SCRIPT_MESSAGES)
