"""Reports are numbered by their naming series (SIG-2026-00042), one after the other, and a report
being saved does not make the next resident wait for its number (resident_voice/report_numbers.py)."""

import time

import frappe
import pymysql
import pytest
from frappe.model.naming import NamingSeries

from gusp_network.exceptions import MissingLocationError
from tests.factories import make_report, make_theme

SERIES = "SIG-.YYYY.-"


def other_connection():
	"""What another worker, saving another report at the same moment, sees of the database."""
	return pymysql.connect(**frappe.db.get_connection_settings(), autocommit=True)


def current() -> int:
	"""The series' counter, as Document Naming Settings shows it (read by another request: this
	test's transaction reads the snapshot it started with)."""
	connection = other_connection()
	try:
		with connection.cursor() as cursor:
			cursor.execute(
				"SELECT `current` FROM `tabSeries` WHERE `name` = %s", NamingSeries(SERIES).get_prefix()
			)
			return cursor.fetchone()[0]
	finally:
		connection.close()


def test_reports_are_numbered_one_after_the_other_in_their_series():
	theme = make_theme().name
	first, second = make_report(theme), make_report(theme)
	prefix = NamingSeries(SERIES).get_prefix()
	assert first.name.startswith(prefix) and second.name.startswith(prefix)
	assert int(second.name.removeprefix(prefix)) == int(first.name.removeprefix(prefix)) + 1
	assert current() == int(second.name.removeprefix(prefix))


def test_a_report_being_saved_does_not_hold_its_series_for_the_next_resident():
	report = make_report(make_theme().name)  # its transaction is still open
	prefix = NamingSeries(SERIES).get_prefix()
	connection = other_connection()
	connection.autocommit(False)
	try:
		with connection.cursor() as cursor:
			# Frappe's own way to take a number; NOWAIT: refused at once if the row is held
			cursor.execute("SELECT `current` FROM `tabSeries` WHERE `name` = %s FOR UPDATE NOWAIT", prefix)
			assert cursor.fetchone()[0] == int(report.name.removeprefix(prefix))
		connection.rollback()
	finally:
		connection.close()


def test_a_report_refused_after_it_was_numbered_gives_its_number_back():
	theme = make_theme().name
	before = current()
	with pytest.raises(MissingLocationError):
		# the location is checked once the report has its number (validate)
		make_report(theme, address=None)
	assert current() == before + 1, "the number was taken"
	frappe.db.rollback()  # what the failed request does
	assert current() == before, "and given back"


def test_a_transaction_that_holds_its_series_still_numbers_its_report():
	"""A request that numbered a report Frappe's way (e.g. the demo data, a patch) holds the series'
	row: the report is numbered in that request rather than waiting for itself."""
	from frappe.model.naming import getseries

	theme = make_theme().name
	prefix = NamingSeries(SERIES).get_prefix()
	held = int(getseries(prefix, 5))  # this transaction now holds the series' row
	report = make_report(theme)
	assert int(report.name.removeprefix(prefix)) == held + 1
	started = time.perf_counter()
	following = make_report(theme)
	assert int(following.name.removeprefix(prefix)) == held + 2
	assert time.perf_counter() - started < 1, "the request waited again for the row it holds"
