"""French demo data for a GUSP resource centre's partner network.

`bench --site SITE execute gusp_network.demo.load` fills a site with a fictional
agglomeration (Val-de-Lys Agglomération, Nord), its communes, priority neighbourhoods (QPV)
and sectors, a tree of themes, about forty network members, the "qui fait quoi" matrix with
a few grey zones, one demo user per role and some forty action sheets spread over the ten
chantiers and every workflow state.

Names come from Faker `fr_FR` and `random.Random`, both seeded, so two loads give the same
data. The load runs in one transaction (bench commits at the end) and does nothing when the
demo agglomeration already exists.
"""

import json
import random
import time
import unicodedata
from datetime import date, timedelta

import frappe
from faker import Faker
from frappe import _
from frappe.model.workflow import get_workflow_name
from frappe.utils.password import update_password

from gusp_network.install import RESOURCE_CENTRE_NAME as CENTRE
from gusp_network.install import WORKFLOW_STATES, ensure_resource_centre

SEED = 2026
DEMO_PASSWORD = "demo-gusp"
DEMO_DOMAIN = "demo.gusp.fr"
AGGLO = "Val-de-Lys Agglomération"  # the demo's EPCI territory and intercommunality member

# email: role
DEMO_USERS = {
	"admin@demo.gusp.fr": "GUSP Admin",
	"centre@demo.gusp.fr": "GUSP Resource Centre",
	"membre@demo.gusp.fr": "GUSP Member",
	"bailleur@demo.gusp.fr": "GUSP Member",
	"manager@demo.gusp.fr": "GUSP Manager",
	"habitant@demo.gusp.fr": "GUSP Resident",
}
RESOURCE_CENTRE_USER = "centre@demo.gusp.fr"
# email: roles besides the one above (the demo admin edits workflows, roles and permissions)
DEMO_EXTRA_ROLES = {"admin@demo.gusp.fr": ["System Manager"]}
# email: (Network Member whose staff they are, job title, F/M for a first name that fits the title);
# the resource centre is the one named in GUSP Settings
DEMO_USER_MEMBERS = {
	"centre@demo.gusp.fr": (CENTRE, "Chargée de mission animation du réseau", "F"),
	"membre@demo.gusp.fr": ("Ville de Lysmont", "Responsable de la gestion urbaine de proximité", "M"),
	"bailleur@demo.gusp.fr": ("Habitat du Nord", "Chargé de gestion urbaine de proximité", "M"),
	"manager@demo.gusp.fr": (AGGLO, "Directrice de la politique de la ville", "F"),
}
# more member staff, named by Faker, emails prenom.nom@demo.gusp.fr
EXTRA_STAFF = [
	("Lys Habitat OPH", "Responsable de secteur", "M"),
	("Flandre Logement", "Gardienne d'immeuble référente", "F"),
	("Ville de Hautmarais", "Cheffe de projet politique de la ville", "F"),
	("Ville de Flandrecourt", "Coordinateur GUSP", "M"),
	("Régie de quartier Lys Services", "Encadrant technique", "M"),
	("Médiation Sociale du Val", "Coordinatrice des médiateurs", "F"),
	("Préfecture — délégué du préfet", "Délégué du préfet", "M"),
	("Centre social Les Tilleuls", "Référente familles", "F"),
]

# The fictional agglomeration: the EPCI is the demo's root, its presence means "already loaded".
REGION = ("Hauts-de-France", "32")
DEPARTMENT = ("Nord", "59")
EPCI = (AGGLO, "245900999")
# commune, INSEE code, postcode, QPV
COMMUNES = [
	("Lysmont", "59901", "59190", ["Les Tilleuls", "La Croix-Rouge", "Bois-Fleuri"]),
	("Hautmarais", "59902", "59193", ["Le Pont-Rompu", "Les Provinces"]),
	("Saint-Aubert-sur-Lys", "59903", "59196", ["Les Hauts-Champs"]),
	("Flandrecourt", "59904", "59197", ["La Briqueterie", "Les Oiseaux"]),
	("Beaulieu-lès-Lys", "59905", "59198", ["Le Moulin", "Les Aviateurs"]),
]
COMMUNE_NAMES = {commune[0] for commune in COMMUNES}
# (west, south, east, north), lon/lat around a fictional centre (3.05, 50.63)
EPCI_BOX = (2.95, 50.58, 3.15, 50.68)

# theme: (service level in days, children {child: service level})
THEMES = {
	"Propreté": (5, {"Dépôts sauvages": 5, "Encombrants": 7, "Tags et graffitis": 10}),
	"Éclairage public": (2, {}),
	"Tranquillité publique": (None, {"Médiation": None, "Occupation des halls": None}),
	"Espaces verts": (15, {}),
	"Gestion locative": (None, {"Parties communes": 7, "Ascenseurs": 3}),
	"Voirie et stationnement": (10, {}),
	"Cadre de vie": (None, {}),
	"Accès aux droits": (None, {}),
	# nobody leads it yet: a report about it opens a grey zone
	"Nuisibles (rats, punaises de lit)": (10, {}),
}

