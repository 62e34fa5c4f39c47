"""Practice sheets (chantiers 5 and 9: "créer des fiches pratiques co-rédigées par thématique",
"créer un observatoire des pratiques").

A sheet is written by its lead organisation and its co-authors, reviewed by the resource centre and
published at `/fiches-pratiques` (www/fiches-pratiques, www/practice_sheet). The workflow is the
admins' to edit (`setup/data/workflows/practice_sheet_workflow.json`); the code knows one of its
states by name: the one where a sheet is public.

- A member creates (or hands over) a sheet only with its own organisation as lead.
- A sheet is published with its summary and its content; it keeps the date it was first published.
- Files attached to a sheet are public only while it is published, and only those it lists or
  shows: a draft's files stay private, which Frappe serves to no guest (`/private/files` asks for a
  login, then for the right to read the sheet).
- An evaluation once validated, or a study trip once capitalised, becomes a draft in one action.
"""

import re

import bleach
import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Count
from frappe.utils import cint, format_date, getdate, today
from frappe.utils.nestedset import get_descendants_of

from gusp_network.exceptions import (
	DuplicateCoAuthorError,
	NotOwnPracticeSheetError,
	PracticeSheetIncompleteError,
	PracticeSheetSourceNotReadyError,
)
from gusp_network.knowledge.evaluations import EVALUATION, VALIDATED
from gusp_network.network_life.trips import CAPITALISED, has_text
from gusp_network.permissions import (
	NETWORK_WIDE_ROLES,
	get_user_member,
	is_scoped,
	may_save_as_own,
)
from gusp_network.settings import get_settings

PRACTICE_SHEET = "Practice Sheet"
STUDY_TRIP = "Study Trip"
# the workflow state of a sheet the portal shows
PUBLISHED = "Published"
EXPERIENCE_FEEDBACK = "Experience Feedback"
ROUTE = "/fiches-pratiques"
PAGE_SIZE = 10

# what the portal keeps of a sheet's rich text: structure and links, no script, style or form; an
# image only from the site's public files (no tracking pixel, no private file)
ALLOWED_TAGS = frozenset(
	"p br strong b em i u s sub sup ul ol li h2 h3 h4 h5 h6 blockquote a span div pre code hr "
	"table thead tbody tr th td caption img".split()
)
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
FILE_URL = re.compile(r"""(/(?:private/)?files/[^"'\s<>?#]+)""")


# ---------------------------------------------------------------- checks (the controller's validate)


def set_default_lead(doc: Document) -> None:
	"""A member's new sheet is led by its organisation unless it says otherwise."""
	if doc.is_new() and not doc.lead_member:
		doc.lead_member = get_user_member()


def validate_organisation(doc: Document) -> None:
	"""A member writes a sheet their own organisation leads: a new sheet, or a sheet handed over to
	another lead, is refused otherwise (the resource centre writes for anyone)."""
	if not doc.lead_member or not (doc.is_new() or doc.has_value_changed("lead_member")):
		return
	# as the lead, not only as a co-author (which `may_save_as_own` would accept too)
	if may_save_as_own(frappe._dict(doctype=doc.doctype, lead_member=doc.lead_member)):
		return
	member = get_user_member()
	if not member:
		message = _(
			"You are not on the staff of any organisation of the network: ask the resource centre to add "
			"you to your organisation first."
		)
	else:
		message = _(
			"Your organisation ({0}) may only lead its own practice sheets: choose it as the lead member "
			"(other organisations are added as co-authors), or ask {1} or the resource centre to create "
			"this one."
		).format(frappe.bold(member), frappe.bold(doc.lead_member))
	frappe.throw(message, NotOwnPracticeSheetError, title=_("Not your organisation's"))


def validate_co_authors(doc: Document) -> None:
	seen = {}
	for row in doc.co_authors:
		if row.network_member in seen:
			frappe.throw(
				_("Co-author {0} ({1}) is already listed in row {2}: list each organisation once.").format(
					row.idx, frappe.bold(row.network_member), seen[row.network_member]
				),
				DuplicateCoAuthorError,
				title=_("Co-author listed twice"),
			)
		seen[row.network_member] = row.idx


