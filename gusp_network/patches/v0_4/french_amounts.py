"""Amounts read "15 000,00 €" (euro by default, symbol after the amount, French number format).

Idempotent: setting the same values again changes nothing; a number format an admin chose stays."""

from gusp_network.setup.defaults import use_french_amounts


def execute():
	use_french_amounts()
