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

website_route_rules = [
	{"from_route": "/suivi/<key>", "to_route": "report_tracking"},
	{"from_route": "/mes-signalements", "to_route": "my_reports"},
]

# Open311 GeoReport v2 at /open311/v2/ (outside /api/, which Frappe's router owns)
page_renderer = ["gusp_network.integrations.open311.renderer.Open311Renderer"]

portal_menu_items = [
	{"title": "My Reports", "route": "/mes-signalements", "role": "GUSP Resident"},
	{"title": "Report a Problem", "route": "/signalement/new", "role": "GUSP Resident"},
	{"title": "Share a Need or an Idea", "route": "/besoin/new", "role": "GUSP Resident"},
]

# One criterion per scoped DocType feeds both hooks (see permissions.py).
permission_query_conditions = {
	"Action Sheet": "gusp_network.permissions.action_sheet_query",
	"Resident Report": "gusp_network.permissions.resident_report_query",
}

has_permission = {
	"Action Sheet": "gusp_network.permissions.action_sheet_has_permission",
	"Network Member": "gusp_network.permissions.network_member_has_permission",
	"Responsibility": "gusp_network.permissions.responsibility_has_permission",
	"Resident Report": "gusp_network.permissions.resident_report_has_permission",
	"Field Diagnostic": "gusp_network.permissions.field_diagnostic_has_permission",
}

# Routing caches perimeters and tree ancestors until a territory or a theme changes.
doc_events = {
	"GUSP Territory": {
		"on_update": "gusp_network.directory.who_does_what.clear_tree_caches",
		"on_trash": "gusp_network.directory.who_does_what.clear_tree_caches",
		"after_rename": "gusp_network.directory.who_does_what.clear_tree_caches",
	},
	"GUSP Theme": {
		"on_update": "gusp_network.directory.who_does_what.clear_tree_caches",
		"on_trash": "gusp_network.directory.who_does_what.clear_tree_caches",
		"after_rename": "gusp_network.directory.who_does_what.clear_tree_caches",
	},
}

add_to_apps_screen = [
	{
		"name": "gusp_network",
		"logo": "/assets/gusp_network/images/gusp-logo.svg",
		"title": "GUSP",
		"route": "/app/gusp",
	}
]
