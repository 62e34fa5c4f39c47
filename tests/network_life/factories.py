"""Network Life test data, shared by the module's tests: `make_meeting(organiser)`, `make_trip(organiser)`."""

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, today

from tests.factories import as_user, fake, make_network_member


def make_meeting(organiser: str | None = None, state: str | None = None, days_ahead: int = 14, **overrides):
	"""A Network Meeting organised by `organiser` (a new member when None), inserted as
	Administrator: a tri-service meeting of two hours, `days_ahead` days from now (negative: past).

	`state`: moved straight to that workflow state, without the workflow's checks (as a fixture,
	not as a user would).
	"""
	organiser = organiser or make_network_member().name
	starts_on = add_to_date(now_datetime().replace(minute=0, second=0, microsecond=0), days=days_ahead)
	with as_user("Administrator"):
		doc = frappe.get_doc(
			{
				"doctype": "Network Meeting",
				"title": f"Réunion tri-services {fake.city()}",
				"meeting_type": "Tri-Service Meeting",
				"organiser": organiser,
				"starts_on": starts_on,
				"ends_on": add_to_date(starts_on, hours=2),
				"venue": f"Maison de quartier, {fake.street_address()}",
				"agenda": f"<p>{fake.paragraph()}</p>",
				**overrides,
			}
		).insert()
		if state:
			doc.db_set("workflow_state", state, update_modified=False)
	return doc


def make_trip(organiser: str | None = None, state: str | None = None, **overrides):
	"""A Study Trip organised by `organiser` (a new member when None), in two months, for two
	days, inserted as Administrator. `state` as in `make_meeting`."""
	organiser = organiser or make_network_member().name
	start = add_days(today(), 60)
	with as_user("Administrator"):
		doc = frappe.get_doc(
			{
				"doctype": "Study Trip",
				"title": f"Voyage d'étude à {fake.city()}",
				"destination": fake.city(),
				"organiser": organiser,
				"start_date": start,
				"end_date": add_days(start, 1),
				"objectives": f"<p>{fake.paragraph()}</p>",
				**overrides,
			}
		).insert()
		if state:
			doc.db_set("workflow_state", state, update_modified=False)
	return doc
