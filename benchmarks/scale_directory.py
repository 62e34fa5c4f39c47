"""Scale data for the directory: territories on a grid, themes, network members with their staff,
and who does what; and, in memory, the routing `who_does_what.find_lead` will do on them."""

import json
import math
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import frappe
from frappe.utils import get_system_timezone
from frappe.utils.password import passlibctx

from benchmarks.scale_common import (
	Context,
	Node,
	Series,
	Table,
	bulk_insert,
	existing_names,
	moment,
	number_tree,
	slug,
	unique_name,
	weighted,
)
from gusp_network.constants import LAND_ANY, LAND_UNKNOWN, MEMBER, RESOURCE_CENTRE, ROLE_LEAD
from gusp_network.directory.doctype.gusp_theme.gusp_theme import unique_service_code
from gusp_network.directory.geography import geojson_rectangle, outer_rings
from gusp_network.directory.who_does_what import first_staff_user
from gusp_network.settings import get_settings

WORDS = json.loads((Path(__file__).parent / "scale_data.json").read_text(encoding="utf-8"))
TERRITORY, THEME, MEMBER_DOCTYPE, RULE = "GUSP Territory", "GUSP Theme", "Network Member", "Responsibility"
LANDS = ["Any", "Public Land", "Social Landlord", "Co-ownership", "Private"]
# member type: (share of the rows of who does what, roles, land statuses, share of theme groups)
PROFILES = {
	"Municipality": (9, {"Lead": 80, "Contributor": 15, "Funder": 5}, {"Public Land": 100}, 1.0),
	"Intercommunality": (
		6,
		{"Lead": 60, "Funder": 25, "Information": 15},
		{"Any": 70, "Public Land": 30},
		0.3,
	),
	"Social Landlord": (6, {"Lead": 85, "Contributor": 15}, {"Social Landlord": 100}, 0.5),
	"Residents' Council": (1, {"Information": 60, "Contributor": 40}, {"Any": 100}, 0.15),
	"State Service": (3, {"Contributor": 45, "Lead": 25, "Funder": 30}, {"Any": 100}, 0.1),
	"Institution": (2, {"Funder": 60, "Information": 40}, {"Any": 100}, 0.1),
	"Company": (3, {"Lead": 70, "Contributor": 30}, {"Co-ownership": 50, "Private": 50}, 0.1),
	"Association": (1.5, {"Contributor": 55, "Information": 25, "Lead": 20}, {"Any": 100}, 0.1),
}
# land statuses of the rows an organisation of that type leads by itself (`core_rows`)
CORE_LANDS = {
	"Municipality": {"Public Land": 65, "Any": 35},
	"Intercommunality": {"Any": 100},
	"Social Landlord": {"Social Landlord": 100},
	"Company": {"Co-ownership": 50, "Private": 50},
}
# share of the members after the intercommunality and one municipality per commune
MEMBER_SHARES = {
	"Social Landlord": 0.14,
	"Residents' Council": 0.10,
	"State Service": 0.06,
	"Institution": 0.05,
	"Company": 0.05,
}


@dataclass(eq=False)
class Place:
	name: str
	territory_type: str
	code: str
	box: tuple[float, float, float, float]
	parent: "Place | None" = None
	children: list["Place"] = field(default_factory=list)

	def lineage(self) -> list[str]:
		place, names = self, []
		while place:
			names.append(place.name)
			place = place.parent
		return names

	def descendants(self) -> list["Place"]:
		found, stack = [], list(self.children)
		while stack:
			place = stack.pop()
			found.append(place)
			stack.extend(place.children)
		return found


@dataclass(eq=False)
class Theme:
	name: str
	days: int | None
	parent: "Theme | None" = None
	children: list["Theme"] = field(default_factory=list)
	new: bool = False  # a topic nobody leads yet


@dataclass(eq=False)
class Member:
	name: str
	member_type: str
	homes: list[Place]
	acronym: str | None = None
	groups: list[Theme] = field(default_factory=list)
	themes: dict[str, None] = field(default_factory=dict)
	staff: list[str] = field(default_factory=list)


