"""Scale data for resident voice: reports over three years as the real insert path leaves them.

Each report is routed as `resident_voice.routing` would route it (territory of its point, lead of
"qui fait quoi", due date from the theme's service level, the resource centre and a grey zone when
nobody leads), carries a workflow state of the installed workflow with the public status that state
sets, and has its `Resident Contact` (the reporter's details for a share of them, and the hash of
its tracking key). Reports the Assignment Rule would assign get their ToDo, closed once the report
is closed.
"""

import base64
import hashlib
import json
import math
from collections import Counter
from datetime import date, datetime, timedelta

import frappe
from frappe import _
from frappe.model.workflow import get_workflow_name
from frappe.utils import cint

from benchmarks.scale_common import (
	ADMINISTRATOR,
	Context,
	Series,
	Table,
	WorkflowActions,
	demo_data,
	geolocation_point,
	moment,
	slug,
	weighted,
)
from benchmarks.scale_directory import WORDS, Directory, Place, Theme
from gusp_network.constants import (
	CLOSED,
	CLOSING_DUPLICATE,
	CLOSING_FIXED,
	CLOSING_NOT_OURS,
	GREY_ZONE_AUTOMATIC,
	LAND_ANY,
	LAND_UNKNOWN,
	OPEN,
)
from gusp_network.resident_voice.contacts import CONTACT, MIRRORED_FIELDS
from gusp_network.resident_voice.tracking import REOPEN_ACTION
from gusp_network.settings import get_settings

REPORT = "Resident Report"
DAYS = 3 * 365
# how often each state, closing reason, channel and land status comes up; a state an admin added
# to the workflow gets weight 2
OPEN_STATES = {"New": 30, "Qualified": 10, "Forwarded": 20, "In Progress": 40}
CLOSED_STATES = {"Resolved": 30, "Closed": 55, "Rejected": 8, "Duplicate": 7}
REASONS = {
	"Resolved": {CLOSING_FIXED: 1},
	"Closed": {CLOSING_FIXED: 70, "No Action Possible": 20, CLOSING_NOT_OURS: 10},
	"Rejected": {"No Action Possible": 60, CLOSING_NOT_OURS: 40},
	"Duplicate": {CLOSING_DUPLICATE: 1},
}
CHANNELS = {"Portal": 50, "Phone": 15, "Desk": 10, "Email": 8, "Open311": 10, "Field Diagnostic": 7}
# share of the reports of a channel that leave the reporter's name, email or phone
WITH_CONTACT = {"Portal": 0.45, "Open311": 0.3, "Phone": 0.85, "Email": 0.95, "Desk": 0.5}
# share of the reports on a land nobody leads there that keep that land status (the others say
# "Unknown", which routing reads as the land presumed in GUSP Settings)
KEEP_LAND = 0.25
# share of the reports about a topic nobody leads yet
NEW_TOPICS = 0.03
LANDS = {"Unknown": 40, "Public Land": 30, "Social Landlord": 20, "Co-ownership": 6, "Private": 4}
# what residents wrote in the demo, by theme
REPORT_TEXTS = {}
for _theme, _text, _land in demo_data("resident_voice.json")["reports"]:
	REPORT_TEXTS.setdefault(_theme, []).append(_text)


class Workflow:
	"""The installed workflow's states and the public status each one sets."""

	def __init__(self):
		workflow = frappe.get_doc("Workflow", get_workflow_name(REPORT))
		self.public_status = {}
		for row in workflow.states:
			value = row.update_value if row.update_field == "public_status" else None
			self.public_status.setdefault(row.state, value)
		self.first = workflow.states[0].state
		self.reopened = next(
			(row.next_state for row in workflow.transitions if row.action == REOPEN_ACTION), self.first
		)
		self.open = self.weights(OPEN, OPEN_STATES)
		self.closed = self.weights(CLOSED, CLOSED_STATES)

	def weights(self, status: str, known: dict[str, int]) -> dict[str, int]:
		states = [state for state, value in self.public_status.items() if value == status]
		return {state: known.get(state, 2) for state in states} or {self.first: 1}


class Assignment:
	"""The enabled "Based on Field" Assignment Rule of reports: who gets a ToDo, and when it closes."""

	def __init__(self):
		rules = frappe.get_all(
			"Assignment Rule",
			filters={"document_type": REPORT, "disabled": 0, "rule": "Based on Field"},
			fields=["name", "field", "description", "assign_condition", "close_condition"],
			order_by="priority desc",
		)
		self.rule = rules[0] if rules else None
		self._answers = {}

	def applies(self, condition: str | None, values: dict) -> bool:
		if not condition:
			return True
		key = (
			condition,
			values.get("public_status"),
			values.get("workflow_state"),
			bool(values.get(self.rule.field)),
		)
		if key not in self._answers:
			self._answers[key] = bool(frappe.safe_eval(condition, None, values))
		return self._answers[key]


