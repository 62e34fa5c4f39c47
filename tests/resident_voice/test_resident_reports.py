"""Resident reports reach the right organisation; nobody sees what is not theirs."""

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today

from gusp_network.exceptions import (
	ClosingReasonError,
	GuestReportsClosedError,
	InvalidCoordinatesError,
	MissingLocationError,
	SpamSuspectedError,
	TooManyReportsError,
)
from gusp_network.resident_voice import nearby
from gusp_network.resident_voice.contacts import hash_key
from tests.factories import (
	as_user,
	make_geography,
	make_report,
	make_responsibility,
	make_theme,
	make_user,
)

# points (latitude, longitude) inside the perimeters of make_geography()
IN_SECTOR = (-39.965, -59.965)
IN_QPV_ONLY = (-39.945, -59.975)
IN_COMMUNE_ONLY = (-39.91, -59.91)


@pytest.fixture
def geo():
	return make_geography()


@pytest.fixture
def lighting():
	parent = make_theme(is_group=1, service_level_days=10)
	child = make_theme(parent_gusp_theme=parent.name)
	return parent.name, child.name


def resource_centre() -> str:
	return frappe.db.get_single_value("GUSP Settings", "resource_centre")


def test_the_territory_is_the_smallest_one_holding_the_point(geo, lighting):
	_parent, theme = lighting
	assert make_report(theme, latitude=IN_SECTOR[0], longitude=IN_SECTOR[1]).territory == geo.sector
	assert make_report(theme, latitude=IN_QPV_ONLY[0], longitude=IN_QPV_ONLY[1]).territory == geo.qpv
	assert (
		make_report(theme, latitude=IN_COMMUNE_ONLY[0], longitude=IN_COMMUNE_ONLY[1]).territory == geo.commune
	)


def test_a_report_goes_to_the_lead_of_its_theme_in_its_territory(geo, lighting, network):
	_parent, theme = lighting
	make_responsibility(theme, geo.qpv, network.org_a)
	report = make_report(theme, latitude=IN_QPV_ONLY[0], longitude=IN_QPV_ONLY[1])
	assert report.responsible_member == network.org_a
	assert report.responsible_user == network.member_a
	assert not report.grey_zone


def test_rules_on_parent_themes_and_parent_territories_apply(geo, lighting, network):
	parent, theme = lighting
	make_responsibility(parent, geo.commune, network.org_b)
	report = make_report(theme, latitude=IN_SECTOR[0], longitude=IN_SECTOR[1])
	assert report.territory == geo.sector
	assert report.responsible_member == network.org_b


def test_the_most_local_rule_wins(geo, lighting, network):
	parent, theme = lighting
	make_responsibility(theme, geo.commune, network.org_b)
	make_responsibility(parent, geo.qpv, network.org_a)
	report = make_report(theme, territory=geo.sector)
	assert report.responsible_member == network.org_a, "a QPV arrangement beats the commune's"


def test_land_status_picks_the_landlord_on_its_own_ground(geo, lighting, network):
	_parent, theme = lighting
	make_responsibility(theme, geo.qpv, network.org_a, land_status="Any")
	make_responsibility(theme, geo.qpv, network.org_b, land_status="Social Landlord")
	assert (
		make_report(theme, territory=geo.qpv, land_status="Social Landlord").responsible_member
		== network.org_b
	)
	assert (
		make_report(theme, territory=geo.qpv, land_status="Public Land").responsible_member == network.org_a
	)
	assert make_report(theme, territory=geo.qpv, land_status="Unknown").responsible_member == network.org_a


def test_the_due_date_comes_from_the_theme_or_its_parent_or_the_default(geo, lighting, gusp_settings):
	_parent, theme = lighting
	assert getdate(make_report(theme, territory=geo.qpv).due_date) == getdate(add_days(today(), 10))
	gusp_settings(default_service_level_days=4)
	orphan = make_theme().name
	assert getdate(make_report(orphan, territory=geo.qpv).due_date) == getdate(add_days(today(), 4))


def test_a_report_nobody_covers_goes_to_the_resource_centre_and_opens_one_grey_zone(geo, lighting):
	_parent, theme = lighting
	first = make_report(theme, territory=geo.qpv)
	second = make_report(theme, territory=geo.qpv)
	assert first.responsible_member == resource_centre()
	assert first.grey_zone and second.grey_zone == first.grey_zone
	zone = frappe.get_doc("Grey Zone", first.grey_zone)
	assert (zone.theme, zone.territory, zone.origin) == (theme, geo.qpv, "Automatic")
	assert frappe.db.count("Grey Zone", {"theme": theme, "territory": geo.qpv}) == 1


