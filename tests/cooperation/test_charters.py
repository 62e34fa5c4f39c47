"""The GUSP cooperation charter: what it refuses, what it keeps once adopted, its versions, who may
do what with it, and how it prints."""

import io
import re
import unicodedata

import frappe
import pytest
from frappe.desk.notifications import get_open_count
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, today
from frappe.utils.pdf import get_pdf
from pypdf import PdfReader

from gusp_network.exceptions import (
	AdoptedCharterReadOnlyError,
	CharterAlreadyRevisedError,
	CharterSignatureInFutureError,
	DuplicateCharterSignatoryError,
)
from tests.factories import as_user, fake, french, make_network_member, unique

CHARTER = "Cooperation Charter"


def make_charter(signatories=(), state: str | None = None, **overrides):
	"""A charter inserted as Administrator, signed by `signatories` (member names, or dicts of row
	values), optionally moved straight to a workflow state."""
	rows = [row if isinstance(row, dict) else {"network_member": row} for row in signatories]
	rows = [
		{
			"charter_role": fake.sentence(nb_words=6),
			"limits": fake.sentence(nb_words=8),
			"commitments": fake.sentence(nb_words=8),
			**row,
		}
		for row in rows
	]
	with as_user("Administrator"):
		doc = frappe.get_doc(
			{
				"doctype": CHARTER,
				"title": unique("Charte de coopération GUSP"),
				"preamble": f"<p>{fake.paragraph()}</p>",
				"principles": f"<p>{fake.paragraph()}</p>",
				"signatories": rows,
				**overrides,
			}
		).insert()
		if state:
			doc.db_set("workflow_state", state, update_modified=False)
	return doc


def signed(member: str, days_ago: int = 10) -> dict:
	return {
		"network_member": member,
		"signatory": fake.name(),
		"signature_date": add_days(today(), -days_ago),
	}


def state_of(name: str) -> str:
	return frappe.db.get_value(CHARTER, name, "workflow_state")


def next_versions(name: str) -> list[str]:
	return frappe.get_all(CHARTER, filters={"previous_version": name}, pluck="name")


def shown_messages() -> str:
	return " ".join(str(message.get("message")) for message in frappe.get_message_log())


def act(user: str, name: str, action: str) -> None:
	"""A workflow action as `user` would click it in the form."""
	with as_user(user):
		apply_workflow(frappe.get_doc(CHARTER, name).as_dict(), action)


# ---------------------------------------------------------------- bad input


def test_the_same_member_cannot_sign_a_charter_twice(network):
	title = unique("Charte")
	frappe.local.lang = "fr"
	with pytest.raises(DuplicateCharterSignatoryError) as refused:
		make_charter([network.org_a, network.org_b, network.org_a], title=title)
	assert network.org_a in str(refused.value)
	assert not frappe.db.exists(CHARTER, {"title": title})


def test_a_signature_date_in_the_future_is_refused_and_today_accepted(network):
	title = unique("Charte")
	tomorrow = {"network_member": network.org_b, "signature_date": add_days(today(), 1)}
	with pytest.raises(CharterSignatureInFutureError) as refused:
		make_charter([signed(network.org_a), tomorrow], title=title)
	assert network.org_b in str(refused.value)
	assert not frappe.db.exists(CHARTER, {"title": title})

	charter = make_charter([{"network_member": network.org_a, "signature_date": today()}])
	assert charter.signatories[0].signature_date == today()


# ---------------------------------------------------------------- adopted charters are kept as adopted


def change_title(doc, network):
	doc.title = unique("Autre titre")


def change_principles(doc, network):
	doc.principles = "<p>Un principe ajouté après l'adoption.</p>"


def change_version(doc, network):
	doc.version = 7


def change_commitments(doc, network):
	doc.signatories[0].commitments = "Un engagement réécrit."


def change_signature_date(doc, network):
	doc.signatories[0].signature_date = add_days(today(), -1)


def add_signatory(doc, network):
	doc.append("signatories", {"network_member": network.org_b})


def remove_signatory(doc, network):
	doc.signatories.pop()


CHANGES = [
	change_title,
	change_principles,
	change_version,
	change_commitments,
	change_signature_date,
	add_signatory,
	remove_signatory,
]


@pytest.mark.parametrize("who", ["centre", "admin", "Administrator"])
@pytest.mark.parametrize("state", ["Adopted", "Under Revision", "Archived"])
def test_an_adopted_charter_keeps_its_content_whoever_saves_it(network, state, who):
	charter = make_charter([signed(network.org_a)], state=state)
	stored = frappe.get_doc(CHARTER, charter.name).as_dict()
	user = getattr(network, who, who)
	for change in CHANGES:
		with as_user(user):
			doc = frappe.get_doc(CHARTER, charter.name)
			change(doc, network)
			with pytest.raises(AdoptedCharterReadOnlyError) as refused:
				doc.save()
		assert "revision" in str(refused.value), change.__name__
	kept = frappe.get_doc(CHARTER, charter.name).as_dict()
	for field in ("title", "version", "preamble", "principles", "workflow_state"):
		assert kept[field] == stored[field]
	assert kept.signatories == stored.signatories
	# the desk sends the form back as loaded (dates as text): that is no change, and it saves
	with as_user(user):
		doc = frappe.get_doc(CHARTER, charter.name)
		doc.signatories[0].signature_date = str(doc.signatories[0].signature_date)
		doc.version = str(doc.version)
		doc.save()


