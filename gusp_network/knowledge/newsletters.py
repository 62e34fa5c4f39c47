"""The network's newsletter (chantier 9: "créer une newsletter alimentée par les partenaires").

A member proposes items for its own organisation (Newsletter Contribution); the resource centre
selects some (the workflow, the admins' to edit), then builds an edition from the selected ones in
one action: a Frappe `Newsletter` to the network's Email Group, one section per item, not sent yet.
The resource centre reviews it, then sends or schedules it with Frappe's own buttons; once Frappe
has queued it, its items are Published. Sending, scheduling, unsubscribing and the read count are
Frappe's (frappe/email/doctype/newsletter): nothing here sends an email.

The network's Email Group holds the organisations' public emails and their staff's (enabled users),
refreshed at each build; an address that unsubscribed stays unsubscribed.

The code knows two states of the workflow by name: where items wait for an edition, and where
they are once it went out.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.workflow import get_workflow_name
from frappe.utils import escape_html, formatdate, get_fullname, get_url, today, validate_email_address
from frappe.utils.html_utils import sanitize_html
from frappe.website.utils import cleanup_page_name

from gusp_network.exceptions import (
	ContributionNotSelectedError,
	LinkedRecordMissingError,
	NoSelectedContributionError,
	NotOwnContributionError,
)
from gusp_network.knowledge import practice_sheets, showcase
from gusp_network.network_life.agenda import AGENDA_ROUTE
from gusp_network.permissions import (
	NETWORK_WIDE_ROLES,
	get_user_member,
	is_scoped,
	may_save_as_own,
)

CONTRIBUTION = "Newsletter Contribution"
NEWSLETTER = "Newsletter"
EMAIL_GROUP = "Email Group"
EMAIL_GROUP_MEMBER = "Email Group Member"
# the Email Group editions go to (admin data: its title is French, and it is its name)
NETWORK_EMAIL_GROUP = "Réseau GUSP"
# workflow states (setup/data/workflows/newsletter_contribution_workflow.json)
SELECTED = "Selected"
PUBLISHED = "Published"


# ---------------------------------------------------------------- a contribution (the controller's checks)


def set_default_contributor(doc: Document) -> None:
	"""A member's new contribution is its organisation's unless it says otherwise."""
	if doc.is_new() and not doc.contributor:
		doc.contributor = get_user_member()


def validate_organisation(doc: Document) -> None:
	"""A member proposes items for its own organisation only (the resource centre for anyone)."""
	if not doc.contributor or not (doc.is_new() or doc.has_value_changed("contributor")):
		return
	if may_save_as_own(doc):
		return
	member = get_user_member()
	if not member:
		message = _(
			"You are not on the staff of any organisation of the network: ask the resource centre to add "
			"you to your organisation first."
		)
	else:
		message = _(
			"Your organisation ({0}) may only propose its own contributions to the newsletter: choose it "
			"as the contributing member."
		).format(frappe.bold(member))
	frappe.throw(message, NotOwnContributionError, title=_("Not your organisation's"))


def validate_linked_record(doc: Document) -> None:
	"""A contribution names both the kind of record and the record, or neither (that the record
	exists, Frappe checks: LinkValidationError)."""
	if bool(doc.reference_doctype) != bool(doc.reference_name):
		frappe.throw(
			_("Choose both the kind of record and the record the contribution is about, or neither."),
			LinkedRecordMissingError,
		)


def keep_edition_link(doc: Document) -> None:
	"""The edition an item went into is set by the build only (the field is read-only in the form,
	not on the REST API)."""
	if doc.flags.ignore_permissions or frappe.session.user == "Administrator":
		return
	before = doc.get_doc_before_save()
	doc.newsletter = before.newsletter if before else None


# ---------------------------------------------------------------- the network's Email Group


def network_email_group() -> str:
	"""The Email Group editions go to, created if missing."""
	if not frappe.db.exists(EMAIL_GROUP, NETWORK_EMAIL_GROUP):
		frappe.get_doc({"doctype": EMAIL_GROUP, "title": NETWORK_EMAIL_GROUP}).insert(ignore_permissions=True)
	return NETWORK_EMAIL_GROUP


def network_emails() -> list[str]:
	"""The organisations' public emails, then their enabled staff users' emails (lower case, once)."""
	member = frappe.qb.DocType("Network Member")
	staff = frappe.qb.DocType("Network Member User")
	user = frappe.qb.DocType("User")
	public = frappe.qb.from_(member).select(member.email).where(member.email.isnotnull()).run(pluck=True)
	staff_emails = (
		frappe.qb.from_(staff)
		.join(user)
		.on(user.name == staff.user)
		.select(user.email)
		.where((staff.parenttype == "Network Member") & (staff.parentfield == "users") & (user.enabled == 1))
		.run(pluck=True)
	)
	emails = (validate_email_address((email or "").strip()).lower() for email in [*public, *staff_emails])
	return list(dict.fromkeys(email for email in emails if email))


def refresh_network_email_group() -> int:
	"""Add the network's emails missing from its Email Group; returns how many were added. Nobody is
	removed, and an address that unsubscribed is not subscribed again."""
	group = network_email_group()
	known = {
		email.lower()
		for email in frappe.get_all(EMAIL_GROUP_MEMBER, filters={"email_group": group}, pluck="email")
	}
	added = 0
	for email in network_emails():
		if email not in known:
			frappe.get_doc({"doctype": EMAIL_GROUP_MEMBER, "email_group": group, "email": email}).insert(
				ignore_permissions=True
			)
			added += 1
	return added


# ---------------------------------------------------------------- building an edition


@frappe.whitelist(methods=["POST"])
def build_newsletter(contributions: list[str] | str | None = None, subject: str | None = None) -> str:
	"""A draft Newsletter to the network from the selected contributions (all of them when none are
	named), which then belong to it; returns its name. The resource centre reviews and sends it.

	`contributions` also as JSON text: the desk's `frappe.call` sends a list so."""
	frappe.has_permission(NEWSLETTER, "create", throw=True)
	items = contributions_to_build(names_from(contributions))
	for item in items:
		make_image_public(item)
	refresh_network_email_group()
	sender_email, sender_name = default_sender()
	subject = (subject or "").strip() or default_subject()
	newsletter = frappe.get_doc(
		{
			"doctype": NEWSLETTER,
			"subject": subject,
			"sender_email": sender_email,
			"sender_name": sender_name,
			# HTML, not Rich Text: the desk's HTML editor keeps the escaped braces (see `inert`)
			"content_type": "HTML",
			"message_html": edition_html(items),
			"email_group": [{"email_group": network_email_group()}],
			"send_unsubscribe_link": 1,
		}
	).insert(set_name=edition_name(subject))
	for item in items:
		item.newsletter = newsletter.name
		item.flags.ignore_permissions = True  # the build's own checks are done
		item.save()
	return newsletter.name