def test_the_report_is_assigned_to_the_referent_of_the_responsible_organisation(geo, lighting, network):
	_parent, theme = lighting
	make_responsibility(theme, geo.qpv, network.org_a)
	report = make_report(theme, territory=geo.qpv)
	todo = frappe.get_all(
		"ToDo",
		filters={"reference_type": "Resident Report", "reference_name": report.name, "status": "Open"},
		fields=["allocated_to", "date"],
	)
	assert [t.allocated_to for t in todo] == [network.member_a]
	assert getdate(todo[0].date) == getdate(report.due_date)


def test_a_report_gets_a_readable_reference_and_an_unguessable_key(geo, lighting):
	_parent, theme = lighting
	report = make_report(theme, territory=geo.qpv)
	assert report.name.startswith(f"SIG-{getdate().year}-")
	assert len(report.tracking_key) >= 24
	assert make_report(theme, territory=geo.qpv).tracking_key != report.tracking_key


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
	"values,error",
	[
		({"theme": None}, frappe.MandatoryError),
		({"description": None}, frappe.MandatoryError),
		({"address": None, "territory": None, "latitude": None, "longitude": None}, MissingLocationError),
		({"hp_website": "http://spam.example"}, SpamSuspectedError),
	],
)
def test_bad_input_gets_a_clear_error_and_creates_nothing(lighting, values, error):
	_parent, theme = lighting
	before = frappe.db.count("Resident Report")
	with pytest.raises(error):
		make_report(values.pop("theme", theme), **values)
	assert frappe.db.count("Resident Report") == before


def test_html_in_a_report_is_stored_harmlessly(geo, lighting):
	_parent, theme = lighting
	report = make_report(
		theme, territory=geo.qpv, description='Poubelle <script>alert("x")</script> renversée'
	)
	assert "<script" not in frappe.db.get_value("Resident Report", report.name, "description")


def test_guests_cannot_report_when_the_settings_say_so(lighting, gusp_settings):
	_parent, theme = lighting
	gusp_settings(allow_guest_reports=0)
	with as_user("Guest"), pytest.raises(GuestReportsClosedError):
		make_report(theme, address="1 rue des Lilas")


def test_guests_are_limited_per_address(geo, lighting, gusp_settings):
	_parent, theme = lighting
	gusp_settings(guest_reports_per_hour=2)
	frappe.local.request_ip = "203.0.113.77"
	try:
		with as_user("Guest"):
			make_report(theme, territory=geo.qpv)
			make_report(theme, territory=geo.qpv)
			with pytest.raises(TooManyReportsError):
				make_report(theme, territory=geo.qpv)
	finally:
		frappe.cache.delete_keys("gusp_report_rate:203.0.113.77")
		frappe.local.request_ip = None


# ---------------------------------------------------------------- closing honestly


def close(report, user: str, action: str, **values):
	frappe.db.set_value("Resident Report", report.name, values)
	with as_user(user):
		return apply_workflow(frappe.get_doc("Resident Report", report.name).as_dict(), action)


def test_closing_needs_a_reason_and_a_duplicate_names_its_original(geo, lighting, network):
	_parent, theme = lighting
	original = make_report(theme, territory=geo.qpv)
	report = make_report(theme, territory=geo.qpv)
	with pytest.raises(ClosingReasonError):
		close(report, network.centre, "Reject")
	with pytest.raises(ClosingReasonError):
		close(report, network.centre, "Mark as Duplicate", closing_reason="Duplicate")
	done = close(
		report, network.centre, "Mark as Duplicate", closing_reason="Duplicate", duplicate_of=original.name
	)
	assert done.public_status == "Closed" and done.closed_on


def test_a_refused_report_leaves_no_grey_zone_behind(geo, lighting):
	_parent, theme = lighting
	with pytest.raises(InvalidCoordinatesError):
		make_report(theme, territory=geo.qpv, latitude=200, longitude=3)
	assert not frappe.db.exists("Grey Zone", {"theme": theme, "territory": geo.qpv})
	# the same report, valid, opens it
	report = make_report(theme, territory=geo.qpv)
	assert frappe.db.get_value("Grey Zone", report.grey_zone, ["theme", "territory"]) == (theme, geo.qpv)


