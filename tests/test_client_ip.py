"""The client's address every per-address limit counts: the TCP peer, never a header the client
wrote, unless the peer is a proxy the site trusts (site config `gusp_trusted_proxies`)."""

import ipaddress
import json
from concurrent.futures import ThreadPoolExecutor

import frappe
import pytest
import requests
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from gusp_network import client_ip
from gusp_network.client_ip import choose_client_address, household_key

WEB_FORM_ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"
ME_TOO = "/api/method/gusp_network.resident_voice.portal.me_too"
HOOK = "gusp_network.client_ip.set_request_ip"


def networks(*entries: str) -> tuple:
	return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


NGINX_HERE = networks("127.0.0.1")


# ---------------------------------------------------------------- choosing the address


@pytest.mark.parametrize(
	"peer, forwarded_for",
	[
		("192.0.2.10", "203.0.113.5"),
		("192.0.2.10", "127.0.0.1"),
		("192.0.2.10", "203.0.113.5, 127.0.0.1"),
		("192.0.2.10", "garbage"),
	],
)
def test_a_forged_header_is_ignored_when_the_peer_is_not_a_trusted_proxy(peer, forwarded_for):
	assert choose_client_address(peer, forwarded_for, ()) == peer
	assert choose_client_address(peer, forwarded_for, NGINX_HERE) == peer


def test_behind_a_trusted_proxy_the_address_it_appended_counts_not_what_the_client_wrote():
	assert choose_client_address("127.0.0.1", "203.0.113.5", NGINX_HERE) == "203.0.113.5"
	assert choose_client_address("127.0.0.1", "6.6.6.6, 203.0.113.5", NGINX_HERE) == "203.0.113.5"
	assert choose_client_address("127.0.0.1", "6.6.6.6,203.0.113.5", NGINX_HERE) == "203.0.113.5"
	assert choose_client_address("127.0.0.1", None, NGINX_HERE) == "127.0.0.1", "the proxy's own request"


def test_a_chain_of_trusted_proxies_is_walked_right_to_left():
	trusted = networks("127.0.0.1", "10.0.0.0/8")
	chain = "6.6.6.6, 203.0.113.5, 10.1.2.3, 10.200.0.1"
	assert choose_client_address("127.0.0.1", chain, trusted) == "203.0.113.5"
	assert choose_client_address("127.0.0.1", "10.0.0.5", trusted) == "10.0.0.5", "every hop trusted"
	assert choose_client_address("127.0.0.1", chain, NGINX_HERE) == "10.200.0.1", "10/8 not trusted here"


def test_networks_are_matched_as_cidr_in_ipv4_and_ipv6():
	trusted = networks("192.168.0.0/16", "2001:db8:ff::/48")
	assert choose_client_address("192.168.4.2", "203.0.113.5", trusted) == "203.0.113.5"
	assert choose_client_address("192.169.0.1", "203.0.113.5", trusted) == "192.169.0.1"
	assert choose_client_address("2001:db8:ff:1::1", "2001:db8:1::7", trusted) == "2001:db8:1::7"
	assert choose_client_address("2001:db8:fe::1", "2001:db8:1::7", trusted) == "2001:db8:fe::1"


def test_ports_brackets_mapped_addresses_and_unix_sockets():
	assert choose_client_address("127.0.0.1", "203.0.113.5:5555", NGINX_HERE) == "203.0.113.5"
	assert choose_client_address("127.0.0.1", "[2001:db8::5]:443", NGINX_HERE) == "2001:db8::5"
	assert choose_client_address("::ffff:127.0.0.1", "203.0.113.5", NGINX_HERE) == "203.0.113.5"
	# gunicorn on a Unix socket gives no IP address: a local process, like 127.0.0.1
	assert choose_client_address("", "203.0.113.5", NGINX_HERE) == "203.0.113.5"
	assert choose_client_address("", "203.0.113.5", ()) == "127.0.0.1"


def test_a_garbled_entry_stops_at_the_last_trusted_hop():
	assert choose_client_address("127.0.0.1", "203.0.113.5, not-an-ip", NGINX_HERE) == "127.0.0.1"
	assert choose_client_address("127.0.0.1", "203.0.113.5, ", NGINX_HERE) == "203.0.113.5", "empty: skipped"


def test_the_trusted_proxies_come_from_the_site_config(monkeypatch):
	monkeypatch.setitem(frappe.local.conf, client_ip.CONFIG_KEY, ["127.0.0.1", "10.0.0.0/8", "nonsense"])
	assert client_ip.trusted_proxies() == networks("127.0.0.1", "10.0.0.0/8")
	monkeypatch.setitem(frappe.local.conf, client_ip.CONFIG_KEY, "127.0.0.1, ::1")
	assert client_ip.trusted_proxies() == networks("127.0.0.1", "::1")
	monkeypatch.delitem(frappe.local.conf, client_ip.CONFIG_KEY)
	assert client_ip.trusted_proxies() == ()


def test_an_ipv6_connection_counts_as_one_address():
	assert household_key("2001:db8:7:7::1") == household_key("2001:db8:7:7:abcd::2") == "2001:db8:7:7::/64"
	assert household_key("203.0.113.7") == "203.0.113.7"