def make_reports(ctx: Context, directory: Directory, count: int) -> dict:
	"""`count` reports; what the returned dict names: reports by member, tracking keys."""
	rng, keys_rng = ctx.rng, ctx.keyed_rng("tracking")
	workflow, assignment, settings = Workflow(), Assignment(), get_settings()
	default_days = cint(settings.default_service_level_days) or 15
	series, zone_series = Series(REPORT), Series("Grey Zone")
	tables = {doctype: Table(ctx, doctype) for doctype in (REPORT, CONTACT, "Resident Report Update", "ToDo")}
	zones, actions = Table(ctx, "Grey Zone"), WorkflowActions(ctx, REPORT)
	channels = {c: w for c, w in CHANNELS.items() if c in frappe.get_meta(REPORT).get_options("channel")}
	start = ctx.now - timedelta(days=DAYS)
	times = sorted(
		start + timedelta(seconds=(u if rng.random() < 0.5 else math.sqrt(u)) * DAYS * 86400)
		for u in (rng.random() for _ in range(count))
	)
	places = directory.leaves
	place_weights = list(accumulate(rng.lognormvariate(0, 0.8) for _ in places))
	themes = rng.sample(directory.leaf_themes, len(directory.leaf_themes))
	new_topics = [theme for theme in themes if theme.new]
	themes = [theme for theme in themes if not theme.new]
	theme_weights = list(accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(themes))))
	full_names = {ADMINISTRATOR: ADMINISTRATOR, "Guest": "Guest", **directory.full_names}
	members = [member.name for member in directory.members]
	samples = set(rng.sample(range(count), min(20, count)))
	result = {"by_member": Counter(), "tracking_keys": []}
	texts = {theme.name: texts_about(theme) for theme in directory.leaf_themes}
	grey_zones, earlier = {}, {}
	today = ctx.now.date()
	for index, created in enumerate(times):
		created = created.replace(microsecond=0)
		name = series.next_name(created)
		place = rng.choices(places, cum_weights=place_weights)[0]
		if new_topics and rng.random() < NEW_TOPICS:
			theme = rng.choice(new_topics)
		else:
			theme = rng.choices(themes, cum_weights=theme_weights)[0]
		land = weighted(rng, LANDS)
		member = directory.find_lead(theme, place, land)
		if not member and land != LAND_UNKNOWN and rng.random() > KEEP_LAND:
			land = LAND_UNKNOWN  # most residents cannot tell whose land it is
			member = directory.find_lead(theme, place, land)
		grey_zone = None
		if not member:
			member = directory.resource_centre
			grey_zone = grey_zones.get((theme.name, place.name))
			if not grey_zone:
				grey_zone = grey_zones[(theme.name, place.name)] = add_grey_zone(
					ctx, zones, zone_series, theme, place, land, created, directory.resource_centre
				)
		user = directory.staff_of.get(member)
		days = theme.days or (theme.parent.days if theme.parent else None) or default_days
		due = created.date() + timedelta(days=days)
		age = (ctx.now - created).days
		values = {
			"name": name,
			"naming_series": series.value,
			"creation": created,
			"theme": theme.name,
			"description": rng.choice(texts[theme.name])
			or f"{topic(theme)} : {rng.choice(ctx.pools.sentences)}",
			"channel": weighted(rng, channels),
			"address": rng.choice(ctx.pools.addresses),
			"territory": place.name,
			"land_status": land,
			"responsible_member": member,
			"responsible_user": user,
			"due_date": due,
			"grey_zone": grey_zone,
			"me_too_count": 0 if rng.random() < 0.88 else min(30, 1 + int(rng.expovariate(0.4))),
			"closing_reason": "",
			"fix_confirmation": "",
		}
		values["latitude"], values["longitude"] = point_in(rng, place)
		values["geolocation"] = geolocation_point(values["latitude"], values["longitude"])
		decide_state(ctx, workflow, values, age, days, earlier, members)
		earlier.setdefault((theme.name, place.name), name)
		earlier.setdefault(theme.name, name)
		add_updates(ctx, directory, tables["Resident Report Update"], values, user)
		if rng.random() < 0.1:
			values["internal_notes"] = rng.choice(WORDS["internal_notes"])
		owner = report_owner(ctx, directory, values["channel"], member)
		last = values.get("closed_on") or min(today, created.date() + timedelta(days=rng.randint(0, 10)))
		modified = max(created, moment(rng, last)) if last != created.date() else created
		untouched = values["workflow_state"] == workflow.first and not values.get("last_public_update")
		actor = owner if untouched else user or rng.choice(directory.centre_users)
		modified = created if untouched else modified
		values.update(owner=owner, modified=min(modified, ctx.now), modified_by=actor)
		assign(ctx, assignment, tables["ToDo"], values, full_names)
		tables[REPORT].add(values)
		actions.add(name, values["workflow_state"], values["modified"], values["modified_by"])
		key = base64.urlsafe_b64encode(keys_rng.randbytes(18)).decode()
		tables[CONTACT].add(contact_values(ctx, values, key))
		if index in samples:
			result["tracking_keys"].append((name, key))
		result["by_member"][member] += 1
		if (index + 1) % 20000 == 0:
			ctx.progress(f"Resident Report: {index + 1} of {count}")
	for table in (*tables.values(), zones, actions):
		table.close()
	series.save()
	zone_series.save()
	ctx.progress(
		f"Resident Report: {count}, {ctx.counts.get('ToDo', 0)} assigned, "
		f"{result['by_member'][directory.resource_centre]} to the resource centre ({len(grey_zones)} grey zones)"
	)
	return result