@dataclass
class Directory:
	places: list[Place]
	leaves: list[Place]
	themes: list[Theme]
	leaf_themes: list[Theme]
	members: list[Member]
	resource_centre: str
	centre_users: list[str] = field(default_factory=list)
	admin_user: str = ""
	staff_of: dict[str, str | None] = field(default_factory=dict)  # member: its first staff user
	full_names: dict[str, str] = field(default_factory=dict)  # user: full name
	leads: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
	presumed_land: str = "Public Land"
	_routes: dict = field(default_factory=dict)

	def find_lead(self, theme: Theme, place: Place, land_status: str) -> str | None:
		"""What `who_does_what.find_lead` answers, from the rows made here (the generated trees are
		roots of their own: no other rule applies to them)."""
		key = (theme.name, place.name, land_status)
		if key in self._routes:
			return self._routes[key]
		known = land_status and land_status != LAND_UNKNOWN
		wanted = land_status if known else self.presumed_land
		themes = [theme.name] + ([theme.parent.name] if theme.parent else [])
		best = None
		for t_index, territory in enumerate(place.lineage()):
			for h_index, name in enumerate(themes):
				for land, member in self.leads.get((name, territory), ()):
					if known and land not in (land_status, LAND_ANY):
						continue
					rank = (0 if land == wanted else 1 if land == LAND_ANY else 2, t_index, h_index, member)
					best = min(best, rank) if best else rank
		self._routes[key] = best[3] if best else None
		return self._routes[key]


def make_directory(ctx: Context) -> Directory:
	places = make_territories(ctx, ctx.count(500))
	themes = make_themes(ctx, ctx.count(300))
	settings = get_settings()
	resource_centre = settings.resource_centre
	if not resource_centre:
		raise RuntimeError("GUSP Settings names no resource centre: install gusp_network first.")
	directory = Directory(
		places=places,
		leaves=[place for place in places if not place.children],
		themes=themes,
		leaf_themes=[theme for theme in themes if not theme.children],
		members=plan_members(ctx, places, themes, ctx.count(300)),
		resource_centre=resource_centre,
		presumed_land=settings.presumed_land_status or "Public Land",
	)
	make_responsibilities(ctx, directory, ctx.count(3000))
	make_members(ctx, directory)
	return directory


# ---------------------------------------------------------------- territories


def make_territories(ctx: Context, count: int) -> list[Place]:
	"""An agglomeration, its communes, their QPV and their sectors: each a rectangle inside its
	parent's, siblings apart, east of every perimeter the site holds (a point has one smallest
	territory)."""
	rng, taken = ctx.rng, existing_names(TERRITORY)
	communes = 0 if count == 1 else min(count - 1, max(1, round(count * 0.04)))
	rest = count - 1 - communes
	qpvs = min(rest, max(communes, round(count * 0.16)))
	size = math.sqrt(max(count / 500, 0.02))
	west = max([2.3, *(x for ring in existing_rings() for x, _y in ring)]) + 0.05
	box = rounded((west, 48.6, west + 0.4 * size, 48.6 + 0.25 * size))
	department = rng.randint(10, 95)
	cities = rng.sample(ctx.pools.cities, len(ctx.pools.cities))
	root = Place(
		unique_name(f"Communauté d'agglomération {of(cities[0])}", taken),
		"EPCI",
		f"2{rng.randint(0, 99999999):08d}",
		box,
	)
	places = [root]
	for index, cell in enumerate(grid(box, communes)):
		city = cities[(index + 1) % len(cities)]
		commune = Place(unique_name(city, taken), "Commune", f"{department}{index + 1:03d}", cell, root)
		places.append(commune)
	for index in range(qpvs):
		commune = places[1 + index % communes]
		word = WORDS["neighbourhoods"][index % len(WORDS["neighbourhoods"])]
		qpv = Place(
			unique_name(f"{word} ({commune.name})", taken),
			"QPV",
			f"QN0{department}{index + 1:03d}M",
			commune.box,
			commune,
		)
		places.append(qpv)
	sectors = {}
	for index in range(rest - qpvs):
		qpv = places[1 + communes + index % qpvs]
		number = sectors[qpv.name] = sectors.get(qpv.name, 0) + 1
		label = WORDS["sectors"][(number - 1) % len(WORDS["sectors"])]
		name = unique_name(f"{qpv.name.split(' (')[0]} {label} ({qpv.parent.name})", taken)
		places.append(Place(name, "Sector", f"{qpv.code}-{number}", qpv.box, qpv))
	for place in places[1:]:
		place.parent.children.append(place)
	lay_out(root)

	nodes = {place.name: Node(place.name, place.parent.name if place.parent else None) for place in places}
	for place in places[1:]:
		nodes[place.parent.name].children.append(nodes[place.name])
	number_tree(TERRITORY, [nodes[root.name]])
	created = ctx.now - timedelta(days=3 * 365 + 60)
	table = Table(ctx, TERRITORY)
	for place in places:
		parent = place.parent.name if place.parent else None
		table.add(
			{
				"name": place.name,
				"creation": moment(rng, created.date()),
				"territory_name": place.name,
				"territory_type": place.territory_type,
				"code": place.code,
				"parent_gusp_territory": parent,
				"old_parent": parent or "",
				"is_group": int(bool(place.children)),
				"lft": nodes[place.name].lft,
				"rgt": nodes[place.name].rgt,
				"geolocation": geojson_rectangle(place.box),
			}
		)
	table.close()
	ctx.progress(f"GUSP Territory: {len(places)} ({communes} communes, {qpvs} QPV)")
	return places