def validate_publication(doc: Document) -> None:
	"""A published sheet has its summary and its content, however it got there."""
	if doc.workflow_state != PUBLISHED:
		return
	missing = [
		_(doc.meta.get_label(fieldname))
		for fieldname in ("summary", "content")
		if not has_text(doc.get(fieldname))
	]
	if missing:
		frappe.throw(
			_(
				"A practice sheet is published with its summary and its content. Missing: {0}. Write it, "
				"save, then publish the sheet."
			).format(", ".join(missing)),
			PracticeSheetIncompleteError,
			title=_("Practice sheet incomplete"),
		)


def set_published_on(doc: Document) -> None:
	"""The date a sheet was first published: kept when it is archived or published again."""
	if doc.workflow_state == PUBLISHED and not doc.published_on:
		doc.published_on = today()


# ---------------------------------------------------------------- files (the controller's on_update)


def sync_file_visibility(doc: Document) -> None:
	"""The files attached to the sheet are public while it is published, when it lists them among its
	attachments or shows them in its content; private otherwise (a draft's files reach no guest).

	Frappe moves a file between `/private/files` and `/files` when its `is_private` changes; the
	sheet's rows and content then point to the new address."""
	shown = {row.attachment for row in doc.attachments if row.attachment}
	shown.update(FILE_URL.findall(doc.content or ""))
	public = doc.workflow_state == PUBLISHED
	moved, unpublished = {}, []
	for name in frappe.get_all(
		"File",
		filters={"attached_to_doctype": PRACTICE_SHEET, "attached_to_name": doc.name, "is_folder": 0},
		pluck="name",
		order_by="creation asc",
	):
		file = frappe.get_doc("File", name)
		private = 0 if public and file.file_url in shown else 1
		if not private and shared_elsewhere(file):
			unpublished.append(file.file_name)
			continue
		if cint(file.is_private) != private and not file.is_remote_file:
			old_url = file.file_url
			set_file_private(file, private)
			moved[old_url] = file.file_url
	if unpublished:
		frappe.msgprint(
			_(
				"These files are also attached to other records, so they stay private: {0}. To publish "
				"them with the sheet, upload a copy of your own to the sheet."
			).format(", ".join(frappe.bold(name) for name in unpublished)),
			title=_("Files not published"),
			indicator="orange",
		)
	if not moved:
		return
	for row in doc.attachments:
		if row.attachment in moved:
			row.db_set("attachment", moved[row.attachment], update_modified=False)
	content = doc.content or ""
	for old_url, new_url in moved.items():
		content = content.replace(old_url, new_url)
	if content != (doc.content or ""):
		doc.db_set("content", content, update_modified=False)


def shared_elsewhere(file: Document) -> bool:
	"""Whether another File record points to the same file on disk: Frappe moves every record of a
	file with it, so publishing this one would publish another record's file (a file link made through
	the upload API, or the same content uploaded twice, which Frappe stores once)."""
	if not (file.file_url or "").startswith("/private/files/"):
		return False
	return bool(
		frappe.db.exists(
			"File",
			{
				"file_url": file.file_url,
				"name": ("!=", file.name),
			},
		)
	)


def set_file_private(file: Document, private: int) -> None:
	field = file.attached_to_field
	# Frappe writes a moved file's new address into the sheet's field named `attached_to_field`; a
	# child row's field (an attachment row) is no field of the sheet: the rows are updated by the caller
	child_field = bool(field) and not frappe.get_meta(PRACTICE_SHEET).has_field(field)
	if child_field:
		file.attached_to_field = None
	file.is_private = private
	file.save(ignore_permissions=True)
	if child_field:
		file.db_set("attached_to_field", field, update_modified=False)


