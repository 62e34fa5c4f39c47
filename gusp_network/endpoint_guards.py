"""Frappe's generic read endpoints, answered with the app's rules for the app's DocTypes.

Frappe 15 lets whoever may read a DocType filter, sort, group and count on any of its fields,
and a few endpoints skip row permissions. The wrappers here are wired in hooks.py
(`override_whitelisted_methods`; `standard_queries` for link search; `auth_hooks` for the REST
lists, which no override reaches). For the app's DocTypes they apply two rules, then call
Frappe's own function:

- a query naming a field the user may not read (its permission level) is refused, wherever
  the field appears: fields, filters, or_filters, order_by, group_by;
- rows come from permission-aware queries only, and a child table is read on its own only by
  someone who reads every row of its parent (Frappe applies no row rule of the parent to it).

Other DocTypes are left to Frappe.
"""

import json
import re
from collections.abc import Mapping
from typing import Any

import frappe
from frappe import _, client
from frappe.desk import listview, notifications, reportview
from frappe.desk.search import (
	LinkSearchResults,
	get_std_fields_list,
	relevance_sorter,
	sanitize_searchfield,
)
from frappe.model import child_table_fields, default_fields, no_value_fields, optional_fields, table_fields
from frappe.model.db_query import get_order_by
from frappe.model.meta import Meta
from frappe.query_builder import Order
from frappe.query_builder.functions import Count
from frappe.utils import get_safe_filters
from frappe.utils.caching import request_cache
from frappe.utils.data import make_filter_tuple
from werkzeug.exceptions import HTTPException

STANDARD_FIELDS = frozenset((*default_fields, *child_table_fields, *optional_fields))
# `tabSome DocType`.field, table_field.field or link_field.field (the field may be in backquotes)
QUALIFIED = re.compile(r"(?:`tab(?P<table>[^`]+)`|(?P<prefix>\w+))\s*\.\s*`?(?P<field>\w+)`?")
WORD = re.compile(r"\w+")
QUERY_TERMS = ("fields", "filters", "or_filters", "order_by", "group_by", "pluck")
# the field types search_widget matches the typed text on (frappe/desk/search.py)
SEARCHED_FIELDTYPES = {
	"Data",
	"Text",
	"Small Text",
	"Long Text",
	"Link",
	"Select",
	"Read Only",
	"Text Editor",
}


@request_cache
def app_doctypes() -> frozenset[str]:
	modules = frappe.get_module_list("gusp_network")
	return frozenset(frappe.get_all("DocType", filters={"module": ("in", modules)}, pluck="name"))


def is_app_doctype(doctype: Any) -> bool:
	return isinstance(doctype, str) and doctype in app_doctypes()


@request_cache
def hidden_fields(doctype: str, parent: str | None, user: str) -> frozenset[str]:
	"""Fields of `doctype` the user may not read (a child table's as rows of `parent`) or that have no
	column, and those of its child tables, where Frappe also looks a filter's field up
	(frappe.utils.data.get_filter)."""
	meta = frappe.get_meta(doctype)
	ptype = "select" if frappe.only_has_select_perm(parent or doctype, user=user) else "read"
	readable = meta.get_permitted_fieldnames(parenttype=parent, user=user, permission_type=ptype)
	own = {df.fieldname for df in meta.fields if df.fieldtype not in no_value_fields}
	hidden = own - set(readable) - STANDARD_FIELDS
	# a virtual field has no column: a query on it could only end in a database error (a 500);
	# the reporter's fields of a report are virtual (their values live on Resident Contact)
	hidden |= {df.fieldname for df in meta.fields if df.is_virtual}
	for df in meta.get_table_fields():
		hidden |= hidden_fields(df.options, doctype, user) - own
	return frozenset(hidden)


def refuse_field(doctype: str, fieldname: str, parent: str | None) -> None:
	if fieldname in hidden_fields(doctype, parent, frappe.session.user):
		frappe.throw(
			_("You may not read or filter on the field {0}").format(fieldname), frappe.PermissionError
		)


