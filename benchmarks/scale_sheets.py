"""Scale data for the workstreams: action sheets in every state of the installed workflow, with a
few territories, themes, partners, steps, resources and indicators each, as members write them."""

from datetime import timedelta

import frappe
from frappe.model.workflow import get_workflow_name

from benchmarks.scale_common import (
	ADMINISTRATOR,
	Context,
	Series,
	Table,
	WorkflowActions,
	demo_data,
	moment,
	weighted,
)
from benchmarks.scale_directory import WORDS, Directory
from gusp_network.workstreams.facilitation import facilitators_of

SHEET = "Action Sheet"
CHILDREN = {
	"territories": "Action Sheet Territory",
	"themes": "Action Sheet Theme",
	"partners": "Action Sheet Partner",
	"steps": "Action Sheet Step",
	"resources": "Action Sheet Resource",
	"indicators": "Action Sheet Indicator",
}
DAYS = 3 * 365
# states by where the sheet stands in time; a state an admin added gets weight 1
NOT_STARTED = {"Draft": 45, "Proposed": 35, "Approved": 20}
RUNNING = {"In Progress": 60, "Approved": 20, "Proposed": 8, "Draft": 5, "Abandoned": 7}
OVER = {"Completed": 65, "Abandoned": 15, "In Progress": 20}
DEMO = demo_data("workstreams.json")
# chantier number: (why, target public, steps, indicators)
CONTEXTS = {int(number): context for number, context in DEMO["chantier_context"].items()}


def make_action_sheets(ctx: Context, directory: Directory, count: int) -> None:
	rng, today = ctx.rng, ctx.now.date()
	workstreams = frappe.get_all("Workstream", fields=["name", "number"], order_by="number asc")
	if not workstreams:
		raise RuntimeError("No workstream: install gusp_network first (it creates the ten chantiers).")
	facilitators = {row.name: facilitators_of(row.name) for row in workstreams}
	workflow = frappe.get_doc("Workflow", get_workflow_name(SHEET))
	states = list(dict.fromkeys(row.state for row in workflow.states))
	series = Series(SHEET)
	sheets, actions = Table(ctx, SHEET), WorkflowActions(ctx, SHEET)
	children = {field: Table(ctx, doctype) for field, doctype in CHILDREN.items()}
	members = directory.members
	start = ctx.now - timedelta(days=DAYS)
	times = sorted(start + timedelta(seconds=rng.uniform(0, DAYS * 86400)) for _ in range(count))
	for created in times:
		created = created.replace(microsecond=0)
		workstream = rng.choice(workstreams)
		why, target_public, step_pool, indicator_pool = CONTEXTS.get(workstream.number, CONTEXTS[1])
		lead = rng.choice(members)
		begins = created.date() + timedelta(days=rng.randint(0, 60))
		ends = begins + timedelta(days=rng.randint(90, 540))
		age = (today - created.date()).days
		known = NOT_STARTED if begins > today or age < 45 else OVER if ends < today else RUNNING
		state = weighted(rng, {s: known.get(s, 1) for s in states if s in known} or dict.fromkeys(states, 1))
		partners = pick_partners(rng, members, lead)
		places = pick_places(rng, lead, directory)
		themes = list(lead.themes)[:3] if rng.random() < 0.7 else []
		themes = themes or [rng.choice(directory.themes).name]
		rows = {
			"territories": [{"territory": place} for place in places],
			"themes": [{"theme": theme} for theme in rng.sample(themes, rng.randint(1, len(themes)))],
			"partners": partners,
			"steps": make_steps(rng, step_pool, lead, partners, begins, ends, state, today),
			"resources": make_resources(rng, lead, partners),
			"indicators": make_indicators(rng, indicator_pool, state),
		}
		done = sum(step["done"] for step in rows["steps"])
		lead_user = rng.choice(lead.staff) if lead.staff and rng.random() < 0.8 else None
		owner = lead_user or ADMINISTRATOR
		name = series.next_name(created)
		modified = created + timedelta(days=rng.randint(0, max(0, min(age, 400))))
		title = f"{rng.choice(WORDS['sheet_titles'])} – {places[0]}"
		carried_by = ", ".join([lead.name, *(p["network_member"] for p in partners)])
		sheets.add(
			{
				"name": name,
				"naming_series": series.value,
				"creation": created,
				"modified": min(modified, ctx.now),
				"owner": owner,
				"modified_by": owner,
				"title": title[:140],
				"workstream": workstream.name,
				"facilitators": facilitators[workstream.name],
				"priority": weighted(rng, {"Low": 20, "Medium": 55, "High": 25}),
				"workflow_state": state,
				"progress": round(100 * done / len(rows["steps"]), 1) if rows["steps"] else 0,
				"is_pilot_project": int(rng.random() < 0.12),
				"is_public": int(state in ("Approved", "In Progress", "Completed") and rng.random() < 0.6),
				"lead_member": lead.name,
				"lead_user": lead_user,
				"start_date": begins,
				"end_date": ends,
				"description": f"<p>{why}</p><p>Territoires : {', '.join(places)}. Portée par {carried_by}.</p>",
				"objectives": "\n".join(rng.sample(DEMO["objectives"], 2)),
				"target_public": target_public,
				"resource_centre_role": "\n".join(rng.sample(DEMO["resource_centre_roles"], 2)),
				"resident_participation": rng.choice(DEMO["resident_participation"]),
			}
		)
		for field, table in children.items():
			table.add_children(name, SHEET, field, rows[field], created)
		actions.add(name, state, min(modified, ctx.now), owner)
	sheets.close()
	actions.close()
	for table in children.values():
		table.close()
	series.save()
	ctx.progress(f"Action Sheet: {count}, {ctx.counts.get('Action Sheet Step', 0)} steps")