# (name, acronym, member_type, territories); municipalities, social landlords and residents'
# councils are built from COMMUNES, LANDLORDS and RESIDENTS_COUNCILS. A member's themes are those
# of its rows in the "qui fait quoi".
MEMBERS = [
	(AGGLO, "VLA", "Intercommunality", [AGGLO]),
	("Préfecture — délégué du préfet", "DP", "State Service", [AGGLO]),
	("Police nationale", "PN", "State Service", [AGGLO]),
	("DDETS du Nord", "DDETS", "State Service", [DEPARTMENT[0]]),
	("DDTM du Nord", "DDTM", "State Service", [DEPARTMENT[0]]),
	("Éducation nationale — circonscription de Lysmont", "EN", "State Service", ["Lysmont"]),
	("CAF du Nord", "CAF", "Institution", [DEPARTMENT[0]]),
	("France Travail — agence de Lysmont", "FT", "Institution", [AGGLO]),
	("Département du Nord — UTPAS du Val-de-Lys", "CD59", "Institution", [AGGLO]),
	(
		"Régie de quartier Lys Services",
		"RQLS",
		"Association",
		["Les Tilleuls", "La Croix-Rouge", "Bois-Fleuri"],
	),
	("Centre social Les Tilleuls", "CSLT", "Association", ["Les Tilleuls"]),
	("Prévention spécialisée Avenir Jeunes", "APS", "Association", ["Lysmont", "Hautmarais"]),
	("Médiation Sociale du Val", "MSV", "Association", ["Lysmont", "Hautmarais", "Flandrecourt"]),
	("Jardins partagés de la Croix-Rouge", "JPCR", "Association", ["La Croix-Rouge"]),
	("Maison de quartier du Pont-Rompu", "MQPR", "Association", ["Le Pont-Rompu"]),
	("Lys Environnement", "LE", "Association", [AGGLO]),
	("Amicale des locataires des Provinces", "ALP", "Association", ["Les Provinces"]),
	("Ressourcerie du Val-de-Lys", "RVL", "Association", [AGGLO]),
	("Compagnons bâtisseurs du Val", "CBV", "Association", ["Flandrecourt", "Beaulieu-lès-Lys"]),
	("Femmes relais du Val-de-Lys", "FRVL", "Association", ["Flandrecourt", "Beaulieu-lès-Lys"]),
	("Net'Services Propreté", "NSP", "Company", [AGGLO]),
	("Lumière & Réseaux", "L&R", "Company", [AGGLO]),
	("Ascenseurs Flandres Maintenance", "AFM", "Company", [AGGLO]),
	("Cabinet Lys Syndic", "CLS", "Company", ["Les Provinces"]),
]
MEMBER_DESCRIPTIONS = {
	AGGLO: "Pilote du contrat de ville et de la convention de GUSP ; déchets et voirie communautaire.",
	"Préfecture — délégué du préfet": "Crédits politique de la ville, suivi de l'abattement de TFPB.",
	"Police nationale": "Commissariat de Lysmont et brigade de proximité.",
	"DDETS du Nord": "Insertion, hébergement et accès au logement des personnes en difficulté.",
	"DDTM du Nord": "Renouvellement urbain, habitat dégradé et copropriétés en difficulté.",
	"Éducation nationale — circonscription de Lysmont": "Écoles et collèges en éducation prioritaire.",
	"CAF du Nord": "Prestations familiales et sociales, financement des centres sociaux.",
	"France Travail — agence de Lysmont": "Accompagnement vers l'emploi, permanences dans les quartiers.",
	"Département du Nord — UTPAS du Val-de-Lys": "Action sociale, enfance, prévention spécialisée.",
	"Régie de quartier Lys Services": "Entretien des espaces extérieurs et parties communes, en insertion.",
	"Centre social Les Tilleuls": "Accueil, accès aux droits, fonds de participation des habitants.",
	"Prévention spécialisée Avenir Jeunes": "Éducateurs de rue auprès des jeunes de 11 à 25 ans.",
	"Médiation Sociale du Val": "Médiateurs sociaux de jour et de soirée, conflits de voisinage.",
	"Jardins partagés de la Croix-Rouge": "Jardins partagés et animations nature au pied des immeubles.",
	"Maison de quartier du Pont-Rompu": "Activités pour tous les âges, accueil des associations d'habitants.",
	"Lys Environnement": "Sensibilisation au tri, au réemploi et à la nature en ville.",
	"Amicale des locataires des Provinces": "Représentation des locataires auprès des bailleurs.",
	"Ressourcerie du Val-de-Lys": "Collecte, réparation et revente d'objets ; ateliers de réemploi.",
	"Compagnons bâtisseurs du Val": "Auto-réhabilitation accompagnée des logements.",
	"Femmes relais du Val-de-Lys": "Médiation sociale et culturelle, accompagnement des familles.",
	"Net'Services Propreté": "Nettoyage des parties communes sous contrat avec les bailleurs.",
	"Lumière & Réseaux": "Titulaire du marché de maintenance de l'éclairage public.",
	"Ascenseurs Flandres Maintenance": "Maintenance et dépannage des ascenseurs du parc social.",
	"Cabinet Lys Syndic": "Syndic des copropriétés de la résidence des Provinces.",
}
# social landlord, acronym, QPV where it owns housing
LANDLORDS = [
	("Habitat du Nord", "HDN", ["Les Tilleuls", "La Croix-Rouge", "Le Pont-Rompu"]),
	("Lys Habitat OPH", "LHO", ["Les Tilleuls", "Bois-Fleuri", "Les Hauts-Champs"]),
	("Flandre Logement", "FL", ["Les Provinces", "La Briqueterie"]),
	("Le Toit Familial du Val", "TFV", ["Les Oiseaux", "Le Moulin"]),
	("Maisons de la Lys", "MDL", ["Les Aviateurs", "La Croix-Rouge"]),
]
RESIDENTS_COUNCILS = ["Les Tilleuls", "La Croix-Rouge", "Le Pont-Rompu", "Les Hauts-Champs", "La Briqueterie"]
PRIVATE_MEMBERS = {"Cabinet Lys Syndic", "Compagnons bâtisseurs du Val"}

