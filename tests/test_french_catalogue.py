"""The app's French catalogue does not rename Frappe's own words.

Frappe merges every app's catalogue into one table per language (frappe.translate.
get_translations_from_apps: the app's .mo is read after Frappe's and wins) and looks a string up by its
msgid alone. So when gusp_network/locale/fr.po translates a msgid that Frappe also uses ("Report",
"Close", "Duplicate"…), the app's French replaces Frappe's everywhere on the site: the Report list,
every dialog's Close button, the form menu's Duplicate. A field of the app then needs a label of its
own ("Resident Report"), or its French goes under a msgctxt (the desk translates labels and Select
options with the DocType as context), or the app keeps Frappe's French.

Differences of case, apostrophe, entity or non-breaking space are not overrides (Frappe's catalogue
writes "Date de Fin" and "d&#39;"); the others must be listed below with the French the app means.
"""

import html
import re
from pathlib import Path

import frappe
from babel.messages.pofile import read_po

# msgid: (the app's French, why it may replace Frappe's everywhere)
INTENDED_OVERRIDES = {
	"Archive": ("Archiver", "a workflow action (a button): Frappe's 'Archive' is the noun"),
	"Duplicate": (
		"Doublon",
		"a state of the Resident Report workflow (DESIGN.md); workflow states are translated without "
		"context, so the form menu's 'Dupliquer' reads 'Doublon' for French users: known, noted",
	),
	"Due Date": ("Échéance", "same meaning, shorter; reads as well on Frappe's ToDo"),
	"Forward": ("Transmettre", "Frappe's 'Vers l'avant' is the wrong sense for forwarding an email"),
	"Left": ("Gauche", "Frappe's 'Parti' (departed) is the wrong sense for a tree's left bound"),
	"Right": ("Droite", "Frappe's 'Droit' (law) is the wrong sense for a tree's right bound"),
	"Participants": ("Participants", "Frappe's 'Les Participants' carries a stray article"),
	"Reopen": ("Rouvrir", "Frappe's 'Ré-ouvrir' is misspelt"),
	"Steps": ("Étapes", "Frappe's 'Pas' (footsteps) is the wrong sense, in its onboarding too"),
	"High": ("Haute", "agrees with 'priorité', as on Frappe's ToDo and assignment priorities"),
	"Medium": ("Moyenne", "agrees with 'priorité', as on Frappe's ToDo and assignment priorities"),
	"Low": ("Basse", "agrees with 'priorité', as on Frappe's ToDo and assignment priorities"),
	"Closed": ("Clos", "as right as 'Fermé' for Frappe's ToDo and Communication statuses"),
	"Back to Home": ("Retour à l’accueil", "Frappe's 'De retour à la maison' means 'back at my house'"),
	"Not Found": ("Introuvable", "Frappe's 'Non Trouvé' is not French"),
	"Not found": ("Introuvable", "Frappe's 'Pas trouvé' is colloquial"),
	"Not permitted": ("Non autorisé", "Frappe's 'Pas permis' reads as 'no driving licence'"),
	"Missing Values Required": (
		"Champs obligatoires manquants",
		"Frappe's 'Valeurs Manquantes Requises' is a calque",
	),
	"Following fields have missing values:": (
		"Les champs suivants ne sont pas renseignés\u00a0:",
		"Frappe's wording is a calque",
	),
	"Not Saved": ("Non enregistré", "French interfaces 'enregistrent'; Frappe itself says 'Enregistrer'"),
	"Previous": ("Précédent", "Frappe's 'Précedent' misses an accent"),
	"Clear": ("Effacer", "Frappe's 'Nettoyer' (to clean) is the wrong sense for emptying a field"),
	"Attach": ("Joindre", "one attaches a file with 'Joindre', not 'Attacher' (to tie up)"),
	"Discard": ("Abandonner", "Frappe's 'Ignorer' does not say the entry is thrown away"),
	"Loading...": ("Chargement…", "Frappe's 'Chargement en Cours ...' is clumsy"),
	"Show more details": ("Afficher plus de détails", "pairs with Frappe's 'Masquer les détails'"),
	"Request Timed Out": ("La requête a expiré", "Frappe's 'La Requête a Expirée' is ungrammatical"),
	"Switch To Desk": ("Aller au bureau", "Frappe's 'Passer Au Bureau' reads oddly on a menu"),
	"Reset Password": ("Réinitialiser le mot de passe", "Frappe's drops the article"),
	"Invalid Password": ("Mot de passe non valide", "'non valide' is the usual French for invalid input"),
	"Invalid Link": ("Lien non valide", "'non valide' is the usual French for invalid input"),
	"Success! You are good to go 👍": (
		"Parfait\u00a0: ce mot de passe convient 👍",
		"Frappe's 'Vous êtes bon pour aller' is a word-for-word calque",
	),
	"Have an account? Login": (
		"Vous avez déjà un compte\u00a0? Connectez-vous",
		"Frappe's ends on the noun 'Connexion'",
	),
	"Password reset instructions have been sent to your email": (
		"Les instructions pour réinitialiser votre mot de passe ont été envoyées à votre adresse e-mail",
		"Frappe's has an agreement error ('envoyés')",
	),
	"Your login id is": ("Votre identifiant de connexion est", "'id' is not French"),
	"Registered but disabled": ("Inscrit mais désactivé", "a person is 'inscrit', not 'enregistré'"),
}

