"""Weak signals: one theme that keeps coming back on one territory becomes a Resident Need."""

import frappe
from frappe import _
from frappe.utils import add_days, cint, today

from gusp_network.constants import NEED, SOURCE_WEAK_SIGNAL
from gusp_network.settings import get_settings

NEED_DOCTYPE = "Resident Need"


def raise_weak_signal(report) -> str | None:
	"""Open a weak-signal Resident Need when a theme passes the threshold on a territory.

	Once per theme × territory × period: no new signal while one raised within the period exists.
	"""
	settings = get_settings()
	threshold, days = cint(settings.weak_signal_threshold), cint(settings.weak_signal_days)
	if not (threshold and days and report.theme and report.territory):
		return None
	since = add_days(today(), -days)
	count = frappe.db.count(
		"Resident Report",
		{"theme": report.theme, "territory": report.territory, "creation": (">=", f"{since} 00:00:00")},
	)
	if count < threshold:
		return None
	if signal_raised_since(report, since):
		return None
	# reports arriving at once, each in its own transaction, raise one signal: one transaction at a
	# time raises signals (the Resident Need DocType's row, locked until commit), and looks again
	# with a locking read, which sees what the previous holder of the lock committed
	frappe.db.get_value("DocType", NEED_DOCTYPE, "name", for_update=True)
	if signal_raised_since(report, since, for_update=True):
		return None
	need = frappe.get_doc(
		{
			"doctype": NEED_DOCTYPE,
			"need_type": NEED,
			"source": SOURCE_WEAK_SIGNAL,
			"is_weak_signal": 1,
			"theme": report.theme,
			"territory": report.territory,
			"period_start": since,
			"period_end": today(),
			"report_count": count,
			"description": _("{0} reports about {1} in {2} over the last {3} days.").format(
				count, report.theme, report.territory, days
			),
		}
	)
	need.insert(ignore_permissions=True)
	return need.name


def signal_raised_since(report, since: str, for_update: bool = False) -> bool:
	"""Whether a weak signal for the report's theme × territory ends on or after `since`."""
	need = frappe.qb.DocType(NEED_DOCTYPE)
	query = (
		frappe.qb.from_(need)
		.select(need.name)
		.where(
			(need.is_weak_signal == 1)
			& (need.theme == report.theme)
			& (need.territory == report.territory)
			& (need.period_end >= since)
		)
		.limit(1)
	)
	if for_update:
		query = query.for_update()
	return bool(query.run())
