"""What a resident types, checked before anything is routed or saved.

Web forms and Open311 hand the document whatever the client sent: text where a number belongs,
a list or an object where a text belongs, a megabyte of description. Each is refused here with
a message saying what is wrong, before routing runs (which reads the coordinates) and before
MariaDB sees a value too long for its column.
"""

import math
from collections.abc import Callable

import frappe
from frappe import _

from gusp_network.exceptions import InvalidCoordinatesError, InvalidInputError

TEXT_TYPES = {"Data", "Small Text", "Text", "Long Text", "Text Editor", "Select", "Link", "Dynamic Link"}
# the longest text a resident may write in a multi-line field
MAX_TEXT_LENGTH = 5000
# Data, Link and Select columns are varchar(140)
MAX_LINE_LENGTH = 140


def check_values(doc) -> None:
	"""Every value set on the document is a plain value of its field's kind, of a sensible length."""
	check_plain_values(doc.doctype, {df.fieldname: doc.get(df.fieldname) for df in doc.meta.fields})


def check_plain_values(doctype: str, values: dict) -> None:
	"""What a client sent for a document, field by field, before Frappe looks anything up with it."""
	meta = frappe.get_meta(doctype)
	for fieldname, value in values.items():
		df = meta.get_field(fieldname)
		if value is None or not df or df.fieldtype in ("Table", "Table MultiSelect"):
			continue
		if not is_plain(value, df.fieldtype):
			frappe.throw(_("{0}: this value is not valid.").format(label_of(df, doctype)), InvalidInputError)
		if df.fieldtype in TEXT_TYPES:
			short = df.fieldtype in ("Data", "Select", "Link", "Dynamic Link")
			limit = MAX_LINE_LENGTH if short else MAX_TEXT_LENGTH
			if len(value) > limit:
				frappe.throw(
					_("{0} is too long: {1} characters at most.").format(label_of(df, doctype), limit),
					InvalidInputError,
				)


def label_of(df, doctype: str) -> str:
	"""The field's label as the user reads it (translated only for an error: a valid form loads no
	translations)."""
	return _(df.label or df.fieldname, context=doctype)


def is_plain(value, fieldtype: str) -> bool:
	"""Text for text fields (encodable: no lone surrogate), a finite number or numeric text for
	numbers, a yes/no for checks; never a list, an object or NaN."""
	if fieldtype in TEXT_TYPES or fieldtype in ("Attach", "Attach Image"):
		if not isinstance(value, str):
			return False
		try:
			value.encode("utf-8")
		except UnicodeEncodeError:
			return False
		return True
	if fieldtype == "Check":
		return value in (0, 1, "0", "1", True, False, "")
	if fieldtype in ("Float", "Int", "Currency", "Percent"):
		if isinstance(value, bool) or not isinstance(value, int | float | str):
			return False
		return isinstance(value, str) or math.isfinite(value)
	return isinstance(value, str | int | float) and not isinstance(value, bool)


def point(latitude, longitude) -> tuple[float, float]:
	"""A point given as two parameters (portal lookups): both needed, numbers on the globe."""
	lat = parse_coordinate(latitude, latitude_label, 90)
	lng = parse_coordinate(longitude, longitude_label, 180)
	if lat is None or lng is None:
		frappe.throw(_("A point on the map needs both a latitude and a longitude."), InvalidCoordinatesError)
	return lat, lng


def latitude_label() -> str:
	return _("Latitude")


def longitude_label() -> str:
	return _("Longitude")


def parse_coordinate(value, label: Callable[[], str], bound: float) -> float | None:
	"""A latitude or longitude as a number within ±bound, or None when not given (`label` names
	it in an error, translated then only)."""
	if value is None or (isinstance(value, str) and not value.strip()):
		return None
	if isinstance(value, bool) or not isinstance(value, int | float | str):
		frappe.throw(_("{0} must be a number.").format(label()), InvalidCoordinatesError)
	try:
		number = float(value)
	except ValueError:
		frappe.throw(
			_("{0} must be a number written with a point, e.g. 50.6312.").format(label()),
			InvalidCoordinatesError,
		)
	if not math.isfinite(number) or abs(number) > bound:
		frappe.throw(_("The point on the map is not valid."), InvalidCoordinatesError)
	return number


def check_point(doc) -> None:
	"""Latitude and longitude: both or neither, numbers on the globe. (0, 0) means "no point"."""
	latitude = parse_coordinate(doc.get("latitude"), latitude_label, 90)
	longitude = parse_coordinate(doc.get("longitude"), longitude_label, 180)
	if (latitude is None) != (longitude is None):
		frappe.throw(_("A point on the map needs both a latitude and a longitude."), InvalidCoordinatesError)
	doc.latitude, doc.longitude = latitude, longitude
