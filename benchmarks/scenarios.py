"""What the benchmark measures, each beside the baseline it is compared with.

Over HTTP (`http_phases`), each phase a bounded load (`load.run_phase`):
- a plain ToDo inserted through Frappe's REST API, then a guest report through the web form and
  through Open311 (routing, due date, assignment included);
- Frappe's own `/login` page, then the guest pages `/`, `/signalement/new` and `/suivi/<clé>`;
- the desk list of Resident Reports as Administrator, then as a member (permission filter).
In process: routing one report (`routing`) and each Script Report against its raw SQL (`reports`).
"""

import json
import random
import statistics
import time

import frappe

from benchmarks.load import Server, run_phase

WEB_FORM_ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"
OPEN311_POST = "/open311/v2/requests.json"
LIST = "/api/method/frappe.desk.reportview.get"
SUBMISSIONS = ("report_web_form", "report_open311")
DESCRIPTIONS = (
	"Le lampadaire au pied de l'immeuble est éteint depuis plusieurs jours.",
	"Des encombrants sont déposés devant le local poubelles.",
	"La porte du hall ne ferme plus, la serrure est cassée.",
	"Un nid-de-poule s'agrandit sur la voie d'accès au parking.",
	"Des tags recouvrent le mur de l'aire de jeux.",
)


def prepare(scale: float, password: str, progress) -> dict:
	"""Scale data, an Open311 client, and a proxy in front as in production; committed."""
	from frappe.installer import update_site_config

	from benchmarks.scale import generate
	from gusp_network.directory.who_does_what import clear_tree_caches
	from gusp_network.resident_voice.choices import clear_choice_caches

	data = generate(scale, password=password, progress=progress)
	# written in SQL, past the hooks that clear what routing and the report form keep in Redis
	clear_tree_caches()
	clear_choice_caches()
	# Residents each have their own address; in production nginx, a trusted proxy, says which
	# (docs/deploy.md). The load comes from 127.0.0.1 acting as that proxy, one resident's
	# address per request: Frappe's and the app's per-address limits stay as they are.
	update_site_config("gusp_trusted_proxies", ["127.0.0.1"])
	client = frappe.get_doc({"doctype": "Open311 Client", "client_name": "Benchmark", "enabled": 1})
	client.insert(ignore_permissions=True)
	data["open311_key"] = client.new_api_key
	data["service_codes"] = dict(frappe.get_all("GUSP Theme", fields=["name", "service_code"], as_list=True))
	frappe.db.commit()
	frappe.clear_messages()
	return data


def http_phases(server: Server, data: dict, *, clients: int, seconds: float, progress) -> dict:
	rng = random.Random(7)
	samples, keys = data["route_samples"], [key for _name, key in data["tracking_keys"]]
	token = {"Authorization": f"token {data['api_key']}:{data['api_secret']}"}
	phases = {}

	def phase(name: str, send, **options) -> None:
		progress(f"  {name} ({clients} clients, {seconds:.0f} s)")
		phases[name] = run_phase(server, name, send, clients=clients, seconds=seconds, **options).as_dict()

	def place(n: int) -> dict:
		return samples[n % len(samples)]

	def resident(n: int) -> dict:  # the address nginx would pass on for the n-th resident
		return {"X-Forwarded-For": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"}

	phase(
		"todo_rest_insert",
		lambda s, n: s.post(
			server.url("/api/resource/ToDo"), json={"description": f"Mesure {n}"}, headers=token
		),
	)

	def web_form(session, n):
		point = place(n)
		report = {
			"doctype": "Resident Report",
			"web_form_name": "signalement",
			"theme": point["theme"],
			"description": DESCRIPTIONS[n % len(DESCRIPTIONS)],
			"latitude": point["latitude"],
			"longitude": point["longitude"],
			"reporter_name": f"Habitante {n}",
			"reporter_email": f"habitante.{n}@example.org",
			"consent": 1,
		}
		body = {"web_form": "signalement", "data": json.dumps(report)}
		return session.post(server.url(WEB_FORM_ACCEPT), data=body, headers=resident(n))

	def open311(session, n):
		point = place(n)
		body = {
			"api_key": data["open311_key"],
			"service_code": data["service_codes"].get(point["theme"]) or point["theme"],
			"lat": point["latitude"],
			"long": point["longitude"],
			"description": DESCRIPTIONS[n % len(DESCRIPTIONS)],
			"first_name": "Karim",
			"last_name": f"Habitant {n}",
			"email": f"habitant.{n}@example.org",
		}
		return session.post(server.url(OPEN311_POST), data=body, headers=resident(n))

	def created(response) -> bool:  # a report, not an error page or a refusal
		return response.status_code in (200, 201) and "html" not in response.headers.get("Content-Type", "")

	phase("report_web_form", web_form, accepted=created)
	phase("report_open311", open311, accepted=created)

	for name, path in (
		("page_login", lambda: "/login"),
		("page_home", lambda: "/"),
		("page_report_form", lambda: "/signalement/new"),
		("page_tracking", lambda: f"/suivi/{rng.choice(keys)}"),
	):
		phase(name, lambda s, n, path=path: s.get(server.url(path()), headers=resident(n)))

	params = {
		"doctype": "Resident Report",
		"fields": json.dumps(
			[
				f"`tabResident Report`.`{field}`"
				for field in (
					"name",
					"theme",
					"territory",
					"workflow_state",
					"due_date",
					"modified",
					"_assign",
				)
			]
		),
		"filters": "[]",
		"order_by": "`tabResident Report`.`due_date` asc",
		"start": 0,
		"page_length": 20,
		"view": "List",
		"with_comment_count": 1,
	}
	for name, user, password in (
		("list_as_administrator", "Administrator", data["admin_password"]),
		("list_as_member", data["member_user"], data["password"]),
	):
		logged_in = server.login(user, password)
		sessions = [server.session() for _ in range(clients)]
		for session in sessions:
			session.cookies.update(logged_in.cookies)
		phase(name, lambda s, n: s.get(server.url(LIST), params=params), sessions=sessions)
	return phases


def routing(samples: list[dict], passes: int = 5) -> dict:
	"""Routing a new report (territory from the point, lead, due date), per report, in ms."""
	from gusp_network.resident_voice.routing import route_report

	def route(point: dict) -> float:
		report = frappe.new_doc("Resident Report")
		report.update(
			{"theme": point["theme"], "latitude": point["latitude"], "longitude": point["longitude"]}
		)
		report.land_status = "Unknown"
		began = time.perf_counter()
		route_report(report)
		return (time.perf_counter() - began) * 1000

	frappe.clear_cache()
	first = [route(point) for point in samples]
	warm = [route(point) for _ in range(passes) for point in samples]
	quantiles = statistics.quantiles(warm, n=100, method="inclusive")
	frappe.db.rollback()
	return {
		"reports": len(warm),
		"first_call_p50_ms": round(statistics.median(first), 2),
		"p50_ms": round(quantiles[49], 2),
		"p95_ms": round(quantiles[94], 2),
		"responsibilities": frappe.db.count("Responsibility"),
	}


def reports(progress) -> dict:
	from benchmarks.report_baselines import BASELINES, measure

	frappe.set_user("Administrator")
	measured = {}
	for name in BASELINES:
		progress(f"  {name}")
		measured[name] = measure(name)
	return measured
