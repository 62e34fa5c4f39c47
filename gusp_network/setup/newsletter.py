"""The network's Email Group for newsletter editions, created once if missing (stub)."""


def ensure_network_email_group() -> None:
	pass
