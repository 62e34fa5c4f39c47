app_name = "gusp_network"
app_title = "GUSP Network"
app_publisher = "Centre de ressources GUSP"
app_description = "Outil partagé du réseau partenarial d'un Centre de ressources GUSP"
app_email = "contact@gusp.example"
app_license = "MIT"

# Admin-owned records (roles, workflow, settings, the ten chantiers) are created
# once, if missing; they are not fixtures, so `bench migrate` never reverts an edit.
after_install = "gusp_network.setup.install.after_install"

# Controllers carry typed declarations of their fields (regenerated when a DocType is saved).
export_python_type_annotations = True

# Residents never see Frappe (DESIGN.md principle 6): `/` is the GUSP home page (www/accueil), and a
# website user lands there after logging in (the desk is offered to desk users only)
home_page = "accueil"
app_logo_url = "/assets/gusp_network/images/gusp-logo.svg"
role_home_page = {"GUSP Resident": "accueil"}

# Portal pages: labels for screen readers, readable contrast (public/js/portal.js, public/css/portal.css)
web_include_js = ["/assets/gusp_network/js/portal.js"]
# the desk: French for the map tools of Geolocation fields (public/js/desk.js)
app_include_js = ["/assets/gusp_network/js/desk.js"]
web_include_css = ["/assets/gusp_network/css/portal.css"]
# ...and French for what Frappe's own scripts show there (portal_translations.py)
update_website_context = ["gusp_network.portal_translations.update_website_context"]

website_route_rules = [
	{"from_route": "/suivi/<key>", "to_route": "report_tracking"},
	{"from_route": "/suivi", "to_route": "report_tracking"},
	{"from_route": "/mes-signalements", "to_route": "my_reports"},
	{"from_route": "/agenda/<meeting>", "to_route": "agenda_meeting"},
	{"from_route": "/actions/<sheet>", "to_route": "actions_sheet"},
	{"from_route": "/fiches-pratiques/<sheet>", "to_route": "practice_sheet"},
]

# The client's address for every per-address limit: the TCP peer, unless it is a trusted proxy
before_request = ["gusp_network.client_ip.set_request_ip"]

# Frappe endpoints answered by the app's rules first (each wrapper says what it works around)
override_whitelisted_methods = {
	"frappe.website.doctype.web_form.web_form.accept": "gusp_network.resident_voice.portal.accept",
	"upload_file": "gusp_network.resident_voice.photos.upload_file",
	"frappe.handler.upload_file": "gusp_network.resident_voice.photos.upload_file",
	# a filter, field or sort on a field the user may not read is refused (endpoint_guards.py)
	"frappe.client.get_list": "gusp_network.endpoint_guards.client_get_list",
	"frappe.client.get_count": "gusp_network.endpoint_guards.client_get_count",
	"frappe.client.get_value": "gusp_network.endpoint_guards.client_get_value",
	"frappe.desk.reportview.get": "gusp_network.endpoint_guards.reportview_get",
	"frappe.desk.reportview.get_list": "gusp_network.endpoint_guards.reportview_get_list",
	"frappe.desk.reportview.get_count": "gusp_network.endpoint_guards.reportview_get_count",
	"frappe.desk.reportview.export_query": "gusp_network.endpoint_guards.reportview_export_query",
	"frappe.desk.reportview.get_stats": "gusp_network.endpoint_guards.reportview_get_stats",
	"frappe.desk.reportview.get_sidebar_stats": "gusp_network.endpoint_guards.reportview_get_sidebar_stats",
	"frappe.desk.reportview.get_filter_dashboard_data": "gusp_network.endpoint_guards.reportview_get_filter_dashboard_data",
	"frappe.desk.listview.get_group_by_count": "gusp_network.endpoint_guards.listview_get_group_by_count",
	"frappe.desk.search.search_link": "gusp_network.endpoint_guards.search_link",
	"frappe.desk.search.search_widget": "gusp_network.endpoint_guards.search_widget",
	"frappe.desk.search.get_link_title": "gusp_network.endpoint_guards.get_link_title",
	"frappe.client.validate_link": "gusp_network.endpoint_guards.validate_link",
	"frappe.desk.form.utils.get_next": "gusp_network.endpoint_guards.get_next",
	"frappe.desk.calendar.get_events": "gusp_network.endpoint_guards.get_events",
	"frappe.geo.utils.get_coords": "gusp_network.endpoint_guards.get_coords",
	"frappe.desk.form.load.getdoc": "gusp_network.endpoint_guards.getdoc",
	"frappe.desk.form.load.get_docinfo": "gusp_network.endpoint_guards.get_docinfo",
	"frappe.desk.notifications.get_open_count": "gusp_network.endpoint_guards.get_open_count",
}

