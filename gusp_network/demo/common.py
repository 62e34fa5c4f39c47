"""What the demo's steps share: their data files, the seeded generators and the records made so far."""

import json
import random
import unicodedata
from pathlib import Path

from faker import Faker

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
