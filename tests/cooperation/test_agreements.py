"""Cooperation agreements: bad input refused, activation guarded, totals computed, the daily job,
the reminder before the end date and the printed convention."""

import io

import frappe
import pytest
from frappe.email.doctype.notification.notification import trigger_notifications
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, add_months, getdate, global_date_format, now_datetime, today

from gusp_network.cooperation.agreements import expire_or_renew_agreements
from gusp_network.exceptions import (
	AgreementNotSignedError,
	DuplicatePartyError,
	EndBeforeStartError,
	InvalidTFPBCommitmentError,
	NegativeAmountError,
	SignatureInFutureError,
)
from tests.cooperation.factories import SIGNED_FILE, make_agreement, party
from tests.factories import as_user, french, make_network_member, make_territory, queued_emails, unique

AGREEMENT = "Cooperation Agreement"
REMINDER = "Cooperation Agreement: ending soon"


def count() -> int:
	return frappe.db.count(AGREEMENT)


def state_of(name: str) -> str:
	return frappe.db.get_value(AGREEMENT, name, "workflow_state")


def comments_on(name: str) -> list[str]:
	return frappe.get_all(
		"Comment",
		filters={"reference_doctype": AGREEMENT, "reference_name": name, "comment_type": "Info"},
		pluck="content",
	)


def an_axis() -> str:
	return frappe.get_all("TFPB Axis", pluck="name", order_by="name", limit=1)[0]


def commitment(landlord: str, territory: str, **overrides) -> dict:
	return {
		"axis": an_axis(),
		"landlord": landlord,
		"territory": territory,
		"year": getdate(today()).year,
		"action": "Renfort du gardiennage le soir",
		"planned_amount": 12000,
		"actual_amount": 0,
		**overrides,
	}


# ---------------------------------------------------------------- bad input


def test_an_agreement_ending_before_it_starts_is_refused_and_nothing_is_saved(network):
	before = count()
	with pytest.raises(EndBeforeStartError):
		make_agreement(network.org_a, network.org_b, end_date=add_days(today(), -1))
	assert count() == before


def test_a_renewal_period_cannot_be_negative(network):
	with pytest.raises(frappe.NonNegativeError):
		make_agreement(network.org_a, network.org_b, tacit_renewal=1, renewal_months=-6)


def test_a_negative_contribution_is_refused(network):
	before = count()
	with pytest.raises(NegativeAmountError) as refused:
		make_agreement(parties=[party(network.org_a), party(network.org_b, contribution_amount=-100)])
	assert network.org_b in str(refused.value)
	assert count() == before


def test_the_same_member_cannot_be_a_party_twice(network):
	before = count()
	with pytest.raises(DuplicatePartyError) as refused:
		make_agreement(network.org_a, network.org_b, network.org_a)
	assert network.org_a in str(refused.value)
	assert count() == before


def test_a_signature_dated_in_the_future_is_refused(network):
	before = count()
	with pytest.raises(SignatureInFutureError):
		make_agreement(parties=[party(network.org_a, signature_date=add_days(today(), 1))])
	assert count() == before
	assert make_agreement(parties=[party(network.org_a, signature_date=today())]).name


def test_a_tfpb_commitment_is_a_social_landlords_in_a_qpv_with_amounts_of_zero_or_more(network):
	qpv = make_territory().name
	commune = make_territory(territory_type="Commune").name
	before = count()
	for landlord, territory, amounts, error in (
		(network.org_b, commune, {}, InvalidTFPBCommitmentError),
		(network.org_a, qpv, {}, InvalidTFPBCommitmentError),
		(network.org_b, qpv, {"planned_amount": -1}, NegativeAmountError),
		(network.org_b, qpv, {"actual_amount": -1}, NegativeAmountError),
	):
		with pytest.raises(error):
			make_agreement(
				network.org_a,
				network.org_b,
				agreement_type="TFPB Abatement Programme",
				tfpb_commitments=[commitment(landlord, territory, **amounts)],
			)
	assert count() == before
	programme = make_agreement(
		network.org_a, network.org_b, tfpb_commitments=[commitment(network.org_b, qpv)]
	)
	assert programme.tfpb_commitments[0].territory == qpv


