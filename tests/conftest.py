"""pytest against a real Frappe site on MariaDB.

`./gusp test` creates a fresh site and runs pytest from the app folder inside the bench with
FRAPPE_SITE set. Each test runs in a transaction rolled back afterwards; the few shared
records that must exist across tests (users, organisations) are committed once with
unique names and deleted at the end of the session.
"""

import os
from pathlib import Path

import frappe
import pytest

from tests import factories

SITE = os.environ.get("FRAPPE_SITE", "gusp-test.localhost")
BENCH = Path(os.environ.get("FRAPPE_BENCH", Path(__file__).resolve().parents[3]))
SITES = os.environ.get("FRAPPE_SITES_PATH", str(BENCH / "sites"))


def pytest_configure(config):
	os.chdir(SITES)  # Frappe writes its logs relative to the sites folder
	frappe.init(site=SITE, sites_path=SITES)
	frappe.connect()
	frappe.flags.in_test = True
	frappe.flags.mute_emails = True
	frappe.clear_cache()


def pytest_unconfigure(config):
	if getattr(frappe.local, "db", None):
		frappe.db.rollback()
	frappe.destroy()


@pytest.fixture(autouse=True)
def _rollback():
	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	factories.clear_caches()


@pytest.fixture(scope="session", autouse=True)
def network():
	"""Two organisations with one member user each, a resource-centre user and a manager.

	Committed once (users cannot be rolled back cheaply between tests), deleted at the end.
	"""
	frappe.set_user("Administrator")
	created = factories.make_network()
	frappe.db.commit()
	yield created
	frappe.set_user("Administrator")
	frappe.db.rollback()
	factories.delete_network(created)
	frappe.db.commit()


@pytest.fixture
def as_user():
	"""Run a block as a given user: `with as_user(email): ...`."""
	return factories.as_user
