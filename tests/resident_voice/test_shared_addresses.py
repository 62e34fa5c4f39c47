"""A shared address (a town hall's kiosk, a community centre's connection) where many residents
report from one address gets its own, higher hourly limit; every other address keeps the guests'."""

import frappe
import pytest

from gusp_network.exceptions import InvalidSharedAddressError, TooManyReportsError
from tests.factories import as_user, make_geography, make_report, make_theme

KIOSK = "198.51.100.20"
COMMUNITY_CENTRE = "2001:db8:5::42"
HOME = "203.0.113.90"


@pytest.fixture
def report_from():
	"""Files a guest's report from an address; forgets the addresses' hourly counts afterwards."""
	territory = make_geography().qpv
	theme = make_theme().name
	used = []

	def send(ip: str):
		used.append(ip)
		frappe.local.request_ip = ip
		with as_user("Guest"):
			return make_report(theme, territory=territory)

	yield send
	frappe.local.request_ip = None
	for ip in used:
		frappe.cache.delete_keys(f"gusp_report_rate:{ip}")
	frappe.cache.delete_keys("gusp_report_rate:2001:db8:5::/64")


def test_a_shared_address_gets_the_raised_limit_and_another_address_the_guests_one(
	report_from, gusp_settings
):
	gusp_settings(
		guest_reports_per_hour=2,
		shared_address_reports_per_hour=4,
		shared_addresses=f"{KIOSK}  # mairie, borne d'accueil\n\n2001:db8:5::/48\n",
	)
	for _ in range(4):
		assert report_from(KIOSK).name
	with pytest.raises(TooManyReportsError):
		report_from(KIOSK)

	for _ in range(3):
		report_from(COMMUNITY_CENTRE)

	report_from(HOME)
	report_from(HOME)
	with pytest.raises(TooManyReportsError):
		report_from(HOME)


def test_no_limit_from_a_shared_address_when_its_limit_is_zero(report_from, gusp_settings):
	gusp_settings(
		guest_reports_per_hour=1, shared_address_reports_per_hour=0, shared_addresses="198.51.100.0/24"
	)
	for _ in range(3):
		report_from(KIOSK)
	report_from(HOME)
	with pytest.raises(TooManyReportsError):
		report_from(HOME)


def test_saving_an_invalid_shared_address_names_its_line(gusp_settings):
	"""(gusp_settings forgets the saved settings' cached copy after the test.)"""
	settings = frappe.get_single("GUSP Settings")
	settings.shared_addresses = "198.51.100.20\n10.0.0.0/8, 192.168.1.0/24\nmairie-annexe.local\n"
	with pytest.raises(InvalidSharedAddressError, match=r"line 3.*mairie-annexe\.local"):
		settings.save()

	settings = frappe.get_single("GUSP Settings")
	settings.shared_addresses = "198.51.100.20  # borne de la mairie\n\n10.0.0.0/8, 192.168.1.0/24\n"
	settings.save()
	assert frappe.get_single("GUSP Settings").shared_addresses.startswith("198.51.100.20")


def test_a_new_site_gets_the_default_limits():
	meta = frappe.get_meta("GUSP Settings")
	assert meta.get_field("shared_address_reports_per_hour").default == "200"
	assert frappe.db.get_single_value("GUSP Settings", "shared_address_reports_per_hour") == 200