def test_not_our_responsibility_without_a_name_opens_a_grey_zone(geo, lighting, network):
	_parent, theme = lighting
	make_responsibility(theme, geo.qpv, network.org_a)
	report = make_report(theme, territory=geo.qpv)
	close(report, network.centre, "Forward")
	closed = close(report, network.member_a, "Close", closing_reason="Not Our Responsibility")
	assert closed.grey_zone
	assert frappe.db.get_value("Grey Zone", closed.grey_zone, "theme") == theme


# ---------------------------------------------------------------- who sees what


def visible(user: str, name: str) -> bool:
	with as_user(user):
		try:
			listed = name in frappe.get_list("Resident Report", pluck="name", limit_page_length=0)
		except frappe.PermissionError:
			listed = False
		opened = frappe.has_permission("Resident Report", "read", doc=frappe.get_doc("Resident Report", name))
	assert listed == bool(opened), "list and form agree"
	return listed


def test_each_role_sees_the_reports_it_should(geo, lighting, network):
	_parent, theme = lighting
	make_responsibility(theme, geo.qpv, network.org_a)
	resident = make_user("GUSP Resident", user_type="Website User").name
	other_resident = make_user("GUSP Resident", user_type="Website User").name
	with as_user(resident):
		report = make_report(theme, territory=geo.qpv, reporter_email="voisin@example.org")
	assert report.responsible_member == network.org_a
	assert visible(network.centre, report.name)
	assert visible(network.member_a, report.name), "the organisation it is routed to"
	assert not visible(network.member_b, report.name), "another organisation"
	assert visible(network.manager, report.name)
	assert not visible(resident, report.name), "residents read their reports on the portal only"
	assert not visible(other_resident, report.name)
	assert not visible("Guest", report.name)


def test_who_reported_is_kept_apart_for_the_resource_centre_only(geo, lighting, network):
	from frappe.client import get

	_parent, theme = lighting
	make_responsibility(theme, geo.qpv, network.org_a)
	report = make_report(
		theme, territory=geo.qpv, reporter_name="Awa Diallo", reporter_email="awa@example.org", consent=1
	)
	stored = frappe.get_doc("Resident Report", report.name)
	assert not stored.get("reporter_email") and not stored.get("reporter_name"), "never on the report"
	assert not frappe.get_all("Version", filters={"ref_doctype": "Resident Contact"})
	for user in (network.member_a, network.manager):
		with as_user(user):
			assert get("Resident Report", report.name)["description"] == report.description
			with pytest.raises(frappe.PermissionError):
				get("Resident Contact", report.name)
	with as_user(network.centre):
		contact = get("Resident Contact", report.name)
	assert (contact["full_name"], contact["email"], contact["consent"]) == (
		"Awa Diallo",
		"awa@example.org",
		1,
	)
	assert contact["tracking_key_hash"] == hash_key(report.tracking_key), "the key itself is never stored"


def test_nothing_made_while_filing_a_logged_in_residents_report_names_them(geo, lighting, network):
	"""The assignment, its comment and notification are made as for a guest's report; the
	resident's account is kept on the contact only, so "my reports" still lists the report."""
	from gusp_network.resident_voice.portal import accept

	_parent, theme = lighting
	make_responsibility(theme, geo.qpv, network.org_a)
	resident = make_user("GUSP Resident", user_type="Website User", last_name="Xylandre")
	data = {
		"doctype": "Resident Report",
		"web_form_name": "signalement",
		"theme": theme,
		"description": "Le lampadaire de l'aire de jeux est éteint depuis une semaine.",
		"address": "Aire de jeux, rue des Tilleuls",
		"latitude": IN_QPV_ONLY[0],
		"longitude": IN_QPV_ONLY[1],
	}
	with as_user(resident.name):
		try:
			name = accept(web_form="signalement", data=frappe.as_json(data))["name"]
		finally:
			frappe.flags.in_web_form = False  # a request's flags end with it
		assert frappe.session.user == resident.name, "the resident is still logged in"
	about = {"reference_type": "Resident Report", "reference_name": name}
	traces = {
		"ToDo": frappe.get_all("ToDo", filters=about, fields=["owner", "assigned_by", "description"]),
		"Comment": frappe.get_all(
			"Comment",
			filters={"reference_doctype": "Resident Report", "reference_name": name},
			fields=["owner", "comment_email", "comment_by", "content"],
		),
		"Notification Log": frappe.get_all(
			"Notification Log",
			filters={"document_type": "Resident Report", "document_name": name},
			fields=["owner", "from_user", "subject", "email_content"],
		),
		"Report": frappe.get_all("Resident Report", filters={"name": name}, fields=["owner", "modified_by"]),
	}
	assert traces["ToDo"] and traces["Comment"], "the report was assigned, with its comment"
	written = frappe.as_json(traces)
	assert resident.name not in written and "Xylandre" not in written, written
	contact = frappe.get_doc("Resident Contact", name)
	assert (contact.user, contact.email) == (resident.name, resident.name)