# (msgid, msgctxt): (the app's French, why)
INTENDED_OVERRIDES_IN_CONTEXT = {
	("Discard", "Button in web form"): ("Abandonner", "as for 'Discard' without context"),
}


def read_catalogue(path: Path) -> dict[tuple[str, str | None], tuple[str, list[str]]]:
	"""(msgid, msgctxt): (msgstr, source files) of the translated, non-fuzzy entries."""
	with open(path, "rb") as f:
		catalogue = read_po(f)
	return {
		(message.id, message.context): (message.string, sorted({file for file, _line in message.locations}))
		for message in catalogue
		if message.id and message.string and not message.fuzzy
	}


def normalised(french: str) -> str:
	"""French with case, entities, apostrophes and spaces before punctuation set aside."""
	text = html.unescape(french).replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
	text = re.sub(r"\s+([:;?!])", r"\1", text)
	return re.sub(r"\s+", " ", text).strip().casefold()


def overrides_of_frappe() -> dict[tuple[str, str | None], tuple[str, str, list[str]]]:
	"""(msgid, msgctxt): (Frappe's French, the app's French, the app's files using it)."""
	frappe_french = read_catalogue(Path(frappe.get_app_path("frappe", "locale", "fr.po")))
	app_french = read_catalogue(Path(frappe.get_app_path("gusp_network", "locale", "fr.po")))
	return {
		key: (frappe_french[key][0], french, files)
		for key, (french, files) in app_french.items()
		if key in frappe_french and normalised(frappe_french[key][0]) != normalised(french)
	}


def test_the_app_gives_frappes_own_words_no_other_french_than_the_intended_overrides():
	intended = {(msgid, None): french for msgid, (french, _why) in INTENDED_OVERRIDES.items()}
	intended |= {key: french for key, (french, _why) in INTENDED_OVERRIDES_IN_CONTEXT.items()}

	unintended = {
		key: found
		for key, found in overrides_of_frappe().items()
		if key not in intended or normalised(intended[key]) != normalised(found[1])
	}

	assert not unintended, "gusp_network/locale/fr.po renames Frappe's words site-wide:\n" + "\n".join(
		f"  {msgid!r}{f' (context {context!r})' if context else ''}: Frappe {frappe_fr!r}, app {app_fr!r}"
		f" (used by {', '.join(files)})"
		for (msgid, context), (frappe_fr, app_fr, files) in sorted(unintended.items(), key=str)
	)
