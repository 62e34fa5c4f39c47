"""Demo action sheets in every workflow state, and each chantier's pilot and facilitation pair, from
`data/workstreams.json`."""

from datetime import date, timedelta

import frappe
from frappe.model.workflow import get_workflow_name

from gusp_network.demo.common import Demo, by_number, read_json
from gusp_network.demo.directory import RESOURCE_CENTRE_USER
from gusp_network.setup.workflows import ACTION_SHEET_WORKFLOW, get_workflow_spec

WORKSTREAMS = read_json("workstreams.json")
# chantier: [(title, lead member, territories, themes)]
ACTION_SHEETS = by_number(WORKSTREAMS["action_sheets"])
# chantier: (why, target public, steps, indicators (name, unit, baseline, target))
CHANTIER_CONTEXT = by_number(WORKSTREAMS["chantier_context"])
RESOURCE_CENTRE_ROLES = WORKSTREAMS["resource_centre_roles"]
OBJECTIVES = WORKSTREAMS["objectives"]
RESIDENT_PARTICIPATION = WORKSTREAMS["resident_participation"]
COMMITMENTS = WORKSTREAMS["commitments"]  # partner role: commitment
FUNDING = WORKSTREAMS["funding"]  # member type: what it funds an action with
PARTNER_ROLES = WORKSTREAMS["partner_roles"]
MATERIALS = WORKSTREAMS["materials"]
# chantier: (pilot, facilitation member)
WORKSTREAM_PILOTS = by_number(WORKSTREAMS["workstream_pilots"])

# dates are fixed so that the data stays the same whatever day it is loaded
REFERENCE_DATE = date.fromisoformat(WORKSTREAMS["reference_date"])
# workflow state: (earliest start, latest start, shortest and longest duration in days)
STATE_DATES = {
	state: (date.fromisoformat(earliest), date.fromisoformat(latest), shortest, longest)
	for state, (earliest, latest, shortest, longest) in WORKSTREAMS["state_dates"].items()
}
# a repeating pattern so that every state appears in every few sheets
STATE_PATTERN = WORKSTREAMS["state_pattern"]


# Action sheets


def make_action_sheets(demo: Demo) -> dict[str, int]:
	"""Sheets in every workflow state: inserted in the first state, then moved (demo data only)."""
	workflow_states = [
		row.state for row in frappe.get_doc("Workflow", get_workflow_name("Action Sheet")).states
	]
	initial_state = workflow_states[0]
	spec_states = [row["state"] for row in get_workflow_spec(ACTION_SHEET_WORKFLOW)["states"]]
	counts = {state: 0 for state in spec_states if state in workflow_states}
	index = 0
	for number, sheets in ACTION_SHEETS.items():
		workstream = frappe.db.get_value("Workstream", {"number": number})
		for title, lead, territories, themes in sheets:
			state = STATE_PATTERN[index % len(STATE_PATTERN)]
			state = state if state in counts else initial_state
			index += 1
			lead = demo.member(lead)
			doc = frappe.get_doc(
				action_sheet_values(demo, number, workstream, title, lead, territories, themes, state)
			)
			doc.workflow_state = initial_state
			doc.insert()
			if state != initial_state:
				frappe.db.set_value("Action Sheet", doc.name, "workflow_state", state, update_modified=False)
			counts[state] = counts.get(state, 0) + 1
	return counts


def action_sheet_values(demo: Demo, number, workstream, title, lead, territories, themes, state) -> dict:
	rng = demo.rng
	why, target_public, step_pool, indicator_pool = CHANTIER_CONTEXT[number]
	earliest, latest, shortest, longest = STATE_DATES[state]
	start = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
	end = start + timedelta(days=rng.randint(shortest, longest))
	partners = pick_partners(demo, lead, territories)
	places = ", ".join(territories)
	carried_by = ", ".join([lead, *(p["network_member"] for p in partners)])
	return {
		"doctype": "Action Sheet",
		"title": title,
		"workstream": workstream,
		"priority": rng.choice(["Low", "Medium", "Medium", "High"]),
		"is_pilot_project": int(number == 4 or rng.random() < 0.15),
		"is_public": int(state in ("Approved", "In Progress", "Completed") and rng.random() < 0.85),
		"lead_member": lead,
		"lead_user": rng.choice(demo.staff[lead]) if demo.staff.get(lead) and rng.random() < 0.8 else None,
		"start_date": start,
		"end_date": end,
		"description": f"<p>{why}</p><p>Territoires : {places}. Portée par {carried_by}.</p>",
		"objectives": "\n".join(rng.sample(OBJECTIVES, 2)),
		"target_public": target_public,
		"territories": [{"territory": territory} for territory in territories],
		"themes": [{"theme": theme} for theme in themes],
		"partners": partners,
		"resource_centre_role": "\n".join(rng.sample(RESOURCE_CENTRE_ROLES, 2)),
		"resources": make_resources(demo, lead, partners),
		"steps": make_steps(demo, step_pool, lead, partners, start, end, state),
		"indicators": make_indicators(demo, indicator_pool, state),
		"resident_participation": rng.choice(RESIDENT_PARTICIPATION),
	}


