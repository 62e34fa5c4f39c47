from gusp_network.setup.website import name_the_website


def execute():
	name_the_website()
