"""Caches that follow the data: cleared when the records change, and again if that change is
rolled back (a cache filled inside a transaction that fails must not outlive it)."""

from collections.abc import Callable

import frappe


def invalidate(*cached: Callable) -> None:
	"""Clear `redis_cache`-decorated functions now and after a rollback of this transaction."""

	def clear():
		for function in cached:
			function.clear_cache()

	clear()
	frappe.db.after_rollback.add(clear)
