"""Competence Map: who leads each theme on each territory, the "qui fait quoi" of chantier 1 at a
glance.

Rows are the themes in tree order, indented (the theme filter's sub-tree when it is set). Columns
are the territories of the chosen type (the desk asks for QPV first), within the parent territory
when it is set; with no type, the parent's direct children (or the top of the tree).

Each cell names the lead member for each land status, by the rule routing follows
(`directory/who_does_what.find_lead`): a Lead responsibility for the theme or one of its parents,
on the territory or one of its parents, validated or with no status (a member's proposal leads
nothing until the resource centre validates it); the exact land status first, then "Any"; then the
most local territory; then the most precise theme; then the member's name. Leads are grouped by
member with the land status of the rule that wins: "VLA (all land) / HDN (landlords)". A land
status nobody leads is a grey zone; a cell nobody leads at all says so, and whether an open Grey
Zone record exists for that theme × territory.

The leads of every cell come from ONE query on Responsibility joined to the theme and territory
tree bounds (lft/rgt), then are decided in memory (a few thousand rules: less than a query per
cell): each place's best rule once, then each cell walks the places above it. Cells reached by the
same places share their answer and their text, and the words of the cells are translated once, so
a map of 300 themes × 100 QPV (30,000 cells) takes a fraction of a second. The themes and
territories shown, and the open Grey Zones (indexed by territory), are read once each too.

The directory is public to the network: every desk role reads every Responsibility and Grey Zone
(permissions.py), so the map is the same for everyone and no row rule applies.
"""

from collections import defaultdict
from dataclasses import dataclass

import frappe
from frappe import _

from gusp_network.constants import GREY_ZONE_SETTLED, LAND_ANY, PROPOSED, ROLE_LEAD

RULE = "Responsibility"
THEME = "GUSP Theme"
TERRITORY = "GUSP Territory"
MEMBER = "Network Member"
GREY_ZONE = "Grey Zone"

# what a cell says of the land it covers
COVERED = "covered"
PARTLY_COVERED = "partly covered"
GREY = "grey zone"


@dataclass(frozen=True)
class MapFilters:
	# None: the parent's direct children (the desk sends no empty filter, so no type is "absent")
	territory_type: str | None = None
	parent_territory: str | None = None
	theme: str | None = None  # with its sub-themes
	land_status: str | None = None  # None: every land status

	@classmethod
	def parse(cls, filters: dict | None) -> "MapFilters":
		filters = frappe._dict(filters or {})
		return cls(
			territory_type=filters.territory_type or None,
			parent_territory=filters.parent_territory or None,
			theme=filters.theme or None,
			land_status=filters.land_status or None,
		)


@dataclass(frozen=True)
class Node:
	"""A theme or a territory, with its place in its tree."""

	name: str
	lft: int
	rgt: int
	parent: str | None = None

	def is_within(self, ancestor: "Node") -> bool:
		"""This node is the ancestor or one of its descendants."""
		return ancestor.lft <= self.lft and self.rgt <= ancestor.rgt


@dataclass(frozen=True)
class Rule:
	"""A Lead responsibility that may decide a cell."""

	network_member: str
	short_name: str
	land_status: str
	theme: Node
	territory: Node

	def rank(self, land_status: str) -> tuple:
		"""find_lead's order: who owns the ground, then the most local territory, then the most
		precise theme (deeper in a tree is a greater lft), then the member's name."""
		land = 0 if self.land_status == land_status else 1
		return (land, -self.territory.lft, -self.theme.lft, self.network_member)


def execute(filters: dict | None = None):
	filters = MapFilters.parse(filters)
	themes = find_themes(filters)
	territories = find_territories(filters)
	lands = land_statuses(filters)
	leads = find_leads(themes, territories, lands, find_rules(themes, territories, filters))
	zones = open_grey_zones(themes, territories)
	rows = map_rows(themes, territories, lands, leads, zones)
	return columns(territories), rows, None, None, summary(rows, territories, zones)


# ---------------------------------------------------------------- what the map shows