# ---------------------------------------------------------------- residents' voice


def test_reports_of_the_same_theme_nearby_are_offered_and_me_too_counts(geo, lighting):
	_parent, theme = lighting
	report = make_report(theme, latitude=IN_SECTOR[0], longitude=IN_SECTOR[1])
	frappe.db.set_value("Resident Report", report.name, "workflow_state", "Qualified")
	far = make_report(theme, latitude=IN_COMMUNE_ONLY[0], longitude=IN_COMMUNE_ONLY[1])
	found = nearby.nearby_open_reports(theme, IN_SECTOR[0] + 0.0002, IN_SECTOR[1])
	assert [r["name"] for r in found] == [report.name]
	assert 15 <= found[0]["distance_m"] <= 30
	assert "reporter_email" not in found[0] and "tracking_key" not in found[0]
	assert far.name not in [r["name"] for r in found]
	nearby.add_me_too(report.name)
	assert frappe.db.get_value("Resident Report", report.name, "me_too_count") == 1


def test_a_theme_that_keeps_coming_back_raises_one_weak_signal(geo, lighting, gusp_settings):
	_parent, theme = lighting
	gusp_settings(weak_signal_threshold=3, weak_signal_days=30)
	for _ in range(5):
		make_report(theme, territory=geo.qpv)
	needs = frappe.get_all(
		"Resident Need",
		filters={"theme": theme, "territory": geo.qpv, "is_weak_signal": 1},
		fields=["report_count", "source"],
	)
	assert len(needs) == 1
	assert needs[0].report_count == 3 and needs[0].source == "Weak Signal"


def test_a_field_diagnostic_turns_marked_observations_into_routed_reports(geo, lighting, network):
	_parent, theme = lighting
	make_responsibility(theme, geo.qpv, network.org_a)
	diagnostic = frappe.get_doc(
		{
			"doctype": "Field Diagnostic",
			"title": "Diagnostic en marchant avec les élus",
			"territory": geo.qpv,
			"organiser": network.org_a,
			"participants": [
				{"participant_type": "Elected Official", "participant_name": "Mme la maire adjointe"},
				{"participant_type": "Resident", "participant_name": "Conseil citoyen"},
			],
			"observations": [
				{"observation": "Lampadaire éteint devant l'école", "theme": theme, "create_report": 1},
				{"observation": "Bancs appréciés par les habitants", "create_report": 0},
			],
		}
	).insert()
	diagnostic.submit()
	report_name = diagnostic.observations[0].resident_report
	assert report_name and not diagnostic.observations[1].resident_report
	report = frappe.get_doc("Resident Report", report_name)
	assert (report.channel, report.territory, report.responsible_member) == (
		"Field Diagnostic",
		geo.qpv,
		network.org_a,
	)


def test_a_member_takes_a_report_by_phone_and_routing_sends_it_where_it_belongs(geo, lighting, network):
	_parent, theme = lighting
	make_responsibility(theme, geo.qpv, network.org_b)
	with as_user(network.member_a):
		report = frappe.get_doc(
			{
				"doctype": "Resident Report",
				"channel": "Phone",
				"theme": theme,
				"description": "Appel d'une habitante : lampadaire clignotant",
				"territory": geo.qpv,
			}
		).insert()
	assert report.responsible_member == network.org_b
	assert not visible(network.member_a, report.name), "it now belongs to the organisation in charge"


def test_who_owns_the_ground_comes_before_how_local_the_rule_is(geo, lighting, network):
	_parent, theme = lighting
	make_responsibility(theme, geo.qpv, network.org_a, land_status="Any")
	make_responsibility(theme, geo.commune, network.org_b, land_status="Social Landlord")
	assert (
		make_report(theme, territory=geo.qpv, land_status="Social Landlord").responsible_member
		== network.org_b
	)


def test_an_unknown_land_status_is_presumed_public_land(geo, lighting, network, gusp_settings):
	_parent, theme = lighting
	make_responsibility(theme, geo.qpv, network.org_b, land_status="Social Landlord")
	make_responsibility(theme, geo.commune, network.org_a, land_status="Public Land")
	assert make_report(theme, territory=geo.qpv).responsible_member == network.org_a
	gusp_settings(presumed_land_status="Social Landlord")
	assert make_report(theme, territory=geo.qpv).responsible_member == network.org_b
