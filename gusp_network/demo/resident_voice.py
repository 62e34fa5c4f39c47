"""Demo resident reports, from `data/resident_voice.json`."""

import random

import frappe

from gusp_network.demo.common import Demo, read_json
from gusp_network.directory.geography import outer_rings

RESIDENT_VOICE = read_json("resident_voice.json")
REPORTS = RESIDENT_VOICE["reports"]  # (theme, what residents wrote, land status)
REPORT_STATES = RESIDENT_VOICE["report_states"]  # state: (public status, closing reason)


def make_resident_reports(demo: Demo) -> int:
	"""About thirty reports at points inside the QPV perimeters, routed on insert."""
	qpvs = frappe.get_all(
		"GUSP Territory", filters={"territory_type": "QPV"}, fields=["name", "geolocation"], order_by="lft"
	)
	themes = set(frappe.get_all("GUSP Theme", pluck="name"))
	states = list(REPORT_STATES)
	created = 0
	for index in range(30):
		theme, description, land_status = REPORTS[index % len(REPORTS)]
		if theme not in themes:
			continue
		qpv = qpvs[index % len(qpvs)]
		ring = outer_rings(qpv.geolocation)[0]
		west, east = min(p[0] for p in ring), max(p[0] for p in ring)
		south, north = min(p[1] for p in ring), max(p[1] for p in ring)
		report = frappe.get_doc(
			{
				"doctype": "Resident Report",
				"channel": demo.rng.choice(["Portal", "Portal", "Phone", "Open311", "Desk"]),
				"theme": theme,
				"description": description,
				"address": demo.fake.street_address(),
				"latitude": round(demo.rng.uniform(south, north), 6),
				"longitude": round(demo.rng.uniform(west, east), 6),
				"land_status": land_status,
				"reporter_name": demo.fake.name(),
				"reporter_email": f"habitant{index}@example.org",
				"consent": index % 3 == 0,
			}
		).insert()
		state = states[index % len(states)]
		public_status, reason = REPORT_STATES[state]
		values = received_in_the_past(report, index)
		if state != "New":
			values.update(workflow_state=state, public_status=public_status, closing_reason=reason)
			if reason:
				values["closed_on"] = closed_after(values, index)
		frappe.db.set_value("Resident Report", report.name, values, update_modified=False)
		created += 1
	return created


def received_in_the_past(report, index: int) -> dict:
	"""A demo report was received some days or weeks ago (its due date as far after as routing gave
	it), so the service levels, the monthly charts and the reports past due have a history. Their own
	generator: the demo's other choices do not move."""
	rng = random.Random(f"received-{index}")
	received = frappe.utils.add_days(frappe.utils.today(), -rng.randint(2, 75))
	values = {"creation": f"{received} {rng.randint(7, 19):02d}:{rng.randint(0, 59):02d}:00"}
	if report.due_date:
		delay = frappe.utils.date_diff(report.due_date, frappe.utils.getdate(report.creation))
		values["due_date"] = frappe.utils.add_days(received, delay)
	return values


def closed_after(values: dict, index: int) -> str:
	"""Closed between the day after it was received and today."""
	rng = random.Random(f"closed-{index}")
	received = frappe.utils.getdate(values["creation"])
	days = max(1, min(frappe.utils.date_diff(frappe.utils.today(), received), rng.randint(1, 25)))
	return frappe.utils.add_days(received, days)