# Who does what. Each municipality on its commune: (theme, land status, role, scope)
MUNICIPALITY_ROLES = [
	("Propreté", "Public Land", "Lead", "Nettoiement des rues, places et espaces publics communaux."),
	("Dépôts sauvages", "Public Land", "Lead", "Enlèvement sur le domaine public, verbalisation."),
	("Tags et graffitis", "Public Land", "Lead", "Effacement sur les bâtiments et le mobilier publics."),
	("Éclairage public", "Public Land", "Lead", "Maintenance de l'éclairage des voies communales."),
	("Espaces verts", "Public Land", "Lead", "Entretien des parcs, squares et plantations."),
	("Cadre de vie", "Any", "Lead", "Coordination de la GUSP dans la commune."),
	("Tranquillité publique", "Public Land", "Contributor", "Police municipale et arrêtés du maire."),
	("Propreté", "Private", "Information", "Mise en demeure des propriétaires de terrains mal entretenus."),
]
# each social landlord leads these themes on its own land in each of its QPV
LANDLORD_THEMES = [
	"Gestion locative",
	"Parties communes",
	"Ascenseurs",
	"Occupation des halls",
	"Propreté",
	"Dépôts sauvages",
	"Tags et graffitis",
	"Espaces verts",
	"Éclairage public",
]
# the other members: (member, territories, theme, land status, role)
RESPONSIBILITIES = [
	(AGGLO, [AGGLO], "Encombrants", "Any", "Lead"),
	(AGGLO, [AGGLO], "Voirie et stationnement", "Public Land", "Lead"),
	(AGGLO, [AGGLO], "Cadre de vie", "Any", "Funder"),
	("Police nationale", [AGGLO], "Tranquillité publique", "Any", "Lead"),
	("Police nationale", ["Lysmont", "Hautmarais"], "Occupation des halls", "Social Landlord", "Contributor"),
	("Préfecture — délégué du préfet", [AGGLO], "Médiation", "Any", "Funder"),
	("Préfecture — délégué du préfet", [AGGLO], "Cadre de vie", "Any", "Information"),
	("DDETS du Nord", [DEPARTMENT[0]], "Accès aux droits", "Any", "Contributor"),
	("DDTM du Nord", [DEPARTMENT[0]], "Voirie et stationnement", "Co-ownership", "Information"),
	("Éducation nationale — circonscription de Lysmont", ["Lysmont"], "Cadre de vie", "Any", "Information"),
	("CAF du Nord", [DEPARTMENT[0]], "Accès aux droits", "Any", "Lead"),
	("France Travail — agence de Lysmont", [AGGLO], "Accès aux droits", "Any", "Contributor"),
	("Département du Nord — UTPAS du Val-de-Lys", [AGGLO], "Médiation", "Any", "Funder"),
	("Département du Nord — UTPAS du Val-de-Lys", [AGGLO], "Accès aux droits", "Any", "Contributor"),
	("Médiation Sociale du Val", ["Lysmont", "Hautmarais", "Flandrecourt"], "Médiation", "Any", "Lead"),
	("Prévention spécialisée Avenir Jeunes", ["Lysmont"], "Tranquillité publique", "Any", "Contributor"),
	(
		"Régie de quartier Lys Services",
		["Les Tilleuls", "Bois-Fleuri"],
		"Propreté",
		"Social Landlord",
		"Contributor",
	),
	("Régie de quartier Lys Services", ["Les Tilleuls"], "Encombrants", "Social Landlord", "Contributor"),
	("Centre social Les Tilleuls", ["Les Tilleuls"], "Accès aux droits", "Any", "Contributor"),
	(
		"Jardins partagés de la Croix-Rouge",
		["La Croix-Rouge"],
		"Espaces verts",
		"Social Landlord",
		"Contributor",
	),
	("Maison de quartier du Pont-Rompu", ["Le Pont-Rompu"], "Cadre de vie", "Any", "Contributor"),
	("Lys Environnement", [AGGLO], "Espaces verts", "Any", "Contributor"),
	(
		"Amicale des locataires des Provinces",
		["Les Provinces"],
		"Gestion locative",
		"Social Landlord",
		"Information",
	),
	("Ressourcerie du Val-de-Lys", [AGGLO], "Encombrants", "Any", "Contributor"),
	("Compagnons bâtisseurs du Val", ["Flandrecourt"], "Gestion locative", "Private", "Contributor"),
	("Femmes relais du Val-de-Lys", ["Flandrecourt", "Beaulieu-lès-Lys"], "Médiation", "Any", "Contributor"),
	(
		"Net'Services Propreté",
		["Les Tilleuls", "Le Pont-Rompu"],
		"Parties communes",
		"Social Landlord",
		"Contributor",
	),
	("Lumière & Réseaux", [AGGLO], "Éclairage public", "Public Land", "Contributor"),
	("Ascenseurs Flandres Maintenance", [AGGLO], "Ascenseurs", "Social Landlord", "Contributor"),
	("Cabinet Lys Syndic", ["Les Provinces"], "Propreté", "Co-ownership", "Lead"),
]
# (member, theme): scope
SCOPES = {
	(AGGLO, "Encombrants"): "Collecte des encombrants sur rendez-vous et tournées mensuelles.",
	(AGGLO, "Voirie et stationnement"): "Voirie communautaire, signalisation et stationnement.",
	(AGGLO, "Cadre de vie"): "Cofinancement des actions GUSP du contrat de ville.",
	("Police nationale", "Tranquillité publique"): "Sécurité publique, interventions, enquêtes.",
	("Police nationale", "Occupation des halls"): "Patrouilles, réquisition des halls par le bailleur.",
	("Préfecture — délégué du préfet", "Médiation"): "Crédits politique de la ville (adultes-relais).",
	("Préfecture — délégué du préfet", "Cadre de vie"): "Suivi des programmes d'abattement de TFPB.",
	("DDETS du Nord", "Accès aux droits"): "Hébergement et accès au logement.",
	("DDTM du Nord", "Voirie et stationnement"): "Appui aux copropriétés en difficulté.",
	("CAF du Nord", "Accès aux droits"): "Ouverture des droits, accueil sur rendez-vous et permanences.",
	("France Travail — agence de Lysmont", "Accès aux droits"): "Permanences emploi de proximité.",
	("Département du Nord — UTPAS du Val-de-Lys", "Médiation"): "Financement de la prévention spécialisée.",
	("Médiation Sociale du Val", "Médiation"): "Médiation de jour et de soirée, conflits de voisinage.",
	("Prévention spécialisée Avenir Jeunes", "Tranquillité publique"): "Présence éducative de rue.",
	("Régie de quartier Lys Services", "Propreté"): "Ramassage des déchets diffus sur les extérieurs.",
	("Régie de quartier Lys Services", "Encombrants"): "Sortie des encombrants des locaux du bailleur.",
	("Centre social Les Tilleuls", "Accès aux droits"): "Accompagnement aux démarches en ligne.",
	("Jardins partagés de la Croix-Rouge", "Espaces verts"): "Entretien des parcelles partagées.",
	("Lys Environnement", "Espaces verts"): "Animations nature et jardinage avec les habitants.",
	("Ressourcerie du Val-de-Lys", "Encombrants"): "Collecte des objets réutilisables.",
	("Compagnons bâtisseurs du Val", "Gestion locative"): "Auto-réhabilitation accompagnée.",
	("Femmes relais du Val-de-Lys", "Médiation"): "Accompagnement des familles, interprétariat.",
	("Net'Services Propreté", "Parties communes"): "Nettoyage des halls et escaliers pour Habitat du Nord.",
	("Lumière & Réseaux", "Éclairage public"): "Réparation des points lumineux sous 48 heures.",
	("Ascenseurs Flandres Maintenance", "Ascenseurs"): "Dépannage des ascenseurs 24 h/24.",
	("Cabinet Lys Syndic", "Propreté"): "Entretien des parties communes des copropriétés.",
}
# (member, theme): limits
LIMITS = {
	(AGGLO, "Encombrants"): "Pas d'enlèvement dans les caves ni les parties communes.",
	(AGGLO, "Voirie et stationnement"): "Voies privées non rétrocédées exclues.",
	("Police nationale", "Tranquillité publique"): "Pas de présence permanente dans les halls.",
	("Médiation Sociale du Val", "Médiation"): "Pas de mission de sécurité.",
	("Prévention spécialisée Avenir Jeunes", "Tranquillité publique"): "Libre adhésion, anonymat.",
}

# (theme, QPV, land status, under discussion, description, members involved): themes of a QPV left
# without a lead; those not yet under discussion keep the status field's default
UNDER_DISCUSSION = "Under Discussion"
GREY_ZONES = [
	(
		"Dépôts sauvages",
		"La Croix-Rouge",
		"Any",
		False,
		"Dépôts récurrents sur la bande de terrain entre le trottoir communal et les résidences : la limite "
		"entre domaine public et terrain du bailleur n'est pas connue des équipes.",
		["Ville de Lysmont", "Habitat du Nord", "Maisons de la Lys"],
	),
	(
		"Occupation des halls",
		"Le Pont-Rompu",
		"Social Landlord",
		True,
		"Occupation nocturne des halls : le bailleur, la police et la médiation se renvoient la réponse.",
		["Habitat du Nord", "Police nationale", "Médiation Sociale du Val", "Ville de Hautmarais"],
	),
	(
		"Espaces verts",
		"Les Provinces",
		"Co-ownership",
		False,
		"Espaces extérieurs de la copropriété restés sans gestionnaire depuis la résidentialisation.",
		["Cabinet Lys Syndic", "Ville de Hautmarais", "Flandre Logement"],
	),
	(
		"Éclairage public",
		"Les Oiseaux",
		"Social Landlord",
		True,
		"Voies internes du bailleur ouvertes à la circulation mais jamais rétrocédées : qui répare "
		"l'éclairage ?",
		["Le Toit Familial du Val", "Ville de Flandrecourt", "Lumière & Réseaux"],
	),
]

