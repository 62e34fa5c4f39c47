"""Practice sheets: who writes one, what publishing asks for and keeps, the files a published sheet
makes public (and a draft never), and an evaluation's lessons or a trip's learnings turned into a
draft in one action."""

import secrets
from pathlib import Path

import frappe
import pytest
from frappe.model.document import Document
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today

from gusp_network.exceptions import (
	DuplicateCoAuthorError,
	NotOwnPracticeSheetError,
	PracticeSheetIncompleteError,
	PracticeSheetSourceNotReadyError,
)
from gusp_network.knowledge.practice_sheets import (
	create_practice_sheet_from_evaluation,
	create_practice_sheet_from_trip,
	keep_draft_file_private,
)
from tests.factories import as_user, make_action_sheet, make_territory, make_theme, make_user
from tests.knowledge.factories import make_evaluation, make_practice_sheet
from tests.network_life.factories import make_meeting, make_trip

SHEET = "Practice Sheet"


def count() -> int:
	return frappe.db.count(SHEET)


def new_sheet(lead: str, *co_authors: str) -> Document:
	return frappe.get_doc(
		{
			"doctype": SHEET,
			"title": "Nettoyer les halls avec les locataires",
			"lead_member": lead,
			"co_authors": [{"network_member": member} for member in co_authors],
		}
	)


def act(sheet: str, action: str, user: str):
	with as_user(user):
		return apply_workflow(frappe.get_doc(SHEET, sheet).as_dict(), action)


# ---------------------------------------------------------------- who writes, what publishing asks


def test_a_member_creates_a_sheet_only_with_its_own_organisation_as_lead(network):
	before = count()
	with as_user(network.member_a):
		# co-author is not enough: the organisation holds the pen or asks the lead to
		with pytest.raises(NotOwnPracticeSheetError) as refused:
			new_sheet(network.org_b, network.org_a).insert()
		assert network.org_b in str(refused.value) and network.org_a in str(refused.value)
		assert count() == before
		mine = new_sheet(network.org_a, network.org_b).insert()
	assert mine.workflow_state == "Draft"
	with as_user(network.member_a), pytest.raises(NotOwnPracticeSheetError):
		mine.lead_member = network.org_b  # handing it over is the resource centre's
		mine.save()
	with as_user(network.centre):
		assert new_sheet(network.org_b).insert().lead_member == network.org_b


def test_a_co_author_is_listed_once(network):
	with as_user(network.member_a), pytest.raises(DuplicateCoAuthorError):
		new_sheet(network.org_a, network.org_b, network.org_b).insert()


def test_publishing_needs_a_summary_and_content_and_saves_nothing(network):
	sheet = make_practice_sheet(network.org_a, network.org_b, state="In Review", summary=" ")
	with pytest.raises(PracticeSheetIncompleteError):
		act(sheet.name, "Publish", network.centre)
	assert frappe.db.get_value(SHEET, sheet.name, ["workflow_state", "published_on"]) == ("In Review", None)
	frappe.db.set_value(SHEET, sheet.name, "summary", "Trois gestes simples pour des halls propres.")
	assert act(sheet.name, "Publish", network.centre).workflow_state == "Published"


def test_the_publication_date_is_set_once_and_kept_when_archived_and_published_again(network):
	sheet = make_practice_sheet(network.org_a, state="In Review")
	assert act(sheet.name, "Publish", network.centre).published_on is not None
	assert getdate(frappe.db.get_value(SHEET, sheet.name, "published_on")) == getdate(today())
	long_ago = add_days(today(), -400)
	frappe.db.set_value(SHEET, sheet.name, "published_on", long_ago)
	act(sheet.name, "Archive", network.centre)
	act(sheet.name, "Publish Again", network.centre)
	assert frappe.db.get_value(SHEET, sheet.name, ["workflow_state", "published_on"]) == (
		"Published",
		getdate(long_ago),
	)


# ---------------------------------------------------------------- files


