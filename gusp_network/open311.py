"""Open311 GeoReport v2 — placeholder, being written."""

from frappe.website.page_renderers.base_renderer import BaseRenderer


class Open311Renderer(BaseRenderer):
	def can_render(self):
		return False

	def render(self):
		return None
