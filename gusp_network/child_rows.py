"""Child table rows judged by the record they are a row of, however they are reached.

Frappe 15 checks a child row against its parent (frappe/permissions.py `has_child_permission`),
but passes `child_doc.parent_doc`, which is None for a row loaded or created on its own
(`/api/resource/<child>/<name>`, `frappe.client.get`, `getdoc`, `/printview`, `POST` or `DELETE`
of a row): only the parent DocType's role rules are then checked, never the parent record's
(gusp_network.permissions: routed reports, drafts, organisations). And it checks the operation
as named on the row: adding a row asks for "create" on the parent DocType, not for the right to
change the parent record.

Every child DocType of the app inherits `ChildRow`, which
- finds the parent record of a row loaded alone, so Frappe's own check reaches its row rules;
- asks, to add, change or remove a row, for "write" on the parent record (and "create" on the
  parent DocType to add one, as Frappe did);
- refuses a row whose parent does not exist, and moving an existing row to another record;
- refuses to add, change or remove on its own a row its parent computes (`computed`).
"""

import frappe
from frappe.model.base_document import BaseDocument
from frappe.model.document import Document

# what a row's operation asks of its parent record
PARENT_RIGHT = {"create": "write", "write": "write", "delete": "write", "submit": "write", "cancel": "write"}
PLACE = ("parenttype", "parent", "parentfield")


class ChildRow(Document):
	# rows its parent computes (totals): changed only when the parent is saved, never on their own
	computed = False

	@property
	def parent_doc(self) -> Document | None:
		parent = BaseDocument.parent_doc.fget(self)
		if parent is None and self.parenttype and self.parent:
			if frappe.db.exists(self.parenttype, self.parent):
				parent = frappe.get_doc(self.parenttype, self.parent)
				self._parent_doc = parent
		return parent

	@parent_doc.setter
	def parent_doc(self, value) -> None:
		self._parent_doc = value

	@parent_doc.deleter
	def parent_doc(self) -> None:
		self._parent_doc = None

	def has_permission(self, permtype: str = "read", *, debug: bool = False, user: str | None = None) -> bool:
		if self.flags.ignore_permissions:
			return True
		alone = BaseDocument.parent_doc.fget(self) is None  # reached on its own, not through its parent
		if alone and not self.is_placed_as_stored():
			return False
		if alone and self.computed and permtype in PARENT_RIGHT:
			return False
		if self.parent and self.parent_doc is None:
			return False
		right = PARENT_RIGHT.get(permtype, permtype)
		if (
			permtype == "create"
			and self.parenttype
			and not frappe.has_permission(self.parenttype, "create", user=user, debug=debug)
		):
			return False
		return super().has_permission(right, debug=debug, user=user)

	def is_placed_as_stored(self) -> bool:
		"""Whether a row saved on its own stays where it is stored (a new row: anywhere)."""
		if self.is_new() or not self.name:
			return True
		stored = frappe.db.get_value(self.doctype, self.name, PLACE, as_dict=True)
		return not stored or all(stored[key] == self.get(key) for key in PLACE)