def land_statuses(filters: MapFilters) -> list[str]:
	"""The land statuses a cell answers for: the filter's, or every one a rule can name but "Any"."""
	if filters.land_status and filters.land_status != LAND_ANY:
		return [filters.land_status]
	options = frappe.get_meta(RULE).get_field("land_status").options or ""
	return [option for option in options.split("\n") if option and option != LAND_ANY]


def find_themes(filters: MapFilters) -> list[Node]:
	"""The themes of the rows, in tree order: the theme filter and its sub-themes, or every theme."""
	theme = frappe.qb.DocType(THEME)
	query = (
		frappe.qb.from_(theme)
		.select(theme.name, theme.lft, theme.rgt, theme.parent_gusp_theme)
		.orderby(theme.lft)
	)
	if filters.theme:
		root = frappe.db.get_value(THEME, filters.theme, ["lft", "rgt"], as_dict=True)
		if not root:
			return []
		query = query.where((theme.lft >= root.lft) & (theme.rgt <= root.rgt))
	return [Node(*row) for row in query.run()]


def find_territories(filters: MapFilters) -> list[Node]:
	"""The territories of the columns, in tree order."""
	territory = frappe.qb.DocType(TERRITORY)
	query = (
		frappe.qb.from_(territory)
		.select(territory.name, territory.lft, territory.rgt, territory.parent_gusp_territory)
		.orderby(territory.lft)
	)
	if filters.territory_type:
		query = query.where(territory.territory_type == filters.territory_type)
	if filters.parent_territory:
		parent = frappe.db.get_value(TERRITORY, filters.parent_territory, ["lft", "rgt"], as_dict=True)
		if not parent:
			return []
		if filters.territory_type:
			query = query.where((territory.lft > parent.lft) & (territory.rgt < parent.rgt))
		else:
			query = query.where(territory.parent_gusp_territory == filters.parent_territory)
	elif not filters.territory_type:
		query = query.where(
			territory.parent_gusp_territory.isnull() | (territory.parent_gusp_territory == "")
		)
	return [Node(*row) for row in query.run()]


def find_rules(themes: list[Node], territories: list[Node], filters: MapFilters) -> list[Rule]:
	"""The Lead responsibilities that may decide a cell, in ONE query.

	A rule applies to a theme × territory when its theme and its territory are ancestors (or the
	nodes themselves); the query keeps the rules whose bounds reach the span of the rows and of the
	columns, which is all of those and few others.
	"""
	if not themes or not territories:
		return []
	rule = frappe.qb.DocType(RULE)
	theme = frappe.qb.DocType(THEME)
	territory = frappe.qb.DocType(TERRITORY)
	member = frappe.qb.DocType(MEMBER)
	query = (
		frappe.qb.from_(rule)
		.join(theme)
		.on(theme.name == rule.theme)
		.join(territory)
		.on(territory.name == rule.territory)
		.left_join(member)
		.on(member.name == rule.network_member)
		.select(
			rule.network_member,
			member.acronym,
			rule.land_status,
			rule.theme,
			theme.lft,
			theme.rgt,
			rule.territory,
			territory.lft,
			territory.rgt,
		)
		.where(
			(rule.role == ROLE_LEAD)
			# a member's proposal leads nothing until the resource centre validates it (find_lead)
			& (rule.status.isnull() | (rule.status != PROPOSED))
			& (theme.lft <= max(node.lft for node in themes))
			& (theme.rgt >= min(node.lft for node in themes))
			& (territory.lft <= max(node.lft for node in territories))
			& (territory.rgt >= min(node.lft for node in territories))
		)
	)
	if filters.land_status and filters.land_status != LAND_ANY:
		query = query.where(rule.land_status.isin([filters.land_status, LAND_ANY]))
	return [
		Rule(
			network_member=network_member,
			short_name=acronym or network_member,
			land_status=land_status,
			theme=Node(rule_theme, theme_lft, theme_rgt),
			territory=Node(rule_territory, territory_lft, territory_rgt),
		)
		for (
			network_member,
			acronym,
			land_status,
			rule_theme,
			theme_lft,
			theme_rgt,
			rule_territory,
			territory_lft,
			territory_rgt,
		) in query.run()
	]