def resolve_table(doctype: str, match: re.Match, parent: str | None) -> tuple[str, str | None]:
	"""The DocType a `table.field` reference reads in a query of `doctype`, and the parent it is a row of."""
	table, prefix = match["table"], match["prefix"]
	if prefix and prefix.startswith("tab") and frappe.db.exists("DocType", prefix[3:]):
		table = prefix[3:]
	if table:  # the queried DocType, or one Frappe joins to it as a child table
		return (doctype, parent) if table == doctype else (table, doctype)
	df = frappe.get_meta(doctype).get_field(prefix)
	if df and df.fieldtype in table_fields:
		return df.options, doctype
	if df and df.fieldtype == "Link":
		return df.options, None
	return doctype, parent  # an alias, a number: judged as the queried DocType's


def check_expression(doctype: str, expression: str, parent: str | None = None) -> None:
	"""Refuse a field, `table.field`, `x as y`, `count(x)`, a sort or a raw condition naming a field
	the user may not read. Every word is taken as a field name: an alias named like a hidden
	field is refused too."""

	def check_qualified(match: re.Match) -> str:
		table, table_parent = resolve_table(doctype, match, parent)
		refuse_field(table, match["field"], table_parent)
		return " "

	for word in WORD.findall(QUALIFIED.sub(check_qualified, expression)):
		refuse_field(doctype, word, parent)


def check_terms(doctype: str, terms: Any, parent: str | None = None) -> None:
	"""Refuse fields or filters naming a field the user may not read, in every form Frappe takes:
	JSON, a dict, `[field, op, value]` or `[doctype, field, op, value]` (a child table's field is
	judged as a row of `doctype`), strings. Fields and filters are checked alike: DatabaseQuery
	swaps them when they look swapped."""
	if isinstance(terms, str):
		try:
			terms = json.loads(terms)
		except ValueError:
			pass
	if isinstance(terms, str):
		check_expression(doctype, terms, parent)
	elif isinstance(terms, dict):
		for key in terms:
			check_expression(doctype, str(key), parent)
	elif isinstance(terms, list | tuple):
		for term in terms:
			if isinstance(term, list | tuple) and len(term) == 3:
				check_expression(doctype, str(term[0]), parent)
			elif isinstance(term, list | tuple) and len(term) > 3:
				table = str(term[0] or doctype)
				check_expression(table, str(term[1]), parent if table == doctype else doctype)
			else:
				check_terms(doctype, term, parent)


def check_query(doctype: str, query: Mapping[str, Any], parent: str | None = None) -> None:
	"""Refuse a query of an app DocType that names a field the user may not read, or that reads a
	child table on its own when the user does not read every row of its parent."""
	if not is_app_doctype(doctype):
		return
	if frappe.is_table(doctype) and parent and reportview.build_match_conditions(parent):
		raise frappe.PermissionError(doctype)
	for key in QUERY_TERMS:
		check_terms(doctype, query.get(key), parent)
	if query.get("aggregate_on_field"):
		table = query.get("aggregate_on_doctype") or doctype
		check_expression(doctype, f"`tab{table}`.`{query['aggregate_on_field']}`", parent)


def check_form_dict() -> None:
	"""The query of a desk list or report request, as reportview.get_form_params reads it."""
	form = frappe.form_dict
	check_query(form.doctype, form, form.parent_doctype or form.parenttype)


# ---------------------------------------------------------------- link search


@frappe.whitelist()
def search(
	doctype: str,
	txt: str,
	searchfield: str | None = None,
	start: int = 0,
	page_len: int = 10,
	filters: str | dict | list | None = None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
) -> list:
	"""Link search on the app's DocTypes (`standard_queries`), with the caller's permissions.

	Works around frappe/desk/search.py `search_widget` (15.44, also behind `search_link`): with
	`ignore_user_permissions=1` it runs `frappe.get_list(..., ignore_permissions=True)` for anyone
	who may read the DocType at all (if_owner is enough), skipping `permission_query_conditions`
	and field levels, and `filter_fields` adds any column to the answer. search_widget calls a
	standard query before any of that. The answer has its shape: rows (lists, or dicts with
	`as_dict`) of `name`, then the title and search fields the user may read, matching `%txt%`.
	User Permissions apply even when a link field ignores them: get_list cannot skip them alone.
	"""
	sanitize_searchfield(searchfield)
	parent = reference_doctype if frappe.is_table(doctype) else None
	ptype = "select" if frappe.only_has_select_perm(doctype) else "read"
	frappe.has_permission(doctype, ptype, parent_doctype=parent, throw=True)
	filters = frappe.parse_json(filters) or []
	check_query(doctype, {"filters": filters}, parent)
	meta = frappe.get_meta(doctype)
	hidden = hidden_fields(doctype, parent, frappe.session.user)
	if isinstance(filters, dict):
		filters = [make_filter_tuple(doctype, key, value) for key, value in filters.items()]
	for fieldname, condition in (("enabled", ("=", 1)), ("disabled", ("!=", 1))):
		if meta.get("fields", {"fieldname": fieldname, "fieldtype": "Check"}):
			filters.append([doctype, fieldname, *condition])

	rows = frappe.get_list(
		doctype,
		filters=filters,
		or_filters=[[doctype, f, "like", f"%{txt}%"] for f in searched_fields(meta, hidden)] if txt else [],
		fields=link_columns(meta, searchfield or "name", hidden),
		limit_start=start,
		limit_page_length=page_len,
		order_by=f"`tab{doctype}`.idx desc, {get_order_by(doctype, meta)}",
		reference_doctype=reference_doctype,
		parent_doctype=parent,
		as_list=not as_dict,
	)
	return sorted(rows, key=lambda row: relevance_sorter(row, txt, as_dict))


