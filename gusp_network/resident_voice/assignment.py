"""A new report's assignment: the one Frappe's Assignment Rule would make, made directly.

Frappe applies Assignment Rules on every save (`assignment_rule.apply`, an `on_update` hook on every
DocType). The rule installed with the app (`setup/data/assignment_rules/`) is "Based on Field"
`responsible_user`: the referent routing picked, due on the report's due date. On a new report,
Frappe reloads the rule, clears the (absent) assignments, assigns, then writes `last_user` on the
rule — a row lock every report taken at the same moment waits for — and the rule is read again
from the database by the next report.

The report's own `on_update` runs before Frappe's hooks, on the same document. When the rule
Frappe would apply first is a "Based on Field" rule, the same assignment is made here with
Frappe's own `assign_to.add` and the same arguments (ToDo, "assigned" comment, notification, due
date, the rule named on the ToDo). Frappe's `apply` then finds the assignment and leaves it as it
is. Only `last_user` is not written: Frappe keeps it for its round robin, which a "Based on Field"
rule does not use.

Everything else is left to Frappe, exactly as an admin configured it: a rule disabled or edited in
the desk is read as it is now; a Round Robin or Load Balancing rule first in line, an unassign
condition, a close condition already true, or a condition that fails to evaluate are Frappe's to
apply.
"""

import frappe
from frappe.cache_manager import get_doctype_map
from frappe.desk.form import assign_to

BASED_ON_FIELD = "Based on Field"


def assign_new_report(report) -> str | None:
	"""On insert, before Frappe's hooks: assign as the first applicable rule would; the user or None."""
	if frappe.flags.in_patch or frappe.flags.in_install or frappe.flags.in_setup_wizard:
		return None  # Frappe applies no rule then
	doc = report.as_dict()
	rule, user = rule_to_apply(report.doctype, doc)
	if not user:
		return None
	assign_to.add(
		{
			"assign_to": [user],
			"doctype": report.doctype,
			"name": report.name,
			"description": frappe.render_template(rule.description, doc),
			"assignment_rule": rule.name,
			"notify": True,
			"date": doc.get(rule.due_date_based_on) if rule.due_date_based_on else None,
		},
		ignore_permissions=True,
	)
	return user


def rule_to_apply(doctype: str, doc: dict):
	"""(rule, user) when Frappe's `apply` would assign a new document by a "Based on Field" rule and
	do nothing more; (None, None) when it is Frappe's to do."""
	rules = [rule for rule in active_rules(doctype) if not rule.is_rule_not_applicable_today()]
	for rule in rules:
		# Frappe would unassign, or close the assignment at once: its own order of things
		if rule.unassign_condition or holds(rule.close_condition, doc) is not False:
			return None, None
	for rule in rules:
		assign = holds(rule.assign_condition, doc)
		if assign is None:
			return None, None
		if not assign:
			continue
		if rule.rule != BASED_ON_FIELD:
			return None, None
		if user := rule.get_user_based_on_field(doc):
			return rule, user
		# no user in the field: Frappe tries the next rule
	return None, None


def active_rules(doctype: str) -> list:
	"""The enabled rules of the DocType, by priority: Frappe's own cached list and documents."""
	names = get_doctype_map(
		"Assignment Rule",
		doctype,
		filters={"document_type": doctype, "disabled": 0},
		order_by="priority desc",
	)
	return [frappe.get_cached_doc("Assignment Rule", row.get("name")) for row in names]


def holds(condition: str | None, doc: dict) -> bool | None:
	"""Whether a rule's condition holds (an empty one does not, as in Frappe); None if it fails."""
	if not condition:
		return False
	try:
		return bool(frappe.safe_eval(condition, None, doc))
	except Exception:
		return None
