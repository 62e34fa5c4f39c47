"""What the scale generator's steps share: the run's context, set-based writes, names and trees.

Rows are written with `frappe.db.bulk_insert` in chunks, starting from the defaults of a new
document of the DocType (`frappe.new_doc`), so every column a real insert fills has its value.
Nothing here commits or changes the schema: the caller decides.
"""

import hashlib
import json
import random
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import frappe
from faker import Faker
from frappe.model import datetime_fields, float_like_fields
from frappe.model.workflow import get_workflow_name, is_transition_condition_satisfied
from frappe.query_builder.functions import Max
from frappe.utils import cint, flt, now_datetime

import gusp_network

CHUNK = 5000
# the French texts of the demo data, reused (the files only: nothing imports the demo's code)
DEMO_DATA = Path(gusp_network.__file__).parent / "demo" / "data"
ADMINISTRATOR = "Administrator"


@dataclass
class Pools:
	"""Text drawn once from Faker and reused (Faker is too slow to call per row)."""

	first_names: list[str]
	last_names: list[str]
	addresses: list[str]
	sentences: list[str]
	words: list[str]
	cities: list[str]
	companies: list[str]

	@classmethod
	def make(cls, fake: Faker) -> "Pools":
		return cls(
			first_names=[fake.first_name() for _ in range(300)],
			last_names=[fake.last_name() for _ in range(400)],
			addresses=[fake.street_address() for _ in range(1500)],
			sentences=[fake.sentence(nb_words=10) for _ in range(400)],
			words=sorted({fake.word() for _ in range(600)}),
			cities=sorted({fake.city() for _ in range(1500)}),
			companies=sorted({fake.company() for _ in range(600)}),
		)


@dataclass
class Context:
	"""The run: its random generators, clock, text pools, counts and what later steps need."""

	scale: float
	seed: int
	progress: Callable[[str], None]
	rng: random.Random
	fake: Faker
	pools: Pools
	now: datetime
	salt: str
	password: str = ""
	counts: dict[str, int] = field(default_factory=dict)
	_names: int = 0

	@classmethod
	def make(cls, scale: float, seed: int, progress) -> "Context":
		fake = Faker("fr_FR")
		fake.seed_instance(seed)
		# a second run on the same site must not make the same hashed names or tracking keys
		salt = f"{seed}:{frappe.db.count('Resident Report')}:{frappe.db.count('GUSP Territory')}"
		salt += f":{frappe.db.count('User')}"
		return cls(
			scale=scale,
			seed=seed,
			progress=progress,
			rng=random.Random(seed),
			fake=fake,
			pools=Pools.make(fake),
			now=now_datetime().replace(microsecond=0),
			salt=hashlib.sha1(salt.encode()).hexdigest()[:6],
		)

	def count(self, base: int) -> int:
		"""`base` records at scale 1.0, at least one."""
		return max(1, round(base * self.scale))

	def hash_name(self) -> str:
		"""A unique name for a row named by hash (child rows, ToDo, Has Role)."""
		self._names += 1
		return f"b{self.salt}{self._names:07x}"

	def keyed_rng(self, purpose: str) -> random.Random:
		"""A generator of its own for one purpose, different on each run on the same site."""
		return random.Random(f"{self.seed}:{self.salt}:{purpose}")

	def timestamp(self, when: datetime) -> datetime:
		return min(when, self.now)


def sql_value(value):
	if isinstance(value, datetime):
		return value.strftime("%Y-%m-%d %H:%M:%S.%f")
	if isinstance(value, date):
		return value.isoformat()
	if isinstance(value, bool):
		return int(value)
	return value


class Table:
	"""Rows of one DocType buffered and written in chunks with `frappe.db.bulk_insert`."""

	def __init__(self, ctx: Context, doctype: str, chunk: int = CHUNK):
		self.ctx, self.doctype, self.chunk = ctx, doctype, chunk
		self.columns = frappe.db.get_table_columns(doctype)
		defaults = frappe.new_doc(doctype, as_dict=True)
		self.defaults = {column: defaults.get(column) for column in self.columns}
		self.defaults.update(docstatus=0, idx=0, owner=ADMINISTRATOR, modified_by=ADMINISTRATOR)
		self.fixes = column_fixes(doctype, self.columns)
		self.rows: list[tuple] = []
		self.written = 0

	def add(self, values: dict) -> None:
		row = self.defaults | values
		if row.get("modified") is None:
			row["modified"] = row.get("creation")
		for column, fix in self.fixes:
			row[column] = fix(row[column])
		self.rows.append(tuple(sql_value(row[column]) for column in self.columns))
		if len(self.rows) >= self.chunk:
			self.flush()

	def add_children(self, parent: str, parent_doctype: str, parentfield: str, rows: Iterable[dict], when):
		for idx, values in enumerate(rows, start=1):
			self.add(
				{
					"name": self.ctx.hash_name(),
					"parent": parent,
					"parenttype": parent_doctype,
					"parentfield": parentfield,
					"idx": idx,
					"creation": when,
					"modified": when,
					**values,
				}
			)

	def flush(self) -> None:
		if self.rows:
			bulk_insert(f"tab{self.doctype}", self.columns, self.rows)
			self.written += len(self.rows)
			self.rows = []

	def close(self) -> int:
		self.flush()
		self.ctx.counts[self.doctype] = self.ctx.counts.get(self.doctype, 0) + self.written
		return self.written


