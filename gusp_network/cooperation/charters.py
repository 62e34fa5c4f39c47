"""Cooperation charters: what a charter checks, what it keeps once adopted, and its versions.

A charter is drafted, consulted, then adopted; from then on its text and its signatures are what
the network adopted and never change (only its workflow state moves). To amend it, the resource
centre starts a revision: the workflow moves the adopted charter to "Under Revision" and the next
version is drafted as a new charter linked to it, to be consulted, signed and adopted in turn.
When that version is adopted, the one it replaces is archived. Nothing is overwritten: every
version stays, each pointing to the one before.

The controller calls these from `validate` and `on_update` (where Frappe lets an app react to a
workflow transition: the state before the save is `get_doc_before_save()`'s).
"""

import frappe
from frappe import _
from frappe.model import no_value_fields, table_fields
from frappe.model.document import Document
from frappe.model.workflow import get_workflow_name, get_workflow_state_field
from frappe.utils import cint, cstr, flt, get_datetime, get_link_to_form, getdate, today

from gusp_network.exceptions import (
	AdoptedCharterReadOnlyError,
	CharterAlreadyRevisedError,
	CharterSignatureInFutureError,
	DuplicateCharterSignatoryError,
)

CHARTER = "Cooperation Charter"

# states of the Cooperation Charter Workflow the code reacts to (setup/data/workflows/)
ADOPTED = "Adopted"
UNDER_REVISION = "Under Revision"
ARCHIVED = "Archived"
# a charter in one of these states holds the text the network adopted: it is kept as it is
KEPT_STATES = frozenset({ADOPTED, UNDER_REVISION, ARCHIVED})
# a version still in force until the next one is adopted
REPLACEABLE_STATES = frozenset({ADOPTED, UNDER_REVISION})

# what the next version takes from the one it revises; signatures are given again
CARRIED_OVER = ("title", "preamble", "principles")
CARRIED_OVER_ROW = ("network_member", "charter_role", "limits", "commitments")


def state_field(doc: Document) -> str:
	"""The field the charter's active workflow keeps its state in."""
	workflow = get_workflow_name(doc.doctype)
	return (workflow and get_workflow_state_field(workflow)) or "workflow_state"


def state_before_save(doc: Document) -> str | None:
	before = doc.get_doc_before_save()
	return before.get(state_field(doc)) if before else None


# ---------------------------------------------------------------- checks (validate)


def check_signatories_distinct(doc: Document) -> None:
	"""Each member signs once."""
	seen = set()
	for row in doc.signatories:
		if row.network_member in seen:
			frappe.throw(
				_("Row {0}: {1} already signs this charter on a row above.").format(
					row.idx, frappe.bold(row.network_member)
				),
				DuplicateCharterSignatoryError,
				title=_("Duplicate signing member"),
			)
		seen.add(row.network_member)


def check_signature_dates(doc: Document) -> None:
	"""A charter is signed on a day that has come."""
	for row in doc.signatories:
		if row.signature_date and getdate(row.signature_date) > getdate(today()):
			frappe.throw(
				_("Row {0}: the signature date of {1} ({2}) is in the future.").format(
					row.idx, frappe.bold(row.network_member), frappe.format(row.signature_date, "Date")
				),
				CharterSignatureInFutureError,
				title=_("Invalid dates"),
			)


def check_adopted_content_unchanged(doc: Document) -> None:
	"""Once adopted, a charter's content stays as adopted, whoever saves it: only its state moves."""
	before = doc.get_doc_before_save()
	if not before or before.get(state_field(doc)) not in KEPT_STATES:
		return
	changed = changed_labels(before, doc)
	if changed:
		frappe.throw(
			_(
				"Charter {0} (version {1}) has been adopted: its content can no longer change ({2}). "
				"To amend it, start a revision: the next version is drafted, to be consulted, signed "
				"and adopted in its turn."
			).format(frappe.bold(doc.name), cint(before.version), ", ".join(changed)),
			AdoptedCharterReadOnlyError,
			title=_("Adopted charter"),
		)


def set_version(doc: Document) -> None:
	"""A new charter is version 1, or the version after the one it revises."""
	if not doc.is_new():
		return
	previous = doc.previous_version and frappe.db.get_value(CHARTER, doc.previous_version, "version")
	doc.version = cint(previous) + 1 if doc.previous_version else cint(doc.version) or 1


