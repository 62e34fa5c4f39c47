"""The public directory (`/annuaire`, www/annuaire; its open data at `/annuaire.json`,
`/annuaire.csv`, integrations/data_inclusion): who does what for a theme on a territory, with the
public contact of the organisations that chose to be shown.

What leaves the network is what a Network Member publishes on its own record when `is_public` is
set: its name, type, territories, themes, description, email, phone, website and address. Its
staff (desk users, transversality referent, Contacts) never do, and neither does a member that is
not public: when it holds the lead, the page says that a partner handles it and sends the visitor
to the resource centre. A responsibility counts once validated (or with no status); a proposal
never shows. The rules are read as `who_does_what.find_lead` reads them: for the theme or a parent
theme, on the territory or a parent territory, the most local and most precise first.

Every function returns plain dicts of text, ready for a template or an export.
"""

import re
from urllib.parse import urlencode, urlsplit

import frappe
from frappe import _
from frappe.utils import get_url, strip_html, validate_email_address

from gusp_network.constants import GREY_ZONE_SETTLED, LAND_ANY, ROLE_LEAD
from gusp_network.directory.who_does_what import lineage
from gusp_network.settings import get_settings

PAGE_ROUTE = "/annuaire"
# its open data (integrations/data_inclusion/renderer.py); Frappe gives paths without the leading "/"
JSON_ROUTE = "annuaire.json"
STRUCTURES_CSV_ROUTE = "annuaire.csv"
SERVICES_CSV_ROUTE = "annuaire-services.csv"
TERRITORY_PARAM = "territoire"
# not "theme": Frappe puts the query string into the page context, where `theme` is the website theme
THEME_PARAM = "thematique"
VALIDATED = "Validated"
MEMBER = "Network Member"
TERRITORY = "GUSP Territory"
THEME = "GUSP Theme"
# the order a visitor reads the roles in: who leads, then who takes part
ROLE_ORDER = ("Lead", "Contributor", "Funder", "Information")
MAX_PARAM_LENGTH = 140  # names are varchar(140)


def role_label(role: str) -> str:
	labels = {
		"Lead": _("Lead partner"),
		"Contributor": _("Contributes"),
		"Funder": _("Funds"),
		"Information": _("Kept informed"),
	}
	return labels.get(role, _(role))


def land_label(land_status: str | None) -> str:
	"""Who owns the ground the rule is about, as a resident reads it."""
	labels = {
		LAND_ANY: _("Whoever owns the ground"),
		"Public Land": _("On public land"),
		"Social Landlord": _("On social landlords' land"),
		"Co-ownership": _("In co-ownerships"),
		"Private": _("On private land"),
	}
	return labels.get(land_status or LAND_ANY, _(land_status or LAND_ANY))


def is_enabled() -> bool:
	"""GUSP Settings > Public Directory: off, the page and its exports answer 404."""
	return bool(get_settings().public_directory)


# ---------------------------------------------------------------- what a visitor chooses from


def tree_options(doctype: str) -> list[dict]:
	"""Every record of a tree, in tree order, indented by depth: [{value, label}]."""
	parent_field = frappe.scrub(f"parent {doctype}")
	rows = frappe.get_all(doctype, fields=["name", "lft", "rgt", parent_field], order_by="lft asc")
	depth: dict[str, int] = {}
	options = []
	for row in rows:
		level = depth.get(row.get(parent_field), -1) + 1
		depth[row.name] = level
		options.append({"value": row.name, "label": "\u00a0\u00a0" * level + row.name})
	return options


def territory_options() -> list[dict]:
	return tree_options(TERRITORY)


def theme_options() -> list[dict]:
	return tree_options(THEME)


def chosen(value) -> str:
	"""A name sent in the query string: text, trimmed, at most 140 characters; anything else is none."""
	if not isinstance(value, str):
		return ""
	value = value.strip()
	return value if len(value) <= MAX_PARAM_LENGTH else ""


def search_url(theme: str, territory: str) -> str:
	return f"{PAGE_ROUTE}?{urlencode({TERRITORY_PARAM: territory, THEME_PARAM: theme})}"


# ---------------------------------------------------------------- public contacts


def public_email(value: str | None) -> str | None:
	"""One plain address, or nothing (a badly typed one is left out rather than shown)."""
	value = (value or "").strip()
	if not value or "," in value or (validate_email_address(value) or "").casefold() != value.casefold():
		return None
	# names the email standards reserve for tests and private networks are not reachable addresses
	if value.rsplit(".", 1)[-1].lower() in ("arpa", "invalid", "local", "localhost", "onion", "test"):
		return None
	return value


def public_website(value: str | None) -> str | None:
	"""An http(s) address (https:// added when typed without one), or nothing: never a
	`javascript:` link."""
	value = (value or "").strip()
	if not value or any(char.isspace() for char in value):
		return None
	if "://" not in value:
		value = f"https://{value}"
	parts = urlsplit(value)
	if parts.scheme.lower() not in ("http", "https") or "." not in (parts.hostname or ""):
		return None
	return value