def bulk_insert(table: str, columns: list[str], rows: list[tuple]) -> None:
	"""One multi-row INSERT, as `frappe.db.bulk_insert` writes it, with the values sent as query
	parameters: pypika renders each value as a term first, which costs four times the insert itself."""
	row = "(" + ", ".join(["%s"] * len(columns)) + ")"
	names = ", ".join(f"`{column}`" for column in columns)
	frappe.db.sql(
		f"INSERT INTO `{table}` ({names}) VALUES {', '.join([row] * len(rows))}",
		[value for values in rows for value in values],
	)


def column_fixes(doctype: str, columns: list[str]) -> list[tuple[str, Callable]]:
	"""What `BaseDocument.get_valid_dict` does to a value before Frappe writes it: checks as 0/1,
	numbers never NULL, empty dates and empty unique values as NULL."""
	meta, fixes = frappe.get_meta(doctype), []
	for column in columns:
		df = meta.get_field(column)
		if not df:
			continue
		if df.fieldtype == "Check":
			fixes.append((column, lambda value: 1 if cint(value) else 0))
		elif df.fieldtype == "Int":
			fixes.append((column, cint))
		elif df.fieldtype in float_like_fields:
			fixes.append((column, flt))
		elif df.fieldtype in datetime_fields or df.unique:
			fixes.append((column, lambda value: None if value == "" else value))
	return fixes


class WorkflowActions:
	"""The open Workflow Action Frappe keeps for a document in a state that others may move it from
	(`workflow_action.process_workflow_actions`): the roles of the transitions out of the state.
	Actions completed on the way (one per earlier state) are not made."""

	def __init__(self, ctx: Context, doctype: str):
		self.ctx, self.doctype = ctx, doctype
		workflow = frappe.get_cached_doc("Workflow", get_workflow_name(doctype))
		optional = {row.state for row in workflow.states if row.is_optional_state}
		blank = frappe.new_doc(doctype)  # the app's conditions read settings, not the document
		self.roles: dict[str, list[str]] = {}
		for transition in workflow.transitions:
			if transition.next_state in optional or not is_transition_condition_satisfied(transition, blank):
				continue
			roles = self.roles.setdefault(transition.state, [])
			if transition.allowed not in roles:
				roles.append(transition.allowed)
		self.actions = Table(ctx, "Workflow Action")
		self.permitted = Table(ctx, "Workflow Action Permitted Role")

	def add(self, name: str, state: str, when: datetime, by: str) -> None:
		roles = self.roles.get(state)
		if not roles:
			return
		action = self.ctx.hash_name()
		self.actions.add(
			{
				"name": action,
				"creation": when,
				"owner": by,
				"modified_by": by,
				"reference_doctype": self.doctype,
				"reference_name": name,
				"workflow_state": state,
				"status": "Open",
			}
		)
		rows = [{"role": role} for role in roles]
		self.permitted.add_children(action, "Workflow Action", "permitted_roles", rows, when)

	def close(self) -> None:
		self.actions.close()
		self.permitted.close()


# ---------------------------------------------------------------- names


