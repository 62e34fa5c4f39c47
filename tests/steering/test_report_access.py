"""Who may open each report of the app (the permission matrix's rows for reports): every desk role
of the network runs them, with its own figures; a resident, a desk user without a GUSP role and a
guest get nothing, in the desk and through Frappe's report endpoint over HTTP."""

import frappe
import pytest
from frappe.desk.query_report import run

from tests.factories import as_user, make_user

NETWORK_ROLES = ("manager", "member_a", "centre", "admin")


def app_reports() -> list[str]:
	modules = frappe.get_module_list("gusp_network")
	return frappe.get_all(
		"Report", filters={"module": ("in", modules), "report_type": "Script Report"}, pluck="name"
	)


def test_the_managers_reports_are_the_app_s():
	assert {
		"Resident Report Service Levels",
		"Workstream Progress",
		"Competence Map",
		"Member Engagement",
	} <= set(app_reports())


@pytest.mark.parametrize("who", NETWORK_ROLES)
def test_every_desk_role_of_the_network_runs_every_report(network, who):
	user = getattr(network, who)
	for report in app_reports():
		with as_user(user):
			answer = run(report, filters={})
		assert "result" in answer and "columns" in answer, (who, report)


def test_a_resident_and_a_desk_user_without_a_gusp_role_run_none(network):
	resident = make_user("GUSP Resident", user_type="Website User").name
	outsider = make_user("Desk User").name
	for user in (resident, outsider):
		for report in app_reports():
			with as_user(user), pytest.raises(frappe.PermissionError):
				run(report, filters={})


def test_a_guest_runs_none_over_http(http):
	for report in app_reports():
		answer = http.post(
			http.url("/api/method/frappe.desk.query_report.run"),
			data={"report_name": report, "filters": "{}"},
		)
		assert answer.status_code in (401, 403), (report, answer.status_code)
		assert "result" not in answer.text, report