def existing_rings():
	for value in frappe.get_all(TERRITORY, filters={"geolocation": ("is", "set")}, pluck="geolocation"):
		yield from outer_rings(value)


def rounded(box):
	return tuple(round(value, 5) for value in box)


def grid(box, count: int, inset: float = 0.06) -> list[tuple]:
	"""`count` cells of a box, row by row, each shrunk so that neighbours never touch."""
	if count <= 0:
		return []
	columns = math.ceil(math.sqrt(count))
	rows = math.ceil(count / columns)
	west, south, east, north = box
	width, height = (east - west) / columns, (north - south) / rows
	cells = []
	for index in range(count):
		row, column = divmod(index, columns)
		w, s = west + column * width, south + row * height
		dx, dy = width * inset, height * inset
		cells.append(rounded((w + dx, s + dy, w + width - dx, s + height - dy)))
	return cells


def lay_out(place: Place) -> None:
	for child, cell in zip(place.children, grid(place.box, len(place.children)), strict=True):
		child.box = cell
		lay_out(child)


# ---------------------------------------------------------------- themes


def make_themes(ctx: Context, count: int) -> list[Theme]:
	"""Groups of topics with their sub-topics, split by land (public space, social housing…)."""
	rng, taken = ctx.rng, existing_names(THEME)
	new_topics = 0 if count < 3 else max(1, round(count * 0.02))
	count -= new_topics
	groups_count = max(1, round(count / 10))
	bases = list(WORDS["theme_groups"].items())
	groups = []
	for index in range(groups_count):
		label, (days, _subs) = bases[index % len(bases)]
		groups.append(Theme(unique_name(label, taken), days if days and rng.random() < 0.9 else None))
	for index in range(count - groups_count):
		group = groups[index % groups_count]
		subs = WORDS["theme_groups"].get(group.name.rstrip(" 0123456789"), [None, []])[1] or ["Divers"]
		number = len(group.children)
		sub = subs[number % len(subs)]
		variant = WORDS["theme_variants"][(number // len(subs)) % len(WORDS["theme_variants"])]
		days = rng.choice([1, 2, 3, 5, 7, 10, 15, 30]) if rng.random() < 0.4 else None
		child = Theme(unique_name(f"{sub}{variant}", taken), days, group)
		group.children.append(child)
	themes = [theme for group in groups for theme in (group, *group.children)]
	for index in range(new_topics):
		label = WORDS["new_topics"][index % len(WORDS["new_topics"])]
		themes.append(Theme(unique_name(label, taken), None, new=True))
		groups.append(themes[-1])

	nodes = {theme.name: Node(theme.name, theme.parent.name if theme.parent else None) for theme in themes}
	for theme in themes:
		if theme.parent:
			nodes[theme.parent.name].children.append(nodes[theme.name])
	number_tree(THEME, [nodes[group.name] for group in groups])
	codes = existing_names(THEME, "service_code")
	table = Table(ctx, THEME)
	created = ctx.now - timedelta(days=3 * 365 + 60)
	for theme in themes:
		parent = theme.parent.name if theme.parent else None
		code = unique_service_code(theme.name)
		while code in codes:  # taken by a theme made earlier in this run
			code = unique_service_code(f"{theme.name} {rng.randint(2, 999)}")
		codes.add(code)
		table.add(
			{
				"name": theme.name,
				"creation": moment(rng, created.date()),
				"theme_name": theme.name,
				"service_code": code,
				"service_level_days": theme.days,
				"parent_gusp_theme": parent,
				"old_parent": parent or "",
				"is_group": int(bool(theme.children)),
				"lft": nodes[theme.name].lft,
				"rgt": nodes[theme.name].rgt,
				"description": rng.choice(ctx.pools.sentences),
			}
		)
	table.close()
	ctx.progress(f"GUSP Theme: {len(themes)} ({groups_count} groups, {new_topics} new topics)")
	return themes


# ---------------------------------------------------------------- members


def plan_members(ctx: Context, places: list[Place], themes: list[Theme], count: int) -> list[Member]:
	rng, taken = ctx.rng, existing_names(MEMBER_DOCTYPE)
	by_type = {kind: [p for p in places if p.territory_type == kind] for kind in ("Commune", "QPV", "Sector")}
	root = places[0]
	communes = by_type["Commune"] or [root]
	qpvs = by_type["QPV"] or communes
	sectors = by_type["Sector"] or qpvs
	types = ["Intercommunality"] if count > 1 else []
	types += ["Municipality"] * min(len(communes), count - len(types))
	rest = count - len(types)
	for kind, share in MEMBER_SHARES.items():
		types += [kind] * min(count - len(types), round(rest * share))
	types += ["Association"] * (count - len(types))
	groups = [theme for theme in themes if not theme.parent and not theme.new]
	members = []
	for index, kind in enumerate(types[:count]):
		homes, name, acronym = member_identity(ctx, kind, index, root, communes, qpvs, sectors)
		member = Member(unique_name(name, taken), kind, homes, acronym)
		share = PROFILES[kind][3]
		size = len(groups) if share >= 1 else round(len(groups) * share * rng.uniform(0.8, 1.1))
		member.groups = rng.sample(groups, min(len(groups), max(1, size)))
		members.append(member)
	return members


def of(name: str) -> str:
	"""`de Lysmont`, `d'Évry`."""
	return f"d'{name}" if name[:1].lower() in "aeiouyàâéèêëîïôöûü" else f"de {name}"


def member_identity(ctx: Context, kind: str, index: int, root, communes, qpvs, sectors):
	"""(territories, name, acronym) of a member of that type."""
	rng, pools = ctx.rng, ctx.pools
	if kind == "Intercommunality":
		return [root], root.name, "CA"
	if kind == "Municipality":
		commune = communes[(index - 1) % len(communes)] if index else communes[0]
		return [commune], f"Ville {of(commune.name)}", None
	if kind == "Social Landlord":
		homes = rng.sample(qpvs, min(len(qpvs), rng.randint(1, 4)))
		name = f"{rng.choice(pools.cities)} {rng.choice(WORDS['landlord_names'])}"
		return homes, name, "".join(word[0] for word in name.split()).upper()
	if kind == "Residents' Council":
		qpv = qpvs[index % len(qpvs)]
		return [qpv], f"Conseil citoyen {qpv.name}", "CC"
	if kind == "State Service":
		home = rng.choice([root, *communes])
		return [home], f"{rng.choice(WORDS['state_services'])} {home.name}", None
	if kind == "Institution":
		return [root], f"{rng.choice(WORDS['institutions'])} {rng.choice(pools.cities)}", None
	if kind == "Company":
		homes = rng.sample(sectors, min(len(sectors), rng.randint(1, 3)))
		return homes, rng.choice(pools.companies), None
	homes = rng.sample(qpvs + sectors, min(len(qpvs + sectors), rng.randint(1, 2)))
	return homes, f"{rng.choice(WORDS['association_kinds'])} {rng.choice(pools.last_names)}", None


def make_responsibilities(ctx: Context, directory: Directory, count: int) -> None:
	"""Who does what: each member's share of `count` rows on its territories (or places inside them)
	and its theme groups (or their sub-topics), unique as `Responsibility.validate_unique` wants."""
	rng, members = ctx.rng, directory.members
	weights = [PROFILES[member.member_type][0] for member in members]
	total = sum(weights)
	quotas = [int(count * weight / total) for weight in weights]
	for index in rng.sample(range(len(members)), count - sum(quotas)):
		quotas[index] += 1
	rows, seen = [], set()
	for member, quota in zip(members, quotas, strict=True):
		_weight, roles, lands, _share = PROFILES[member.member_type]
		for row in core_rows(rng, member)[:quota]:
			seen.add(row)
			rows.append(row)
			quota -= 1
		places = [*member.homes, *(p for home in member.homes for p in home.descendants())]
		for _ in range(quota):
			for _attempt in range(30):
				group = rng.choice(member.groups)
				theme = group if not group.children or rng.random() < 0.6 else rng.choice(group.children)
				place = rng.choice(member.homes) if rng.random() < 0.7 else rng.choice(places)
				row = (theme.name, place.name, weighted(rng, lands), member.name, weighted(rng, roles))
				if row not in seen:
					seen.add(row)
					rows.append(row)
					break
	if len(rows) < count:  # a tiny scale: every combination, in order
		for member in members:
			for theme in (theme for theme in directory.themes if not theme.new):
				for place in member.homes:
					for land in LANDS:
						for role in ("Lead", "Contributor", "Funder", "Information"):
							row = (theme.name, place.name, land, member.name, role)
							if len(rows) < count and row not in seen:
								seen.add(row)
								rows.append(row)
	rows.sort(key=lambda row: rng.random())
	write_responsibilities(ctx, directory, rows)


def core_rows(rng, member: Member) -> list[tuple]:
	"""What an organisation of that type leads on its own territories, theme group by theme group:
	a town its public space (and, for some topics, whatever the land), the agglomeration its
	competences everywhere, a landlord its housing, a company the private land it manages."""
	lands = CORE_LANDS.get(member.member_type)
	if not lands:
		return []
	rows = [
		(group.name, home.name, weighted(rng, lands), member.name, ROLE_LEAD)
		for group in member.groups
		for home in member.homes
	]
	rng.shuffle(rows)
	return rows


def write_responsibilities(ctx: Context, directory: Directory, rows: list[tuple]) -> None:
	rng, series = ctx.rng, Series(RULE)
	by_name = {member.name: member for member in directory.members}
	table = Table(ctx, RULE)
	start = ctx.now - timedelta(days=3 * 365 + 30)
	moments = sorted(moment(rng, (start + timedelta(days=rng.randint(0, 400))).date()) for _ in rows)
	for (theme, territory, land, member, role), when in zip(rows, moments, strict=True):
		status = "Proposed" if rng.random() < 0.03 else "Validated"
		if role == ROLE_LEAD and status != "Proposed":
			directory.leads.setdefault((theme, territory), []).append((land, member))
		by_name[member].themes[theme] = None
		table.add(
			{
				"name": series.next_name(when),
				"creation": when,
				"modified": when + timedelta(days=rng.randint(0, 30)),
				"theme": theme,
				"territory": territory,
				"land_status": land,
				"network_member": member,
				"role": role,
				"status": status,
				"scope": rng.choice(WORDS["scopes"]),
				"limits": rng.choice(WORDS["limits"]) or None,
			}
		)
	table.close()
	series.save()
	ctx.progress(f"Responsibility: {len(rows)} ({sum(map(len, directory.leads.values()))} leads)")


def make_members(ctx: Context, directory: Directory) -> None:
	"""The members, their staff (desk users with the member role) and the resource centre's staff."""
	rng, pools = ctx.rng, ctx.pools
	users = Users(ctx)
	members, staff_rows = Table(ctx, MEMBER_DOCTYPE), Table(ctx, "Network Member User")
	places, themes = Table(ctx, "Network Member Territory"), Table(ctx, "Network Member Theme")
	created = ctx.now - timedelta(days=3 * 365 + 45)
	for member in directory.members:
		label = member.acronym if member.acronym and len(member.acronym) > 3 else member.name
		domain = f"{slug(label)[:30].strip('-')}.example"  # a reserved domain: no mail leaves
		always = member.member_type in ("Municipality", "Social Landlord", "Intercommunality")
		size = 0 if not always and rng.random() < 0.05 else 1 + (rng.random() < 0.5) + (rng.random() < 0.2)
		rows = [users.add(domain, [MEMBER]) for _ in range(size)]
		member.staff = [row["user"] for row in rows]
		directory.staff_of[member.name] = member.staff[0] if member.staff else None
		when = moment(rng, created.date())
		if not member.themes:
			member.themes[rng.choice(directory.themes).name] = None
		members.add(
			{
				"name": member.name,
				"creation": when,
				"modified": when + timedelta(days=rng.randint(0, 300)),
				"member_name": member.name,
				"acronym": member.acronym,
				"member_type": member.member_type,
				"is_public": int(rng.random() < 0.9),
				"website": f"https://www.{domain}",
				"email": f"contact@{domain}",
				"phone": f"0{rng.randint(1, 5)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
				"address": rng.choice(pools.addresses),
				"description": f"<p>{rng.choice(pools.sentences)}</p>",
				"transversality_referent": member.staff[0] if member.staff and rng.random() < 0.5 else None,
			}
		)
		staff_rows.add_children(member.name, MEMBER_DOCTYPE, "users", rows, when)
		places.add_children(
			member.name, MEMBER_DOCTYPE, "territories", [{"territory": p.name} for p in member.homes], when
		)
		themes.add_children(
			member.name, MEMBER_DOCTYPE, "themes", [{"theme": t} for t in member.themes], when
		)
	# the resource centre's staff, after the users it already has
	idx = frappe.db.count(
		"Network Member User", {"parent": directory.resource_centre, "parenttype": MEMBER_DOCTYPE}
	)
	for index in range(max(1, round(3 * min(ctx.scale, 1)))):
		row = users.add("centre-ressources-gusp.example", [RESOURCE_CENTRE])
		directory.centre_users.append(row["user"])
		staff_rows.add(
			{
				**row,
				"name": ctx.hash_name(),
				"parent": directory.resource_centre,
				"parenttype": MEMBER_DOCTYPE,
				"parentfield": "users",
				"idx": idx + index + 1,
				"creation": created,
			}
		)
	directory.admin_user = users.add("admin-gusp.example", ["System Manager", "GUSP Admin"])["user"]
	for table in (members, staff_rows, places, themes):
		table.close()
	users.close()
	directory.full_names = users.full_names
	directory.staff_of[directory.resource_centre] = first_staff_user(directory.resource_centre)
	ctx.progress(f"Network Member: {len(directory.members)}, User: {users.count}")


class Users:
	"""Desk users made in bulk: their roles and their password (one hash for all, as the benchmark
	logs them in with the same password)."""

	def __init__(self, ctx: Context):
		self.ctx = ctx
		self.taken = existing_names("User")
		self.users, self.roles = Table(ctx, "User"), Table(ctx, "Has Role")
		self.logins, self.shares = Table(ctx, "User Social Login"), Table(ctx, "DocShare")
		self.settings = Table(ctx, "Notification Settings")
		self.time_zone = get_system_timezone()
		self.userids = ctx.keyed_rng("userids")
		self.passwords: list[tuple] = []
		self.hash = passlibctx.hash(ctx.password)
		self.count = 0
		self.full_names = {}
		self.created = ctx.now - timedelta(days=3 * 365 + 40)

	def add(self, domain: str, roles: list[str]) -> dict:
		"""A new user: the row of a staff table naming them."""
		rng, pools = self.ctx.rng, self.ctx.pools
		first, last = rng.choice(pools.first_names), rng.choice(pools.last_names)
		email = f"{slug(first)}.{slug(last)}@{domain}"
		number = 1
		while email.lower() in self.taken:
			number += 1
			email = f"{slug(first)}.{slug(last)}{number}@{domain}"
		self.taken.add(email.lower())
		when = moment(rng, self.created.date())
		full_name = self.full_names[email] = f"{first} {last}"
		self.users.add(
			{
				"name": email,
				"creation": when,
				"email": email,
				"first_name": first,
				"last_name": last,
				"full_name": full_name,
				"enabled": 1,
				"language": "fr",
				"send_welcome_email": 0,
				"user_type": "System User",
				"time_zone": self.time_zone,
				"new_password": "",
			}
		)
		self.roles.add_children(email, "User", "roles", [{"role": role} for role in roles], when)
		# what User.validate, after_insert and on_update add to a new user
		userid = "".join(self.userids.choices("0123456789abcdefghijklmnopqrstuvwxyz", k=39))
		self.logins.add_children(
			email, "User", "social_logins", [{"provider": "frappe", "userid": userid}], when
		)
		self.settings.add({"name": email, "creation": when, "user": email})
		self.shares.add(
			{
				"name": self.ctx.hash_name(),
				"creation": when,
				"user": email,
				"share_doctype": "User",
				"share_name": email,
				"read": 1,
				"write": 1,
				"share": 1,
				"notify_by_email": 1,
			}
		)
		self.passwords.append(("User", email, "password", self.hash, 0))
		self.count += 1
		return {"user": email, "full_name": full_name, "job_title": rng.choice(WORDS["job_titles"])}

	def close(self) -> None:
		for table in (self.users, self.roles, self.logins, self.shares, self.settings):
			table.close()
		for start in range(0, len(self.passwords), 2000):
			bulk_insert(
				"__Auth",
				["doctype", "name", "fieldname", "password", "encrypted"],
				self.passwords[start : start + 2000],
			)
