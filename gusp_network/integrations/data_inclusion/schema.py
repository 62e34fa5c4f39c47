"""The public directory in the national data·inclusion schema (v1, package `data-inclusion-schema`):
the public members as *structures*, their published responsibilities (a theme on a territory they
lead or take part in) as *services*.

The runtime does not import the schema package: the field names below are the schema's (v1.0),
and `tests/integrations/test_data_inclusion.py` parses every structure and service with the
package's own models, so a change of the schema shows there. A field this network does not know
stays null (SIRET, opening hours, accessibility, publics, fees, modes of access…).

Two small tables map what has a national equivalent; admins do not edit them, as the schema's
values are fixed by data·inclusion:
- `THEMATIQUES`: a GUSP theme (or a parent theme), by its name without accents or case, to the
  schema's thématiques. Most GUSP themes (cleanliness, lighting, green spaces…) have none: the
  service then has no thématique.
- `RESEAUX_PORTEURS`: a member type to the schema's networks (only municipalities have one).
"""

import csv
import io
import json
import re
import unicodedata
from datetime import date, datetime

from frappe import _

SOURCE = "gusp"  # the producer's identifier, first part of every id
NAME_LENGTH = (3, 150)
DESCRIPTION_LENGTH = 10_000
LIST_SEPARATOR = ","  # lists in the CSV files

THEMATIQUES = {
	"acces aux droits": ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
	"gestion locative": ["logement-hebergement--se-maintenir-dans-le-logement"],
	"logement": ["logement-hebergement--se-maintenir-dans-le-logement"],
	"mediation": ["remobilisation--lien-social"],
	"lien social": ["remobilisation--lien-social"],
	"numerique": ["numerique--acceder-a-des-services-en-ligne"],
	"sante": ["sante--acces-aux-soins"],
}
RESEAUX_PORTEURS = {"Municipality": ["communes"]}

STRUCTURE_FIELDS = (
	"source",
	"id",
	"nom",
	"date_maj",
	"description",
	"lien_source",
	"siret",
	"commune",
	"code_postal",
	"code_insee",
	"adresse",
	"complement_adresse",
	"longitude",
	"latitude",
	"telephone",
	"courriel",
	"site_web",
	"horaires_accueil",
	"accessibilite_lieu",
	"reseaux_porteurs",
)
SERVICE_FIELDS = (
	"source",
	"structure_id",
	"id",
	"nom",
	"description",
	"lien_source",
	"date_maj",
	"type",
	"thematiques",
	"frais",
	"frais_precisions",
	"publics",
	"publics_precisions",
	"conditions_acces",
	"commune",
	"code_postal",
	"code_insee",
	"adresse",
	"complement_adresse",
	"longitude",
	"latitude",
	"telephone",
	"courriel",
	"modes_accueil",
	"zone_eligibilite",
	"contact_nom_prenom",
	"lien_mobilisation",
	"modes_mobilisation",
	"mobilisable_par",
	"mobilisation_precisions",
	"volume_horaire_hebdomadaire",
	"nombre_semaines",
	"horaires_accueil",
)
# the zone codes the schema takes, by GUSP territory type (a QPV or a sector counts by its commune)
ZONE_CODES = {
	"Commune": re.compile(r"^\w{5}$"),
	"EPCI": re.compile(r"^\d{9}$"),
	"Department": re.compile(r"^\w{2,3}$"),
}
POSTCODE_LINE = re.compile(r"^(\d{5})\s+(\S.*)$")


def structure_id(member: str) -> str:
	return f"{SOURCE}--{member}"


def folded(text: str) -> str:
	"""Lower case, without accents: "Accès aux droits" → "acces aux droits"."""
	decomposed = unicodedata.normalize("NFKD", text or "")
	return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def schema_name(text: str, fallback: str = "") -> str:
	"""A name of 3 to 150 characters that does not end with a full stop."""
	text = " ".join((text or "").split())
	if len(text) < NAME_LENGTH[0]:
		text = f"{text} ({fallback})" if fallback else text.ljust(NAME_LENGTH[0], "·")
	if len(text) > NAME_LENGTH[1]:
		text = text[: NAME_LENGTH[1] - 1].rstrip() + "…"
	return text.rstrip(".") if not text.endswith("etc.") else text


