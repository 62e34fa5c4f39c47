"""Who does what: the lead organisation for a theme on a territory, and the grey zones where
nobody leads.

The rule (a `Responsibility` with role Lead) is looked up for the theme or one of its parents,
on the territory or one of its parents, for the land status (or "Any"). Who owns the ground
comes first (the exact land status, then "Any"), then the most local territory, then the most
precise theme. When the land status is unknown, every rule counts and the one presumed in GUSP
Settings (public land by default) comes first.

Routing asks these questions for every new report, so their answers are cached in Redis until
what they are read from changes (`doc_events` in hooks.py): the rules (Responsibility), the trees
(GUSP Theme, GUSP Territory), an organisation's staff (Network Member, User).
"""

import frappe
from frappe import _
from frappe.utils import cint
from frappe.utils.caching import redis_cache

from gusp_network.caching import invalidate
from gusp_network.constants import (
	GREY_ZONE_AUTOMATIC,
	GREY_ZONE_SETTLED,
	LAND_ANY,
	LAND_UNKNOWN,
	PROPOSED,
	ROLE_LEAD,
)
from gusp_network.directory.geography import territory_extent, territory_index, territory_polygons
from gusp_network.settings import get_settings


@redis_cache(ttl=24 * 3600)
def lineage(doctype: str, name: str | None) -> list[str]:
	"""The record and its ancestors in a tree, most specific first (cached until the tree changes)."""
	if not name:
		return []
	bounds = frappe.db.get_value(doctype, name, ["lft", "rgt"], as_dict=True)
	if not bounds:
		return []
	return frappe.get_all(
		doctype,
		filters={"lft": ("<=", bounds.lft), "rgt": (">=", bounds.rgt)},
		order_by="lft desc",
		pluck="name",
	)


def clear_tree_caches(*_args, **_kwargs) -> None:
	"""When a territory or a theme changes (doc_events in hooks.py): ancestors, perimeters, service
	levels and the leads found through them are read again (and whatever else routing cached: after
	a bulk write, calling this one function is enough)."""
	invalidate(
		lineage,
		territory_polygons,
		territory_index,
		territory_extent,
		theme_service_level,
		cached_lead,
		cached_staff_user,
	)


def clear_responsibility_caches(*_args, **_kwargs) -> None:
	"""When a Responsibility changes, or a Network Member is renamed (its rules follow it)."""
	invalidate(cached_lead)


def clear_staff_caches(*_args, **_kwargs) -> None:
	"""When an organisation's staff changes, or a user (enabled or not, renamed)."""
	invalidate(cached_staff_user)


def find_lead(theme: str, territory: str | None, land_status: str | None) -> str | None:
	"""The lead member for a theme on a territory and land status, or None."""
	if not theme or not territory:
		return None
	if land_status and land_status != LAND_UNKNOWN:
		return cached_lead(theme, territory, land_status, None)
	return cached_lead(theme, territory, LAND_UNKNOWN, get_settings().presumed_land_status)


@redis_cache(ttl=24 * 3600)
def cached_lead(theme: str, territory: str, land_status: str, presumed: str | None) -> str | None:
	"""`find_lead`, cached until a rule or a tree changes; `presumed` is the land status GUSP Settings
	presumes for an unknown one (part of the key: a change of the setting needs no clearing)."""
	themes = lineage("GUSP Theme", theme)
	territories = lineage("GUSP Territory", territory)
	if not themes or not territories:
		return None
	rule = frappe.qb.DocType("Responsibility")
	query = (
		frappe.qb.from_(rule)
		.select(rule.network_member, rule.theme, rule.territory, rule.land_status)
		.where(
			(rule.role == ROLE_LEAD)
			& rule.theme.isin(themes)
			& rule.territory.isin(territories)
			# a member's proposal routes nothing until the resource centre validates it
			& (rule.status.isnull() | (rule.status != PROPOSED))
		)
	)
	if land_status != LAND_UNKNOWN:
		query = query.where(rule.land_status.isin([land_status, LAND_ANY]))
	else:
		land_status = presumed
	rows = query.run(as_dict=True)
	if not rows:
		return None

	def rank(row):
		# who owns the ground first, then the most local territory, then the most precise theme
		land = 0 if row.land_status == land_status else 1 if row.land_status == LAND_ANY else 2
		return (land, territories.index(row.territory), themes.index(row.theme), row.network_member)

	return min(rows, key=rank).network_member


