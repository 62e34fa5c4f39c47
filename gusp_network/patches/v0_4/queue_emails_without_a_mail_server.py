"""A site with no default outgoing Email Account showed Frappe's "Please setup default Email
Account…" to whoever caused an email (a guest reporting, the resource centre moving a report):
it gets the network's account, so emails are queued instead (setup/outgoing_email.py).

Idempotent: a site that has a default outgoing account, or the network's one, is left alone."""

from gusp_network.setup.outgoing_email import ensure_outgoing_email_account


def execute():
	ensure_outgoing_email_account()