def searched_fields(meta: Meta, hidden: frozenset[str]) -> list[str]:
	"""Where search_widget looks for the typed text: name, then the title and search fields of a text type."""
	candidates = dict.fromkeys(["name", meta.title_field, *meta.get_search_fields()])
	return [
		fieldname
		for fieldname in candidates
		if fieldname
		and fieldname not in hidden
		and (
			fieldname == "name"
			or getattr(meta.get_field(fieldname), "fieldtype", None) in SEARCHED_FIELDTYPES
		)
	]


def link_columns(meta: Meta, searchfield: str, hidden: frozenset[str]) -> list[str]:
	"""search_widget's columns: name, the title (also as `label` when links show titles), the
	searchfield and the search fields, those the user may read."""
	columns = [f"`tab{meta.name}`.`{f}`" for f in get_std_fields_list(meta, searchfield) if f not in hidden]
	if meta.show_title_field_in_link and meta.title_field and meta.title_field not in hidden:
		columns.insert(1, f"`tab{meta.name}`.`{meta.title_field}` as `label`")
	return columns


# ---------------------------------------------------------------- frappe.client


@frappe.whitelist()
def client_get_list(
	doctype,
	fields=None,
	filters=None,
	group_by=None,
	order_by=None,
	limit_start=None,
	limit_page_length=20,
	parent=None,
	debug: bool = False,
	as_dict: bool = True,
	or_filters=None,
):
	"""Works around frappe/client.py `get_list` (15.44): reportview.validate_args checks that
	filters name real fields, not that the user may read them; order_by and group_by go unchecked."""
	query = {"fields": fields, "filters": filters, "or_filters": or_filters}
	check_query(doctype, {**query, "group_by": group_by, "order_by": order_by}, parent)
	return client.get_list(
		doctype,
		fields=fields,
		filters=filters,
		group_by=group_by,
		order_by=order_by,
		limit_start=limit_start,
		limit_page_length=limit_page_length,
		parent=parent,
		debug=debug,
		as_dict=as_dict,
		or_filters=or_filters,
	)


@frappe.whitelist()
def client_get_count(doctype, filters=None, debug=False, cache=False):
	"""Works around frappe/client.py `get_count` (15.44), which counts with `frappe.db.count`: no
	permission checked at all, any logged-in user counts any rows filtered on any field. For the
	app's DocTypes, the count of the rows `frappe.get_list` lets the user read."""
	if not is_app_doctype(doctype):
		return client.get_count(doctype, filters, debug, cache)
	filters = get_safe_filters(filters)
	if isinstance(filters, str):
		filters = {"name": filters}
	check_query(doctype, {"filters": filters})
	count = f"count(distinct `tab{doctype}`.name) as count"  # as reportview.get_count
	return frappe.get_list(doctype, filters=filters, fields=[count], as_list=True, debug=debug)[0][0]


@frappe.whitelist()
def client_get_value(doctype, fieldname, filters=None, as_dict=True, debug=False, parent=None):
	"""Works around frappe/client.py `get_value` (15.44): it filters on any field, and reads a
	Single's fields without their permission levels."""
	by_name = isinstance(get_safe_filters(filters), str)
	check_query(doctype, {"fields": fieldname, "filters": None if by_name else filters}, parent)
	return client.get_value(doctype, fieldname, filters, as_dict, debug, parent)


