"""The public directory as open data (`/annuaire.json`, `/annuaire.csv`, `/annuaire-services.csv`):
the public members as data·inclusion structures and their published responsibilities as services.

Every structure and service is parsed by the models of the `data-inclusion-schema` package itself
(warnings treated as errors), so a field the schema does not know, a value it refuses or a
missing required field fails here. Nobody outside the public directory, no proposal and no staff
member appear. The live server has its own database connection: the data is committed under
unique names and deleted afterwards.
"""

import csv
import io
import json

import frappe
import pytest
from data_inclusion.schema import v1

from gusp_network.integrations.data_inclusion.schema import eligibility_zone, folded, thematiques
from tests.factories import delete, fake, make_network_member, make_responsibility, make_user

STAFF_EMAIL = "anatole.quintric-lebihan.4419@agents-prives.example.org"
STAFF_LAST = "Quintric-Lebihan"
STRICT = {"ignore_warnings": False}  # the schema's warnings (a name ending with a full stop…) fail too


def make_tree(doctype: str, name_field: str, name: str, **values) -> str:
	return frappe.get_doc({"doctype": doctype, name_field: name, **values}).insert().name


@pytest.fixture(scope="module")
def opened(network):
	"""A department holding a commune holding a QPV; a theme and its child. A public landlord leads
	the child theme on the QPV and contributes on the commune; a member outside the public
	directory leads on the department; a public association proposed a rule not yet validated. The
	landlord has a desk user."""
	frappe.set_user("Administrator")
	n = fake.unique.random_int(10_000, 99_999)
	department = make_tree(
		"GUSP Territory",
		"territory_name",
		f"Département {n}",
		territory_type="Department",
		code="2A",
		is_group=1,
	)
	commune = make_tree(
		"GUSP Territory",
		"territory_name",
		f"Portivel {n}",
		territory_type="Commune",
		code="2A004",
		is_group=1,
		parent_gusp_territory=department,
	)
	qpv = make_tree(
		"GUSP Territory",
		"territory_name",
		f"Les Oliviers {n}",
		territory_type="QPV",
		code="QN02A001",
		parent_gusp_territory=commune,
	)
	parent_theme = make_tree("GUSP Theme", "theme_name", f"Cadre de vie {n}", is_group=1)
	theme = make_tree("GUSP Theme", "theme_name", f"Ascenseurs {n}", parent_gusp_theme=parent_theme)
	landlord = make_network_member(
		member_name=f"Habitat des Oliviers {n}.",
		member_type="Social Landlord",
		is_public=1,
		email=f"gardiens.{n}@habitat-oliviers.fr",
		phone="04 95 00 00 01",
		website="https://habitat-oliviers.fr",
		address="3 avenue des Pins\n20000 Portivel",
		description="<p>Gestion locative et entretien des <b>parties communes</b>.</p>",
		territories=[{"territory": qpv}],
		themes=[{"theme": theme}],
	).name
	municipality = make_network_member(
		member_name=f"Ville de Portivel {n}",
		member_type="Municipality",
		is_public=1,
		email="accueil@mairie-portivel.invalid",
	).name
	hidden = make_network_member(
		member_name=f"Syndic Secret {n}", member_type="Company", is_public=0, email=f"secret.{n}@syndic.fr"
	).name
	proposer = make_network_member(
		member_name=f"Amicale Impatiente {n}", member_type="Association", is_public=1
	).name
	staff = make_user(
		"GUSP Member", member=landlord, email=STAFF_EMAIL, first_name="Anatole", last_name=STAFF_LAST
	).name
	rules = [
		make_responsibility(theme, qpv, landlord, scope="Dépannage des ascenseurs sous 48 heures").name,
		make_responsibility(parent_theme, commune, landlord, role="Contributor").name,
		make_responsibility(parent_theme, commune, municipality, role="Funder").name,
		make_responsibility(theme, department, hidden).name,
		make_responsibility(theme, qpv, proposer, role="Contributor", status="Proposed").name,
	]
	frappe.db.commit()
	yield frappe._dict(
		department=department,
		commune=commune,
		qpv=qpv,
		theme=theme,
		parent_theme=parent_theme,
		landlord=landlord,
		municipality=municipality,
		hidden=hidden,
		proposer=proposer,
		rules=rules,
	)
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for rule in rules:
		delete("Responsibility", rule)
	for member in (landlord, municipality, hidden, proposer):
		delete("Network Member", member)
	for contact in frappe.get_all("Contact", filters={"user": staff}, pluck="name"):
		delete("Contact", contact)
	frappe.delete_doc("User", staff, force=True, ignore_permissions=True, ignore_on_trash=True)
	for doctype, name in (
		("GUSP Theme", theme),
		("GUSP Theme", parent_theme),
		("GUSP Territory", qpv),
		("GUSP Territory", commune),
		("GUSP Territory", department),
	):
		delete(doctype, name)
	frappe.db.commit()


@pytest.fixture
def exported(http, opened, gusp_settings):
	"""The three exports as the live server answers them, the directory on."""
	gusp_settings(commit=True, public_directory=1)
	answers = {}
	for path in ("/annuaire.json", "/annuaire.csv", "/annuaire-services.csv"):
		response = http.get(http.url(path), headers={"Accept-Language": "en"})
		assert response.status_code == 200, response.text[-500:]
		answers[path] = response
	return answers


def is_list_field(model, field: str) -> bool:
	"""Whether the schema's field holds several values (written comma-separated in the CSV)."""
	annotation = str(model.model_fields[field].annotation)
	return annotation.startswith(("set[", "list[")) or "set[" in annotation or "list[" in annotation


