"""Who handles a resident report.

1. The territory: the one given, else the smallest `GUSP Territory` whose perimeter holds
   the report's point (`directory.geography`).
2. The responsible member: the lead of "qui fait quoi" for the report's theme, territory and
   land status (`directory.who_does_what.find_lead`).
3. The due date: the theme's service level (or its parents'), else the default setting.
4. No lead: the report goes to the resource centre, and once the report has passed its
   checks and is saved, a `Grey Zone` for that theme × territory is opened (or the open one
   is reused) — an invalid report never leaves a grey zone behind.

Assigning the report to a person is Frappe's Assignment Rule's (created at install, "Based on
Field" `responsible_user`), so admins change it without code; `assignment.py` makes the assignment
that rule would make without the rule's overhead.

What routing reads is cached until it changes (`directory.who_does_what`).
"""

from frappe.utils import add_days, cint, getdate, today

from gusp_network.directory.geography import find_territory
from gusp_network.directory.who_does_what import (
	find_lead,
	first_staff_user,
	open_grey_zone,
	theme_service_level,
)
from gusp_network.settings import get_settings


def route_report(report) -> None:
	"""Fill the routing fields of a new report (document not yet saved)."""
	report.territory = report.territory or find_territory(report.latitude, report.longitude)
	member = find_lead(report.theme, report.territory, report.land_status)
	report.grey_zone = None
	report.flags.needs_grey_zone = not member and bool(report.territory)
	if not member:
		member = get_settings().resource_centre
	report.responsible_member = member
	report.responsible_user = first_staff_user(member)
	report.due_date = report.due_date or due_date_for(report.theme)


def open_pending_grey_zone(report) -> None:
	"""After the insert: the grey zone routing found no lead for (the report is valid by now)."""
	if report.flags.needs_grey_zone and not report.grey_zone:
		report.flags.needs_grey_zone = False
		report.db_set(
			"grey_zone",
			open_grey_zone(report.theme, report.territory, report.land_status),
			update_modified=False,
		)


def due_date_for(theme: str) -> str:
	"""Today plus the theme's service level (or its parents'), else the default one."""
	days = theme_service_level(theme) or cint(get_settings().default_service_level_days) or 15
	return str(add_days(getdate(today()), days))