# ---------------------------------------------------------------- totals


def test_contributions_are_totalled_overall_and_by_year(network):
	third = make_network_member().name
	year = getdate(today()).year
	agreement = make_agreement(
		parties=[
			party(network.org_a, contribution_amount=3000, contribution_year=year + 1),
			party(network.org_b, contribution_amount=1500, contribution_year=year),
			party(third, contribution_amount=500, contribution_year=None),  # counts for the start year
		]
	)
	assert agreement.total_contribution == 5000
	assert [(row.year, row.amount) for row in agreement.year_totals] == [(year, 2000), (year + 1, 3000)]

	rows = [row.name for row in agreement.year_totals]
	agreement.parties[0].contribution_amount = 1000
	agreement.save()
	saved = frappe.get_doc(AGREEMENT, agreement.name)
	assert saved.total_contribution == 3000
	assert [(row.year, row.amount) for row in saved.year_totals] == [(year, 2000), (year + 1, 1000)]
	assert [row.name for row in saved.year_totals] == rows, "a year keeps its row: history shows the change"

	saved.parties[1].contribution_amount = 0
	saved.parties[2].contribution_year = year + 1
	saved.save()
	assert [(row.idx, row.year, row.amount) for row in saved.year_totals] == [(1, year + 1, 1500)]


def test_a_tfpb_programme_totals_what_was_planned_and_what_was_done(network):
	qpv = make_territory().name
	programme = make_agreement(
		network.org_a,
		network.org_b,
		agreement_type="TFPB Abatement Programme",
		tfpb_commitments=[
			commitment(network.org_b, qpv, planned_amount=12000, actual_amount=9000),
			commitment(network.org_b, qpv, planned_amount=3000, actual_amount=3500),
		],
	)
	assert (programme.tfpb_planned_total, programme.tfpb_actual_total) == (15000, 12500)


def test_each_party_gets_its_directory_email_for_the_reminders(network):
	agreement = make_agreement(network.org_a, network.org_b)
	emails = frappe.get_all(
		"Network Member", filters={"name": ("in", [network.org_a, network.org_b])}, pluck="email"
	)
	assert sorted(row.email for row in agreement.parties) == sorted(emails)


# ---------------------------------------------------------------- becoming Active


def test_the_resource_centre_activates_an_agreement_only_once_every_party_has_signed(network):
	agreement = make_agreement(
		parties=[party(network.org_a, signature_date=today()), party(network.org_b)],
		signed_file=SIGNED_FILE,
		state="Awaiting Signature",
	)
	with as_user(network.centre), pytest.raises(AgreementNotSignedError) as refused:
		apply_workflow(agreement.as_dict(), "Activate")
	message = str(refused.value)
	assert network.org_b in message, "the party that has not signed is named"
	assert network.org_a not in message
	assert "file" not in message
	assert state_of(agreement.name) == "Awaiting Signature"

	with as_user(network.centre):
		agreement.reload()
		agreement.parties[1].signature_date = today()
		agreement.save()
		apply_workflow(agreement.as_dict(), "Activate")
	assert state_of(agreement.name) == "Active"


def test_the_resource_centre_activates_an_agreement_only_once_its_signed_file_is_attached(network):
	agreement = make_agreement(network.org_a, network.org_b, signed=True, state="Awaiting Signature")
	agreement.db_set("signed_file", None)
	with as_user(network.centre), pytest.raises(AgreementNotSignedError) as refused:
		apply_workflow(agreement.as_dict(), "Activate")
	assert "signed agreement file is missing" in str(refused.value)
	assert network.org_a not in str(refused.value) and network.org_b not in str(refused.value)
	assert state_of(agreement.name) == "Awaiting Signature"

	with as_user(network.centre):
		agreement.reload()
		agreement.signed_file = SIGNED_FILE
		agreement.save()
		apply_workflow(agreement.as_dict(), "Activate")
	assert state_of(agreement.name) == "Active"