# ---------------------------------------------------------------- desk list, report and sidebar


@frappe.whitelist()
def reportview_get():
	"""Works around frappe/desk/reportview.py `get` (15.44, the list and report views):
	validate_args checks that filters name real fields, not that the user may read them;
	order_by, group_by and the aggregated column go unchecked."""
	check_form_dict()
	return reportview.get()


@frappe.whitelist()
def reportview_get_list():
	"""Works around frappe/desk/reportview.py `get_list` (15.44), as `reportview_get` above."""
	check_form_dict()
	return reportview.get_list()


@frappe.whitelist()
def reportview_get_count() -> int:
	"""Works around frappe/desk/reportview.py `get_count` (15.44): the rows are the user's, but
	the filters may name any field."""
	check_form_dict()
	return reportview.get_count()


@frappe.whitelist()
def reportview_export_query():
	"""Works around frappe/desk/reportview.py `export_query` (15.44), as `reportview_get` above."""
	check_form_dict()
	return reportview.export_query()


@frappe.whitelist()
def reportview_get_stats(stats, doctype, filters=None):
	"""Works around frappe/desk/reportview.py `get_stats` (15.44): counts rows grouped by any
	column the list sidebar asks for, filtered on any field."""
	check_query(doctype, {"fields": stats, "filters": filters})
	return reportview.get_stats(stats, doctype, filters)


@frappe.whitelist()
def reportview_get_sidebar_stats(stats, doctype, filters=None):
	"""Works around frappe/desk/reportview.py `get_sidebar_stats` (15.44), which calls `get_stats`."""
	check_query(doctype, {"fields": stats, "filters": filters})
	return reportview.get_sidebar_stats(stats, doctype, filters)


@frappe.whitelist()
def reportview_get_filter_dashboard_data(stats, doctype, filters=None):
	"""Works around frappe/desk/reportview.py `get_filter_dashboard_data` (15.44): counts rows
	grouped by any column, with raw conditions built from the column names."""
	columns = [str(tag.get("name")) for tag in json.loads(stats)] if is_app_doctype(doctype) else []
	check_query(doctype, {"fields": columns, "filters": filters})
	return reportview.get_filter_dashboard_data(stats, doctype, filters)


@frappe.whitelist()
def listview_get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""Works around frappe/desk/listview.py `get_group_by_count` (15.44, the list sidebar's
	"Assigned To" and group-by counts): for `assigned_to` it selects the rows with
	`frappe.qb.get_query`, which checks no permission; other fields group through get_list but
	on any field. For the app's DocTypes, assignments are counted on the rows the user reads."""
	if not is_app_doctype(doctype):
		return listview.get_group_by_count(doctype, current_filters, field)
	frappe.has_permission(doctype, "read", throw=True)
	check_query(doctype, {"filters": current_filters, "group_by": field})
	if field != "assigned_to":
		return listview.get_group_by_count(doctype, current_filters, field)
	filters = frappe.parse_json(current_filters)
	names = frappe.get_list(doctype, filters=filters, pluck="name", limit_page_length=0)
	if not names:
		return []
	# Frappe matches ToDos on reference_name alone: a report and its Resident Contact share a
	# name, so the DocType is matched here too
	todo, user = frappe.qb.DocType("ToDo"), frappe.qb.DocType("User")
	count = Count("*").as_("count")
	return (
		frappe.qb.from_(todo)
		.join(user)
		.on(todo.allocated_to == user.name)
		.select(todo.allocated_to.as_("name"), count)
		.where(
			(todo.status != "Cancelled")
			& (user.user_type == "System User")
			& (todo.reference_type == doctype)
			& todo.reference_name.isin(names)
		)
		.groupby(todo.allocated_to)
		.orderby(count, order=Order.desc)
		.limit(50)
		.run(as_dict=True)
	)