def pick_partners(rng, members, lead) -> list[dict]:
	"""Up to four other members, each with its role and commitment."""
	others = [member for member in rng.sample(members, min(len(members), 6)) if member is not lead]
	rows = []
	for member in others[: rng.choice([0, 1, 2, 2, 3, 4])]:
		role = rng.choice(DEMO["partner_roles"])
		rows.append({"network_member": member.name, "role": role, "commitment": DEMO["commitments"][role]})
	return rows


def pick_places(rng, lead, directory: Directory) -> list[str]:
	pool = [*lead.homes, *(place for home in lead.homes for place in home.children)]
	return [place.name for place in rng.sample(pool, min(len(pool), rng.randint(1, 3)))]


def make_steps(rng, pool, lead, partners, begins, ends, state, today) -> list[dict]:
	"""Steps due between start and end; done as far as the state says."""
	steps = rng.sample(pool, min(len(pool), rng.randint(2, 6)))
	owners = [lead.name, *(partner["network_member"] for partner in partners)]
	span = (ends - begins).days
	rows = []
	for index, step in enumerate(steps):
		due = begins + timedelta(days=span * (index + 1) // len(steps))
		if state == "Completed":
			done = 1
		elif state in ("In Progress", "Abandoned"):
			done = int(due <= today and (state == "In Progress" or index == 0))
		else:
			done = 0
		rows.append({"step": step, "owner_member": rng.choice(owners), "due_date": due, "done": done})
	return rows


def make_resources(rng, lead, partners) -> list[dict]:
	funders = [p["network_member"] for p in partners if p["role"] == "Funder"] or [lead.name]
	rows = [
		{
			"resource_type": "Human",
			"description": f"Temps de chargé·e de mission ({rng.choice(['0,1', '0,2', '0,3'])} ETP)",
			"amount": 0,
			"provided_by": lead.name,
		},
		{
			"resource_type": "Financial",
			"description": DEMO["funding"].get(lead.member_type, "Fonds propres"),
			"amount": rng.randrange(1000, 25000, 500),
			"provided_by": rng.choice(funders),
		},
	]
	if rng.random() < 0.5:
		rows.append(
			{
				"resource_type": "Material",
				"description": rng.choice(DEMO["materials"]),
				"amount": 0,
				"provided_by": lead.name,
			}
		)
	return rows


def make_indicators(rng, pool, state) -> list[dict]:
	share = {"Completed": rng.uniform(0.8, 1.15), "In Progress": rng.uniform(0.2, 0.6)}
	rows = []
	for name, unit, baseline, target in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
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
