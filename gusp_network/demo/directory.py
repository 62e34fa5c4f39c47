"""Demo directory: territories, themes, network members and their staff, the "qui fait quoi" and a
few grey zones, from `data/directory.json`."""

from datetime import date, timedelta

import frappe
from faker import Faker
from frappe.utils.password import update_password

from gusp_network.demo.common import (
	DEMO_DOMAIN,
	DEMO_PASSWORD,
	Demo,
	by_member_and_theme,
	read_json,
	slugify,
)
from gusp_network.directory.geography import geojson_rectangle
from gusp_network.setup.defaults import ensure_resource_centre

DIRECTORY = read_json("directory.json")
DEMO_USERS = DIRECTORY["demo_users"]  # email: role
RESOURCE_CENTRE_USER = DIRECTORY["resource_centre_user"]
DEMO_EXTRA_ROLES = DIRECTORY["demo_extra_roles"]  # email: more roles
DEMO_USER_MEMBERS = DIRECTORY["demo_user_members"]  # email: (member, job title, F/M)
EXTRA_STAFF = DIRECTORY["extra_staff"]  # (member, job title, F/M)

# The fictional agglomeration: the EPCI is the demo's root, its presence means "already loaded".
REGION = DIRECTORY["region"]  # (name, code)
DEPARTMENT = DIRECTORY["department"]
EPCI = DIRECTORY["epci"]
AGGLO = EPCI[0]  # the demo's EPCI territory and intercommunality member
COMMUNES = DIRECTORY["communes"]  # (commune, INSEE code, postcode, QPV)
COMMUNE_NAMES = {commune[0] for commune in COMMUNES}
EPCI_BOX = tuple(DIRECTORY["epci_box"])  # (west, south, east, north)

THEMES = DIRECTORY["themes"]  # theme: (service level in days, children {child: service level})
MEMBERS = DIRECTORY["members"]  # (name, acronym, member_type, territories)
MEMBER_DESCRIPTIONS = DIRECTORY["member_descriptions"]
LANDLORDS = DIRECTORY["landlords"]  # (social landlord, acronym, QPV where it owns housing)
RESIDENTS_COUNCILS = DIRECTORY["residents_councils"]
PRIVATE_MEMBERS = set(DIRECTORY["private_members"])

# Who does what, see the comments of the data file
MUNICIPALITY_ROLES = DIRECTORY["municipality_roles"]
LANDLORD_THEMES = DIRECTORY["landlord_themes"]
RESPONSIBILITIES = DIRECTORY["responsibilities"]
# (member, theme): scope, limits
SCOPES = by_member_and_theme(DIRECTORY["scopes"])
LIMITS = by_member_and_theme(DIRECTORY["limits"])

# (theme, QPV, land status, under discussion, description, members involved)
UNDER_DISCUSSION = "Under Discussion"
GREY_ZONES = DIRECTORY["grey_zones"]


# Territories


def make_territories(demo: Demo) -> int:
	created = 0
	created += add_territory(demo, REGION[0], "Region", REGION[1], None, is_group=1)
	created += add_territory(demo, DEPARTMENT[0], "Department", DEPARTMENT[1], REGION[0], is_group=1)
	created += add_territory(demo, AGGLO, "EPCI", EPCI[1], DEPARTMENT[0], EPCI_BOX, is_group=1)
	qpv_number = 80
	for (commune, insee, _postcode, qpvs), box in zip(COMMUNES, grid(EPCI_BOX, 3, 2), strict=False):
		box = inset(box, 0.06)
		created += add_territory(demo, commune, "Commune", insee, AGGLO, box, is_group=1)
		for qpv, qpv_box in zip(qpvs, split(inset(box, 0.12), len(qpvs), "lon"), strict=True):
			qpv_number += 1
			qpv_box = inset(qpv_box, 0.1)
			code = f"QN059{qpv_number:02d}M"
			created += add_territory(demo, qpv, "QPV", code, commune, qpv_box, is_group=1)
			axis = demo.rng.choice(["lat", "lon"])
			halves = ("Sud", "Nord") if axis == "lat" else ("Ouest", "Est")
			for i, (half, sector_box) in enumerate(zip(halves, split(qpv_box, 2, axis), strict=True)):
				sector = f"{qpv} {half}"
				created += add_territory(
					demo, sector, "Sector", f"{code}-{i + 1}", qpv, inset(sector_box, 0.05)
				)
	return created


def add_territory(demo: Demo, name, territory_type, code, parent, box=None, is_group=0) -> int:
	demo.parents[name] = parent
	if frappe.db.exists("GUSP Territory", name):
		return 0
	frappe.get_doc(
		{
			"doctype": "GUSP Territory",
			"territory_name": name,
			"territory_type": territory_type,
			"code": code,
			"parent_gusp_territory": parent,
			"is_group": is_group,
			"geolocation": geojson_rectangle(box) if box else None,
		}
	).insert()
	return 1


def grid(box, columns, rows):
	"""The cells of a box, row by row from the north-west."""
	return [cell for row in reversed(split(box, rows, "lat")) for cell in split(row, columns, "lon")]