def test_setting_the_state_by_other_means_is_guarded_too(network):
	agreement = make_agreement(network.org_a, network.org_b, state="Awaiting Signature")
	agreement.reload()
	agreement.workflow_state = "Active"
	with pytest.raises(AgreementNotSignedError) as refused:
		agreement.save()
	assert network.org_a in str(refused.value) and network.org_b in str(refused.value)
	assert "signed agreement file is missing" in str(refused.value)
	assert state_of(agreement.name) == "Awaiting Signature"


def test_an_agreement_in_force_keeps_its_signatures_and_its_file(network):
	agreement = make_agreement(network.org_a, network.org_b, signed=True, state="Active")
	agreement.reload()
	agreement.signed_file = None
	with as_user(network.centre), pytest.raises(AgreementNotSignedError):
		agreement.save()
	agreement.reload()
	agreement.parties[1].signature_date = None
	with as_user(network.centre), pytest.raises(AgreementNotSignedError):
		agreement.save()


# ---------------------------------------------------------------- daily job


def test_an_agreement_past_its_end_date_expires_and_says_why(network):
	start = add_months(today(), -12)
	ended = make_agreement(
		network.org_a,
		network.org_b,
		signed=True,
		state="Active",
		start_date=start,
		end_date=add_days(today(), -1),
	)
	ends_today = make_agreement(
		network.org_a, network.org_b, signed=True, state="Active", start_date=start, end_date=today()
	)
	draft = make_agreement(network.org_a, network.org_b, start_date=start, end_date=add_days(today(), -1))

	expire_or_renew_agreements()
	assert state_of(ended.name) == "Expired"
	assert len(comments_on(ended.name)) == 1
	assert frappe.format(add_days(today(), -1), "Date") in comments_on(ended.name)[0]
	assert state_of(ends_today.name) == "Active"
	assert state_of(draft.name) == "Draft"

	expire_or_renew_agreements()
	assert state_of(ended.name) == "Expired"
	assert len(comments_on(ended.name)) == 1, "a second run the same day changes nothing"


def test_a_tacitly_renewed_agreement_runs_for_another_period(network):
	yesterday = add_days(today(), -1)
	renewed = make_agreement(
		network.org_a,
		network.org_b,
		signed=True,
		state="Active",
		start_date=add_months(today(), -12),
		end_date=yesterday,
		tacit_renewal=1,
		renewal_months=6,
	)
	expire_or_renew_agreements()
	expire_or_renew_agreements()
	assert state_of(renewed.name) == "Active"
	assert getdate(frappe.db.get_value(AGREEMENT, renewed.name, "end_date")) == getdate(
		add_months(yesterday, 6)
	)
	assert len(comments_on(renewed.name)) == 1
	assert frappe.format(add_months(yesterday, 6), "Date") in comments_on(renewed.name)[0]


def test_a_renewal_with_no_period_given_lasts_a_year_and_catches_up_missed_ones(network):
	long_ago = add_months(today(), -30)
	renewed = make_agreement(
		network.org_a,
		network.org_b,
		signed=True,
		state="Active",
		start_date=add_months(today(), -42),
		end_date=long_ago,
		tacit_renewal=1,
		renewal_months=0,
	)
	expire_or_renew_agreements()
	assert state_of(renewed.name) == "Active"
	assert getdate(frappe.db.get_value(AGREEMENT, renewed.name, "end_date")) == getdate(
		add_months(long_ago, 36)
	)


def test_one_agreement_the_job_cannot_save_does_not_stop_the_others(network, monkeypatch):
	from gusp_network.cooperation import agreements

	past = {"signed": True, "state": "Active", "start_date": add_months(today(), -12)}
	broken = make_agreement(network.org_a, network.org_b, end_date=add_days(today(), -2), **past)
	fine = make_agreement(network.org_a, network.org_b, end_date=add_days(today(), -1), **past)
	expire = agreements.expire

	def expire_unless_broken(doc):
		if doc.name == broken.name:
			raise frappe.ValidationError("refused")
		expire(doc)

	monkeypatch.setattr(agreements, "expire", expire_unless_broken)
	logged = {"method": ("like", f"%{broken.name}%"), "creation": (">=", now_datetime())}
	try:
		expire_or_renew_agreements()
		assert state_of(broken.name) == "Active"
		assert state_of(fine.name) == "Expired"
		assert frappe.db.exists("Error Log", logged), "the failure is logged for an admin"
	finally:
		frappe.db.delete("Error Log", logged)  # not rolled back: Frappe keeps its Error Log in MyISAM