def topic(theme: Theme) -> str:
	"""`Encombrants – habitat social 2` -> `Encombrants`."""
	return theme.name.split(" – ")[0].rstrip(" 0123456789")


def texts_about(theme: Theme) -> list[str | None]:
	"""What residents wrote about that topic, or about its group; None: a text made up on the spot."""
	group = topic(theme.parent) if theme.parent else None
	return REPORT_TEXTS.get(topic(theme)) or REPORT_TEXTS.get(group) or [None]


def accumulate(values):
	total = 0.0
	for value in values:
		total += value
		yield total


def point_in(rng, place: Place) -> tuple[float, float]:
	"""A point well inside the territory's rectangle: (latitude, longitude)."""
	west, south, east, north = place.box
	dx, dy = (east - west) * 0.1, (north - south) * 0.1
	return round(rng.uniform(south + dy, north - dy), 6), round(rng.uniform(west + dx, east - dx), 6)


def decide_state(
	ctx: Context, workflow: Workflow, values: dict, age: int, days: int, earlier, members
) -> None:
	"""Open or closed, and how: old reports are mostly closed, a few were reopened."""
	rng, today = ctx.rng, ctx.now.date()
	created = values["creation"].date()
	delay = min(365, int(days * rng.lognormvariate(-0.2, 0.8)))
	open_share = 0.6 if age < 30 else 0.15 if age < 180 else 0.03
	reopened = age > 20 and rng.random() < 0.03
	values["reopen_count"] = (1 if rng.random() < 0.8 else 2) if reopened else 0
	if rng.random() < open_share or created + timedelta(days=delay) > today:
		if reopened:
			state = workflow.reopened
			values["fix_confirmation"] = "Not Fixed" if rng.random() < 0.5 else ""
		else:
			weights = dict(workflow.open)
			if age < 3 and workflow.first in weights:
				weights[workflow.first] *= 4
			state = weighted(rng, weights)
		values.update(workflow_state=state, public_status=workflow.public_status.get(state) or OPEN)
		return
	state = weighted(rng, workflow.closed)
	reason = weighted(rng, REASONS.get(state, REASONS["Closed"]))
	if reason == CLOSING_DUPLICATE:
		duplicate_of = earlier.get((values["theme"], values["territory"])) or earlier.get(values["theme"])
		if duplicate_of:
			values["duplicate_of"] = duplicate_of
		else:
			state, reason = next(iter(workflow.closed)), CLOSING_FIXED
	if reason == CLOSING_NOT_OURS:
		others = [member for member in members if member != values["responsible_member"]]
		if others:
			values["actual_responsible_member"] = rng.choice(others)
		else:
			reason = CLOSING_FIXED
	if reason == CLOSING_FIXED:
		values["fix_confirmation"] = weighted(rng, {"": 55, "Asked": 30, "Confirmed": 15})
	values.update(
		workflow_state=state,
		public_status=workflow.public_status.get(state) or CLOSED,
		closing_reason=reason,
		closed_on=created + timedelta(days=delay),
	)