def first_staff_user(member: str | None) -> str | None:
	"""The member's first enabled staff user."""
	return cached_staff_user(member) if member else None


@redis_cache(ttl=24 * 3600)
def cached_staff_user(member: str) -> str | None:
	staff = frappe.qb.DocType("Network Member User")
	user = frappe.qb.DocType("User")
	rows = (
		frappe.qb.from_(staff)
		.join(user)
		.on(user.name == staff.user)
		.select(staff.user)
		.where((staff.parent == member) & (staff.parenttype == "Network Member") & (user.enabled == 1))
		.orderby(staff.idx)
		.limit(1)
		.run()
	)
	return rows[0][0] if rows else None


@redis_cache(ttl=24 * 3600)
def theme_service_level(theme: str | None) -> int | None:
	"""Days to handle a report on the theme: its own service level, else its nearest parent's."""
	for name in lineage("GUSP Theme", theme):
		days = cint(frappe.db.get_value("GUSP Theme", name, "service_level_days"))
		if days:
			return days
	return None


def open_grey_zone(theme: str, territory: str, land_status: str | None) -> str:
	"""The open grey zone for this theme × territory, opened if there is none.

	Reports reach several workers at once, each in a transaction of its own: one grey zone only may
	come out of them. When this transaction sees none, it takes the lock that every opening takes
	(`lock_grey_zone_openings`, held until it commits) and looks again with a locking read: in
	REPEATABLE READ a plain read would still see this transaction's snapshot, without the zone the
	previous holder of the lock has just committed.
	"""
	if zone := find_open_grey_zone(theme, territory):
		return zone
	lock_grey_zone_openings()
	if zone := find_open_grey_zone(theme, territory, for_update=True):
		return zone
	zone = frappe.get_doc(
		{
			"doctype": "Grey Zone",
			"theme": theme,
			"territory": territory,
			"land_status": land_status if land_status and land_status != LAND_UNKNOWN else LAND_ANY,
			"origin": GREY_ZONE_AUTOMATIC,
			"raised_by": get_settings().resource_centre,
			"description": _("Opened automatically: no organisation leads {0} in {1}.").format(
				theme, territory
			),
		}
	)
	zone.insert(ignore_permissions=True)
	return zone.name


def find_open_grey_zone(theme: str, territory: str, for_update: bool = False) -> str | None:
	"""The oldest grey zone not settled for this theme × territory; `for_update`: a locking read, which
	sees what other transactions committed since this one began (and locks what it reads)."""
	zone = frappe.qb.DocType("Grey Zone")
	query = (
		frappe.qb.from_(zone)
		.select(zone.name)
		.where(
			(zone.theme == theme)
			& (zone.territory == territory)
			& (zone.status.isnull() | (zone.status != GREY_ZONE_SETTLED))
		)
		.orderby(zone.creation)
		.limit(1)
	)
	if for_update:
		query = query.for_update()
	rows = query.run()
	return rows[0][0] if rows else None


def lock_grey_zone_openings() -> None:
	"""One transaction at a time opens grey zones, until it commits or rolls back.

	The lock is the row of the Grey Zone DocType (`tabDocType`, one row found by its key, written
	only when the DocType itself changes). One lock for every theme × territory, not one each: the
	locking read that follows also locks the gaps of the Grey Zone index it reads, and two
	transactions holding the same gap and both inserting there would deadlock. Every new grey zone
	already waits for the others' commits on its naming series' row, so this costs only the wait of
	a report whose zone another report is opening.
	"""
	frappe.db.get_value("DocType", "Grey Zone", "name", for_update=True)
