"""GeoReport's two formats, chosen by the resource's extension: XML (the one the specification
requires) and JSON (optional in the specification, the one most clients ask for).

Both are written from the same data: a list of flat records. In XML the list is the root element
and each record one child element (`services` > `service`, `service_requests` > `request`,
`errors` > `error`), each key an element of the record: null is an empty element, a yes/no is
`true`/`false`. The XML is built with ElementTree, which escapes every value.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree

from werkzeug.wrappers import Response

JSON = "json"
XML = "xml"
CONTENT_TYPES = {
	JSON: "application/json; charset=utf-8",
	XML: "text/xml; charset=utf-8",
}
# what XML 1.0 cannot carry even escaped: control characters, lone surrogates, U+FFFE and U+FFFF
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Shape:
	"""The XML element of the list, and that of each record in it."""

	root: str
	item: str


SERVICES = Shape("services", "service")
REQUESTS = Shape("service_requests", "request")
ERRORS = Shape("errors", "error")


def split_format(resource: str) -> tuple[str, str | None]:
	"""`requests/SIG-2026-00001.xml` -> (`requests/SIG-2026-00001`, "xml"); no known extension: None."""
	path, dot, extension = resource.rpartition(".")
	if dot and extension in (JSON, XML):
		return path, extension
	return resource, None


def response_format(resource: str) -> str:
	"""The format of the answer, errors included: XML for a `.xml` resource, else JSON."""
	return split_format(resource)[1] or JSON


def respond(
	fmt: str, shape: Shape, records: Iterable[dict], status: int = 200, headers: dict | None = None
) -> Response:
	records = list(records)
	body = xml_body(shape, records) if fmt == XML else json_body(records)
	return Response(body, status=status, headers=headers, content_type=CONTENT_TYPES[fmt])


def json_body(records: list[dict]) -> str:
	return json.dumps(records, ensure_ascii=False, default=str)


def xml_body(shape: Shape, records: list[dict]) -> bytes:
	root = ElementTree.Element(shape.root)
	for record in records:
		element = ElementTree.SubElement(root, shape.item)
		for key, value in record.items():
			ElementTree.SubElement(element, key).text = xml_text(value)
	return ElementTree.tostring(root, encoding="UTF-8", xml_declaration=True)


def xml_text(value) -> str | None:
	if value is None:
		return None
	if isinstance(value, bool):
		return "true" if value else "false"
	return NOT_XML.sub("", str(value))