# ---------------------------------------------------------------- revisions: one version after another


def test_starting_a_revision_drafts_the_next_version_to_be_signed_again(network):
	rows = [signed(network.org_a), signed(network.org_b)]
	adopted = make_charter(rows, state="Adopted", review_date=add_days(today(), 300))
	frappe.clear_messages()

	act(network.centre, adopted.name, "Start Revision")

	assert state_of(adopted.name) == "Under Revision"
	[draft_name] = next_versions(adopted.name)
	draft = frappe.get_doc(CHARTER, draft_name)
	assert draft.workflow_state == "Draft"
	assert draft.previous_version == adopted.name
	assert (draft.version, adopted.version) == (2, 1)
	assert (draft.title, draft.preamble, draft.principles) == (
		adopted.title,
		adopted.preamble,
		adopted.principles,
	)
	for old, new in zip(adopted.signatories, draft.signatories, strict=True):
		for field in ("network_member", "charter_role", "limits", "commitments"):
			assert new.get(field) == old.get(field)
		assert not new.signatory and not new.signature_date, "the new version is signed again"
	# the adopted version is untouched: still signed as it was
	kept = frappe.get_doc(CHARTER, adopted.name)
	assert [(r.signatory, str(r.signature_date)) for r in kept.signatories] == [
		(r["signatory"], str(r["signature_date"])) for r in rows
	]
	# the user is told where the new version is, and the adopted version's form links to it
	assert draft_name in shown_messages()
	with as_user(network.centre):
		connections = get_open_count(CHARTER, adopted.name)["count"]["external_links_found"]
	assert {"doctype": CHARTER, "count": 1} in [
		{"doctype": link["doctype"], "count": link["count"]} for link in connections
	]


def test_each_adopted_version_archives_the_one_it_replaces(network):
	first = make_charter([signed(network.org_a), signed(network.org_b)], state="Adopted")
	chain = [first.name]
	for version in (2, 3):
		act(network.centre, chain[-1], "Start Revision")
		[draft] = next_versions(chain[-1])
		with as_user(network.centre):  # the resource centre records the new signatures
			doc = frappe.get_doc(CHARTER, draft)
			for row in doc.signatories:
				row.signatory, row.signature_date = fake.name(), today()
			doc.save()
		act(network.member_a, draft, "Open Consultation")  # a signing member submits it
		assert state_of(chain[-1]) == "Under Revision", "in force until the next version is adopted"
		act(network.centre, draft, "Adopt")
		assert state_of(chain[-1]) == "Archived"
		assert state_of(draft) == "Adopted"
		assert frappe.db.get_value(CHARTER, draft, ["version", "previous_version"]) == (version, chain[-1])
		chain.append(draft)
	assert [state_of(name) for name in chain] == ["Archived", "Archived", "Adopted"]


def test_adopting_a_new_version_archives_an_adopted_previous_one_too(network):
	adopted = make_charter([signed(network.org_a)], state="Adopted")
	successor = make_charter([signed(network.org_a)], previous_version=adopted.name, state="Consultation")
	assert successor.version == 2
	act(network.centre, successor.name, "Adopt")
	assert state_of(adopted.name) == "Archived"


def test_a_revision_is_started_once_and_never_makes_two_drafts(network):
	adopted = make_charter([signed(network.org_a)], state="Adopted")
	act(network.centre, adopted.name, "Start Revision")
	[draft] = next_versions(adopted.name)

	# back to Adopted by hand (an admin's correction), then started again: the same draft is shown
	frappe.db.set_value(CHARTER, adopted.name, "workflow_state", "Adopted")
	frappe.clear_messages()
	act(network.centre, adopted.name, "Start Revision")
	assert next_versions(adopted.name) == [draft]
	assert draft in shown_messages()

	# nor can a second next version be made by hand
	with pytest.raises(CharterAlreadyRevisedError):
		make_charter([signed(network.org_a)], previous_version=adopted.name)
	assert next_versions(adopted.name) == [draft]


# ---------------------------------------------------------------- who may do what


