"""The public directory in the data·inclusion schema: `/annuaire.csv`, `/annuaire.json` (stub)."""

from frappe.website.page_renderers.base_renderer import BaseRenderer


class DataInclusionRenderer(BaseRenderer):
	def can_render(self) -> bool:
		return False

	def render(self):
		raise NotImplementedError