def schema_text(text: str | None) -> str | None:
	"""A description of 5 to 10,000 characters, or null."""
	text = (text or "").strip()
	if len(text) < 5:
		return None
	return text if len(text) <= DESCRIPTION_LENGTH else text[: DESCRIPTION_LENGTH - 1] + "…"


def day(value: datetime | date | str | None) -> str | None:
	if isinstance(value, datetime):
		value = value.date()
	if isinstance(value, date):
		return min(value, date.today()).isoformat()
	return str(value)[:10] if value else None


def postal_place(address_lines: list[str]) -> tuple[str | None, str | None]:
	"""(postcode, commune) read from an address's last line "59190 Lysmont", when it reads so."""
	if address_lines and (match := POSTCODE_LINE.match(address_lines[-1])):
		return match[1], match[2].strip()
	return None, None


def thematiques(themes: list[str]) -> list[str] | None:
	"""The schema's thématiques of the first theme in the lineage (the theme, then its parents) the
	table knows."""
	for theme in themes:
		if found := THEMATIQUES.get(folded(theme)):
			return sorted(found)
	return None


def eligibility_zone(territory_codes: list[dict]) -> list[str] | None:
	"""The most local code the schema takes (commune, EPCI, department; a region as its
	departments); a QPV or a sector counts by the commune it lies in."""
	for territory in territory_codes:
		pattern = ZONE_CODES.get(territory["type"])
		if pattern and pattern.match(territory["code"]):
			return [territory["code"]]
		if territory["type"] == "Region" and territory["departments"]:
			return sorted(territory["departments"])
	return None


def structure(member: dict) -> dict:
	"""A public member as a data·inclusion structure."""
	contact = member["contact"]
	postcode, commune = postal_place(contact["address"])
	values = {
		"source": SOURCE,
		"id": structure_id(member["name"]),
		"nom": schema_name(member["name"], member.get("acronym") or member.get("type")),
		"date_maj": day(member.get("modified")),
		"description": schema_text(member.get("description")),
		"lien_source": member.get("url"),
		"commune": commune,
		"code_postal": postcode,
		"adresse": ", ".join(contact["address"]) or None,
		"telephone": contact["phone"],
		"courriel": contact["email"],
		"site_web": contact["website"],
		"reseaux_porteurs": RESEAUX_PORTEURS.get(member.get("member_type_key") or ""),
	}
	return {field: values.get(field) for field in STRUCTURE_FIELDS}


def service_description(service: dict) -> str:
	"""What the member does there, in French: role, land status, scope, limits."""
	parts = [f"{service['role']} — {service['land']}."]
	if service.get("scope"):
		parts.append(service["scope"])
	if service.get("limits"):
		parts.append(_("Limits: {0}").format(service["limits"]))
	return schema_text(" ".join(parts)) or service["role"]


def service(entry: dict) -> dict:
	"""A published responsibility as a data·inclusion service of its member's structure."""
	contact = entry["contact"]
	values = {
		"source": SOURCE,
		"structure_id": structure_id(entry["member"]),
		"id": f"{SOURCE}--{entry['id']}",
		"nom": schema_name(f"{entry['theme']} — {entry['territory']}"),
		"description": service_description(entry),
		"lien_source": entry.get("url"),
		"date_maj": day(entry.get("modified")),
		"thematiques": thematiques(entry.get("themes") or [entry["theme"]]),
		"telephone": contact["phone"],
		"courriel": contact["email"],
		"zone_eligibilite": eligibility_zone(entry.get("territory_codes") or []),
	}
	return {field: values.get(field) for field in SERVICE_FIELDS}


def as_json(structures: list[dict], services: list[dict]) -> str:
	return json.dumps({"structures": structures, "services": services}, ensure_ascii=False, indent=1)


def as_csv(rows: list[dict], fields: tuple[str, ...]) -> str:
	"""One line per record, the schema's field names as header; lists joined by commas."""
	out = io.StringIO()
	writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n")
	writer.writeheader()
	for row in rows:
		writer.writerow(
			{
				field: LIST_SEPARATOR.join(value)
				if isinstance(value, list)
				else ""
				if value is None
				else value
				for field, value in row.items()
			}
		)
	return out.getvalue()
