"""What the demo's steps share: their data files, the seeded generators and the records made so far."""

import json
import random
import unicodedata
from collections import deque
from collections.abc import Callable
from pathlib import Path

import frappe
from faker import Faker
from frappe.model.workflow import apply_workflow, get_workflow_name

from gusp_network.setup.defaults import RESOURCE_CENTRE_NAME

SEED = 2026
DEMO_PASSWORD = "demo-gusp"
DEMO_DOMAIN = "demo.gusp.fr"
# in the data files, the member named in GUSP Settings (the demo does not assume its name)
RESOURCE_CENTRE = "@resource_centre"

DATA = Path(__file__).parent / "data"


def read_json(name: str) -> dict:
	"""A file of `demo/data/`, without its `_comment`."""
	data = json.loads((DATA / name).read_text(encoding="utf-8"))
	data.pop("_comment", None)
	return data


def by_number(data: dict) -> dict:
	"""{chantier number: value}: JSON object keys are strings."""
	return {int(number): value for number, value in data.items()}


def by_member_and_theme(data: dict) -> dict:
	"""{(member, theme): value} from the data's {member: {theme: value}}."""
	return {(member, theme): value for member, themes in data.items() for theme, value in themes.items()}


class Demo:
	"""The records made so far, shared by the steps."""

	def __init__(self):
		self.fake = Faker("fr_FR")
		self.fake.seed_instance(SEED)
		self.rng = random.Random(SEED)
		self.parents = {}  # territory: parent territory
		self.members = {}  # member: its territories
		self.member_types = {}  # member: its member_type
		self.staff = {}  # member: its users
		self.resource_centre = RESOURCE_CENTRE_NAME

	def member(self, name: str) -> str:
		"""The Network Member a data row names: @resource_centre is the one in GUSP Settings."""
		return self.resource_centre if name == RESOURCE_CENTRE else name


def slugify(text: str, separator: str = "-") -> str:
	ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
	words = "".join(c if c.isalnum() else " " for c in ascii_text).split()
	return separator.join(words)


def as_administrator_without_emails(make: Callable[[], str]) -> str:
	"""Run a part of the demo as Administrator with emails muted; its summary line."""
	previous_user, previous_mute = frappe.session.user, frappe.flags.mute_emails
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	try:
		return make()
	finally:
		frappe.flags.mute_emails = previous_mute
		frappe.set_user(previous_user)


def initial_state(doctype: str) -> str:
	workflow = frappe.get_cached_doc("Workflow", get_workflow_name(doctype))
	return workflow.states[0].state


def move_to(doc, state: str) -> None:
	"""Take `doc` to `state` by the shortest path of the workflow's transitions."""
	for action in workflow_path(doc.doctype, doc.workflow_state, state):
		doc = apply_workflow(doc, action)


def workflow_path(doctype: str, start: str, goal: str) -> list[str]:
	"""The actions leading from `start` to `goal` (breadth first over the transitions)."""
	workflow = frappe.get_cached_doc("Workflow", get_workflow_name(doctype))
	paths = {start: []}
	queue = deque([start])
	while queue:
		state = queue.popleft()
		if state == goal:
			return paths[state]
		for transition in workflow.transitions:
			if transition.state == state and transition.next_state not in paths:
				paths[transition.next_state] = [*paths[state], transition.action]
				queue.append(transition.next_state)
	raise ValueError(f"The {doctype} workflow leads nowhere from {start} to {goal}")