def public_contact(member: dict) -> dict:
	"""The contact a member publishes on its record, and nothing else."""
	address = [line.strip() for line in (member.get("address") or "").splitlines() if line.strip()]
	phone = (member.get("phone") or "").strip() or None
	return {
		"email": public_email(member.get("email")),
		"phone": phone,
		"phone_href": re.sub(r"[^\d+]", "", phone) if phone else None,
		"website": public_website(member.get("website")),
		"address": address,
	}


def plain_description(html: str | None) -> str:
	return re.sub(r"\s+", " ", strip_html(html or "")).strip()


def anchor(name: str) -> str:
	"""The id of a member's card on the page (and the link to it in the exports)."""
	return "membre-" + (frappe.scrub(name).replace("_", "-") or "x")


# ---------------------------------------------------------------- the public members

MEMBER_FIELDS = (
	"name",
	"member_name",
	"acronym",
	"member_type",
	"email",
	"phone",
	"website",
	"address",
	"description",
	"modified",
)


def links_of(child_doctype: str, field: str, members: list[str]) -> dict[str, list[str]]:
	"""Each member's territories (or themes), in the order of its record."""
	found: dict[str, list[str]] = {}
	if not members:
		return found
	for row in frappe.get_all(
		child_doctype,
		filters={"parenttype": MEMBER, "parent": ("in", members)},
		fields=["parent", field],
		order_by="idx asc",
	):
		found.setdefault(row.parent, []).append(row.get(field))
	return found


def subtree(doctype: str, name: str) -> list[str]:
	"""The record, its ancestors and its descendants: what a choice of it is about."""
	bounds = frappe.db.get_value(doctype, name, ["lft", "rgt"], as_dict=True)
	if not bounds:
		return []
	below = frappe.get_all(
		doctype, filters={"lft": (">=", bounds.lft), "rgt": ("<=", bounds.rgt)}, pluck="name"
	)
	return list(dict.fromkeys(lineage(doctype, name) + below))


def public_member_records() -> list[dict]:
	"""The public members, by name, with their territories and themes (what every output starts
	from)."""
	rows = frappe.get_all(MEMBER, filters={"is_public": 1}, fields=list(MEMBER_FIELDS), order_by="name asc")
	names = [row.name for row in rows]
	territories = links_of("Network Member Territory", "territory", names)
	themes = links_of("Network Member Theme", "theme", names)
	for row in rows:
		row["territories"] = territories.get(row.name, [])
		row["themes"] = themes.get(row.name, [])
	return rows


def member_type_label(member_type: str | None) -> str:
	"""The member's type in French (the DocType's options are translated)."""
	return _(member_type) if member_type else ""


def member_card(row: dict) -> dict:
	return {
		"name": row["name"],
		"acronym": row.get("acronym") or "",
		"anchor": anchor(row["name"]),
		"type": member_type_label(row.get("member_type")),
		"territories": list(row.get("territories") or []),
		"themes": list(row.get("themes") or []),
		"description": plain_description(row.get("description")),
		"contact": public_contact(row),
	}


def public_members(territory: str = "", theme: str = "") -> list[dict]:
	"""The public members' cards; with a territory or a theme, those working on it (on the place,
	around it or within it; on the theme, a broader or a narrower one)."""
	rows = public_member_records()
	if territory:
		around = set(subtree(TERRITORY, territory))
		rows = [row for row in rows if around & set(row["territories"])]
	if theme:
		related = set(subtree(THEME, theme))
		rows = [row for row in rows if related & set(row["themes"])]
	return [member_card(row) for row in rows]


def resource_centre() -> dict | None:
	"""The resource centre of GUSP Settings, when it is public: its name and contact."""
	name = get_settings().resource_centre
	if not name:
		return None
	row = frappe.db.get_value(MEMBER, {"name": name, "is_public": 1}, list(MEMBER_FIELDS), as_dict=True)
	return member_card({**row, "territories": [], "themes": []}) if row else None


# ---------------------------------------------------------------- who does what


def published_rules(themes: list[str] | None = None, territories: list[str] | None = None) -> list[dict]:
	"""Validated responsibilities (or with no status), with the member's public flag and contact;
	optionally for some themes and territories."""
	rule = frappe.qb.DocType("Responsibility")
	member = frappe.qb.DocType(MEMBER)
	query = (
		frappe.qb.from_(rule)
		.join(member)
		.on(member.name == rule.network_member)
		.select(
			rule.name,
			rule.theme,
			rule.territory,
			rule.land_status,
			rule.role,
			rule.scope,
			rule.limits,
			rule.modified,
			rule.network_member,
			member.is_public,
			member.member_name,
			member.acronym,
			member.member_type,
			member.email,
			member.phone,
			member.website,
			member.address,
		)
		# a member's proposal shows nowhere until the resource centre validates it
		.where(rule.status.isnull() | (rule.status == "") | (rule.status == VALIDATED))
		.orderby(rule.name)
	)
	if themes is not None:
		query = query.where(rule.theme.isin(themes))
	if territories is not None:
		query = query.where(rule.territory.isin(territories))
	return query.run(as_dict=True) if themes != [] and territories != [] else []