# chantier: [(title, lead member, territories, themes)]
ACTION_SHEETS = {
	1: [
		("Annuaire partagé des acteurs du quartier des Tilleuls", CENTRE, ["Les Tilleuls"], []),
		("Cartographie « qui fait quoi » de la propreté par domanialité", AGGLO, [AGGLO], ["Propreté"]),
		("Traitement collectif des zones floues de compétences", CENTRE, [AGGLO], []),
		(
			"Fiches pratiques co-rédigées : encombrants et dépôts sauvages",
			"Ville de Lysmont",
			["Lysmont"],
			["Encombrants", "Dépôts sauvages"],
		),
		(
			"Guide de l'habitant : à qui s'adresser dans mon quartier ?",
			"Ville de Hautmarais",
			["Le Pont-Rompu", "Les Provinces"],
			["Cadre de vie"],
		),
	],
	2: [
		("Newsletter trimestrielle du réseau alimentée par les partenaires", CENTRE, [AGGLO], []),
		(
			"Micro-trottoirs avec les élus à la Croix-Rouge",
			"Ville de Lysmont",
			["La Croix-Rouge"],
			["Cadre de vie"],
		),
		(
			"Exposition photo « Les métiers du quotidien » au Pont-Rompu",
			"Maison de quartier du Pont-Rompu",
			["Le Pont-Rompu"],
			[],
		),
		("Vidéos courtes sur les actions GUSP réussies", AGGLO, [AGGLO], []),
	],
	3: [
		("Rencontres multi-acteurs trimestrielles du Val-de-Lys", CENTRE, [AGGLO], []),
		("Charte de coopération GUSP du quartier des Tilleuls", "Ville de Lysmont", ["Les Tilleuls"], []),
		(
			"Petit-déjeuner d'interconnaissance des gardiens et agents de proximité",
			"Habitat du Nord",
			["Lysmont"],
			["Gestion locative"],
		),
		("Formation commune « La GUSP, c'est quoi ? » pour les nouveaux professionnels", CENTRE, [AGGLO], []),
	],
	4: [
		(
			"Projet pilote : résidentialisation concertée de Bois-Fleuri",
			"Lys Habitat OPH",
			["Bois-Fleuri"],
			["Espaces verts", "Parties communes"],
		),
		("Réseau des référents transversalité par organisation", AGGLO, [AGGLO], []),
		(
			"Réunions tri-services ville – bailleur – police aux Hauts-Champs",
			"Ville de Saint-Aubert-sur-Lys",
			["Les Hauts-Champs"],
			["Tranquillité publique"],
		),
		(
			"Convention de gestion des espaces extérieurs des Provinces",
			"Flandre Logement",
			["Les Provinces"],
			["Espaces verts"],
		),
	],
	5: [
		("Outil partagé de suivi des signalements GUSP", AGGLO, [AGGLO], []),
		(
			"Cellule de veille mensuelle du quartier des Oiseaux",
			"Ville de Flandrecourt",
			["Les Oiseaux"],
			["Tranquillité publique"],
		),
		("Un pilote par thématique au Moulin", "Ville de Beaulieu-lès-Lys", ["Le Moulin"], []),
		(
			"Retours d'expérience partagés après les chantiers d'été",
			"Régie de quartier Lys Services",
			["Lysmont"],
			["Propreté"],
		),
	],
	6: [
		("Voyage d'étude sur la gestion des encombrants en Belgique", CENTRE, [AGGLO], ["Encombrants"]),
		("Binômes d'animation thématiques réseau – centre de ressources", CENTRE, [AGGLO], []),
		(
			"Cycle de formations inspirées de l'éducation populaire",
			"Centre social Les Tilleuls",
			["Les Tilleuls"],
			[],
		),
		("Recueil annuel des besoins des acteurs de terrain", CENTRE, [AGGLO], []),
	],
	7: [
		("Séminaire annuel « Faire ensemble » de la GUSP", CENTRE, [AGGLO], []),
		(
			"Plan propreté co-construit avec les habitants de la Briqueterie",
			"Flandre Logement",
			["La Briqueterie"],
			["Propreté"],
		),
		("Évaluation partagée de la collecte des encombrants", AGGLO, [AGGLO], ["Encombrants"]),
		(
			"Opération « Quartier propre » aux Aviateurs",
			"Maisons de la Lys",
			["Les Aviateurs"],
			["Propreté", "Dépôts sauvages"],
		),
	],
	8: [
		("Plaidoyer collectif pour des moyens GUSP pérennes", CENTRE, [AGGLO], []),
		(
			"Bilan partagé de l'abattement de TFPB présenté aux élus",
			"Préfecture — délégué du préfet",
			[AGGLO],
			["Gestion locative"],
		),
		(
			"Recueil de « savoir chaud » : témoignages d'habitants pour le comité de pilotage",
			"Conseil citoyen des Tilleuls",
			["Les Tilleuls"],
			["Cadre de vie"],
		),
		("Séminaire élus – techniciens sur la prévention", AGGLO, [AGGLO], []),
	],
	9: [
		("Observatoire des pratiques GUSP du Val-de-Lys", CENTRE, [AGGLO], []),
		("Boîte à outils en ligne des méthodes GUSP", CENTRE, [AGGLO], []),
		(
			"Ateliers d'échange de pratiques entre gardiens d'immeuble",
			"Lys Habitat OPH",
			["Les Tilleuls", "Les Hauts-Champs"],
			["Parties communes"],
		),
		("Échanges avec un centre de ressources d'un autre territoire", CENTRE, [AGGLO], []),
	],
	10: [
		(
			"Diagnostic en marchant avec les élus",
			"Ville de Lysmont",
			["Les Tilleuls", "La Croix-Rouge"],
			["Cadre de vie", "Éclairage public"],
		),
		(
			"Permanences mobiles d'aller-vers au pied des immeubles",
			"Médiation Sociale du Val",
			["Le Pont-Rompu"],
			["Médiation"],
		),
		(
			"Remontée des besoins des habitants par les conseils citoyens",
			"Conseil citoyen de la Croix-Rouge",
			["La Croix-Rouge"],
			[],
		),
		(
			"Veille sur les signaux faibles aux Aviateurs",
			"Ville de Beaulieu-lès-Lys",
			["Les Aviateurs"],
			["Tranquillité publique"],
		),
		(
			"Présence de terrain conjointe des gardiens et des médiateurs",
			"Habitat du Nord",
			["Le Pont-Rompu", "Les Tilleuls"],
			["Médiation", "Parties communes"],
		),
	],
}