def add_updates(ctx: Context, directory: Directory, table: Table, values: dict, user: str | None) -> None:
	"""What the organisation told the reporter: most closed reports say how they ended."""
	rng, created = ctx.rng, values["creation"]
	end = datetime.combine(values["closed_on"], created.time()) if values.get("closed_on") else ctx.now
	end = max(end, created)
	messages = []
	if values["public_status"] == CLOSED:
		if rng.random() < 0.7:
			if rng.random() < 0.4:
				messages.append(rng.choice(WORDS["report_updates_open"]))
			messages.append(rng.choice(WORDS["report_updates_closed"]))
	elif values["workflow_state"] != "New" and rng.random() < 0.4:
		messages.append(rng.choice(WORDS["report_updates_open"]))
	if not messages:
		return
	span = (end - created).total_seconds()
	moments = sorted(created + timedelta(seconds=rng.uniform(0, span)) for _ in messages)
	author = user or rng.choice(directory.centre_users)
	rows = [
		{"posted_on": when.replace(microsecond=0), "message": message, "posted_by": author}
		for when, message in zip(moments, messages, strict=True)
	]
	table.add_children(values["name"], REPORT, "updates", rows, moments[-1])
	values["last_public_update"] = messages[-1]


def report_owner(ctx: Context, directory: Directory, channel: str, member: str) -> str:
	"""Guests file on the portal (and Open311 apps); the resource centre types what comes by
	phone, email or at the desk; a member writes down what a field diagnostic found."""
	if channel in ("Portal", "Open311"):
		return "Guest"
	if channel == "Field Diagnostic":
		return directory.staff_of.get(member) or ctx.rng.choice(directory.centre_users)
	return ctx.rng.choice(directory.centre_users)


def assign(ctx: Context, assignment: Assignment, table: Table, values: dict, full_names: dict) -> None:
	"""The Assignment Rule's ToDo, as it stands now: open while the report is, closed after."""
	rule = assignment.rule
	user = values.get(rule.field) if rule else None
	if not user:
		return
	at_creation = {**values, "public_status": OPEN, "workflow_state": None}
	if not assignment.applies(rule.assign_condition, at_creation):
		return
	closed = values["public_status"] == CLOSED and assignment.applies(rule.close_condition, values)
	by = values["owner"] if values["owner"] != "Guest" else ADMINISTRATOR
	when = values["creation"] + timedelta(seconds=1)
	table.add(
		{
			"name": ctx.hash_name(),
			"creation": when,
			"modified": values["modified"] if closed else when,
			"owner": by,
			"modified_by": values["modified_by"] if closed else by,
			"status": "Closed" if closed else "Open",
			"priority": "Medium",
			"date": values["due_date"],
			"allocated_to": user,
			"description": rule.description,
			"reference_type": REPORT,
			"reference_name": values["name"],
			"assigned_by": by,
			"assigned_by_full_name": full_names.get(by, by),
			"assignment_rule": rule.name,
		}
	)
	values["_assign"] = "" if closed else json.dumps([user])


def contact_values(ctx: Context, values: dict, key: str) -> dict:
	"""The report's Resident Contact: the reporter (for a share of reports) and the key's hash."""
	rng, pools = ctx.rng, ctx.pools
	contact = {
		"name": values["name"],
		"creation": values["creation"],
		"modified": values["modified"],
		"owner": values["owner"],
		"modified_by": values["modified_by"],
		"reference_doctype": REPORT,
		"reference_name": values["name"],
		"tracking_key_hash": hashlib.sha256(key.encode()).hexdigest(),
		**{field: values.get(field) for field in MIRRORED_FIELDS},
	}
	if rng.random() < WITH_CONTACT.get(values["channel"], 0.1):
		first, last = rng.choice(pools.first_names), rng.choice(pools.last_names)
		contact["full_name"] = f"{first} {last}"
		if values["channel"] != "Phone" or rng.random() < 0.3:
			contact["email"] = f"{slug(first)}.{slug(last)}{rng.randint(1, 99)}@example.org"
		if values["channel"] in ("Phone", "Desk") or rng.random() < 0.2:
			contact["phone"] = (
				f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
			)
		contact["consent"] = int(rng.random() < 0.6)
	return contact


def add_grey_zone(
	ctx, table: Table, series: Series, theme: Theme, place: Place, land, created, centre
) -> str:
	"""The grey zone routing opens when nobody leads a theme on a territory."""
	name = series.next_name(created)
	when = created + timedelta(seconds=2)
	table.add(
		{
			"name": name,
			"creation": when,
			"modified": when,
			"theme": theme.name,
			"territory": place.name,
			"land_status": land if land and land != LAND_UNKNOWN else LAND_ANY,
			"status": weighted(ctx.rng, {"Pending": 60, "Under Discussion": 40}),
			"origin": GREY_ZONE_AUTOMATIC,
			"raised_by": centre,
			"opened_on": created.date(),
			"description": _("Opened automatically: no organisation leads {0} in {1}.").format(
				theme.name, place.name
			),
		}
	)
	return name
