"""French demo data for a GUSP resource centre's partner network.

`bench --site SITE execute gusp_network.demo.load` fills a site with a fictional
agglomeration (Val-de-Lys Agglomération, Nord), its communes, priority neighbourhoods (QPV)
and sectors, a tree of themes, about forty network members, the "qui fait quoi" matrix with
a few grey zones, one demo user per role and some forty action sheets spread over the ten
chantiers and every workflow state, and some thirty resident reports.

One module per domain: `directory` (territories, themes, members and their staff, who does
what, grey zones), `workstreams` (action sheets, each chantier's pilot pair) and
`resident_voice` (resident reports); their data is in `data/*.json`, and `common` holds the
seeded generators and the records made so far (`Demo`), shared by the steps. In the data,
`@resource_centre` stands for the member named in GUSP Settings.

Names come from Faker `fr_FR` and `random.Random`, both seeded, so two loads give the same
data. The load runs in one transaction (bench commits at the end) and does nothing when the
demo agglomeration already exists.
"""

import time

import frappe
from frappe import _

from gusp_network.demo.common import DEMO_DOMAIN, DEMO_PASSWORD, Demo
from gusp_network.demo.cooperation import make_cooperation
from gusp_network.demo.directory import (
	AGGLO,
	DEMO_USERS,
	make_grey_zones,
	make_members,
	make_responsibilities,
	make_territories,
	make_themes,
	make_users,
)
from gusp_network.demo.knowledge import make_knowledge
from gusp_network.demo.network_life import make_network_life
from gusp_network.demo.resident_voice import make_resident_reports
from gusp_network.demo.workstreams import fill_workstreams, make_action_sheets


def load() -> None:
	"""Fill the site with the demo network; does nothing if it is already there."""
	if frappe.db.exists("GUSP Territory", AGGLO):
		print("Données de démonstration déjà chargées")
		return
	started = time.monotonic()
	previous_user, previous_mute = frappe.session.user, frappe.flags.mute_emails
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	frappe.local.lang = frappe.db.get_single_value("System Settings", "language") or frappe.local.lang
	try:
		demo = Demo()
		print(f"Territoires : {make_territories(demo)} créés")
		print(f"Thèmes : {make_themes()} créés")
		print(f"Membres du réseau : {make_members(demo)} créés (centre de ressources réutilisé)")
		print(f"Utilisateurs de démonstration : {make_users(demo)} créés")
		print(f"Qui fait quoi : {make_responsibilities()} responsabilités")
		print(f"Zones floues : {make_grey_zones(demo)}")
		sheets = make_action_sheets(demo)
		by_state = ", ".join(f"{_(state)} {count}" for state, count in sheets.items())
		print(f"Fiches actions : {sum(sheets.values())} ({by_state})")
		print(f"Chantiers : {fill_workstreams(demo)} complétés (pilote, binôme d'animation)")
		print(f"Signalements : {make_resident_reports(demo)} (aiguillés comme ceux des habitants)")
		print(f"Coopération : {make_cooperation()}")
		print(f"Vie du réseau : {make_network_life()}")
		print(f"Savoirs partagés : {make_knowledge()}")
	finally:
		frappe.flags.mute_emails = previous_mute
		frappe.set_user(previous_user)
	print(
		f"Données de démonstration chargées en {time.monotonic() - started:.1f} s ; "
		f"comptes *@{DEMO_DOMAIN}, mot de passe « {DEMO_PASSWORD} »"
	)