# chantier: (why, target public, steps, indicators (name, unit, baseline, target))
CHANTIER_CONTEXT = {
	1: (
		"Les partenaires et les habitants ne savent pas toujours qui intervient selon le lieu et le sujet.",
		"Professionnels du réseau, habitants, élus",
		[
			"Recenser les acteurs et leurs compétences",
			"Valider le contenu en groupe de travail",
			"Mettre en forme et publier",
			"Présenter l'outil en rencontre du réseau",
			"Mettre à jour tous les six mois",
		],
		[("Acteurs recensés", "acteurs", 0, 60), ("Consultations de l'annuaire", "visites / mois", 0, 200)],
	),
	2: (
		"Les actions réussies restent peu connues au-delà de ceux qui les portent.",
		"Partenaires, élus, habitants",
		[
			"Collecter les contributions des partenaires",
			"Choisir les supports",
			"Produire les contenus",
			"Diffuser",
			"Mesurer l'audience",
		],
		[("Contributions reçues", "contributions", 0, 20), ("Destinataires", "personnes", 50, 400)],
	),
	3: (
		"Le réseau doit passer d'une addition d'acteurs à un collectif qui se connaît et agit ensemble.",
		"Professionnels du réseau",
		[
			"Fixer le calendrier",
			"Préparer les contenus avec un groupe de partenaires",
			"Animer la rencontre",
			"Diffuser le compte rendu",
			"Évaluer avec les participants",
		],
		[("Participants", "personnes", 0, 60), ("Organisations représentées", "organisations", 0, 25)],
	),
	4: (
		"Sortir des silos par des projets concrets portés à plusieurs institutions.",
		"Services techniques, bailleurs, services de l'État",
		[
			"Constituer l'équipe projet interinstitutionnelle",
			"Désigner les référents",
			"Établir le plan d'action commun",
			"Mettre en œuvre la première phase",
			"Faire le bilan",
		],
		[("Organisations engagées", "organisations", 1, 6), ("Réunions tri-services", "réunions", 0, 10)],
	),
	5: (
		"Mieux articuler les interventions de terrain grâce à un pilote identifié et des outils partagés.",
		"Équipes de terrain et encadrants",
		[
			"Cartographier les circuits existants",
			"Désigner un pilote par thématique",
			"Tester l'outil",
			"Former les utilisateurs",
			"Évaluer après six mois",
		],
		[("Délai moyen de traitement", "jours", 21, 10), ("Signalements suivis", "signalements", 0, 300)],
	),
	6: (
		"Faire vivre le réseau dans la durée et s'inspirer d'autres territoires.",
		"Membres du réseau",
		[
			"Recueillir les attentes",
			"Construire le programme",
			"Organiser la logistique",
			"Réaliser l'action",
			"Capitaliser les enseignements",
		],
		[("Participants", "personnes", 0, 30), ("Satisfaction", "%", 0, 85)],
	),
	7: (
		"Répondre ensemble à des problèmes récurrents que personne ne peut régler seul.",
		"Partenaires, associations, habitants",
		[
			"Partager le diagnostic avec les habitants",
			"Répartir les rôles",
			"Signer les engagements",
			"Mettre en œuvre",
			"Évaluer ensemble",
		],
		[("Habitants mobilisés", "personnes", 0, 80), ("Engagements tenus", "%", 0, 90)],
	),
	8: (
		"Porter les enjeux de la GUSP auprès des élus pour sécuriser les moyens.",
		"Élus, directions générales, financeurs",
		[
			"Rassembler les données et témoignages",
			"Rédiger la note de plaidoyer",
			"Présenter aux élus",
			"Suivre les engagements pris",
		],
		[("Élus rencontrés", "élus", 0, 15), ("Financements obtenus", "€", 0, 50000)],
	),
	9: (
		"Capitaliser ce qui marche pour sortir de l'expérimentation permanente.",
		"Professionnels du réseau",
		[
			"Recenser les pratiques",
			"Rédiger les fiches",
			"Relire en comité",
			"Publier sur le portail",
			"Organiser un temps d'échange",
		],
		[("Fiches pratiques publiées", "fiches", 0, 15), ("Téléchargements", "téléchargements", 0, 300)],
	),
	10: (
		"Rester au plus près des besoins des habitants et repérer les signaux faibles.",
		"Habitants, élus, équipes de proximité",
		[
			"Préparer le parcours avec les habitants",
			"Réaliser la sortie de terrain",
			"Transformer les constats " "en signalements",
			"Restituer aux habitants",
			"Suivre les réponses apportées",
		],
		[("Constats relevés", "constats", 0, 40), ("Constats traités", "%", 0, 80)],
	),
}

RESOURCE_CENTRE_ROLES = [
	"Animation des réunions et secrétariat du groupe de travail",
	"Apport méthodologique et outils d'animation",
	"Capitalisation et diffusion dans le réseau",
	"Mise en relation des partenaires",
	"Appui à l'évaluation partagée",
]
OBJECTIVES = [
	"Clarifier le rôle de chaque partenaire.",
	"Réduire les délais de réponse aux habitants.",
	"Associer les habitants à chaque étape.",
	"Produire un résultat visible dans l'année.",
	"Outiller les équipes de terrain.",
	"Partager les enseignements avec tout le réseau.",
]
RESIDENT_PARTICIPATION = [
	"Le conseil citoyen est associé au comité de suivi.",
	"Questionnaire en porte-à-porte avec les médiateurs.",
	"Balade urbaine ouverte à tous les habitants.",
	"Ateliers de co-construction au centre social.",
	"À construire avec le conseil citoyen.",
]
COMMITMENTS = {
	"Co-lead": "Co-anime le groupe projet et partage le pilotage.",
	"Partner": "Participe aux réunions et mobilise ses équipes de terrain.",
	"Funder": "Cofinance l'action.",
	"Expertise": "Apporte son expertise technique.",
	"Information": "Est tenu informé de l'avancement.",
}
# member type: what it funds an action with
FUNDING = {
	"Municipality": "Fonds de participation des habitants",
	"Intercommunality": "Crédits du contrat de ville",
	"Social Landlord": "Abattement de TFPB — animation du lien social",
	"State Service": "Crédits politique de la ville",
	"Institution": "Subvention de fonctionnement",
}
PARTNER_ROLES = ["Partner", "Partner", "Partner", "Co-lead", "Funder", "Expertise", "Information"]

# chantier: (pilot, facilitation member)
WORKSTREAM_PILOTS = {
	1: (AGGLO, "Ville de Lysmont"),
	2: ("Ville de Lysmont", "Maison de quartier du Pont-Rompu"),
	3: (AGGLO, "Centre social Les Tilleuls"),
	4: ("Lys Habitat OPH", "Ville de Hautmarais"),
	5: (AGGLO, "Habitat du Nord"),
	6: ("Centre social Les Tilleuls", "Médiation Sociale du Val"),
	7: ("Flandre Logement", "Régie de quartier Lys Services"),
	8: ("Préfecture — délégué du préfet", AGGLO),
	9: ("Lys Habitat OPH", "Lys Environnement"),
	10: ("Ville de Lysmont", "Conseil citoyen des Tilleuls"),
}

# dates are fixed so that the data stays the same whatever day it is loaded
REFERENCE_DATE = date(2026, 11, 15)
# workflow state: (earliest start, latest start, shortest and longest duration in days)
STATE_DATES = {
	"Draft": (date(2027, 1, 5), date(2027, 4, 1), 120, 300),
	"Proposed": (date(2026, 12, 1), date(2027, 3, 1), 120, 300),
	"Approved": (date(2026, 11, 20), date(2027, 2, 1), 150, 330),
	"In Progress": (date(2026, 5, 15), date(2026, 10, 1), 240, 420),
	"Completed": (date(2026, 5, 4), date(2026, 7, 1), 60, 130),
	"Abandoned": (date(2026, 6, 1), date(2026, 9, 1), 180, 300),
}
# a repeating pattern so that every state appears in every few sheets
STATE_PATTERN = [
	"In Progress",
	"Draft",
	"Approved",
	"Completed",
	"Proposed",
	"In Progress",
	"Abandoned",
	"Proposed",
	"In Progress",
	"Approved",
	"Completed",
]


class Demo:
	"""The records made so far, shared by the steps."""

	def __init__(self):
		self.fake = Faker("fr_FR")
		self.fake.seed_instance(SEED)
		self.rng = random.Random(SEED)
		self.parents = {}  # territory: parent territory
		self.members = {}  # member: its territories
		self.member_types = {}  # member: its member_type
		self.staff = {}  # member: its users
		self.resource_centre = CENTRE


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
	finally:
		frappe.flags.mute_emails = previous_mute
		frappe.set_user(previous_user)
	print(
		f"Données de démonstration chargées en {time.monotonic() - started:.1f} s ; "
		f"comptes *@{DEMO_DOMAIN}, mot de passe « {DEMO_PASSWORD} »"
	)


# Territories