def pick_partners(demo: Demo, lead, territories) -> list[dict]:
	"""Two to four members working on the sheet's territories, never the lead."""

	def ancestors(territory):
		while territory:
			yield territory
			territory = demo.parents.get(territory)

	def concerned(member_territories):
		return any(
			mine in ancestors(theirs) or theirs in ancestors(mine)
			for mine in member_territories
			for theirs in territories
		)

	pool = sorted(member for member, mine in demo.members.items() if member != lead and concerned(mine))
	chosen = demo.rng.sample(pool, min(len(pool), demo.rng.randint(2, 4)))
	partners = []
	for member in chosen:
		role = demo.rng.choice(PARTNER_ROLES)
		partners.append({"network_member": member, "role": role, "commitment": COMMITMENTS[role]})
	return partners


def make_resources(demo: Demo, lead, partners) -> list[dict]:
	rng = demo.rng
	funders = [p["network_member"] for p in partners if p["role"] == "Funder"]
	resources = [
		{
			"resource_type": "Human",
			"description": f"Temps de chargé·e de mission ({rng.choice(['0,1', '0,2', '0,3'])} ETP)",
			"amount": 0,
			"provided_by": lead,
		}
	]
	for funder in funders or [lead]:
		resources.append(
			{
				"resource_type": "Financial",
				"description": FUNDING.get(demo.member_types.get(funder), "Fonds propres"),
				"amount": rng.randrange(1000, 25000, 500),
				"provided_by": funder,
			}
		)
	if rng.random() < 0.5:
		resources.append(
			{
				"resource_type": "Material",
				"description": rng.choice(MATERIALS),
				"amount": 0,
				"provided_by": rng.choice([lead, *(p["network_member"] for p in partners)]),
			}
		)
	return resources


def make_steps(demo: Demo, step_pool, lead, partners, start, end, state) -> list[dict]:
	rng = demo.rng
	count = rng.randint(3, len(step_pool))
	kept = set(rng.sample(step_pool, count))
	steps = [step for step in step_pool if step in kept]
	owners = [lead, *(p["network_member"] for p in partners)]
	span = (end - start).days
	rows = []
	for i, step in enumerate(steps):
		due = start + timedelta(days=span * (i + 1) // len(steps))
		if state == "Completed":
			done = 1
		elif state in ("In Progress", "Abandoned"):
			done = int(due <= REFERENCE_DATE and (state == "In Progress" or i == 0))
		else:
			done = 0
		rows.append({"step": step, "owner_member": rng.choice(owners), "due_date": due, "done": done})
	return rows


def make_indicators(demo: Demo, indicator_pool, state) -> list[dict]:
	share = {"Completed": demo.rng.uniform(0.8, 1.15), "In Progress": demo.rng.uniform(0.2, 0.6)}
	rows = []
	for name, unit, baseline, target in indicator_pool:
		actual = baseline + share[state] * (target - baseline) if state in share else None
		rows.append(
			{
				"indicator": name,
				"unit": unit,
				"baseline": baseline,
				"target": target,
				"actual": round(actual) if actual is not None else None,
			}
		)
	return rows


# Workstreams


def fill_workstreams(demo: Demo) -> int:
	"""Pilot and facilitation pair of each chantier, only where admins left them empty."""
	filled = 0
	for number, (pilot, facilitation_member) in WORKSTREAM_PILOTS.items():
		name = frappe.db.get_value("Workstream", {"number": number})
		if not name:
			continue
		doc = frappe.get_doc("Workstream", name)
		values = {
			"pilot": pilot,
			"facilitation_member": facilitation_member,
			"facilitation_resource_centre_user": RESOURCE_CENTRE_USER,
		}
		missing = {field: value for field, value in values.items() if not doc.get(field)}
		if missing:
			doc.update(missing)
			doc.save()
			filled += 1
	return filled
