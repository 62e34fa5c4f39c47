"""The network at scale, for `./gusp bench`: a few hundred organisations, their "qui fait quoi", and
a hundred thousand resident reports over three years, written set-based on a dedicated site.

`generate(scale)` runs in process on a connected site where gusp_network is installed (demo data
or not). It writes set-based, 5,000 rows per INSERT (the statement `frappe.db.bulk_insert` builds),
and computes what Frappe and the app would have computed row by row: names from the naming series,
whose counters it moves on; nested sets; routing (territory of the point, lead, due date, grey
zone); the workflow's state and the public status it sets; the reporter's contact and the hash of
the tracking key; the Assignment Rule's ToDo and `_assign`; the open Workflow Action; what a new
user gets. Each record is thus a document that saves unchanged. It neither commits nor changes the
schema: the caller commits, a test rolls back.

Counts at scale 1.0 (each multiplied by `scale`, at least one): 500 territories, 300 themes,
300 network members, 3,000 responsibilities, 5,000 action sheets, 100,000 resident reports.
History is not replayed: no Version, "assigned" Comment, Communication or email of the states a
record went through, and only the open Workflow Action of its current state.
"""

import secrets
import time

import frappe
from frappe.utils.password import set_encrypted_password

from benchmarks.scale_common import Context
from benchmarks.scale_directory import Directory, make_directory
from benchmarks.scale_reports import make_reports, point_in
from benchmarks.scale_sheets import make_action_sheets
from gusp_network.directory.who_does_what import clear_tree_caches
from gusp_network.permissions import clear_user_member_cache

ROUTE_SAMPLES = 50


def generate(scale: float = 1.0, *, seed: int = 13, password: str = "bench-gusp", progress=print) -> dict:
	"""Make the network at `scale`; what the benchmark needs to log in and to route (see module doc)."""
	started = time.perf_counter()
	ctx = Context.make(scale, seed, lambda line: progress(f"[{time.perf_counter() - started:6.1f}s] {line}"))
	ctx.password = password
	directory = make_directory(ctx)
	make_action_sheets(ctx, directory, ctx.count(5000))
	reports = make_reports(ctx, directory, ctx.count(100_000))
	# routing reads perimeters and tree ancestors from Redis: forget what it knew
	clear_tree_caches()
	clear_user_member_cache()
	api_key, api_secret = make_api_keys(ctx, directory.admin_user)
	member, member_user = average_member(directory, reports["by_member"])
	ctx.progress(f"done: {sum(ctx.counts.values())} rows")
	return {
		"counts": dict(sorted(ctx.counts.items())),
		"member": member,
		"member_user": member_user,
		"admin_user": directory.admin_user,
		"api_key": api_key,
		"api_secret": api_secret,
		"route_samples": route_samples(ctx, directory),
		"tracking_keys": reports["tracking_keys"],
	}


def make_api_keys(ctx: Context, user: str) -> tuple[str, str]:
	"""Token authentication for the admin user (`Authorization: token key:secret`)."""
	api_key = secrets.token_hex(8)[:15]
	api_secret = secrets.token_hex(8)[:15]
	frappe.db.set_value(
		"User", user, {"api_key": api_key, "api_secret": "*" * len(api_secret)}, update_modified=False
	)
	set_encrypted_password("User", user, api_secret, "api_secret")
	return api_key, api_secret


def average_member(directory: Directory, by_member) -> tuple[str, str]:
	"""The organisation (with staff) whose number of reports is closest to the average, and the user
	its reports go to."""
	staffed = {
		name: count
		for name, count in by_member.items()
		if name != directory.resource_centre and directory.staff_of.get(name)
	}
	if not staffed:  # a tiny scale: the one organisation with staff
		name = next(m.name for m in directory.members if m.staff)
		return name, directory.staff_of[name]
	average = sum(staffed.values()) / len(staffed)
	name = min(staffed, key=lambda member: (abs(staffed[member] - average), member))
	return name, directory.staff_of[name]


def route_samples(ctx: Context, directory: Directory) -> list[dict]:
	"""Points inside generated territories, on themes somebody leads there."""
	rng, samples = ctx.keyed_rng("routes"), []
	for _attempt in range(100 * ROUTE_SAMPLES):
		place = rng.choice(directory.leaves)
		theme = rng.choice(directory.leaf_themes)
		lead = directory.find_lead(theme, place, "Unknown")
		if not lead:
			continue
		latitude, longitude = point_in(rng, place)
		samples.append(
			{
				"latitude": latitude,
				"longitude": longitude,
				"theme": theme.name,
				"territory": place.name,
				"lead": lead,
			}
		)
		if len(samples) == ROUTE_SAMPLES:
			break
	return samples