# ---------------------------------------------------------------- reminder before the end date


def test_the_reminder_is_a_notification_an_admin_can_edit(network):
	reminder = frappe.get_doc("Notification", REMINDER)
	default_days = frappe.get_meta("GUSP Settings").get_field("agreement_reminder_days").default
	assert (reminder.document_type, reminder.event, reminder.date_changed) == (
		AGREEMENT,
		"Days Before",
		"end_date",
	)
	assert reminder.days_in_advance == int(default_days) == 60
	assert reminder.enabled and not reminder.is_standard
	assert reminder.message_type == "Markdown"
	recipients = {(row.receiver_by_document_field, row.receiver_by_role) for row in reminder.recipients}
	assert ("email,parties", None) in recipients or ("email,parties", "") in recipients
	assert any(role == "GUSP Resource Centre" for _field, role in recipients)


def emails_about(name: str) -> list[frappe._dict]:
	"""Emails queued about an agreement: each recipient, with the subject and body as read."""
	return queued_emails(AGREEMENT, name)


def test_parties_and_the_resource_centre_are_reminded_on_the_right_day(network, monkeypatch):
	monkeypatch.setattr(frappe.db, "commit", lambda *args, **kwargs: None)  # the daily job commits
	days = frappe.db.get_value("Notification", REMINDER, "days_in_advance")
	due = make_agreement(
		network.org_a,
		network.org_b,
		signed=True,
		state="Active",
		title="Convention de gestion urbaine du quartier des Tilleuls",
		end_date=add_days(today(), days),
	)
	a_day_later = make_agreement(
		network.org_a, network.org_b, signed=True, state="Active", end_date=add_days(today(), days + 1)
	)
	not_in_force = make_agreement(
		network.org_a, network.org_b, state="Negotiation", end_date=add_days(today(), days)
	)

	trigger_notifications(None, "daily")

	sent = emails_about(due.name)
	to = {row.recipient for row in sent}
	party_emails = {row.email for row in due.parties}
	assert party_emails <= to
	assert network.centre in to
	assert due.title in sent[0].subject
	assert global_date_format(due.end_date) in sent[0].subject
	assert network.org_a in sent[0].body and network.org_b in sent[0].body
	assert f"/app/cooperation-agreement/{due.name}" in sent[0].body
	assert emails_about(a_day_later.name) == []
	assert emails_about(not_in_force.name) == []


# ---------------------------------------------------------------- printed convention


def test_the_printed_convention_reads_like_one_and_its_pdf_names_the_parties(
	network, live_server, monkeypatch
):
	"""wkhtmltopdf fetches the print stylesheet from the site's URL, as on a served site: here the
	test server's."""
	from frappe.utils.pdf import get_pdf
	from pypdf import PdfReader

	qpv = make_territory().name
	municipality = make_network_member(member_name=unique("Ville de Montreuil")).name
	agreement = make_agreement(
		parties=[
			party(municipality, party_role="Lead", signatory="Mme Claire Martin", signature_date=today()),
			party(network.org_b, party_role="Funder", contribution_amount=2500, signature_date=today()),
		],
		agreement_type="TFPB Abatement Programme",
		tacit_renewal=1,
		tfpb_commitments=[commitment(network.org_b, qpv)],
		signed_file=SIGNED_FILE,
	)
	frappe.local.lang = "fr"
	html = frappe.get_print(AGREEMENT, agreement.name)

	for expected in (municipality, network.org_b, "Mme Claire Martin", agreement.title, qpv, an_axis()):
		assert expected in html
	for sentence in ("Between the undersigned:", "Commitments of the parties", "Signatures"):
		assert french(sentence) in html, "the convention's own print format, in French"
	assert agreement.parties[0].commitments in html

	monkeypatch.setitem(frappe.local.conf, "host_name", live_server)
	pdf = get_pdf(html)
	assert pdf.startswith(b"%PDF")
	text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
	assert municipality in " ".join(text.split()) and network.org_b in " ".join(text.split())
