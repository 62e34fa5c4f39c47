"""What a resident types, checked before anything is routed or saved.

Web forms and Open311 hand the document whatever the client sent: text where a number belongs,
a list or an object where a text belongs, a megabyte of description. Each is refused here with
a message saying what is wrong, before routing runs (which reads the coordinates) and before
MariaDB sees a value too long for its column.
"""

import math

import frappe
from frappe import _

from gusp_network.exceptions import InvalidCoordinatesError, InvalidInputError

TEXT_TYPES = {"Data", "Small Text", "Text", "Long Text", "Text Editor", "Select", "Link", "Dynamic Link"}
# the longest text a resident may write in a multi-line field
MAX_TEXT_LENGTH = 5000
# Data, Link and Select columns are varchar(140)
MAX_LINE_LENGTH = 140


def check_values(doc) -> None:
	"""Every value set on the document is a plain value of a sensible length."""
	for df in doc.meta.fields:
		value = doc.get(df.fieldname)
		if value is None or df.fieldtype in ("Table", "Table MultiSelect"):
			continue
		label = _(df.label or df.fieldname, context=doc.doctype)
		if isinstance(value, dict | list | tuple | set):
			frappe.throw(_("{0}: this value is not valid.").format(label), InvalidInputError)
		if df.fieldtype in TEXT_TYPES and isinstance(value, str):
			limit = (
				MAX_LINE_LENGTH
				if df.fieldtype in ("Data", "Select", "Link", "Dynamic Link")
				else MAX_TEXT_LENGTH
			)
			if len(value) > limit:
				frappe.throw(
					_("{0} is too long: {1} characters at most.").format(label, limit), InvalidInputError
				)


def parse_coordinate(value, label: str, bound: float) -> float | None:
	"""A latitude or longitude as a number within ±bound, or None when not given."""
	if value is None or (isinstance(value, str) and not value.strip()):
		return None
	if isinstance(value, bool) or not isinstance(value, int | float | str):
		frappe.throw(_("{0} must be a number.").format(label), InvalidCoordinatesError)
	try:
		number = float(value)
	except ValueError:
		frappe.throw(
			_("{0} must be a number written with a point, e.g. 50.6312.").format(label),
			InvalidCoordinatesError,
		)
	if not math.isfinite(number) or abs(number) > bound:
		frappe.throw(_("The point on the map is not valid."), InvalidCoordinatesError)
	return number


def check_point(doc) -> None:
	"""Latitude and longitude: both or neither, numbers on the globe. (0, 0) means "no point"."""
	latitude = parse_coordinate(doc.get("latitude"), _("Latitude"), 90)
	longitude = parse_coordinate(doc.get("longitude"), _("Longitude"), 180)
	if (latitude is None) != (longitude is None):
		frappe.throw(_("A point on the map needs both a latitude and a longitude."), InvalidCoordinatesError)
	doc.latitude, doc.longitude = latitude, longitude