def make_territories(demo: Demo) -> int:
	created = 0
	created += add_territory(demo, REGION[0], "Region", REGION[1], None, is_group=1)
	created += add_territory(demo, DEPARTMENT[0], "Department", DEPARTMENT[1], REGION[0], is_group=1)
	created += add_territory(demo, AGGLO, "EPCI", EPCI[1], DEPARTMENT[0], EPCI_BOX, is_group=1)
	qpv_number = 80
	for (commune, insee, _postcode, qpvs), box in zip(COMMUNES, grid(EPCI_BOX, 3, 2), strict=False):
		box = inset(box, 0.06)
		created += add_territory(demo, commune, "Commune", insee, AGGLO, box, is_group=1)
		for qpv, qpv_box in zip(qpvs, split(inset(box, 0.12), len(qpvs), "lon"), strict=True):
			qpv_number += 1
			qpv_box = inset(qpv_box, 0.1)
			code = f"QN059{qpv_number:02d}M"
			created += add_territory(demo, qpv, "QPV", code, commune, qpv_box, is_group=1)
			axis = demo.rng.choice(["lat", "lon"])
			halves = ("Sud", "Nord") if axis == "lat" else ("Ouest", "Est")
			for i, (half, sector_box) in enumerate(zip(halves, split(qpv_box, 2, axis), strict=True)):
				sector = f"{qpv} {half}"
				created += add_territory(
					demo, sector, "Sector", f"{code}-{i + 1}", qpv, inset(sector_box, 0.05)
				)
	return created


def add_territory(demo: Demo, name, territory_type, code, parent, box=None, is_group=0) -> int:
	demo.parents[name] = parent
	if frappe.db.exists("GUSP Territory", name):
		return 0
	frappe.get_doc(
		{
			"doctype": "GUSP Territory",
			"territory_name": name,
			"territory_type": territory_type,
			"code": code,
			"parent_gusp_territory": parent,
			"is_group": is_group,
			"geolocation": geojson_rectangle(box) if box else None,
		}
	).insert()
	return 1


def grid(box, columns, rows):
	"""The cells of a box, row by row from the north-west."""
	return [cell for row in reversed(split(box, rows, "lat")) for cell in split(row, columns, "lon")]


def split(box, parts, axis):
	"""A box cut into equal parts along longitude ("lon", west to east) or latitude ("lat")."""
	west, south, east, north = box
	if axis == "lon":
		step = (east - west) / parts
		return [(west + i * step, south, west + (i + 1) * step, north) for i in range(parts)]
	step = (north - south) / parts
	return [(west, south + i * step, east, south + (i + 1) * step) for i in range(parts)]


def inset(box, fraction):
	"""A box shrunk on each side by a fraction of its size, so that it lies inside the original."""
	west, south, east, north = box
	dx, dy = (east - west) * fraction, (north - south) * fraction
	return (west + dx, south + dy, east - dx, north - dy)


def geojson_rectangle(box) -> str:
	west, south, east, north = (round(value, 5) for value in box)
	ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
	feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
	return json.dumps({"type": "FeatureCollection", "features": [feature]})


# Themes


def make_themes() -> int:
	created = 0
	for theme, (days, children) in THEMES.items():
		created += add_theme(theme, days, None, is_group=1 if children else 0)
		for child, child_days in children.items():
			created += add_theme(child, child_days, theme)
	return created


def add_theme(name, service_level_days, parent, is_group=0) -> int:
	if frappe.db.exists("GUSP Theme", name):
		return 0
	frappe.get_doc(
		{
			"doctype": "GUSP Theme",
			"theme_name": name,
			"service_level_days": service_level_days,
			"parent_gusp_theme": parent,
			"is_group": is_group,
		}
	).insert()
	return 1


# Network members


def make_members(demo: Demo) -> int:
	demo.resource_centre = frappe.db.get_single_value("GUSP Settings", "resource_centre")
	if not demo.resource_centre:
		ensure_resource_centre()
		demo.resource_centre = frappe.db.get_single_value("GUSP Settings", "resource_centre")
	demo.members[demo.resource_centre] = [AGGLO]

	members = []  # (name, acronym, member_type, territories, description)
	for commune, _insee, _postcode, qpvs in COMMUNES:
		description = (
			f"Commune de {commune} : propreté et éclairage du domaine public, espaces verts, police "
			f"municipale. Quartiers prioritaires : {', '.join(qpvs)}."
		)
		members.append((f"Ville de {commune}", None, "Municipality", [commune], description))
	for landlord, acronym, qpvs in LANDLORDS:
		description = f"Bailleur social présent dans les quartiers {', '.join(qpvs)}."
		members.append((landlord, acronym, "Social Landlord", qpvs, description))
	for qpv in RESIDENTS_COUNCILS:
		description = f"Habitants et acteurs locaux du quartier {qpv}, associés au contrat de ville."
		members.append((residents_council(qpv), "CC", "Residents' Council", [qpv], description))
	for name, acronym, member_type, territories in MEMBERS:
		members.append((name, acronym, member_type, territories, MEMBER_DESCRIPTIONS[name]))

	themes = {}  # member: the themes of its rows in the "qui fait quoi", in order
	for member, _territory, theme, *_rest in who_does_what():
		themes.setdefault(member, {})[theme] = None
	created = 0
	for name, acronym, member_type, territories, description in members:
		created += add_member(demo, name, acronym, member_type, territories, list(themes[name]), description)
	return created


def add_member(demo: Demo, name, acronym, member_type, territories, themes, description) -> int:
	demo.members[name] = territories
	demo.member_types[name] = member_type
	fake = demo.fake
	slug = slugify(acronym if acronym and len(acronym) > 3 else name)
	commune = next(
		(t for t in [*territories, *map(demo.parents.get, territories)] if t in COMMUNE_NAMES), None
	)
	commune, _insee, postcode, _qpvs = next((c for c in COMMUNES if c[0] == commune), COMMUNES[0])
	values = {
		"doctype": "Network Member",
		"member_name": name,
		"acronym": acronym,
		"member_type": member_type,
		"is_public": 0 if name in PRIVATE_MEMBERS else 1,
		# reserved top-level domain (RFC 2606): a demo site must never mail real organisations
		"email": f"{fake.random_element(['contact', 'accueil', 'gusp', 'proximite'])}@{slug}.example",
		"website": f"https://www.{slug}.example",
		"phone": f"03 20 {fake.numerify('## ## ##')}",
		"address": f"{fake.street_address()}\n{postcode} {commune}",
		"description": f"<p>{description}</p>",
		"territories": [{"territory": territory} for territory in territories],
		"themes": [{"theme": theme} for theme in themes],
	}
	if frappe.db.exists("Network Member", name):
		return 0
	frappe.get_doc(values).insert()
	return 1


def residents_council(qpv: str) -> str:
	return f"Conseil citoyen {of_place(qpv)}"


def of_place(name: str) -> str:
	"""'des Tilleuls', 'du Pont-Rompu', 'de la Croix-Rouge'."""
	for article, contracted in (("Les ", "des "), ("Le ", "du "), ("La ", "de la "), ("L'", "de l'")):
		if name.startswith(article):
			return contracted + name[len(article) :]
	return f"de {name}"


def slugify(text: str, separator: str = "-") -> str:
	ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
	words = "".join(c if c.isalnum() else " " for c in ascii_text).split()
	return separator.join(words)


# Users


def make_users(demo: Demo) -> int:
	created = 0
	for email, role in DEMO_USERS.items():
		member, job_title, gender = DEMO_USER_MEMBERS.get(email, (None, None, None))
		first_name, last_name = person_name(demo.fake, gender)
		created += add_user(email, first_name, last_name, [role, *DEMO_EXTRA_ROLES.get(email, [])])
		if member:
			add_staff(demo, demo.resource_centre if member == CENTRE else member, email, job_title)
	used = set(DEMO_USERS)
	for member, job_title, gender in EXTRA_STAFF:
		first_name, last_name = person_name(demo.fake, gender)
		email = f"{slugify(first_name)}.{slugify(last_name)}@{DEMO_DOMAIN}"
		while email in used:
			email = email.replace("@", f"{demo.fake.random_digit()}@", 1)
		used.add(email)
		created += add_user(email, first_name, last_name, ["GUSP Member"])
		add_staff(demo, member, email, job_title, referent=True)
	return created