def rule_entry(row: dict) -> dict:
	"""One public line of who does what."""
	return {
		"member": row["network_member"],
		"acronym": row.get("acronym") or "",
		"anchor": anchor(row["network_member"]),
		"type": member_type_label(row.get("member_type")),
		"role": role_label(row["role"]),
		"is_lead": row["role"] == ROLE_LEAD,
		"land": land_label(row.get("land_status")),
		"theme": row["theme"],
		"territory": row["territory"],
		"scope": (row.get("scope") or "").strip(),
		"limits": (row.get("limits") or "").strip(),
		"contact": public_contact(row),
	}


def open_grey_zone_exists(themes: list[str], territories: list[str]) -> bool:
	"""Whether the partners are already treating a grey zone here (nothing else about it is told)."""
	return bool(
		frappe.get_all(
			"Grey Zone",
			filters={
				"theme": ("in", themes),
				"territory": ("in", territories),
				"status": ("!=", GREY_ZONE_SETTLED),
			},
			limit=1,
			pluck="name",
		)
	)


def who_does_what(theme: str, territory: str) -> dict | None:
	"""Who leads and who takes part for a theme on a territory, or None when either is unknown.

	Leads come first: per land status, the most local and precise one (a rule on a parent territory
	or theme gives way to a closer one, as in routing); then contributors, funders and those kept
	informed. Members that are not public are never named: `hidden_lead` says a partner leads
	all the same, `hidden_others` how many more take part. `grey_zone`: nobody leads at all.
	"""
	themes = lineage(THEME, theme)
	territories = lineage(TERRITORY, territory)
	if not themes or not territories:
		return None
	presumed = get_settings().presumed_land_status

	def rank(row):
		land = 0 if row.land_status == presumed else 1 if row.land_status == LAND_ANY else 2
		return (land, territories.index(row.territory), themes.index(row.theme), row.network_member)

	rows = sorted(published_rules(themes, territories), key=rank)
	leads, lands = [], set()
	for row in rows:
		if row.role == ROLE_LEAD and row.land_status not in lands:
			lands.add(row.land_status)
			leads.append(row)
	others, seen = [], set()
	for row in sorted(
		(row for row in rows if row.role != ROLE_LEAD),
		key=lambda row: ROLE_ORDER.index(row.role) if row.role in ROLE_ORDER else len(ROLE_ORDER),
	):
		if (row.network_member, row.role, row.land_status) not in seen:
			seen.add((row.network_member, row.role, row.land_status))
			others.append(row)
	return {
		"theme": theme,
		"territory": territory,
		"leads": [rule_entry(row) for row in leads if row.is_public],
		"hidden_lead": any(not row.is_public for row in leads),
		"others": [rule_entry(row) for row in others if row.is_public],
		"hidden_others": len({row.network_member for row in others if not row.is_public}),
		"grey_zone": not leads,
		"grey_zone_open": open_grey_zone_exists(themes, territories),
		"url": get_url(search_url(theme, territory)),
	}


# ---------------------------------------------------------------- for the open data exports


def territory_codes(territory: str) -> list[dict]:
	"""The territory and its ancestors, most local first: [{type, code, departments}], where
	`departments` are a region's departments' codes (the national schema knows no region code)."""
	rows = []
	for name in lineage(TERRITORY, territory):
		row = frappe.db.get_value(TERRITORY, name, ["territory_type", "code"], as_dict=True) or {}
		departments = []
		if row.get("territory_type") == "Region":
			departments = frappe.get_all(
				TERRITORY,
				filters={"parent_gusp_territory": name, "territory_type": "Department"},
				pluck="code",
				order_by="lft asc",
			)
		rows.append(
			{
				"type": row.get("territory_type"),
				"code": (row.get("code") or "").strip(),
				"departments": [code for code in departments if code],
			}
		)
	return rows


def published_services() -> list[dict]:
	"""Every published responsibility of a public member: one line of who does what each, with
	what the national schema needs (land status label, territory codes, the page that tells it)."""
	services, codes = [], {}
	for row in published_rules():
		if not row.is_public:
			continue
		if row.territory not in codes:
			codes[row.territory] = territory_codes(row.territory)
		entry = rule_entry(row)
		entry.update(
			{
				"id": row.name,
				"role_key": row.role,
				"modified": row.modified,
				"themes": lineage(THEME, row.theme),
				"territory_codes": codes[row.territory],
				"url": get_url(search_url(row.theme, row.territory)),
			}
		)
		services.append(entry)
	return services


def published_members() -> list[dict]:
	"""Every public member's card, with its last change and the link to its card on the page."""
	members = []
	for row in public_member_records():
		card = member_card(row)
		card.update(
			{
				"member_type_key": row.member_type,
				"modified": row.modified,
				"url": get_url(f"{PAGE_ROUTE}#{card['anchor']}"),
			}
		)
		members.append(card)
	return members
