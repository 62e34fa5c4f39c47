# Copyright (c) 2026, Centre de ressources GUSP and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CooperationAgreement(Document):
	pass
