"""Caches that follow the data: cleared when the records change, again once the change is committed
(a request that read the old rows meanwhile may have cached them), and again if that change is
rolled back (a cache filled inside a transaction that fails must not outlive it) — as Frappe clears
its own document cache (`frappe.clear_document_cache`)."""

from collections.abc import Callable

import frappe


def invalidate(*cached: Callable) -> None:
	"""Clear `redis_cache`-decorated functions now, after the commit and after a rollback."""

	def clear():
		for function in cached:
			function.clear_cache()

	clear()
	frappe.db.after_commit.add(clear)
	frappe.db.after_rollback.add(clear)