class Series:
	"""Names of a naming series (`SIG-.YYYY.-.#####`) for records made at any date, numbered after
	what the site already holds; `save()` moves each counter past the last name given, so a later
	real insert does not collide."""

	def __init__(self, doctype: str, series: str | None = None):
		self.doctype = doctype
		meta = frappe.get_meta(doctype)
		if not series:
			naming = meta.get_field("naming_series")
			if naming:
				series = naming.default or (naming.options or "").split("\n")[0]
			else:
				series = (meta.autoname or "").split(":", 1)[-1]
		self.value = series  # as a document's naming_series field holds it
		if "#" not in series:
			series += ".#####"  # as frappe.model.naming.NamingSeries does
		self.series = series
		self.next_numbers: dict[str, int] = {}

	def prefix_and_digits(self, when: date) -> tuple[str, int]:
		prefix = ""
		for part in self.series.split("."):
			if not part:
				continue
			if part.startswith("#"):
				return prefix, len(part)
			prefix += {
				"YYYY": when.strftime("%Y"),
				"YY": when.strftime("%y"),
				"MM": when.strftime("%m"),
				"DD": when.strftime("%d"),
			}.get(part, part)
		raise ValueError(f"{self.series}: no number part")

	def next_name(self, when: date) -> str:
		prefix, digits = self.prefix_and_digits(when)
		if prefix not in self.next_numbers:
			self.next_numbers[prefix] = first_free_number(self.doctype, prefix)
		number = self.next_numbers[prefix]
		self.next_numbers[prefix] = number + 1
		return f"{prefix}{number:0{digits}d}"

	def save(self) -> None:
		series = frappe.qb.DocType("Series")
		for prefix, following in self.next_numbers.items():
			last = following - 1
			if frappe.db.get_value("Series", prefix, "name", order_by=None) is None:
				frappe.qb.into(series).columns("name", "current").insert(prefix, last).run()
			else:
				frappe.qb.update(series).set(series.current, last).where(series.name == prefix).run()


def first_free_number(doctype: str, prefix: str) -> int:
	"""After the series counter and after every name already taken with that prefix."""
	current = frappe.db.get_value("Series", prefix, "current", order_by=None) or 0
	numbers = re.compile(re.escape(prefix) + r"(\d+)$")
	taken = frappe.get_all(doctype, filters={"name": ("like", f"{prefix}%")}, pluck="name")
	highest = max((int(m.group(1)) for name in taken if (m := numbers.match(name))), default=0)
	return max(int(current), highest) + 1


def unique_name(wanted: str, taken: set[str], limit: int = 140) -> str:
	"""`wanted`, or `wanted 2`, `wanted 3`… when taken (as MariaDB compares names: whatever the case
	and the accents)."""
	name, number = wanted[:limit], 1
	while folded(name) in taken:
		number += 1
		suffix = f" {number}"
		name = wanted[: limit - len(suffix)] + suffix
	taken.add(folded(name))
	return name


def folded(text: str) -> str:
	"""`Évry` and `evry` are the same key for utf8mb4_unicode_ci."""
	decomposed = unicodedata.normalize("NFKD", str(text).casefold())
	return "".join(c for c in decomposed if not unicodedata.combining(c)).rstrip()


def existing_names(doctype: str, fieldname: str = "name") -> set[str]:
	return {folded(value) for value in frappe.get_all(doctype, pluck=fieldname) if value}


# ---------------------------------------------------------------- trees


@dataclass
class Node:
	name: str
	parent: str | None
	children: list["Node"] = field(default_factory=list)
	lft: int = 0
	rgt: int = 0


def number_tree(doctype: str, roots: list[Node]) -> None:
	"""Nested-set bounds for new root trees, placed after everything the table holds (what
	`frappe.utils.nestedset` gives a new root, without its row-by-row updates and commits)."""
	table = frappe.qb.DocType(doctype)
	highest = frappe.qb.from_(table).select(Max(table.rgt)).run()[0][0]
	counter = int(highest or 0)
	for root in roots:
		stack = [(root, False)]
		while stack:
			node, done = stack.pop()
			if done:
				counter += 1
				node.rgt = counter
				continue
			counter += 1
			node.lft = counter
			stack.append((node, True))
			stack.extend((child, False) for child in reversed(node.children))


# ---------------------------------------------------------------- time and choice


def demo_data(name: str) -> dict:
	return json.loads((DEMO_DATA / name).read_text(encoding="utf-8"))


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
	keys = list(weights)
	return rng.choices(keys, weights=[weights[key] for key in keys])[0]


def moment(rng: random.Random, day: date, earliest_hour: int = 7, latest_hour: int = 21) -> datetime:
	return datetime.combine(day, datetime.min.time()) + timedelta(
		hours=rng.randint(earliest_hour, latest_hour), minutes=rng.randint(0, 59), seconds=rng.randint(0, 59)
	)


def geolocation_point(latitude: float, longitude: float) -> str:
	"""The Geolocation value Resident Report.set_geolocation writes for a point."""
	point = {"type": "Point", "coordinates": [longitude, latitude]}
	feature = {"type": "Feature", "properties": {}, "geometry": point}
	return json.dumps({"type": "FeatureCollection", "features": [feature]})


def slug(text: str) -> str:
	from gusp_network.directory.doctype.gusp_theme.gusp_theme import slug as theme_slug

	return theme_slug(text)