def keep_draft_file_private(file: Document, method=None) -> None:
	"""`after_insert` of a File (hooks.py): a file uploaded as public to a sheet that is not published
	becomes private at once (the uploader lets one choose)."""
	if file.attached_to_doctype != PRACTICE_SHEET or cint(file.is_private) or file.is_folder:
		return
	if frappe.db.get_value(PRACTICE_SHEET, file.attached_to_name, "workflow_state") == PUBLISHED:
		return
	set_file_private(file, 1)


# ---------------------------------------------------------------- lessons → draft, in one action


@frappe.whitelist(methods=["POST"])
def create_practice_sheet_from_evaluation(evaluation: str) -> str:
	"""A draft of experience feedback from a validated evaluation's lessons, recommendations and what
	worked, written by the evaluating organisations; returns its name."""
	source = frappe.get_doc(EVALUATION, evaluation)
	source.check_permission("read")
	frappe.has_permission(PRACTICE_SHEET, "create", throw=True)
	if source.workflow_state != VALIDATED:
		frappe.throw(
			_(
				"Only a validated evaluation becomes a practice sheet: its lessons are then those of the "
				"network. Have the resource centre validate it first."
			),
			PracticeSheetSourceNotReadyError,
			title=_("Evaluation not validated"),
		)
	record = evaluated_record(source)
	sheet = new_draft(
		source,
		title=_("Experience feedback: {0}").format(record.get("title") or record.name)
		if record
		else source.title,
		lead=lead_for(lead_of(record) or first_member(source.evaluators)),
		content=sections(
			(_("Lessons"), source.lessons),
			(_("Recommendations"), source.recommendations),
			(_("What Worked"), source.what_worked),
		),
		co_authors=[row.network_member for row in source.evaluators if row.network_member],
		contribution=_("Evaluator"),
	)
	if record:
		copy_scope(record, sheet)
	sheet.insert()
	return sheet.name


@frappe.whitelist(methods=["POST"])
def create_practice_sheet_from_trip(trip: str) -> str:
	"""A draft of experience feedback from a capitalised study trip's learnings, written by the
	organisations that took part; returns its name."""
	source = frappe.get_doc(STUDY_TRIP, trip)
	source.check_permission("read")
	frappe.has_permission(PRACTICE_SHEET, "create", throw=True)
	if source.workflow_state != CAPITALISED:
		frappe.throw(
			_(
				"Only a capitalised study trip becomes a practice sheet: its learnings are then written. "
				"Capitalise the trip first."
			),
			PracticeSheetSourceNotReadyError,
			title=_("Study trip not capitalised"),
		)
	members = [row.network_member for row in source.participants if row.network_member]
	sheet = new_draft(
		source,
		title=_("Experience feedback: {0}").format(source.title),
		lead=lead_for(source.organiser or (members[0] if members else None)),
		content=sections((_("Learnings"), source.learnings)),
		co_authors=[source.organiser, *members] if source.organiser else members,
		contribution=_("Study trip participant"),
	)
	sheet.insert()
	return sheet.name


def lead_for(record_lead: str | None) -> str | None:
	"""A member's draft is led by their organisation; the resource centre's by the record's lead."""
	if is_scoped(frappe.session.user, NETWORK_WIDE_ROLES):
		return get_user_member()
	return record_lead or get_user_member()


def new_draft(
	source: Document, title: str, lead: str | None, content: str, co_authors: list[str], contribution: str
):
	lead = lead or get_settings().resource_centre
	sheet = frappe.new_doc(PRACTICE_SHEET)
	sheet.update(
		{
			"title": title[:140],
			"sheet_type": EXPERIENCE_FEEDBACK,
			"lead_member": lead,
			"content": content,
			"source_doctype": source.doctype,
			"source_name": source.name,
		}
	)
	for member in dict.fromkeys(co_authors):  # once each, in order
		sheet.append("co_authors", {"network_member": member, "contribution": contribution})
	return sheet


def evaluated_record(evaluation: Document) -> Document | None:
	if evaluation.reference_doctype and frappe.db.exists(
		evaluation.reference_doctype, evaluation.reference_name
	):
		return frappe.get_doc(evaluation.reference_doctype, evaluation.reference_name)
	return None