@pytest.fixture
def attach():
	"""`attach(sheet, private=1)`: a file on disk, attached to the sheet as the desk's attachment rows
	do (the sheet, its `attachment`). Written to the database only: Frappe undoes a file's move
	when the transaction is rolled back, and the file itself is removed afterwards."""
	made = []

	def make(sheet: str, private: int = 1) -> Document:
		file_name = f"guide-{secrets.token_hex(6)}.txt"
		path = Path(frappe.get_site_path("private" if private else "public", "files", file_name))
		path.write_text(f"Guide des halls {secrets.token_hex(8)}", encoding="utf-8")
		made.append(file_name)
		file = frappe.new_doc("File")
		file.update(
			{
				"file_name": file_name,
				"file_url": f"{'/private' if private else ''}/files/{file_name}",
				"is_private": private,
				"content_hash": secrets.token_hex(16),
				"attached_to_doctype": SHEET,
				"attached_to_name": sheet,
				"attached_to_field": "attachment",
			}
		)
		file.name = frappe.generate_hash(length=10)
		file.db_insert()
		return file

	yield make
	frappe.db.rollback()
	for file_name in made:
		for folder in ("private", "public"):
			Path(frappe.get_site_path(folder, "files", file_name)).unlink(missing_ok=True)


def on_disk(file_url: str) -> bool:
	parts = ("private", "files") if file_url.startswith("/private/") else ("public", "files")
	return Path(frappe.get_site_path(*parts, file_url.rsplit("/", 1)[1])).is_file()


def rows_of(sheet: str) -> list[str]:
	return frappe.get_all("Practice Sheet Attachment", filters={"parent": sheet}, pluck="attachment")


def test_a_published_sheet_makes_the_files_it_lists_public(network, attach):
	sheet = make_practice_sheet(network.org_a, state="In Review")
	listed, unlisted = attach(sheet.name), attach(sheet.name)
	doc = frappe.get_doc(SHEET, sheet.name)
	doc.append("attachments", {"attachment": listed.file_url, "description": "Guide"})
	doc.save()
	listed.reload()
	assert listed.is_private == 1, "a sheet in review keeps its files private"

	act(sheet.name, "Publish", network.centre)
	listed.reload()
	unlisted.reload()
	assert (listed.is_private, unlisted.is_private) == (0, 1), "only what the sheet lists is published"
	assert listed.file_url.startswith("/files/") and on_disk(listed.file_url)
	assert rows_of(sheet.name) == [listed.file_url], "the row follows the file to its public address"
	assert listed.attached_to_field == "attachment"


def test_an_archived_sheet_s_files_become_private_again(network, attach):
	sheet = make_practice_sheet(network.org_a, state="Published")
	listed = attach(sheet.name, private=0)
	frappe.get_doc(SHEET, sheet.name).append("attachments", {"attachment": listed.file_url}).db_insert()
	act(sheet.name, "Archive", network.centre)
	listed.reload()
	assert (
		listed.is_private == 1 and listed.file_url.startswith("/private/files/") and on_disk(listed.file_url)
	)
	assert rows_of(sheet.name) == [listed.file_url]


def test_a_draft_s_files_stay_private_even_when_uploaded_as_public(network, attach):
	sheet = make_practice_sheet(network.org_a)
	uploaded = attach(sheet.name, private=0)
	keep_draft_file_private(uploaded)  # the File `after_insert` hook
	uploaded.reload()
	assert uploaded.is_private == 1 and uploaded.file_url.startswith("/private/files/")

	other = attach(sheet.name, private=0)
	doc = frappe.get_doc(SHEET, sheet.name)
	doc.append("attachments", {"attachment": other.file_url})
	with as_user(network.member_a):
		doc.save()
	other.reload()
	assert other.is_private == 1 and on_disk(other.file_url)
	assert rows_of(sheet.name) == [other.file_url]


# ---------------------------------------------------------------- lessons → draft, in one action


@pytest.fixture
def evaluated(network):
	"""A validated evaluation of organisation A's action sheet (with its themes and territories),
	by A, B and a resident."""
	theme, territory = make_theme().name, make_territory().name
	action = make_action_sheet(
		network.org_a, themes=[{"theme": theme}], territories=[{"territory": territory}]
	)
	evaluation = make_evaluation(
		"Action Sheet",
		action.name,
		network.org_a,
		network.org_b,
		state="Validated",
		what_worked="<p>Les locataires relais ont porté le message.</p>",
		recommendations="<p>Prévoir un passage du bailleur le samedi.</p>",
	)
	evaluation.append("evaluators", {"evaluator_name": "Nadia Ben Salah", "is_resident": 1})
	evaluation.db_update_all()
	# what an old import could have left, past Frappe's own cleaning on save
	evaluation.db_set(
		"lessons",
		'<p onclick="steal()">Associer les gardiens dès le début.</p><script>alert(1)</script>',
		update_modified=False,
	)
	return frappe._dict(evaluation=evaluation.name, action=action.name, theme=theme, territory=territory)


