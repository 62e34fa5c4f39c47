"""/besoin: residents share a need, an idea or a testimony."""


def get_context(context):
	return context
