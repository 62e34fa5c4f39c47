"""Whether an error means a server the site needs (MariaDB, Redis) is away: the site's WSGI
wrapper (`wsgi.py`) answers such failures with a 503 "try again", and code that answers its own
errors (Open311) lets them through to it."""

import frappe
import pymysql
import redis

# MariaDB client errors that mean "no server at the other end": can't connect (2002, 2003), server
# gone away (2006), lost connection (2013, 2055), server shutting down (1053), connection killed
# (1927, MariaDB's ER_CONNECTION_KILLED); pymysql says 0 when the socket is already closed.
MYSQL_CONNECTION_ERRORS = {0, 1053, 1927, 2002, 2003, 2006, 2013, 2055}
REDIS_CONNECTION_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def is_connectivity_error(error: BaseException | None) -> bool:
	"""Whether the error, or one it was raised from or while handling, is a lost server."""
	seen = set()
	while error is not None and id(error) not in seen:
		seen.add(id(error))
		if isinstance(error, REDIS_CONNECTION_ERRORS):
			return True
		if isinstance(error, pymysql.err.OperationalError | pymysql.err.InterfaceError):
			code = error.args[0] if error.args else None
			if code in MYSQL_CONNECTION_ERRORS:
				return True
		error = error.__cause__ or error.__context__
	return False


def note_failure(error: BaseException) -> None:
	"""Tell the wrapper why this request is about to answer a 500 (kept in the request's locals):
	Frappe's error handler and the code that answers its own errors call it."""
	frappe.local.gusp_handled_exception = error


def noted_failure() -> BaseException | None:
	return getattr(frappe.local, "gusp_handled_exception", None)