def test_a_validated_evaluation_becomes_a_draft_in_one_action(network, evaluated):
	frappe.local.lang = "fr"
	with as_user(network.member_a):
		name = create_practice_sheet_from_evaluation(evaluated.evaluation)
	sheet = frappe.get_doc(SHEET, name)
	action_title = frappe.db.get_value("Action Sheet", evaluated.action, "title")
	assert sheet.title == f"Retour d'expérience : {action_title}", "named after what was evaluated"
	assert (sheet.workflow_state, sheet.sheet_type, sheet.lead_member) == (
		"Draft",
		"Experience Feedback",
		network.org_a,
	)
	assert (sheet.source_doctype, sheet.source_name) == ("Evaluation", evaluated.evaluation)
	assert [row.network_member for row in sheet.co_authors] == [network.org_a, network.org_b]
	assert [row.theme for row in sheet.themes] == [evaluated.theme]
	assert [row.territory for row in sheet.territories] == [evaluated.territory]
	content = sheet.content
	for heading in ("Enseignements", "Recommandations", "Ce qui a marché"):
		assert f"<h2>{heading}</h2>" in content
	assert (
		content.index("Enseignements") < content.index("Recommandations") < content.index("Ce qui a marché")
	)
	assert "Associer les gardiens dès le début." in content and "Prévoir un passage du bailleur" in content
	assert "<script" not in content and "onclick" not in content
	# a draft: organisation B, a co-author, reads it; the network does not yet
	with as_user(network.member_b):
		assert frappe.has_permission(SHEET, "read", name)


def test_the_resource_centre_drafts_with_the_evaluated_record_s_lead(network):
	meeting = make_meeting(network.org_b)
	evaluation = make_evaluation("Network Meeting", meeting.name, network.org_a, state="Validated")
	with as_user(network.centre):
		sheet = frappe.get_doc(SHEET, create_practice_sheet_from_evaluation(evaluation.name))
	assert sheet.lead_member == network.org_b
	assert [row.network_member for row in sheet.co_authors] == [network.org_a]


@pytest.mark.parametrize("state", ["Draft", "Shared"])
def test_an_evaluation_not_yet_validated_gives_no_sheet(network, evaluated, state):
	frappe.db.set_value("Evaluation", evaluated.evaluation, "workflow_state", state)
	before = count()
	with as_user(network.member_a), pytest.raises(PracticeSheetSourceNotReadyError):
		create_practice_sheet_from_evaluation(evaluated.evaluation)
	assert count() == before


def test_who_cannot_read_the_evaluation_or_create_a_sheet_gets_none(network, evaluated):
	resident = make_user("GUSP Resident", user_type="Website User").name
	before = count()
	for user in (resident, network.manager):  # the manager reads it, but writes no sheet
		with as_user(user), pytest.raises(frappe.PermissionError):
			create_practice_sheet_from_evaluation(evaluated.evaluation)
	assert count() == before


def test_a_capitalised_trip_s_learnings_become_a_draft(network):
	trip = make_trip(
		network.org_a,
		participants=[{"participant_name": "Élise Marchand", "network_member": network.org_b}],
		learnings="<p>La régie de quartier forme les jeunes au tri.</p>",
	)
	with as_user(network.member_b), pytest.raises(PracticeSheetSourceNotReadyError):
		create_practice_sheet_from_trip(trip.name)
	trip.db_set("workflow_state", "Capitalised", update_modified=False)
	frappe.local.lang = "fr"
	with as_user(network.member_b):
		sheet = frappe.get_doc(SHEET, create_practice_sheet_from_trip(trip.name))
	assert (sheet.lead_member, sheet.source_doctype, sheet.source_name) == (
		network.org_b,
		"Study Trip",
		trip.name,
	)
	assert [row.network_member for row in sheet.co_authors] == [network.org_a, network.org_b]
	assert "<h2>Enseignements</h2><p>La régie de quartier forme les jeunes au tri.</p>" in sheet.content