def split(box, parts, axis):
	"""A box cut into equal parts along longitude ("lon", west to east) or latitude ("lat")."""
	west, south, east, north = box
	if axis == "lon":
		step = (east - west) / parts
		return [(west + i * step, south, west + (i + 1) * step, north) for i in range(parts)]
	step = (north - south) / parts
	return [(west, south + i * step, east, south + (i + 1) * step) for i in range(parts)]


def inset(box, fraction):
	"""A box shrunk on each side by a fraction of its size, so that it lies inside the original."""
	west, south, east, north = box
	dx, dy = (east - west) * fraction, (north - south) * fraction
	return (west + dx, south + dy, east - dx, north - dy)


# Themes


def make_themes() -> int:
	created = 0
	for theme, (days, children) in THEMES.items():
		created += add_theme(theme, days, None, is_group=1 if children else 0)
		for child, child_days in children.items():
			created += add_theme(child, child_days, theme)
	return created


def add_theme(name, service_level_days, parent, is_group=0) -> int:
	if frappe.db.exists("GUSP Theme", name):
		return 0
	frappe.get_doc(
		{
			"doctype": "GUSP Theme",
			"theme_name": name,
			"service_level_days": service_level_days,
			"parent_gusp_theme": parent,
			"is_group": is_group,
		}
	).insert()
	return 1


# Network members


def make_members(demo: Demo) -> int:
	demo.resource_centre = frappe.db.get_single_value("GUSP Settings", "resource_centre")
	if not demo.resource_centre:
		ensure_resource_centre()
		demo.resource_centre = frappe.db.get_single_value("GUSP Settings", "resource_centre")
	demo.members[demo.resource_centre] = [AGGLO]

	members = []  # (name, acronym, member_type, territories, description)
	for commune, _insee, _postcode, qpvs in COMMUNES:
		description = (
			f"Commune de {commune} : propreté et éclairage du domaine public, espaces verts, police "
			f"municipale. Quartiers prioritaires : {', '.join(qpvs)}."
		)
		members.append((f"Ville de {commune}", None, "Municipality", [commune], description))
	for landlord, acronym, qpvs in LANDLORDS:
		description = f"Bailleur social présent dans les quartiers {', '.join(qpvs)}."
		members.append((landlord, acronym, "Social Landlord", qpvs, description))
	for qpv in RESIDENTS_COUNCILS:
		description = f"Habitants et acteurs locaux du quartier {qpv}, associés au contrat de ville."
		members.append((residents_council(qpv), "CC", "Residents' Council", [qpv], description))
	for name, acronym, member_type, territories in MEMBERS:
		members.append((name, acronym, member_type, territories, MEMBER_DESCRIPTIONS[name]))

	themes = {}  # member: the themes of its rows in the "qui fait quoi", in order
	for member, _territory, theme, *_rest in who_does_what():
		themes.setdefault(member, {})[theme] = None
	created = 0
	for name, acronym, member_type, territories, description in members:
		created += add_member(demo, name, acronym, member_type, territories, list(themes[name]), description)
	return created


def add_member(demo: Demo, name, acronym, member_type, territories, themes, description) -> int:
	demo.members[name] = territories
	demo.member_types[name] = member_type
	fake = demo.fake
	slug = slugify(acronym if acronym and len(acronym) > 3 else name)
	commune = next(
		(t for t in [*territories, *map(demo.parents.get, territories)] if t in COMMUNE_NAMES), None
	)
	commune, _insee, postcode, _qpvs = next((c for c in COMMUNES if c[0] == commune), COMMUNES[0])
	values = {
		"doctype": "Network Member",
		"member_name": name,
		"acronym": acronym,
		"member_type": member_type,
		"is_public": 0 if name in PRIVATE_MEMBERS else 1,
		# reserved top-level domain (RFC 2606): a demo site must never mail real organisations
		"email": f"{fake.random_element(['contact', 'accueil', 'gusp', 'proximite'])}@{slug}.example",
		"website": f"https://www.{slug}.example",
		"phone": f"03 20 {fake.numerify('## ## ##')}",
		"address": f"{fake.street_address()}\n{postcode} {commune}",
		"description": f"<p>{description}</p>",
		"territories": [{"territory": territory} for territory in territories],
		"themes": [{"theme": theme} for theme in themes],
	}
	if frappe.db.exists("Network Member", name):
		return 0
	frappe.get_doc(values).insert()
	return 1


def residents_council(qpv: str) -> str:
	return f"Conseil citoyen {of_place(qpv)}"


def of_place(name: str) -> str:
	"""'des Tilleuls', 'du Pont-Rompu', 'de la Croix-Rouge'."""
	for article, contracted in (("Les ", "des "), ("Le ", "du "), ("La ", "de la "), ("L'", "de l'")):
		if name.startswith(article):
			return contracted + name[len(article) :]
	return f"de {name}"


# Users


