"""Report numbers (SIG-2026-00042) taken without making concurrent reports wait for each other.

Frappe names a document from its naming series by locking the series' row (`tabSeries`, `SELECT …
FOR UPDATE`, `frappe.model.naming.getseries`) in the document's own transaction: the row stays
locked until the request commits, after the report is checked, saved, its contact written, its
receipt email queued, its workflow action and assignment made. Two residents reporting at the same
moment wait for each other, and reports are saved one after the other whatever the number of
workers.

Here the number is the one Frappe would give: the report's naming series parsed by Frappe
(`parse_naming_series`, after any Document Naming Rule an admin made), the same `tabSeries` row,
so Document Naming Settings still shows and sets the counter. Only the increment is committed at
once, on a connection of its own (MariaDB), which holds the row for one statement. When the report
is then not saved (a check fails, the request fails and rolls back), its number is given back if
it is still the last one taken, as Frappe gives back the last number of a deleted document
(`revert_series_if_last`); a number taken by another report in between leaves a gap.
"""

import threading

import frappe
import pymysql
from frappe import _
from frappe.model.naming import NamingSeries, get_default_naming_series, getseries, parse_naming_series

TAKE = (
	"INSERT INTO `tabSeries` (`name`, `current`) VALUES (%s, LAST_INSERT_ID(1)) "
	"ON DUPLICATE KEY UPDATE `current` = LAST_INSERT_ID(`current` + 1)"
)
LOCK_WAIT_TIMEOUT = 1205  # MariaDB's ER_LOCK_WAIT_TIMEOUT
GIVE_BACK = "UPDATE `tabSeries` SET `current` = `current` - 1 WHERE `name` = %s AND `current` = %s"

_local = threading.local()


def next_name(doc) -> str:
	"""The name Frappe's naming series gives the document (`set_name_by_naming_series`)."""
	key = doc.naming_series or get_default_naming_series(doc.doctype)
	if not key:
		frappe.throw(_("Naming Series mandatory"))
	series = NamingSeries(key + ".#####")
	series.validate()
	if frappe.db.db_type != "mariadb":
		return parse_naming_series(series.series, doc=doc)  # Frappe's own counter
	return parse_naming_series(series.series, doc=doc, number_generator=take_number)


def take_number(prefix: str, digits: int) -> str:
	"""The series' next number, committed at once; given back if this transaction rolls back.

	When this transaction itself holds the series (it numbered a document the usual way, or looked
	for a series not yet made: a gap lock), the own connection would wait for it: after a second,
	the number is taken Frappe's way, in this transaction."""
	held = series_held()
	if prefix in held:
		return getseries(prefix, digits)
	try:
		number = run_committed(TAKE, prefix)
	except pymysql.err.OperationalError as error:
		if error.args[0] != LOCK_WAIT_TIMEOUT:
			raise
		held.add(prefix)  # until this transaction ends: no second wait
		return getseries(prefix, digits)
	numbers_taken().append((prefix, number))
	return str(number).zfill(digits)


def numbers_taken() -> list[tuple[str, int]]:
	"""The numbers this transaction took, kept until it commits or rolls back."""
	taken = getattr(frappe.db, "gusp_numbers_taken", None)
	if taken is None:
		taken = frappe.db.gusp_numbers_taken = []
		frappe.db.after_commit.add(forget_numbers)
		frappe.db.after_rollback.add(give_back_numbers)
	return taken


def series_held() -> set[str]:
	"""The series this transaction holds the row of (numbered Frappe's way), until it ends."""
	held = getattr(frappe.db, "gusp_series_held", None)
	if held is None:
		held = frappe.db.gusp_series_held = set()
		frappe.db.after_commit.add(release_series)
		frappe.db.after_rollback.add(release_series)
	return held


def release_series() -> None:
	frappe.db.gusp_series_held = None


def forget_numbers() -> None:
	frappe.db.gusp_numbers_taken = None


def give_back_numbers() -> None:
	"""The last number first: each is given back while it is the series' last one."""
	taken, frappe.db.gusp_numbers_taken = frappe.db.gusp_numbers_taken or [], None
	for prefix, number in reversed(taken):
		run_committed(GIVE_BACK, prefix, number)


def run_committed(statement: str, *values) -> int:
	"""Run one statement on the site's own autocommit connection; LAST_INSERT_ID() after it."""
	for attempt in (1, 2):
		connection = own_connection(fresh=attempt == 2)
		try:
			with connection.cursor() as cursor:
				cursor.execute(statement, values)
				cursor.execute("SELECT LAST_INSERT_ID()")
				return cursor.fetchone()[0]
		except (pymysql.err.OperationalError, pymysql.err.InterfaceError) as error:
			if attempt == 2 or error.args[:1] == (LOCK_WAIT_TIMEOUT,):
				raise
	raise AssertionError("unreachable")


def own_connection(fresh: bool = False):
	"""This thread's autocommit connection to the site's database (kept between requests)."""
	connections = _local.__dict__.setdefault("connections", {})
	site = frappe.local.site
	connection = connections.get(site)
	if fresh or connection is None or not connection.open:
		if connection is not None:
			try:
				connection.close()
			except pymysql.err.Error:
				pass
		connection = pymysql.connect(**frappe.db.get_connection_settings(), autocommit=True)
		with connection.cursor() as cursor:  # never wait long for a row this process holds
			cursor.execute("SET SESSION innodb_lock_wait_timeout = 1")
		connections[site] = connection
	return connection