# Link search on the app's DocTypes runs with the caller's permissions (endpoint_guards.search);
# tests/test_endpoint_guards.py fails when a DocType of the app is missing here
standard_queries = dict.fromkeys(
	(
		"GUSP Territory",
		"GUSP Theme",
		"Grey Zone",
		"Grey Zone Member",
		"Network Member",
		"Network Member Territory",
		"Network Member Theme",
		"Network Member User",
		"Responsibility",
		"Workstream",
		"Workstream Axis",
		"Workstream Action",
		"Action Sheet",
		"Action Sheet Territory",
		"Action Sheet Theme",
		"Action Sheet Partner",
		"Action Sheet Resource",
		"Action Sheet Step",
		"Action Sheet Indicator",
		"Resident Report",
		"Resident Report Update",
		"Resident Need",
		"Resident Contact",
		"Resident Contact Follower",
		"Open311 Client",
		"Field Diagnostic",
		"Field Diagnostic Participant",
		"Field Diagnostic Observation",
		"Cooperation Agreement",
		"Cooperation Agreement Party",
		"Cooperation Agreement Territory",
		"Cooperation Agreement Action Sheet",
		"Cooperation Agreement Year Total",
		"TFPB Commitment",
		"TFPB Axis",
		"Cooperation Charter",
		"Cooperation Charter Signatory",
		"Network Meeting",
		"Network Meeting Theme",
		"Network Meeting Participant",
		"Network Meeting Decision",
		"Network Meeting Registration",
		"Study Trip",
		"Study Trip Visit",
		"Study Trip Participant",
		"Study Trip Budget Line",
		"Evaluation",
		"Evaluation Criterion",
		"Evaluation Evaluator",
		"Evaluation Score",
		"Practice Sheet",
		"Practice Sheet Theme",
		"Practice Sheet Territory",
		"Practice Sheet Author",
		"Practice Sheet Attachment",
		"Newsletter Contribution",
	),
	"gusp_network.endpoint_guards.search",
)

# REST lists (/api/resource/<doctype>, /api/v2/document/<doctype>, …/count) call frappe.client
# directly, past override_whitelisted_methods: checked once the request's user is known
auth_hooks = ["gusp_network.endpoint_guards.guard_rest_lists"]

# Open311 GeoReport v2 at /open311/v2/ (outside /api/, which Frappe's router owns), and the public
# iCal feed of the agenda at /agenda.ics, the public directory in the data·inclusion schema at
# /annuaire.json, /annuaire.csv and /annuaire-services.csv
page_renderer = [
	"gusp_network.integrations.open311.renderer.Open311Renderer",
	"gusp_network.network_life.agenda.AgendaFeedRenderer",
	"gusp_network.integrations.data_inclusion.renderer.DataInclusionRenderer",
]

portal_menu_items = [
	{"title": "My Reports", "route": "/mes-signalements", "role": "GUSP Resident"},
	{"title": "Report a Problem", "route": "/signalement/new", "role": "GUSP Resident"},
	{"title": "Share a Need or an Idea", "route": "/besoin/new", "role": "GUSP Resident"},
	{"title": "Meetings Agenda", "route": "/agenda", "role": "GUSP Resident"},
]

# One criterion per scoped DocType feeds both hooks (see permissions.py).
permission_query_conditions = {
	"Action Sheet": "gusp_network.permissions.action_sheet_query",
	"Resident Report": "gusp_network.permissions.resident_report_query",
	"Resident Need": "gusp_network.permissions.resident_need_query",
	"Field Diagnostic": "gusp_network.permissions.field_diagnostic_query",
	"Practice Sheet": "gusp_network.permissions.practice_sheet_query",
	"Newsletter Contribution": "gusp_network.permissions.newsletter_contribution_query",
	# Frappe's own Report list: only the reports the user may open
	"Report": "gusp_network.permissions.report_query",
}

has_permission = {
	"Action Sheet": "gusp_network.permissions.action_sheet_has_permission",
	"Network Member": "gusp_network.permissions.network_member_has_permission",
	"Responsibility": "gusp_network.permissions.responsibility_has_permission",
	"Resident Report": "gusp_network.permissions.resident_report_has_permission",
	"Field Diagnostic": "gusp_network.permissions.field_diagnostic_has_permission",
	"Resident Need": "gusp_network.permissions.resident_need_has_permission",
	"Cooperation Agreement": "gusp_network.permissions.cooperation_agreement_has_permission",
	"Cooperation Charter": "gusp_network.permissions.cooperation_charter_has_permission",
	"Network Meeting": "gusp_network.permissions.network_meeting_has_permission",
	"Study Trip": "gusp_network.permissions.study_trip_has_permission",
	"Evaluation": "gusp_network.permissions.evaluation_has_permission",
	"Practice Sheet": "gusp_network.permissions.practice_sheet_has_permission",
	"Newsletter Contribution": "gusp_network.permissions.newsletter_contribution_has_permission",
}

