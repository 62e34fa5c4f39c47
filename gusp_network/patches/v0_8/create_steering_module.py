"""Before the Steering reports sync, their module must exist (see v0_2.create_domain_modules)."""

from gusp_network.patches.v0_2 import create_domain_modules


def execute():
	create_domain_modules.execute()