def find_leads(
	themes: list[Node], territories: list[Node], lands: list[str], rules: list[Rule]
) -> dict[tuple[str, str], dict[str, Rule | None]]:
	"""(theme, territory) → land status → the rule that leads there, or None: find_lead for every
	cell, decided in memory over the rules read once (cells with the same leads share one dict).

	A rule's place is its theme × territory. For each place, the best rule per land status is chosen
	once (`Rule.rank`: the member's name breaks a tie). A cell then visits the places above it, the
	most local territory first and, on each, the most precise theme first: the first place with a
	rule for the exact land status leads it; otherwise the first with a rule for "Any"."""
	best: dict[tuple[str, str], dict[str, Rule]] = defaultdict(dict)
	for rule in sorted(rules, key=lambda rule: rule.rank(rule.land_status)):
		best[(rule.theme.name, rule.territory.name)].setdefault(rule.land_status, rule)
	rule_themes = {rule.theme.name: rule.theme for rule in rules}
	rule_territories = {rule.territory.name: rule.territory for rule in rules}
	theme_lineage = {node.name: lineage(node, rule_themes) for node in themes}
	territory_lineage = {node.name: lineage(node, rule_territories) for node in territories}
	decided: dict[tuple, dict[str, Rule | None]] = {}
	leads = {}
	for territory in territories:
		up_territories = territory_lineage[territory.name]
		for theme in themes:
			places = [
				(up_theme, up_territory)
				for up_territory in up_territories
				for up_theme in theme_lineage[theme.name]
			]
			found = [best[place] for place in places if place in best]
			key = tuple(id(place_rules) for place_rules in found)
			if key not in decided:
				decided[key] = decide(found, lands)
			leads[(theme.name, territory.name)] = decided[key]
	return leads


def lineage(node: Node, rule_nodes: dict[str, Node]) -> list[str]:
	"""The nodes of rules that reach `node` (itself or its ancestors), the deepest first."""
	above = [other for other in rule_nodes.values() if node.is_within(other)]
	return [other.name for other in sorted(above, key=lambda other: -other.lft)]


def decide(places: list[dict[str, Rule]], lands: list[str]) -> dict[str, Rule | None]:
	"""Land status → the leading rule, over the best rules of the places above a cell (nearest first)."""
	anywhere = next((rules[LAND_ANY] for rules in places if LAND_ANY in rules), None)
	return {land: next((rules[land] for rules in places if land in rules), anywhere) for land in lands}


def open_grey_zones(themes: list[Node], territories: list[Node]) -> dict[tuple[str, str], list[str]]:
	"""(theme, territory) → the Grey Zone records not settled yet for exactly that theme × territory."""
	if not themes or not territories:
		return {}
	zone = frappe.qb.DocType(GREY_ZONE)
	rows = (
		frappe.qb.from_(zone)
		.select(zone.theme, zone.territory, zone.name)
		.where(
			zone.theme.isin([node.name for node in themes])
			& zone.territory.isin([node.name for node in territories])
			& (zone.status.isnull() | (zone.status != GREY_ZONE_SETTLED))
		)
		.orderby(zone.creation)
		.run()
	)
	found = defaultdict(list)
	for theme, territory, name in rows:
		found[(theme, territory)].append(name)
	return found


# ---------------------------------------------------------------- cells, rows


def land_label(land_status: str) -> str:
	"""A land status as a cell says it, short."""
	labels = {
		LAND_ANY: _("all land"),
		"Public Land": _("public land"),
		"Social Landlord": _("landlords"),
		"Co-ownership": _("co-ownerships"),
		"Private": _("private land"),
	}
	return labels.get(land_status) or _(land_status)