# ---------------------------------------------------------------- the hook


def fake_request(monkeypatch, peer: str, headers: dict) -> None:
	environ = EnvironBuilder(headers=headers, environ_base={"REMOTE_ADDR": peer}).get_environ()
	monkeypatch.setattr(frappe.local, "request", Request(environ), raising=False)
	monkeypatch.setattr(frappe.local, "request_ip", "set by Frappe", raising=False)


def test_the_hook_sets_the_request_ip_frappe_limits_read(monkeypatch):
	monkeypatch.delitem(frappe.local.conf, client_ip.CONFIG_KEY, raising=False)
	fake_request(monkeypatch, "192.0.2.10", {"X-Forwarded-For": "6.6.6.6", "Remote-Addr": "7.7.7.7"})
	client_ip.set_request_ip()
	assert frappe.local.request_ip == "192.0.2.10"

	monkeypatch.setitem(frappe.local.conf, client_ip.CONFIG_KEY, ["127.0.0.1"])
	fake_request(monkeypatch, "127.0.0.1", {"X-Forwarded-For": "6.6.6.6, 203.0.113.5"})
	client_ip.set_request_ip()
	assert frappe.local.request_ip == "203.0.113.5"


def test_the_hook_runs_after_frappes_own_and_before_any_endpoint():
	"""Frappe's HTTPRequest sets request_ip, then the before_request hooks run (frappe's first),
	then the endpoint, where `@rate_limit` reads request_ip (frappe/app.py `init_request`)."""
	hooks = frappe.get_hooks("before_request")
	assert HOOK in hooks
	assert hooks.index("frappe.rate_limiter.apply") < hooks.index(HOOK)


# ---------------------------------------------------------------- over HTTP


def submit(http, place, headers: dict) -> requests.Response:
	data = {
		"doctype": "Resident Report",
		"web_form_name": "signalement",
		"theme": place.theme,
		"description": "Encombrants déposés devant le local à poubelles",
		"latitude": place.lat,
		"longitude": place.lng,
	}
	return http.post(
		http.url(WEB_FORM_ACCEPT),
		data={"web_form": "signalement", "data": json.dumps(data)},
		headers=headers,
	)


def test_a_forged_forwarded_for_does_not_reset_the_report_limit(http, place, gusp_settings, created_reports):
	gusp_settings(commit=True, guest_reports_per_hour=2)
	statuses = []
	for number in range(3):
		forged = {"X-Forwarded-For": f"198.51.100.{number}", "Remote-Addr": f"198.51.100.{number}"}
		response = submit(http, place, forged)
		statuses.append(response.status_code)
		if response.ok:
			created_reports.append(response.json()["message"]["name"])
	assert statuses == [200, 200, 429]


def test_frappes_rate_limit_counts_the_peer_too(http, gusp_settings):
	"""`portal.me_too` has Frappe's `@rate_limit(limit=10, seconds=60)`; the app's own limit is off."""
	gusp_settings(commit=True, guest_reports_per_hour=0)
	statuses = [
		http.post(
			http.url(ME_TOO),
			data={"report": "SIG-1999-99999"},
			headers={"X-Forwarded-For": f"198.51.100.{n}"},
		).status_code
		for n in range(11)
	]
	assert statuses == [404] * 10 + [429]


@pytest.fixture
def trusted_local_proxy():
	"""The live server trusts 127.0.0.1 as its proxy (site config, read again on every request)."""
	from frappe.installer import update_site_config

	previous = frappe.conf.get(client_ip.CONFIG_KEY)
	update_site_config(client_ip.CONFIG_KEY, ["127.0.0.1"])
	try:
		yield
	finally:
		update_site_config(client_ip.CONFIG_KEY, "None" if previous is None else previous)
		if previous is None:
			frappe.local.conf.pop(client_ip.CONFIG_KEY, None)  # "None" removes it from the file only


def test_residents_behind_a_trusted_proxy_are_told_apart_and_all_counted_at_once(
	http, place, created_reports, gusp_settings, trusted_local_proxy
):
	gusp_settings(commit=True, guest_reports_per_hour=50)
	response = submit(http, place, {})
	assert response.status_code == 200, response.text[-500:]
	name = response.json()["message"]["name"]
	created_reports.append(name)
	frappe.db.set_value("Resident Report", name, "workflow_state", "Qualified")
	frappe.db.commit()
	voices = 8

	def click(forwarded_for: str) -> int:
		with requests.Session() as resident:
			resident.headers["X-Frappe-Site-Name"] = http.headers["X-Frappe-Site-Name"]
			return resident.post(
				http.url(ME_TOO), data={"report": name}, headers={"X-Forwarded-For": forwarded_for}
			).status_code

	try:
		with ThreadPoolExecutor(max_workers=voices) as pool:
			statuses = list(pool.map(click, [f"198.51.100.{n}" for n in range(voices)]))
		# an address already counted, with a forged address on the left: counted once all the same
		statuses.append(click("203.0.113.99, 198.51.100.0"))
	finally:
		frappe.cache.delete_keys(f"gusp_me_too:{name}:")
	assert statuses == [200] * (voices + 1)
	frappe.db.rollback()
	assert frappe.db.get_value("Resident Report", name, "me_too_count") == voices