def csv_records(text: str, model) -> list[dict]:
	"""The CSV's lines as the schema's records: empty cells are null, lists split on commas."""
	rows = list(csv.DictReader(io.StringIO(text)))
	assert rows, "the CSV has lines"
	assert set(rows[0]) <= set(model.model_fields), "every column is a field of the schema"
	return [
		{
			field: (value.split(",") if is_list_field(model, field) else value) if value != "" else None
			for field, value in row.items()
		}
		for row in rows
	]


def by_id(records: list[dict]) -> dict[str, dict]:
	return {record["id"]: record for record in records}


def test_every_structure_and_service_of_the_json_export_parses_with_the_national_schema(exported, opened):
	response = exported["/annuaire.json"]
	assert response.headers["Content-Type"] == "application/json; charset=utf-8"
	data = response.json()
	assert set(data) == {"structures", "services"}
	structures = [v1.Structure.model_validate(row, context=STRICT) for row in data["structures"]]
	services = [v1.Service.model_validate(row, context=STRICT) for row in data["services"]]
	structure_ids = {structure.id for structure in structures}
	assert all(service.structure_id in structure_ids for service in services), (
		"each service has its structure"
	)

	landlord = by_id(data["structures"])[f"gusp--{opened.landlord}"]
	assert landlord["nom"] == opened.landlord.rstrip("."), "no final full stop in a name"
	assert landlord["courriel"].startswith("gardiens.") and landlord["telephone"] == "04 95 00 00 01"
	assert (landlord["code_postal"], landlord["commune"]) == ("20000", "Portivel")
	assert landlord["description"] == "Gestion locative et entretien des parties communes."
	assert landlord["lien_source"].endswith("/annuaire#" + landlord["lien_source"].rsplit("#", 1)[1])
	municipality = by_id(data["structures"])[f"gusp--{opened.municipality}"]
	assert municipality["courriel"] is None, "an address the schema refuses is left out"
	assert municipality["reseaux_porteurs"] == ["communes"]

	mine = [service for service in data["services"] if service["structure_id"] == f"gusp--{opened.landlord}"]
	assert len(mine) == 2, "its lead on the QPV and its contribution on the commune"
	lead = next(service for service in mine if service["nom"].startswith(opened.theme))
	assert lead["zone_eligibilite"] == ["2A004"], "a QPV counts by its commune's INSEE code"
	assert "Dépannage des ascenseurs sous 48 heures" in lead["description"]
	assert lead["courriel"] == landlord["courriel"]


def test_the_csv_exports_hold_the_same_records_and_parse_with_the_national_schema(exported):
	data = exported["/annuaire.json"].json()
	for path, model, key in (
		("/annuaire.csv", v1.Structure, "structures"),
		("/annuaire-services.csv", v1.Service, "services"),
	):
		response = exported[path]
		assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
		records = csv_records(response.content.decode("utf-8"), model)
		for record in records:
			model.model_validate(record, context=STRICT)
		# the same records as the JSON: lists comma-separated, null as an empty cell
		from_json = {
			row["id"]: {
				field: value if isinstance(value, list) else str(value)
				for field, value in row.items()
				if value is not None
			}
			for row in data[key]
		}
		from_csv = {row["id"]: {f: v for f, v in row.items() if v is not None} for row in records}
		assert from_csv == from_json, path


def test_nobody_outside_the_public_directory_no_proposal_and_no_staff_is_exported(exported, opened):
	for path, response in exported.items():
		text = response.content.decode("utf-8")
		for private in (opened.hidden, opened.proposer, STAFF_EMAIL, STAFF_LAST, "secret."):
			if private == opened.proposer and path != "/annuaire-services.csv":
				continue  # a public member is a structure; its proposal is no service
			assert private not in text, f"{private} in {path}"
	services = exported["/annuaire.json"].json()["services"]
	assert not [service for service in services if service["structure_id"] == f"gusp--{opened.proposer}"]
	ids = {service["id"] for service in services}
	assert f"gusp--{opened.rules[-1]}" not in ids and f"gusp--{opened.rules[3]}" not in ids


def test_the_exports_answer_404_while_the_directory_is_off(http, opened, gusp_settings):
	gusp_settings(commit=True, public_directory=0)
	for path in ("/annuaire.json", "/annuaire.csv", "/annuaire-services.csv"):
		response = http.get(http.url(path))
		assert response.status_code == 404, path
		assert opened.landlord not in response.text


def test_gusp_themes_and_territories_map_to_the_schema_s_values():
	known = {thematique.value for thematique in v1.Thematique}
	# the table's values are the schema's own thématiques
	for theme in ("Accès aux droits", "Gestion locative", "Médiation", "Santé", "Numérique"):
		assert set(thematiques([theme])) <= known, theme
	assert thematiques(["Ascenseurs", "Gestion locative"]) == [
		"logement-hebergement--se-maintenir-dans-le-logement"
	], "a child theme takes its parent's"
	assert thematiques(["Éclairage public"]) is None, "no national equivalent: null"
	assert folded(" Accès  aux DROITS ") == "acces aux droits"
	region = {"type": "Region", "code": "32", "departments": ["59", "62"]}
	qpv = {"type": "QPV", "code": "QN05901M", "departments": []}
	assert eligibility_zone([qpv, {"type": "Commune", "code": "59350", "departments": []}]) == ["59350"]
	assert eligibility_zone([qpv, region]) == ["59", "62"]
	assert eligibility_zone([qpv]) is None