def person_name(fake: Faker, gender: str | None) -> tuple[str, str]:
	first_name = {"F": fake.first_name_female, "M": fake.first_name_male}.get(gender, fake.first_name)()
	return first_name, fake.last_name()


def add_user(email, first_name, last_name, roles) -> int:
	if frappe.db.exists("User", email):
		return 0
	website_user = not frappe.db.exists("Role", {"name": ("in", roles), "desk_access": 1})
	frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": first_name,
			"last_name": last_name,
			"language": "fr",
			"send_welcome_email": 0,
			"user_type": "Website User" if website_user else "System User",
			"roles": [{"role": role} for role in roles],
		}
	).insert()
	update_password(email, DEMO_PASSWORD)
	return 1


def add_staff(demo: Demo, member, user, job_title, referent=False) -> None:
	demo.staff.setdefault(member, []).append(user)
	doc = frappe.get_doc("Network Member", member)
	if any(row.user == user for row in doc.users):
		return
	if frappe.db.exists("Network Member User", {"user": user, "parenttype": "Network Member"}):
		return  # already in another organisation
	full_name = frappe.db.get_value("User", user, "full_name")
	doc.append("users", {"user": user, "full_name": full_name, "job_title": job_title})
	if referent and not doc.transversality_referent:
		doc.transversality_referent = user
	doc.save()


# Who does what


def who_does_what() -> list[tuple]:
	"""Rows (member, territory, theme, land status, role, scope, limits), leaving a few themes of a
	QPV to the grey zones."""
	rows = []
	for commune, *_rest in COMMUNES:
		for theme, land_status, role, scope in MUNICIPALITY_ROLES:
			limits = (
				"Hors terrains des bailleurs et des copropriétés." if land_status == "Public Land" else ""
			)
			rows.append((f"Ville de {commune}", commune, theme, land_status, role, scope, limits))
	grey = {(theme, qpv): land_status for theme, qpv, land_status, *_rest in GREY_ZONES}
	for landlord, _acronym, qpvs in LANDLORDS:
		for qpv in qpvs:
			for theme in LANDLORD_THEMES:
				if grey.get((theme, qpv)) in ("Any", "Social Landlord"):
					continue  # nobody leads here: a grey zone
				scope = f"{theme} sur le patrimoine du bailleur."
				rows.append((landlord, qpv, theme, "Social Landlord", "Lead", scope, "Hors domaine public."))
	for qpv in RESIDENTS_COUNCILS:
		scope = "Relaie la parole des habitants, informé des réponses apportées."
		rows.append((residents_council(qpv), qpv, "Cadre de vie", "Any", "Information", scope, ""))
	for member, territories, theme, land_status, role in RESPONSIBILITIES:
		scope, limits = SCOPES.get((member, theme), ""), LIMITS.get((member, theme), "")
		rows += [(member, territory, theme, land_status, role, scope, limits) for territory in territories]
	return rows


def make_responsibilities() -> int:
	created, seen = 0, set()
	for member, territory, theme, land_status, role, scope, limits in who_does_what():
		key = {
			"theme": theme,
			"territory": territory,
			"land_status": land_status,
			"network_member": member,
			"role": role,
		}
		if tuple(key.values()) in seen or frappe.db.exists("Responsibility", key):
			continue
		seen.add(tuple(key.values()))
		frappe.get_doc({"doctype": "Responsibility", **key, "scope": scope, "limits": limits}).insert()
		created += 1
	return created


def make_grey_zones(demo: Demo) -> int:
	status_field = frappe.get_meta("Grey Zone").get_field("status")
	options = status_field.options.split("\n")
	new_status = status_field.default or options[0]  # a zone nobody has taken up yet
	discussed = UNDER_DISCUSSION if UNDER_DISCUSSION in options else new_status
	created = 0
	for i, (theme, qpv, land_status, under_discussion, description, involved) in enumerate(GREY_ZONES):
		if frappe.db.exists("Grey Zone", {"theme": theme, "territory": qpv, "land_status": land_status}):
			continue
		frappe.get_doc(
			{
				"doctype": "Grey Zone",
				"theme": theme,
				"territory": qpv,
				"land_status": land_status,
				"status": discussed if under_discussion else new_status,
				"origin": "Manual",
				"raised_by": demo.resource_centre if i % 2 else involved[0],
				"opened_on": date(2026, 6, 10) + timedelta(days=23 * i),
				"description": description,
				"members_involved": [{"network_member": member} for member in involved],
			}
		).insert()
		created += 1
	return created


# Action sheets


def make_action_sheets(demo: Demo) -> dict[str, int]:
	"""Sheets in every workflow state: inserted in the first state, then moved (demo data only)."""
	workflow_states = [
		row.state for row in frappe.get_doc("Workflow", get_workflow_name("Action Sheet")).states
	]
	initial_state = workflow_states[0]
	counts = {state: 0 for state in WORKFLOW_STATES if state in workflow_states}
	index = 0
	for number, sheets in ACTION_SHEETS.items():
		workstream = frappe.db.get_value("Workstream", {"number": number})
		for title, lead, territories, themes in sheets:
			state = STATE_PATTERN[index % len(STATE_PATTERN)]
			state = state if state in counts else initial_state
			index += 1
			lead = demo.resource_centre if lead == CENTRE else lead
			doc = frappe.get_doc(
				action_sheet_values(demo, number, workstream, title, lead, territories, themes, state)
			)
			doc.workflow_state = initial_state
			doc.insert()
			if state != initial_state:
				frappe.db.set_value("Action Sheet", doc.name, "workflow_state", state, update_modified=False)
			counts[state] = counts.get(state, 0) + 1
	return counts


def action_sheet_values(demo: Demo, number, workstream, title, lead, territories, themes, state) -> dict:
	rng = demo.rng
	why, target_public, step_pool, indicator_pool = CHANTIER_CONTEXT[number]
	earliest, latest, shortest, longest = STATE_DATES[state]
	start = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
	end = start + timedelta(days=rng.randint(shortest, longest))
	partners = pick_partners(demo, lead, territories)
	places = ", ".join(territories)
	carried_by = ", ".join([lead, *(p["network_member"] for p in partners)])
	return {
		"doctype": "Action Sheet",
		"title": title,
		"workstream": workstream,
		"priority": rng.choice(["Low", "Medium", "Medium", "High"]),
		"is_pilot_project": int(number == 4 or rng.random() < 0.15),
		"is_public": int(state in ("Approved", "In Progress", "Completed") and rng.random() < 0.85),
		"lead_member": lead,
		"lead_user": rng.choice(demo.staff[lead]) if demo.staff.get(lead) and rng.random() < 0.8 else None,
		"start_date": start,
		"end_date": end,
		"description": f"<p>{why}</p><p>Territoires : {places}. Portée par {carried_by}.</p>",
		"objectives": "\n".join(rng.sample(OBJECTIVES, 2)),
		"target_public": target_public,
		"territories": [{"territory": territory} for territory in territories],
		"themes": [{"theme": theme} for theme in themes],
		"partners": partners,
		"resource_centre_role": "\n".join(rng.sample(RESOURCE_CENTRE_ROLES, 2)),
		"resources": make_resources(demo, lead, partners),
		"steps": make_steps(demo, step_pool, lead, partners, start, end, state),
		"indicators": make_indicators(demo, indicator_pool, state),
		"resident_participation": rng.choice(RESIDENT_PARTICIPATION),
	}