def lead_of(record: Document | None) -> str | None:
	"""The organisation that leads the evaluated record: an action sheet's lead, a meeting's or a
	trip's organiser, an agreement's lead party (else its first)."""
	if not record:
		return None
	for fieldname in ("lead_member", "organiser"):
		if record.get(fieldname):
			return record.get(fieldname)
	parties = [row for row in record.get("parties") or [] if row.network_member]
	leads = [row for row in parties if row.party_role == "Lead"]
	return (leads or parties)[0].network_member if parties else None


def first_member(rows) -> str | None:
	return next((row.network_member for row in rows if row.network_member), None)


def copy_scope(record: Document, sheet: Document) -> None:
	"""The evaluated record's themes and territories, when it has them (tables of `theme` and
	`territory` rows, or a meeting's single territory)."""
	themes = [row.theme for row in record.get("themes") or [] if row.get("theme")]
	territories = [row.territory for row in record.get("territories") or [] if row.get("territory")]
	if not territories and isinstance(record.get("territory"), str) and record.get("territory"):
		territories = [record.territory]
	for theme in dict.fromkeys(themes):
		sheet.append("themes", {"theme": theme})
	for territory in dict.fromkeys(territories):
		sheet.append("territories", {"territory": territory})


def sections(*parts: tuple[str, str | None]) -> str:
	"""Rich text with a French heading per part that holds words."""
	return "".join(
		f"<h2>{frappe.utils.escape_html(heading)}</h2>{clean_html(text)}"
		for heading, text in parts
		if has_text(text)
	)


def clean_html(value: str | None) -> str:
	"""Rich text as the portal shows it (ALLOWED_TAGS): anything else is dropped, its text kept
	escaped."""
	return bleach.clean(
		value or "",
		tags=ALLOWED_TAGS,
		attributes=allowed_attribute,
		protocols=ALLOWED_PROTOCOLS,
		strip=True,
		strip_comments=True,
	)


def allowed_attribute(tag: str, name: str, value: str) -> bool:
	if tag == "a":
		return name in ("href", "title")
	if tag == "img":
		return name == "alt" or (name == "src" and value.startswith("/files/"))
	if tag in ("th", "td"):
		return name in ("colspan", "rowspan", "scope")
	return False


# ---------------------------------------------------------------- the portal