def names_from(value: list[str] | str | None) -> list[str]:
	if not value:
		return []
	if isinstance(value, str):
		value = frappe.parse_json(value) if value.strip().startswith("[") else [value]
	if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
		frappe.throw(_("The contributions could not be read: choose them again."), frappe.ValidationError)
	return [name for name in value if name]


def contributions_to_build(names: list[str] | None) -> list[Document]:
	"""The contributions named (in that order), or every selected one (oldest first); each must be
	selected and the user must be allowed to change it."""
	if names:
		names = list(dict.fromkeys(names))
	else:
		names = frappe.get_list(
			CONTRIBUTION, filters={"workflow_state": SELECTED}, order_by="creation asc", pluck="name"
		)
	if not names:
		frappe.throw(
			_("No contribution is selected: select the contributions to publish first."),
			NoSelectedContributionError,
			title=_("Nothing to publish"),
		)
	items = [frappe.get_doc(CONTRIBUTION, name) for name in names]
	for item in items:
		item.check_permission("write")
	not_selected = [item for item in items if item.workflow_state != SELECTED]
	if not_selected:
		frappe.throw(
			_("Only selected contributions go into an edition; these are not: {0}").format(
				", ".join(frappe.bold(escape_html(item.title)) for item in not_selected)
			),
			ContributionNotSelectedError,
			title=_("Not selected"),
		)
	return items


def edition_name(subject: str) -> str:
	"""Frappe names a newsletter after its subject (as a web page): the month's second edition, or
	one built again, gets a number."""
	words = "".join(char if char.isalnum() else " " for char in subject)  # no dashes of the subject's
	base = cleanup_page_name(words).replace("_", "-")[:120].strip("-") or "newsletter"
	name, number = base, 1
	while frappe.db.exists(NEWSLETTER, name):
		number += 1
		name = f"{base}-{number}"
	return name


def default_subject() -> str:
	return _("GUSP Network Newsletter — {0}").format(formatdate(today(), "MMMM yyyy"))


def default_sender() -> tuple[str, str | None]:
	"""The site's default outgoing account, else the user who builds the edition."""
	account = frappe.db.get_value(
		"Email Account",
		{"default_outgoing": 1, "enable_outgoing": 1},
		["email_id", "email_account_name"],
		as_dict=True,
	)
	if account and account.email_id:
		return account.email_id, account.email_account_name
	user = frappe.session.user
	return frappe.db.get_value("User", user, "email"), get_fullname(user)


def make_image_public(item: Document) -> None:
	"""An item's image goes out to the network's mailboxes: a private one is made public (Frappe
	moves the file and updates the item's field), as mail readers cannot log in to see it."""
	if not (item.image or "").startswith("/private/files/"):
		return
	file = frappe.db.get_value(
		"File",
		{"file_url": item.image, "attached_to_doctype": CONTRIBUTION, "attached_to_name": item.name},
		"name",
	)
	if not file:
		return
	file = frappe.get_doc("File", file)
	if frappe.db.exists("File", {"file_url": file.file_url, "name": ("!=", file.name)}):
		return  # the same file is another record's too: publishing it would publish theirs
	file.is_private = 0
	file.save(ignore_permissions=True)
	item.image = file.file_url


