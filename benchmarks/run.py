"""`./gusp bench`: speed and memory of what users wait for, on the demo site.

Run by `./gusp bench` as the bench user from the bench's `sites` folder:
`python benchmarks/run.py SITE BASE_URL GUNICORN_PIDFILE`. Prints a Markdown table (the
README keeps the latest one). Nothing is left behind: in-process measurements roll back, and
HTTP scenarios only read.
"""

import statistics
import sys
import time
from pathlib import Path

import frappe
import psutil
import requests

SITE, BASE_URL, PIDFILE = sys.argv[1], sys.argv[2], sys.argv[3]
DEMO_PASSWORD = "demo-gusp"
ROUNDS = 60


def timed(fn, rounds: int = ROUNDS) -> list[float]:
	fn()  # warm up
	samples = []
	for _ in range(rounds):
		start = time.perf_counter()
		fn()
		samples.append((time.perf_counter() - start) * 1000)
	return samples


def row(name: str, samples: list[float]) -> str:
	quantiles = statistics.quantiles(samples, n=100)
	return f"| {name} | {len(samples)} | {statistics.median(samples):.1f} | {quantiles[89]:.1f} | {quantiles[98]:.1f} |"


def session_for(user: str) -> requests.Session:
	session = requests.Session()
	session.headers["X-Frappe-Site-Name"] = SITE
	response = session.post(f"{BASE_URL}/api/method/login", data={"usr": user, "pwd": DEMO_PASSWORD})
	response.raise_for_status()
	return session


def get(session: requests.Session, path: str, **params):
	def call():
		response = session.get(f"{BASE_URL}{path}", params=params, timeout=60)
		response.raise_for_status()

	return call


def in_process_rows() -> list[str]:
	from gusp_network.directory.geography import find_territory, outer_rings
	from gusp_network.directory.who_does_what import find_lead

	frappe.init(site=SITE, sites_path=".")
	frappe.connect()
	try:
		qpv = frappe.get_all("GUSP Territory", filters={"territory_type": "QPV"}, pluck="name", limit=1)[0]
		ring = outer_rings(frappe.db.get_value("GUSP Territory", qpv, "geolocation"))[0]
		west, south = min(p[0] for p in ring), min(p[1] for p in ring)
		theme = "Éclairage public" if frappe.db.exists("GUSP Theme", "Éclairage public") else None
		theme = theme or frappe.get_all("GUSP Theme", pluck="name", limit=1)[0]

		def route_one():
			territory = find_territory(south + 0.0005, west + 0.0005)
			find_lead(theme, territory, "Unknown")

		def insert_report():
			frappe.get_doc(
				{
					"doctype": "Resident Report",
					"theme": theme,
					"description": "Mesure de performance",
					"latitude": south + 0.0005,
					"longitude": west + 0.0005,
				}
			).insert(ignore_permissions=True)

		frappe.flags.mute_emails = True
		rows = [row("routing a point (territory + lead), in process", timed(route_one))]
		rows.append(
			row("saving a report (validation, routing, assignment), in process", timed(insert_report, 30))
		)
		return rows
	finally:
		frappe.db.rollback()
		frappe.destroy()


def http_rows() -> list[str]:
	guest = requests.Session()
	guest.headers["X-Frappe-Site-Name"] = SITE
	member = session_for("membre@demo.gusp.fr")
	centre = session_for("centre@demo.gusp.fr")
	sheet = member.get(
		f"{BASE_URL}/api/resource/Action Sheet", params={"limit_page_length": 1, "order_by": "modified desc"}
	).json()["data"][0]["name"]
	return [
		row("GET /api/method/ping (baseline)", timed(get(guest, "/api/method/ping"))),
		row(
			"action sheet list, 20 rows, as a member (permission query)",
			timed(get(member, "/api/resource/Action Sheet", fields='["name","title","workflow_state"]')),
		),
		row(
			"action sheet form load, as a member",
			timed(
				get(member, "/api/method/frappe.desk.form.load.getdoc", doctype="Action Sheet", name=sheet)
			),
		),
		row(
			"resident report list, as the resource centre",
			timed(get(centre, "/api/resource/Resident Report", fields='["name","theme","workflow_state"]')),
		),
		row("GET /open311/v2/services.json (guest)", timed(get(guest, "/open311/v2/services.json"))),
		row("GET /open311/v2/requests.json (guest)", timed(get(guest, "/open311/v2/requests.json"))),
		row("GET /signalement/new (guest page)", timed(get(guest, "/signalement/new"), 30)),
	]


def worker_memory_mb() -> float:
	master = psutil.Process(int(Path(PIDFILE).read_text().strip()))
	workers = master.children()
	return max(worker.memory_info().rss for worker in workers) / 1024 / 1024


def main():
	print("| scenario | n | p50 ms | p90 ms | p99 ms |")
	print("|---|---|---|---|---|")
	for line in [*http_rows(), *in_process_rows()]:
		print(line, flush=True)
	print(f"\nLargest gunicorn worker after the run: {worker_memory_mb():.0f} MB RSS (2 workers).")


if __name__ == "__main__":
	main()