def make_users(demo: Demo) -> int:
	created = 0
	for email, role in DEMO_USERS.items():
		member, job_title, gender = DEMO_USER_MEMBERS.get(email, (None, None, None))
		first_name, last_name = person_name(demo.fake, gender)
		created += add_user(email, first_name, last_name, [role, *DEMO_EXTRA_ROLES.get(email, [])])
		if member:
			add_staff(demo, demo.member(member), email, job_title)
	used = set(DEMO_USERS)
	for member, job_title, gender in EXTRA_STAFF:
		first_name, last_name = person_name(demo.fake, gender)
		email = f"{slugify(first_name)}.{slugify(last_name)}@{DEMO_DOMAIN}"
		while email in used:
			email = email.replace("@", f"{demo.fake.random_digit()}@", 1)
		used.add(email)
		created += add_user(email, first_name, last_name, ["GUSP Member"])
		add_staff(demo, member, email, job_title, referent=True)
	return created


def person_name(fake: Faker, gender: str | None) -> tuple[str, str]:
	first_name = {"F": fake.first_name_female, "M": fake.first_name_male}.get(gender, fake.first_name)()
	return first_name, fake.last_name()


def add_user(email, first_name, last_name, roles) -> int:
	if frappe.db.exists("User", email):
		return 0
	website_user = not frappe.db.exists("Role", {"name": ("in", roles), "desk_access": 1})
	frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": first_name,
			"last_name": last_name,
			"language": "fr",
			"send_welcome_email": 0,
			"user_type": "Website User" if website_user else "System User",
			"roles": [{"role": role} for role in roles],
		}
	).insert()
	update_password(email, DEMO_PASSWORD)
	return 1


def add_staff(demo: Demo, member, user, job_title, referent=False) -> None:
	demo.staff.setdefault(member, []).append(user)
	doc = frappe.get_doc("Network Member", member)
	if any(row.user == user for row in doc.users):
		return
	if frappe.db.exists("Network Member User", {"user": user, "parenttype": "Network Member"}):
		return  # already in another organisation
	full_name = frappe.db.get_value("User", user, "full_name")
	doc.append("users", {"user": user, "full_name": full_name, "job_title": job_title})
	if referent and not doc.transversality_referent:
		doc.transversality_referent = user
	doc.save()


# Who does what


def who_does_what() -> list[tuple]:
	"""Rows (member, territory, theme, land status, role, scope, limits), leaving a few themes of a
	QPV to the grey zones."""
	rows = []
	for commune, *_rest in COMMUNES:
		for theme, land_status, role, scope in MUNICIPALITY_ROLES:
			limits = (
				"Hors terrains des bailleurs et des copropriétés." if land_status == "Public Land" else ""
			)
			rows.append((f"Ville de {commune}", commune, theme, land_status, role, scope, limits))
	grey = {(theme, qpv): land_status for theme, qpv, land_status, *_rest in GREY_ZONES}
	for landlord, _acronym, qpvs in LANDLORDS:
		for qpv in qpvs:
			for theme in LANDLORD_THEMES:
				if grey.get((theme, qpv)) in ("Any", "Social Landlord"):
					continue  # nobody leads here: a grey zone
				scope = f"{theme} sur le patrimoine du bailleur."
				rows.append((landlord, qpv, theme, "Social Landlord", "Lead", scope, "Hors domaine public."))
	for qpv in RESIDENTS_COUNCILS:
		scope = "Relaie la parole des habitants, informé des réponses apportées."
		rows.append((residents_council(qpv), qpv, "Cadre de vie", "Any", "Information", scope, ""))
	for member, territories, theme, land_status, role in RESPONSIBILITIES:
		scope, limits = SCOPES.get((member, theme), ""), LIMITS.get((member, theme), "")
		rows += [(member, territory, theme, land_status, role, scope, limits) for territory in territories]
	return rows


def make_responsibilities() -> int:
	created, seen = 0, set()
	for member, territory, theme, land_status, role, scope, limits in who_does_what():
		key = {
			"theme": theme,
			"territory": territory,
			"land_status": land_status,
			"network_member": member,
			"role": role,
		}
		if tuple(key.values()) in seen or frappe.db.exists("Responsibility", key):
			continue
		seen.add(tuple(key.values()))
		frappe.get_doc({"doctype": "Responsibility", **key, "scope": scope, "limits": limits}).insert()
		created += 1
	return created


def make_grey_zones(demo: Demo) -> int:
	status_field = frappe.get_meta("Grey Zone").get_field("status")
	options = status_field.options.split("\n")
	new_status = status_field.default or options[0]  # a zone nobody has taken up yet
	discussed = UNDER_DISCUSSION if UNDER_DISCUSSION in options else new_status
	created = 0
	for i, (theme, qpv, land_status, under_discussion, description, involved) in enumerate(GREY_ZONES):
		if frappe.db.exists("Grey Zone", {"theme": theme, "territory": qpv, "land_status": land_status}):
			continue
		frappe.get_doc(
			{
				"doctype": "Grey Zone",
				"theme": theme,
				"territory": qpv,
				"land_status": land_status,
				"status": discussed if under_discussion else new_status,
				"origin": "Manual",
				"raised_by": demo.resource_centre if i % 2 else involved[0],
				"opened_on": date(2026, 6, 10) + timedelta(days=23 * i),
				"description": description,
				"members_involved": [{"network_member": member} for member in involved],
			}
		).insert()
		created += 1
	return created