class CellWriter:
	"""What a cell says, and whether its land is covered, partly covered or a grey zone: the words
	translated once, and the text of cells that share their leads (`find_leads`) written once."""

	def __init__(self, lands: list[str]):
		self.lands = lands
		self.order = {land: index for index, land in enumerate([LAND_ANY, *lands])}
		self.land_labels = {land: land_label(land) for land in self.order}
		self.grey_zone = _("Grey Zone")
		self.not_raised = _("not raised")
		self.raised = _("{0} open")
		self.zone_open = _("Grey Zone {0} open")
		self.written: dict[int, tuple[str, str]] = {}

	def __call__(self, leads: dict[str, Rule | None], zones: list[str]) -> tuple[str, str]:
		if id(leads) not in self.written:
			self.written[id(leads)] = self.write(leads)
		text, state = self.written[id(leads)]
		if state == GREY:
			return f"{text} · {self.raised.format(', '.join(zones)) if zones else self.not_raised}", state
		if zones:
			text += " · " + self.zone_open.format(", ".join(zones))
		return text, state

	def write(self, leads: dict[str, Rule | None]) -> tuple[str, str]:
		winners = defaultdict(list)  # member → the land statuses of the rules by which it leads
		short_names = {}
		for land in self.lands:
			rule = leads[land]
			if rule and rule.land_status not in winners[rule.network_member]:
				winners[rule.network_member].append(rule.land_status)
				short_names[rule.network_member] = rule.short_name
		if not winners:
			return self.grey_zone, GREY
		uncovered = [land for land in self.lands if not leads[land]]
		parts = [
			f"{short_names[member]} ({', '.join(self.land_labels[land] for land in held)})"
			for member, held in sorted(
				winners.items(),
				key=lambda item: (min(self.order.get(land, len(self.order)) for land in item[1]), item[0]),
			)
		]
		if uncovered:
			parts.append(f"{self.grey_zone} ({', '.join(self.land_labels[land] for land in uncovered)})")
		return " / ".join(parts), PARTLY_COVERED if uncovered else COVERED


def map_rows(
	themes: list[Node],
	territories: list[Node],
	lands: list[str],
	leads: dict[tuple[str, str], dict[str, Rule | None]],
	zones: dict[tuple[str, str], list[str]],
) -> list[dict]:
	"""A row per theme, in tree order, indented under its parent; a column per territory."""
	rows = []
	open_branches = []  # the rgt of the themes the current one is inside
	shown = {theme.name for theme in themes}
	cell = CellWriter(lands)
	fieldnames = [territory_fieldname(index) for index in range(len(territories))]
	for theme in themes:
		while open_branches and open_branches[-1] < theme.lft:
			open_branches.pop()
		row = {
			"theme": theme.name,
			"parent_theme": theme.parent if theme.parent in shown else None,
			"indent": len(open_branches),
			"cell_states": {},
			"open_grey_zones": {},
		}
		for fieldname, territory in zip(fieldnames, territories, strict=True):
			place = (theme.name, territory.name)
			found = zones.get(place)
			row[fieldname], row["cell_states"][fieldname] = cell(leads[place], found)
			if found:
				row["open_grey_zones"][fieldname] = found
		rows.append(row)
		open_branches.append(theme.rgt)
	return rows


def territory_fieldname(index: int) -> str:
	return f"territory_{index}"


# ---------------------------------------------------------------- columns, summary


def columns(territories: list[Node]) -> list[dict]:
	return [
		{"fieldname": "theme", "label": _("Theme"), "fieldtype": "Link", "options": THEME, "width": 220},
		*(
			{
				"fieldname": territory_fieldname(index),
				"label": territory.name,
				"fieldtype": "Data",
				"width": 220,
			}
			for index, territory in enumerate(territories)
		),
		{
			"fieldname": "parent_theme",
			"label": _("Parent Theme"),
			"fieldtype": "Link",
			"options": THEME,
			"hidden": 1,
		},
	]


def summary(rows: list[dict], territories: list[Node], zones: dict) -> list[dict]:
	"""How many cells, how many are covered on every land status, partly, or grey zones; how many
	open Grey Zone records the map shows."""
	states = [state for row in rows for state in row["cell_states"].values()]
	return [
		{"value": len(states), "label": _("Cells"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": states.count(COVERED),
			"label": _("Cells Covered"),
			"datatype": "Int",
			"indicator": "Green",
		},
		{
			"value": states.count(PARTLY_COVERED),
			"label": _("Cells Partly Covered"),
			"datatype": "Int",
			"indicator": "Orange",
		},
		{"value": states.count(GREY), "label": _("Grey Zones"), "datatype": "Int", "indicator": "Red"},
		{
			"value": sum(len(names) for names in zones.values()),
			"label": _("Open Grey Zone Records"),
			"datatype": "Int",
			"indicator": "Grey",
		},
	]
