# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

import re
import unicodedata

import frappe
from frappe.utils.nestedset import NestedSet

LONGEST_CODE = 60
LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


class GUSPTheme(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText | None
		is_group: DF.Check
		lft: DF.Int
		old_parent: DF.Link | None
		parent_gusp_theme: DF.Link | None
		rgt: DF.Int
		service_code: DF.Data | None
		service_level_days: DF.Int
		theme_name: DF.Data
	# end: auto-generated types
	nsm_parent_field = "parent_gusp_theme"

	def before_insert(self):
		self.set_service_code()

	def set_service_code(self) -> None:
		"""Open311's code: a slug of the name (or of the code an import sends), unique. The field is
		set only once (`set_only_once`): a rename keeps it."""
		self.service_code = unique_service_code(self.service_code or self.theme_name)


def slug(text: str) -> str:
	"""`Éclairage public` -> `eclairage-public`: lower-case ASCII letters and digits joined by "-"."""
	ascii_text = unicodedata.normalize("NFKD", str(text).translate(LIGATURES)).encode("ascii", "ignore")
	words = re.sub(r"[^a-z0-9]+", "-", ascii_text.decode().lower()).strip("-")
	return words[:LONGEST_CODE].rstrip("-") or "theme"


def unique_service_code(text: str) -> str:
	"""The slug, or the slug with the first free suffix (`-2`, `-3`…) when another theme holds it."""
	base = slug(text)
	code, number = base, 1
	while frappe.db.exists("GUSP Theme", {"service_code": code}):
		number += 1
		suffix = f"-{number}"
		code = base[: LONGEST_CODE - len(suffix)].rstrip("-") + suffix
	return code