# the desk knows the user's organisation (`frappe.boot.gusp_member`): the member's workspace lists
# its own action sheets with it
boot_session = "gusp_network.permissions.add_member_to_boot"

# Routing caches what it reads (directory/who_does_what.py) until it changes: perimeters, ancestors
# and service levels until a territory or a theme changes, leads until a rule changes or an
# organisation is renamed, an organisation's first staff user until its staff or a user changes.
# The report form's lists of themes and neighbourhoods follow the trees too (resident_voice/choices.py).
_TREES = [
	"gusp_network.directory.who_does_what.clear_tree_caches",
	"gusp_network.resident_voice.choices.clear_choice_caches",
]
_RULES = "gusp_network.directory.who_does_what.clear_responsibility_caches"
_STAFF = "gusp_network.directory.who_does_what.clear_staff_caches"
doc_events = {
	"GUSP Territory": {"on_update": _TREES, "on_trash": _TREES, "after_rename": _TREES},
	"GUSP Theme": {"on_update": _TREES, "on_trash": _TREES, "after_rename": _TREES},
	"Responsibility": {"on_update": _RULES, "on_trash": _RULES, "after_rename": _RULES},
	"Network Member": {"on_update": _STAFF, "on_trash": _STAFF, "after_rename": [_RULES, _STAFF]},
	"User": {"on_update": _STAFF, "on_trash": _STAFF, "after_rename": _STAFF},
	# an action sheet is completed once evaluated, when GUSP Settings asks for it (knowledge/evaluations.py)
	"Action Sheet": {"validate": "gusp_network.knowledge.evaluations.check_sheet_completion"},
	# a file attached to a practice sheet in draft stays private, whatever the upload said
	# (knowledge/practice_sheets.py); a published sheet's files are made public when it is saved
	"File": {"after_insert": "gusp_network.knowledge.practice_sheets.keep_draft_file_private"},
	# contributions go out with the edition built from them (knowledge/newsletters.py): published
	# when it is sent, free again when an unsent draft is deleted
	"Newsletter": {
		"on_update": "gusp_network.knowledge.newsletters.publish_sent_contributions",
		"on_trash": "gusp_network.knowledge.newsletters.unlink_contributions",
	},
	# a meeting's decision is done when its assignee closes its ToDo (network_life/meetings.py)
	"ToDo": {"on_update": "gusp_network.network_life.meetings.close_decision_from_todo"},
}

add_to_apps_screen = [
	{
		"name": "gusp_network",
		"logo": "/assets/gusp_network/images/gusp-logo.svg",
		"title": "GUSP",
		"route": "/app/gusp",
		"has_permission": "gusp_network.www.accueil.is_desk_user",
	}
]

# Frappe's personal data requests (Personal Data Download / Deletion Request): where a resident's
# data lives in the app, found by their email or account. A row with redact_fields has those fields
# replaced; "strict" rows have the person's name and email replaced in every text field of the table
# (rows that hold a name typed by hand, with no email or account beside it). Reports and needs keep no
# personal field: who wrote them is on their Resident Contact (resident_voice/contacts.py).
_CONTACT_FIELDS = ["full_name", "email", "phone"]
user_data_fields = [
	{"doctype": "Resident Contact", "filter_by": "email", "redact_fields": _CONTACT_FIELDS},
	{"doctype": "Resident Contact", "filter_by": "user", "redact_fields": _CONTACT_FIELDS},
	{"doctype": "Resident Contact Follower", "filter_by": "email", "redact_fields": ["email"]},
	{"doctype": "Field Diagnostic Participant", "strict": True},
	{
		"doctype": "Network Meeting Registration",
		"filter_by": "email",
		"redact_fields": ["participant_name", "organisation"],
	},
	{
		"doctype": "Network Meeting Participant",
		"filter_by": "user",
		"redact_fields": ["participant_name", "organisation"],
	},
	{"doctype": "Network Meeting Participant", "strict": True},
	{"doctype": "Study Trip Participant", "filter_by": "user", "redact_fields": ["participant_name"]},
	{"doctype": "Study Trip Participant", "strict": True},
]

scheduler_events = {
	"daily": [
		"gusp_network.resident_voice.photos.delete_unused_photos",
		"gusp_network.cooperation.agreements.expire_or_renew_agreements",
		# reporters' contact details past GUSP Settings' retention period (resident_voice/retention.py)
		"gusp_network.resident_voice.retention.anonymise_expired_contacts",
	],
}