def test_a_signing_member_edits_the_draft_but_not_the_adopted_charter(network):
	draft = make_charter([network.org_a])
	adopted = make_charter([signed(network.org_a), signed(network.org_b)], state="Adopted")
	with as_user(network.member_a):
		doc = frappe.get_doc(CHARTER, draft.name)
		assert doc.has_permission("write")
		change_commitments(doc, network)
		add_signatory(doc, network)
		doc.save()

		doc = frappe.get_doc(CHARTER, adopted.name)
		change_commitments(doc, network)
		with pytest.raises((AdoptedCharterReadOnlyError, frappe.PermissionError)):
			doc.save()
	assert frappe.get_doc(CHARTER, draft.name).signatories[0].commitments == "Un engagement réécrit."
	# in consultation the resource centre still amends it
	frappe.db.set_value(CHARTER, draft.name, "workflow_state", "Consultation")
	with as_user(network.centre):
		doc = frappe.get_doc(CHARTER, draft.name)
		remove_signatory(doc, network)
		doc.save()
	assert len(frappe.get_doc(CHARTER, draft.name).signatories) == 1
	assert frappe.get_doc(CHARTER, adopted.name).signatories[0].commitments == (
		adopted.signatories[0].commitments
	)


def test_another_organisation_reads_every_version_but_edits_none(network):
	adopted = make_charter([signed(network.org_a)], state="Adopted")
	act(network.centre, adopted.name, "Start Revision")
	[draft] = next_versions(adopted.name)
	with as_user(network.member_b):
		listed = frappe.get_list(CHARTER, filters={"name": ("in", [adopted.name, draft])}, pluck="name")
		assert sorted(listed) == sorted([adopted.name, draft])
		for name in (adopted.name, draft):
			assert frappe.has_permission(CHARTER, "read", doc=name)
			assert not frappe.has_permission(CHARTER, "write", doc=name)
		doc = frappe.get_doc(CHARTER, draft)
		change_principles(doc, network)
		with pytest.raises(frappe.PermissionError):
			doc.save()
	# the member of the signing organisation does edit the new draft
	with as_user(network.member_a):
		assert frappe.has_permission(CHARTER, "write", doc=draft)


def test_a_manager_reads_and_prints_charters_but_edits_none(network):
	adopted = make_charter([signed(network.org_a)], state="Adopted")
	with as_user(network.manager):
		assert adopted.name in frappe.get_list(CHARTER, pluck="name")
		assert frappe.has_permission(CHARTER, "read", doc=adopted.name)
		assert not frappe.has_permission(CHARTER, "write", doc=adopted.name)
		html = frappe.get_print(CHARTER, adopted.name)
	assert frappe._("GUSP Cooperation Charter") in html  # the network's print format, the DocType's default
	assert network.org_a in html


# ---------------------------------------------------------------- print format and PDF


def printable_charter():
	"""A charter between members whose names read plainly in a PDF's text."""
	city = make_network_member(member_name=unique("Ville de Roubaix")).name
	landlord = make_network_member(member_name=unique("Bailleur Habitat"), member_type="Social Landlord").name
	return make_charter(
		[
			{
				**signed(city),
				"charter_role": "Pilote de la GUSP",
				"limits": "Aucune intervention sur le domaine privé",
			},
			{**signed(landlord), "commitments": "Nettoyage des halls chaque semaine"},
		],
		state="Adopted",
		principles="<p>Chaque acteur agit dans son domaine.</p>",
	)


def test_the_charter_prints_in_french_its_principles_roles_limits_and_signatures(network):
	charter = printable_charter()
	frappe.local.lang = "fr"
	html = frappe.get_print(CHARTER, charter.name)
	for text in (
		charter.title,
		"Chaque acteur agit dans son domaine.",
		"Pilote de la GUSP",
		"Aucune intervention sur le domaine privé",
		"Nettoyage des halls chaque semaine",
		french("Roles, Limits and Commitments"),
		french("Signatures"),
		"Membre du réseau",
		"Limites",
	):
		assert text in html, text
	for row in charter.signatories:
		assert row.network_member in html
		assert row.signatory in html
		assert frappe.format(row.signature_date, "Date") in html
	assert french("Version {0}").format(1) in html


@pytest.fixture
def site_served(live_server, monkeypatch):
	"""wkhtmltopdf fetches the print style sheet from the site's address, as when a user downloads
	the PDF from the desk: in tests that is the live server."""
	monkeypatch.setitem(frappe.local.conf, "host_name", live_server)


def test_the_charter_pdf_is_generated_with_its_members_names(network, site_served):
	charter = printable_charter()
	frappe.local.lang = "fr"
	pdf = get_pdf(frappe.get_print(CHARTER, charter.name))
	assert pdf.startswith(b"%PDF")
	text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
	flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))  # no ligatures, no line breaks
	assert re.sub(r"\s+", "", french("Roles, Limits and Commitments")) in flat  # the network's format
	for row in charter.signatories:
		assert re.sub(r"\s+", "", row.network_member) in flat
		assert re.sub(r"\s+", "", row.signatory) in flat
	assert frappe.get_print(CHARTER, charter.name, as_pdf=True).startswith(b"%PDF")
