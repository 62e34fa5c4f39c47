"""Emails never interrupt a user: with no mail server, they wait in the Email Queue.

Without a default outgoing Email Account, every email Frappe builds puts "Please setup default
Email Account from Settings > Email Account" on the screen of whoever caused it (a guest
reporting, the resource centre moving a report). Tests mute emails, which hides it; here they are
not muted, on a site where nothing sends, as after `bench new-site`.
"""

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from gusp_network.resident_voice.contacts import CONTACT
from gusp_network.setup.outgoing_email import OUTGOING_ACCOUNT, ensure_outgoing_email_account
from tests.factories import as_user, make_report, make_territory, make_theme

POPUP = "Please setup default Email Account"
# the resource centre takes a report through its whole life
MOVES = ["Qualify", "Forward", "Start", "Resolve", "Close"]


@pytest.fixture
def site_without_outgoing_account(monkeypatch):
	"""No account sends (the tests' own is set aside, the network's removed) and emails are not muted."""
	frappe.db.set_value("Email Account", {"default_outgoing": 1}, "default_outgoing", 0)
	frappe.db.delete("Email Account", {"name": OUTGOING_ACCOUNT})
	monkeypatch.setattr(frappe.flags, "mute_emails", False)
	monkeypatch.setitem(frappe.local.conf, "mail_server", None)
	forget_cached_accounts()
	yield
	frappe.db.rollback()
	forget_cached_accounts()


def forget_cached_accounts() -> None:
	# EmailAccount.find_outgoing keeps what it found for the request
	frappe.local.outgoing_email_account = {}


def popups() -> list[str]:
	return [str(message) for message in frappe.local.message_log]


def queued_for(contact: str) -> int:
	return frappe.db.count("Email Queue", {"reference_doctype": CONTACT, "reference_name": contact})


@pytest.fixture
def report_with_consent(network):
	theme = make_theme().name
	territory = make_territory().name
	with as_user("Guest"):
		report = make_report(theme, territory=territory, reporter_email="riveraine@example.org", consent=1)
	return report


def move_through_its_life(report, user: str) -> list[str]:
	"""Each move as the desk does it; what each put on the user's screen."""
	shown = []
	for action in MOVES:
		if action == "Resolve":  # a resolved report says why it is closed
			frappe.db.set_value("Resident Report", report.name, "closing_reason", "Fixed")
		frappe.local.message_log = []
		with as_user(user):
			apply_workflow(frappe.get_doc("Resident Report", report.name).as_dict(), action)
		shown += popups()
	return shown


def test_without_an_account_frappe_interrupts_the_resource_centre_at_each_move(
	site_without_outgoing_account, report_with_consent, network
):
	"""What the network saw before: the reason for the account below."""
	shown = move_through_its_life(report_with_consent, network.centre)
	assert any(POPUP in message for message in shown)


def test_the_install_gives_a_site_without_account_one_that_queues_emails(
	site_without_outgoing_account, network
):
	ensure_outgoing_email_account()
	account = frappe.get_doc("Email Account", OUTGOING_ACCOUNT)
	assert (account.enable_outgoing, account.default_outgoing, account.enable_incoming) == (1, 1, 0)
	assert account.no_smtp_authentication and account.smtp_server == "localhost"
	assert account.smtp_port == "25"
	# once there, it is the admins': the install does not make another
	ensure_outgoing_email_account()
	assert frappe.db.count("Email Account", {"default_outgoing": 1}) == 1


def test_the_site_config_names_the_mail_server(site_without_outgoing_account, monkeypatch):
	monkeypatch.setitem(frappe.local.conf, "gusp_smtp_server", "relais.example.org")
	monkeypatch.setitem(frappe.local.conf, "gusp_smtp_port", 587)
	monkeypatch.setitem(frappe.local.conf, "gusp_sender_email", "reseau@example.org")
	ensure_outgoing_email_account()
	assert frappe.db.get_value(
		"Email Account", OUTGOING_ACCOUNT, ["smtp_server", "smtp_port", "email_id"]
	) == ("relais.example.org", "587", "reseau@example.org")


def test_an_admins_own_account_is_kept(site_without_outgoing_account):
	from tests.factories import make_outgoing_email_account

	make_outgoing_email_account()  # the admin's, default (rolled back with the test)
	ensure_outgoing_email_account()
	assert not frappe.db.exists("Email Account", OUTGOING_ACCOUNT)


def test_a_guest_reporting_with_consent_sees_no_message_and_gets_a_queued_email(
	site_without_outgoing_account, network
):
	ensure_outgoing_email_account()
	forget_cached_accounts()
	frappe.local.message_log = []
	theme = make_theme().name
	territory = make_territory().name
	with as_user("Guest"):
		report = make_report(theme, territory=territory, reporter_email="riverain@example.org", consent=1)
	assert popups() == []
	assert queued_for(report.name) == 1, "the acknowledgement waits in the Email Queue"


def test_the_resource_centre_moves_a_report_through_its_life_without_a_message(
	site_without_outgoing_account, report_with_consent, network
):
	ensure_outgoing_email_account()
	forget_cached_accounts()
	before = queued_for(report_with_consent.name)
	assert move_through_its_life(report_with_consent, network.centre) == []
	assert frappe.db.get_value("Resident Report", report_with_consent.name, "workflow_state") == "Closed"
	assert queued_for(report_with_consent.name) == before + len(MOVES), "the reporter is told of each move"