def pick_partners(demo: Demo, lead, territories) -> list[dict]:
	"""Two to four members working on the sheet's territories, never the lead."""

	def ancestors(territory):
		while territory:
			yield territory
			territory = demo.parents.get(territory)

	def concerned(member_territories):
		return any(
			mine in ancestors(theirs) or theirs in ancestors(mine)
			for mine in member_territories
			for theirs in territories
		)

	pool = sorted(member for member, mine in demo.members.items() if member != lead and concerned(mine))
	chosen = demo.rng.sample(pool, min(len(pool), demo.rng.randint(2, 4)))
	partners = []
	for member in chosen:
		role = demo.rng.choice(PARTNER_ROLES)
		partners.append({"network_member": member, "role": role, "commitment": COMMITMENTS[role]})
	return partners


def make_resources(demo: Demo, lead, partners) -> list[dict]:
	rng = demo.rng
	funders = [p["network_member"] for p in partners if p["role"] == "Funder"]
	resources = [
		{
			"resource_type": "Human",
			"description": f"Temps de chargé·e de mission ({rng.choice(['0,1', '0,2', '0,3'])} ETP)",
			"amount": 0,
			"provided_by": lead,
		}
	]
	for funder in funders or [lead]:
		resources.append(
			{
				"resource_type": "Financial",
				"description": FUNDING.get(demo.member_types.get(funder), "Fonds propres"),
				"amount": rng.randrange(1000, 25000, 500),
				"provided_by": funder,
			}
		)
	if rng.random() < 0.5:
		resources.append(
			{
				"resource_type": "Material",
				"description": rng.choice(
					[
						"Prêt de salle et de matériel d'animation",
						"Véhicule et outillage",
						"Impression des supports",
					]
				),
				"amount": 0,
				"provided_by": rng.choice([lead, *(p["network_member"] for p in partners)]),
			}
		)
	return resources


def make_steps(demo: Demo, step_pool, lead, partners, start, end, state) -> list[dict]:
	rng = demo.rng
	count = rng.randint(3, len(step_pool))
	kept = set(rng.sample(step_pool, count))
	steps = [step for step in step_pool if step in kept]
	owners = [lead, *(p["network_member"] for p in partners)]
	span = (end - start).days
	rows = []
	for i, step in enumerate(steps):
		due = start + timedelta(days=span * (i + 1) // len(steps))
		if state == "Completed":
			done = 1
		elif state in ("In Progress", "Abandoned"):
			done = int(due <= REFERENCE_DATE and (state == "In Progress" or i == 0))
		else:
			done = 0
		rows.append({"step": step, "owner_member": rng.choice(owners), "due_date": due, "done": done})
	return rows


def make_indicators(demo: Demo, indicator_pool, state) -> list[dict]:
	share = {"Completed": demo.rng.uniform(0.8, 1.15), "In Progress": demo.rng.uniform(0.2, 0.6)}
	rows = []
	for name, unit, baseline, target in indicator_pool:
		actual = baseline + share[state] * (target - baseline) if state in share else None
		rows.append(
			{
				"indicator": name,
				"unit": unit,
				"baseline": baseline,
				"target": target,
				"actual": round(actual) if actual is not None else None,
			}
		)
	return rows


# Workstreams


def fill_workstreams(demo: Demo) -> int:
	"""Pilot and facilitation pair of each chantier, only where admins left them empty."""
	filled = 0
	for number, (pilot, facilitation_member) in WORKSTREAM_PILOTS.items():
		name = frappe.db.get_value("Workstream", {"number": number})
		if not name:
			continue
		doc = frappe.get_doc("Workstream", name)
		values = {
			"pilot": pilot,
			"facilitation_member": facilitation_member,
			"facilitation_resource_centre_user": RESOURCE_CENTRE_USER,
		}
		missing = {field: value for field, value in values.items() if not doc.get(field)}
		if missing:
			doc.update(missing)
			doc.save()
			filled += 1
	return filled


# Resident reports


# (theme, what residents wrote, where, land status)
REPORTS = [
	("Éclairage public", "Lampadaire éteint depuis plusieurs soirs au bout de l'allée.", "Unknown"),
	("Éclairage public", "L'éclairage du parking clignote toute la nuit.", "Public Land"),
	("Dépôts sauvages", "Sacs de déchets et un matelas déposés près des conteneurs.", "Unknown"),
	("Encombrants", "Canapé abandonné devant l'entrée B depuis une semaine.", "Social Landlord"),
	("Tags et graffitis", "Tags sur la façade de la salle de sport.", "Public Land"),
	("Ascenseurs", "Ascenseur en panne au 12, personnes âgées bloquées.", "Social Landlord"),
	("Parties communes", "Porte du hall qui ne ferme plus.", "Social Landlord"),
	("Espaces verts", "Haie trop haute qui cache le passage piéton.", "Unknown"),
	("Voirie et stationnement", "Nid-de-poule dangereux devant l'école.", "Public Land"),
	("Occupation des halls", "Regroupements tardifs et bruit dans le hall.", "Unknown"),
]
# state: (public status, closing reason)
REPORT_STATES = {
	"New": ("Open", None),
	"Forwarded": ("Open", None),
	"In Progress": ("Open", None),
	"Resolved": ("Closed", "Fixed"),
	"Closed": ("Closed", "No Action Possible"),
}


def make_resident_reports(demo: Demo) -> int:
	"""About thirty reports at points inside the QPV perimeters, routed on insert."""
	from gusp_network.routing import outer_rings

	qpvs = frappe.get_all(
		"GUSP Territory", filters={"territory_type": "QPV"}, fields=["name", "geolocation"], order_by="lft"
	)
	themes = set(frappe.get_all("GUSP Theme", pluck="name"))
	states = list(REPORT_STATES)
	created = 0
	for index in range(30):
		theme, description, land_status = REPORTS[index % len(REPORTS)]
		if theme not in themes:
			continue
		qpv = qpvs[index % len(qpvs)]
		ring = outer_rings(qpv.geolocation)[0]
		west, east = min(p[0] for p in ring), max(p[0] for p in ring)
		south, north = min(p[1] for p in ring), max(p[1] for p in ring)
		report = frappe.get_doc(
			{
				"doctype": "Resident Report",
				"channel": demo.rng.choice(["Portal", "Portal", "Phone", "Open311", "Desk"]),
				"theme": theme,
				"description": description,
				"address": demo.fake.street_address(),
				"latitude": round(demo.rng.uniform(south, north), 6),
				"longitude": round(demo.rng.uniform(west, east), 6),
				"land_status": land_status,
				"reporter_name": demo.fake.name(),
				"reporter_email": f"habitant{index}@example.org",
				"consent": index % 3 == 0,
			}
		).insert()
		state = states[index % len(states)]
		public_status, reason = REPORT_STATES[state]
		if state != "New":
			frappe.db.set_value(
				"Resident Report",
				report.name,
				{
					"workflow_state": state,
					"public_status": public_status,
					"closing_reason": reason,
					"closed_on": frappe.utils.add_days(frappe.utils.today(), -demo.rng.randint(1, 20))
					if reason
					else None,
				},
				update_modified=False,
			)
		created += 1
	return created