def edition_html(items: list[Document]) -> str:
	return "\n<hr>\n".join(contribution_html(item) for item in items)


def contribution_html(item: Document) -> str:
	"""One item: its title, who proposed it, its image, its text and where to read more."""
	member_name = frappe.db.get_value("Network Member", item.contributor, "member_name") or item.contributor
	proposed_by = _("Proposed by {0}").format(escape_html(member_name))  # outside the f-string: extracted
	parts = [
		f"<h2>{escape_html(item.title)}</h2>",
		f"<p><em>{proposed_by}</em></p>",
	]
	image = image_url(item.image)
	if image:
		parts.append(
			f'<p><img src="{escape_html(image)}" alt="{escape_html(item.title)}" '
			'style="max-width: 100%; height: auto;"></p>'
		)
	parts.append(sanitize_html(item.text or "", always_sanitize=True))
	for url, label in links_of(item):
		parts.append(f'<p><a href="{escape_html(url)}">{escape_html(label)}</a></p>')
	return inert("\n".join(["<div>", *parts, "</div>"]))


def image_url(image: str | None) -> str | None:
	"""An absolute address a mail reader can open: a public file of the site or a web image."""
	if not image:
		return None
	if image.startswith("/files/"):
		return get_url(image)
	if image.startswith(("https://", "http://")):
		return image
	return None


def links_of(item: Document) -> list[tuple[str, str]]:
	"""(address, label): the linked record's public page when it has one, and the item's web link."""
	links = []
	page = public_page(item.reference_doctype, item.reference_name)
	if page:
		links.append(page)
	if item.external_link and item.external_link.startswith(("https://", "http://")):
		links.append((item.external_link, _("Find out more")))
	return links


def public_page(doctype: str | None, name: str | None) -> tuple[str, str] | None:
	"""The portal page of a record, when visitors may see it: a public action sheet under way or
	completed (/actions), a published practice sheet (/fiches-pratiques), a public meeting (/agenda)."""
	if not (doctype and name):
		return None
	if doctype == "Action Sheet":
		values = frappe.db.get_value(doctype, name, ["is_public", "workflow_state"], as_dict=True)
		if values and values.is_public and values.workflow_state in showcase.SHOWN_STATES:
			return get_url(f"{showcase.SHOWCASE_ROUTE}/{name}"), _("See the action sheet")
	elif doctype == "Practice Sheet":
		if frappe.db.get_value(doctype, name, "workflow_state") == practice_sheets.PUBLISHED:
			return get_url(f"{practice_sheets.ROUTE}/{name}"), _("Read the practice sheet")
	elif doctype == "Network Meeting":
		if frappe.db.get_value(doctype, name, "is_public"):
			return get_url(f"{AGENDA_ROUTE}/{name}"), _("See the meeting in the agenda")
	return None


def inert(html: str) -> str:
	"""Frappe renders a newsletter's message as a Jinja template when sending it: a member's text
	must not run as one. Braces become character references (the reader sees the same text), and
	so does the dot of ".__", which Frappe refuses in a template."""
	return html.replace("{", "&#123;").replace("}", "&#125;").replace(".__", "&#46;__")


# ---------------------------------------------------------------- Newsletter hooks (hooks.py doc_events)


def publish_sent_contributions(newsletter: Document, method: str | None = None) -> None:
	"""Once Frappe has queued an edition (its "Send" button or its schedule), its items are
	Published. A fact, not someone's decision: no role is asked for, as the scheduler or an admin
	may be the one sending."""
	if not (newsletter.email_sent and newsletter.has_value_changed("email_sent")):
		return
	workflow = get_workflow_name(CONTRIBUTION)
	if workflow and PUBLISHED not in {
		row.state for row in frappe.get_cached_doc("Workflow", workflow).states
	}:
		return
	for name in frappe.get_all(
		CONTRIBUTION, filters={"newsletter": newsletter.name, "workflow_state": SELECTED}, pluck="name"
	):
		item = frappe.get_doc(CONTRIBUTION, name)
		item.db_set("workflow_state", PUBLISHED, notify=True)
		item.add_comment("Workflow", _(PUBLISHED))


def unlink_contributions(newsletter: Document, method: str | None = None) -> None:
	"""A draft edition deleted gives its items back to the next build (Frappe refuses to delete a
	record others link to); a sent one keeps them, so it stays."""
	if newsletter.email_sent:
		return
	for name in frappe.get_all(CONTRIBUTION, filters={"newsletter": newsletter.name}, pluck="name"):
		frappe.db.set_value(CONTRIBUTION, name, "newsletter", None)
