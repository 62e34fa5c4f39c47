"""The client's address, which every per-address limit counts: the TCP peer, unless it is a proxy
the site trusts.

Frappe sets `frappe.local.request_ip` to the first `X-Forwarded-For` address
(`frappe.auth.HTTPRequest.set_request_ip`): the address the client wrote itself whenever nothing in
front of the site replaces the header (`bench serve`, gunicorn without a proxy). Whoever sends a new
header each time would escape every per-address limit: Frappe's `@rate_limit` (which reads
`frappe.local.request_ip` when the endpoint is called), the guests' hourly report limit and the
one "moi aussi" per address.

`set_request_ip` is a `before_request` hook: Frappe runs its app's hooks after `HTTPRequest` has set
its value and before any endpoint, so every limit then counts the address chosen here:

- the TCP peer (`REMOTE_ADDR`; a Unix-socket peer, which has no IP address, is a process of this
  host and counts as 127.0.0.1), unless it is a trusted proxy;
- behind trusted proxies, the right-most `X-Forwarded-For` address that is not itself a trusted
  proxy: each proxy appends the address it received the request from, so everything to the left
  of that address was written by the client and is never read.

Trusted proxies: site config `gusp_trusted_proxies`, a list of addresses or networks (CIDR),
e.g. `["127.0.0.1"]` when nginx runs on the same host; none by default. Only `X-Forwarded-For` is
read (not RFC 7239 `Forwarded`).
"""

import ipaddress
from collections.abc import Iterable, Sequence
from functools import lru_cache

import frappe

CONFIG_KEY = "gusp_trusted_proxies"
# a peer without an IP address (a Unix socket) is a process of this host
LOCAL_PEER = ipaddress.ip_address("127.0.0.1")
# one home, office or phone connection gets an IPv6 /64: its addresses count as one
IPV6_HOUSEHOLD_PREFIX = 64

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def set_request_ip() -> None:
	"""`before_request` hook: `frappe.local.request_ip` becomes the address chosen here."""
	if not frappe.request:
		return
	frappe.local.request_ip = choose_client_address(
		frappe.request.remote_addr,
		frappe.request.environ.get("HTTP_X_FORWARDED_FOR"),
		trusted_proxies(),
	)


def choose_client_address(peer: str | None, forwarded_for: str | None, trusted: Sequence[Network]) -> str:
	"""The client's address, from the TCP peer and the `X-Forwarded-For` header.

	Starting from the peer, walk the header right to left while the current hop is a trusted
	proxy. Empty entries are skipped; any other entry that is not an address stops the walk at the
	last hop (a trusted proxy): a garbled header never lets the client choose.
	"""
	current = parse_address(peer) or LOCAL_PEER
	if not is_trusted(current, trusted):
		return str(current)
	for entry in reversed((forwarded_for or "").split(",")):
		if not entry.strip():
			continue
		address = parse_address(entry)
		if address is None:
			break
		current = address
		if not is_trusted(address, trusted):
			break
	return str(current)


def parse_address(text: str | None) -> Address | None:
	"""An IP address, also written `1.2.3.4:5678`, `[2001:db8::1]:443` or IPv4-mapped; else None."""
	text = (text or "").strip()
	if text.startswith("["):
		text = text[1:].partition("]")[0]
	elif text.count(":") == 1:  # IPv4 with a port
		text = text.partition(":")[0]
	try:
		address = ipaddress.ip_address(text)
	except ValueError:
		return None
	if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
		return address.ipv4_mapped
	return address


def is_trusted(address: Address, trusted: Iterable[Network]) -> bool:
	return any(address in network for network in trusted)


def trusted_proxies() -> tuple[Network, ...]:
	"""The site's trusted proxies: a list (or a comma-separated string) of addresses or networks."""
	value = frappe.conf.get(CONFIG_KEY) or ()
	entries = value.split(",") if isinstance(value, str) else value
	return parse_networks(tuple(str(entry).strip() for entry in entries if str(entry).strip()))


@lru_cache(maxsize=16)
def parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
	"""Networks of the entries; an entry that is not one is left out (and logged): no proxy is
	trusted by mistake, and the site keeps answering."""
	networks = []
	for entry in entries:
		try:
			networks.append(ipaddress.ip_network(entry, strict=False))
		except ValueError:
			frappe.logger("gusp_network").warning(f"{CONFIG_KEY}: {entry!r} is not an address or a network")
	return tuple(networks)


def household_key(ip: str) -> str:
	"""What the app's own limits count for an address: an IPv4 address, or an IPv6 address's /64
	(one connection gets a whole /64, so its other addresses would each count afresh)."""
	address = parse_address(ip)
	if address is None:
		return ip
	if isinstance(address, ipaddress.IPv6Address):
		return str(ipaddress.ip_network((address, IPV6_HOUSEHOLD_PREFIX), strict=False))
	return str(address)


def client_key() -> str | None:
	"""Who is asking, for the app's per-address limits: the household of `frappe.local.request_ip`
	(set by `set_request_ip` in a request); None outside a request (jobs, console)."""
	ip = getattr(frappe.local, "request_ip", None)
	return household_key(ip) if ip else None
