app_name = "gusp_network"
app_title = "GUSP Network"
app_publisher = "Centre de ressources GUSP"
app_description = "Outil partagé du réseau partenarial d'un Centre de ressources GUSP"
app_email = "contact@gusp.example"
app_license = "MIT"

# Admin-owned records (roles, workflow, settings, the ten chantiers) are created
# once, if missing; they are not fixtures, so `bench migrate` never reverts an edit.
after_install = "gusp_network.install.after_install"

# One criterion per scoped DocType feeds both hooks (see permissions.py).
permission_query_conditions = {
	"Action Sheet": "gusp_network.permissions.action_sheet_query",
}

has_permission = {
	"Action Sheet": "gusp_network.permissions.action_sheet_has_permission",
	"Network Member": "gusp_network.permissions.network_member_has_permission",
	"Responsibility": "gusp_network.permissions.responsibility_has_permission",
}

add_to_apps_screen = [
	{
		"name": "gusp_network",
		"logo": "/assets/gusp_network/images/gusp-logo.svg",
		"title": "GUSP",
		"route": "/app/gusp",
	}
]