def published_sheets(
	search: str | None = None, theme: str | None = None, sheet_type: str | None = None, page: int = 1
) -> frappe._dict:
	"""A page of published sheets, newest first, with how many match: `search` in the title, summary
	or content; `theme` with its sub-themes; `sheet_type` one of the types."""
	table = frappe.qb.DocType(PRACTICE_SHEET)
	condition = table.workflow_state == PUBLISHED
	if search:
		pattern = "%" + re.sub(r"([\\%_])", r"\\\1", search) + "%"
		condition &= table.title.like(pattern) | table.summary.like(pattern) | table.content.like(pattern)
	if theme:
		rows = frappe.qb.DocType("Practice Sheet Theme")
		themes = [theme, *get_descendants_of("GUSP Theme", theme, ignore_permissions=True)]
		condition &= table.name.isin(
			frappe.qb.from_(rows)
			.select(rows.parent)
			.where((rows.parenttype == PRACTICE_SHEET) & rows.theme.isin(themes))
		)
	if sheet_type:
		condition &= table.sheet_type == sheet_type
	total = frappe.qb.from_(table).select(Count("*")).where(condition).run()[0][0]
	page = min(max(page, 1), max(1, -(-total // PAGE_SIZE)))
	sheets = (
		frappe.qb.from_(table)
		.select(table.name, table.title, table.sheet_type, table.summary, table.published_on)
		.where(condition)
		.orderby(table.published_on, order=frappe.qb.desc)
		.orderby(table.creation, order=frappe.qb.desc)
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
		.run(as_dict=True)
	)
	themes = children_of("Practice Sheet Theme", "theme", [sheet.name for sheet in sheets])
	return frappe._dict(
		total=total,
		page=page,
		pages=max(1, -(-total // PAGE_SIZE)),
		sheets=[
			frappe._dict(
				url=f"{ROUTE}/{sheet.name}",
				title=sheet.title,
				type_label=_(sheet.sheet_type),
				summary=sheet.summary or "",
				published_on=french_date(sheet.published_on),
				themes=themes.get(sheet.name, []),
			)
			for sheet in sheets
		],
	)


def published_sheet(name) -> frappe._dict | None:
	"""What the portal shows of a published sheet, or None: a draft, a sheet in review or archived
	does not exist for the portal, whoever asks."""
	if not isinstance(name, str) or not name:
		return None
	if frappe.db.get_value(PRACTICE_SHEET, name, "workflow_state") != PUBLISHED:
		return None
	doc = frappe.get_doc(PRACTICE_SHEET, name)
	return frappe._dict(
		name=doc.name,
		title=doc.title,
		type_label=_(doc.sheet_type),
		themes=[row.theme for row in doc.themes],
		territories=territory_names([row.territory for row in doc.territories]),
		summary=doc.summary or "",
		content=clean_html(doc.content),
		authors=public_authors([doc.lead_member, *(row.network_member for row in doc.co_authors)]),
		attachments=public_attachments(doc),
		published_on=french_date(doc.published_on),
	)


def public_authors(members: list[str]) -> list[str]:
	"""The authors' names, public organisations only; the others as "a partner of the network"."""
	members = [member for member in dict.fromkeys(members) if member]
	public = {
		row.name: row.member_name
		for row in frappe.get_all(
			"Network Member",
			filters={"name": ("in", members or [""]), "is_public": 1},
			fields=["name", "member_name"],
		)
	}
	names = [public[member] for member in members if member in public]
	others = len(members) - len(names)
	if others == 1:
		names.append(_("a partner of the network"))
	elif others > 1:
		names.append(_("{0} partners of the network").format(others))
	return names


def public_attachments(doc: Document) -> list[frappe._dict]:
	"""The listed attachments that are public files of this sheet, in their order."""
	files = {
		row.file_url: row.file_name
		for row in frappe.get_all(
			"File",
			filters={"attached_to_doctype": PRACTICE_SHEET, "attached_to_name": doc.name, "is_private": 0},
			fields=["file_url", "file_name"],
		)
	}
	return [
		frappe._dict(url=row.attachment, label=row.description or files[row.attachment])
		for row in doc.attachments
		if row.attachment in files and row.attachment.startswith("/files/")
	]


def territory_names(names: list[str]) -> list[str]:
	found = dict(
		frappe.get_all(
			"GUSP Territory",
			filters={"name": ("in", names or [""])},
			fields=["name", "territory_name"],
			as_list=1,
		)
	)
	return [found.get(name, name) for name in names]


def children_of(doctype: str, fieldname: str, parents: list[str]) -> dict[str, list[str]]:
	values = {}
	for row in frappe.get_all(
		doctype,
		filters={"parenttype": PRACTICE_SHEET, "parent": ("in", parents or [""])},
		fields=["parent", fieldname],
		order_by="idx asc",
	):
		values.setdefault(row.parent, []).append(row.get(fieldname))
	return values


def theme_choices() -> list[str]:
	"""The themes of the published sheets, to filter by."""
	table = frappe.qb.DocType(PRACTICE_SHEET)
	rows = frappe.qb.DocType("Practice Sheet Theme")
	return [
		theme
		for (theme,) in frappe.qb.from_(rows)
		.join(table)
		.on(rows.parent == table.name)
		.select(rows.theme)
		.distinct()
		.where((rows.parenttype == PRACTICE_SHEET) & (table.workflow_state == PUBLISHED))
		.orderby(rows.theme)
		.run()
	]


def type_choices() -> list[tuple[str, str]]:
	"""(value, French label) of each sheet type, in the DocType's order."""
	options = frappe.get_meta(PRACTICE_SHEET).get_field("sheet_type").options.split("\n")
	return [(option, _(option)) for option in options if option]


def french_date(value) -> str:
	return format_date(getdate(value), "long") if value else ""