# ---------------------------------------------------------------- link search, titles, form navigation


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters: str | dict | list | None = None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
) -> list[LinkSearchResults]:
	"""Works around frappe/desk/search.py `search_link` (15.44): a `query` named by the caller
	runs instead of the DocType's `standard_queries` entry (any whitelisted method that takes a
	search's arguments). For the app's DocTypes the standard query, `search` above, always runs."""
	from frappe.desk import search as frappe_search

	if is_app_doctype(doctype):
		query = None
	return frappe_search.search_link(
		doctype,
		txt,
		query,
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | dict | list | None = None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""Works around frappe/desk/search.py `search_widget` (15.44), as `search_link` above."""
	from frappe.desk import search as frappe_search

	if is_app_doctype(doctype):
		query = None
	return frappe_search.search_widget(
		doctype,
		txt,
		query,
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)


@frappe.whitelist()
def get_link_title(doctype, docname):
	"""Works around frappe/desk/search.py `get_link_title` (15.44), which returns the title of any
	record with no permission check: for the app's DocTypes, the title of a record the user may
	read, else its name."""
	from frappe.desk import search as frappe_search

	if is_app_doctype(doctype) and not may_read(doctype, docname):
		return docname
	return frappe_search.get_link_title(doctype, docname)


@frappe.whitelist()
def validate_link(doctype: str, docname: str, fields=None):
	"""Works around frappe/client.py `validate_link` (15.44): it fetches the fields asked for
	through `frappe.client.get_value` called as a function, past `client_get_value`; a field the
	user may not read is refused here first."""
	check_query(doctype, {"fields": frappe.parse_json(fields) if isinstance(fields, str) else fields})
	return client.validate_link(doctype, docname, fields)


@frappe.whitelist()
def get_next(doctype, value, prev, filters=None, sort_order="desc", sort_field="modified"):
	"""Works around frappe/desk/form/utils.py `get_next` (15.44, the form's previous / next
	arrows): it reads the sort field of any record (`frappe.get_value`) and sorts and filters on
	any field, so comparing a hidden field of a record the user may not read with the rows they
	do read rebuilds it. For the app's DocTypes: a record the user reads, on fields they read."""
	from frappe.desk.form import utils as form_utils

	if is_app_doctype(doctype):
		check_query(doctype, {"filters": filters, "order_by": sort_field})
		if not may_read(doctype, value):
			raise frappe.PermissionError(doctype)
	return form_utils.get_next(doctype, value, prev, filters, sort_order, sort_field)


@frappe.whitelist()
def get_events(doctype, start, end, field_map, filters=None, fields=None):
	"""Works around frappe/desk/calendar.py `get_events` (15.44, the calendar view): its fields,
	date fields and filters are the caller's, unchecked against field permissions."""
	from frappe.desk import calendar

	if is_app_doctype(doctype):
		mapped = list(frappe.parse_json(field_map or "{}").values()) if isinstance(field_map, str) else []
		check_query(doctype, {"fields": [*mapped, *(frappe.parse_json(fields) or [])], "filters": filters})
	return calendar.get_events(doctype, start, end, field_map, filters, fields)


@frappe.whitelist()
def get_coords(doctype, filters, type):
	"""Works around frappe/geo/utils.py `get_coords` (15.44, the map view): its filters are the
	caller's, unchecked against field permissions (the rows are the user's)."""
	from frappe.geo import utils as geo_utils

	check_query(doctype, {"filters": filters})
	return geo_utils.get_coords(doctype, filters, type)


@frappe.whitelist()
def getdoc(doctype, name, user=None):
	"""Works around frappe/desk/form/load.py `getdoc` (15.44, the form's load): the history it
	sends (`docinfo.versions`) holds every field's old and new values, whatever their permission
	level; the document itself is already stripped of them."""
	from frappe.desk.form import load

	result = load.getdoc(doctype, name, user)
	hide_fields_in_history(frappe.response.get("docinfo"))
	return result


@frappe.whitelist()
def get_docinfo(doc=None, doctype=None, name=None):
	"""Works around frappe/desk/form/load.py `get_docinfo` (15.44): the same history as `getdoc`."""
	from frappe.desk.form import load

	result = load.get_docinfo(doc, doctype, name)
	hide_fields_in_history(frappe.response.get("docinfo"))
	return result


def hide_fields_in_history(docinfo: Mapping | None) -> None:
	"""Remove from a document's versions the values of fields the user may not read (a child
	table's fields as rows of the document)."""
	if not docinfo or not is_app_doctype(docinfo.get("doctype")) or not docinfo.get("versions"):
		return
	doctype, user = docinfo["doctype"], frappe.session.user
	own_hidden = hidden_fields(doctype, None, user)
	row_hidden = {
		df.fieldname: hidden_fields(df.options, doctype, user)
		for df in frappe.get_meta(doctype).get_table_fields()
	}
	if not own_hidden and not any(row_hidden.values()):
		return
	for version in docinfo["versions"]:
		data = frappe.parse_json(version.get("data") or "{}")
		if not isinstance(data, dict):
			continue
		data["changed"] = [change for change in data.get("changed") or [] if change[0] not in own_hidden]
		for key in ("added", "removed"):
			data[key] = [
				[table, strip_row(row, row_hidden.get(table, frozenset()))]
				for table, row in data.get(key) or []
			]
		data["row_changed"] = [
			[
				table,
				idx,
				row_name,
				[change for change in changes if change[0] not in row_hidden.get(table, ())],
			]
			for table, idx, row_name, changes in data.get("row_changed") or []
		]
		version["data"] = frappe.as_json(data, indent=None)


def strip_row(row: Any, hidden: frozenset[str]) -> Any:
	return (
		{field: value for field, value in row.items() if field not in hidden}
		if isinstance(row, dict)
		else row
	)


def may_read(doctype: str, name: Any) -> bool:
	if not isinstance(name, str) or not frappe.db.exists(doctype, name):
		return False
	return frappe.has_permission(doctype, "read", doc=name) or frappe.has_permission(
		doctype, "select", doc=name
	)


# ---------------------------------------------------------------- REST lists


def guard_rest_lists() -> None:
	"""`auth_hooks`: the REST list and count of an app DocType, checked like the wrappers above.

	Works around frappe/api/v1.py and frappe/api/v2.py `document_list` (and v2 `count`), which
	call frappe.client.get_list (and frappe.desk.reportview.get_count) as functions, so
	`override_whitelisted_methods` never applies to `/api/resource/<doctype>`. Auth hooks run on
	every request once its user is known (frappe/auth.py validate_auth), before the API answers.
	"""
	from frappe.api import API_URL_MAP, v1, v2

	request = frappe.request
	if not request or request.method != "GET" or not request.path.startswith("/api/"):
		return
	try:
		endpoint, arguments = API_URL_MAP.bind_to_environ(request.environ).match()
	except HTTPException:
		return
	if endpoint in (v1.document_list, v2.document_list, v2.count):
		form = frappe.form_dict
		check_query(arguments["doctype"], form, form.get("parent") or form.get("parent_doctype"))


# ---------------------------------------------------------------- a form's Connections counts

# Frappe's count stops there (frappe.desk.notifications.get_doc_count)
OPEN_COUNT_LIMIT = 100


@frappe.whitelist()
@frappe.read_only()
def get_open_count(doctype: str, name: str, items=None):
	"""A form's Connections counts, each over the records the user may read.

	Frappe counts them with `get_all` (frappe.desk.notifications.get_doc_count), past every row
	rule: a member opening another organisation's form would learn how many reports are routed to
	it, how many draft sheets it leads. Frappe's answer is kept (it checks the user reads the form),
	and each count it found is counted again with `frappe.get_list`."""
	answer = notifications.get_open_count(doctype, name, items)
	found = answer.get("count")
	if not isinstance(found, dict):
		return answer
	links = frappe.get_meta(doctype).get_dashboard_data()
	for row in found.get("external_links_found", []):
		if not row.get("count"):
			continue  # nothing to hide
		linked = row["doctype"]
		fieldname = links.get("non_standard_fieldnames", {}).get(linked, links.get("fieldname"))
		filters = {fieldname: name}
		if dynamic := notifications.get_dynamic_link_filters(linked, links, fieldname):
			filters.update(dynamic)
		row["count"] = permitted_count(linked, filters)
		if row.get("open_count"):
			row["open_count"] = permitted_count(
				linked, {**filters, **(notifications.get_filters_for(linked) or {})}
			)
	return answer


def permitted_count(doctype: str, filters: dict) -> int:
	"""How many records match, among those the session user may read (up to Frappe's limit)."""
	if not frappe.has_permission(doctype, "read"):
		return 0
	return len(
		frappe.get_list(doctype, filters=filters, fields=["name"], limit=OPEN_COUNT_LIMIT, distinct=True)
	)