def check_single_next_version(doc: Document) -> None:
	"""A version is revised once: its next version is the only one that points to it."""
	if not doc.is_new() or not doc.previous_version:
		return
	existing = next_version_of(doc.previous_version)
	if existing:
		frappe.throw(
			_("Charter {0} is already revised by {1}: amend that version instead.").format(
				frappe.bold(doc.previous_version), get_link_to_form(CHARTER, existing)
			),
			CharterAlreadyRevisedError,
			title=_("Revision already started"),
		)


# ---------------------------------------------------------------- versions (on_update)


def follow_workflow(doc: Document) -> None:
	"""What a change of state brings: a revision drafts the next version; an adoption archives the
	version it replaces."""
	state = doc.get(state_field(doc))
	if state == state_before_save(doc):
		return
	if state == UNDER_REVISION:
		draft_next_version(doc)
	elif state == ADOPTED:
		archive_previous_version(doc)


def draft_next_version(doc: Document) -> str:
	"""The next version of `doc` as a new draft charter (once: a second call finds it)."""
	existing = next_version_of(doc.name)
	if existing:
		frappe.msgprint(
			_("The next version of this charter is already drafted: {0}.").format(
				get_link_to_form(CHARTER, existing)
			),
			title=_("Revision started"),
			indicator="blue",
		)
		return existing
	draft = frappe.get_doc(
		{
			"doctype": CHARTER,
			"previous_version": doc.name,
			**{field: doc.get(field) for field in CARRIED_OVER},
			"signatories": [{field: row.get(field) for field in CARRIED_OVER_ROW} for row in doc.signatories],
		}
	)
	# whoever may start the revision (the workflow says who) drafts the next version
	draft.insert(ignore_permissions=True)
	frappe.msgprint(
		_(
			"Version {0} of the charter is drafted: {1}. Its members sign it again; the current version "
			"stays in force until the new one is adopted."
		).format(draft.version, get_link_to_form(CHARTER, draft.name)),
		title=_("Revision started"),
		indicator="green",
	)
	return draft.name


def archive_previous_version(doc: Document) -> None:
	"""The version that `doc` replaces leaves force when `doc` is adopted."""
	if not doc.previous_version:
		return
	previous = frappe.get_doc(CHARTER, doc.previous_version)
	field = state_field(previous)
	if previous.get(field) not in REPLACEABLE_STATES:
		return
	previous.set(field, ARCHIVED)
	# whoever may adopt (the workflow says who) archives what the adoption replaces
	previous.flags.ignore_permissions = True
	previous.save()
	frappe.msgprint(
		_("Version {0} ({1}) is archived: version {2} replaces it.").format(
			previous.version, get_link_to_form(CHARTER, previous.name), doc.version
		),
		title=_("Charter adopted"),
		indicator="green",
	)


def next_version_of(name: str) -> str | None:
	return frappe.db.get_value(CHARTER, {"previous_version": name}, "name")


# ---------------------------------------------------------------- comparing content


def changed_labels(before: Document, after: Document) -> list[str]:
	"""The translated labels of the fields (and tables) whose value differs, the state aside."""
	skip = {state_field(after)}
	changed = []
	for df in after.meta.fields:
		if df.fieldname in skip or (df.fieldtype in no_value_fields and df.fieldtype not in table_fields):
			continue
		if df.fieldtype in table_fields:
			differs = rows_of(before, df.fieldname) != rows_of(after, df.fieldname)
		else:
			differs = comparable(df, before.get(df.fieldname)) != comparable(df, after.get(df.fieldname))
		if differs:
			changed.append(_(df.label))
	return changed


def rows_of(doc: Document, table: str) -> list[tuple]:
	rows = doc.get(table) or []
	if not rows:
		return []
	fields = [
		df
		for df in frappe.get_meta(doc.meta.get_field(table).options).fields
		if df.fieldtype not in no_value_fields
	]
	return [tuple(comparable(df, row.get(df.fieldname)) for df in fields) for row in rows]


def comparable(df, value):
	"""A field's value as stored, whatever way it came (a form sends dates as text, the database
	gives dates)."""
	if df.fieldtype in ("Int", "Check"):
		return cint(value)
	if df.fieldtype in ("Float", "Currency", "Percent"):
		return flt(value)
	if df.fieldtype == "Date":
		return getdate(value) if value else None
	if df.fieldtype == "Datetime":
		return get_datetime(value) if value else None
	return cstr(value)
