"""The demo tests load the whole demo, which writes its signed conventions to disk."""

import os

import frappe
import pytest

AGREEMENT = "Cooperation Agreement"


@pytest.fixture(autouse=True)
def demo_files():
	"""The demo writes its signed conventions to disk: the files of the (rolled-back) records it
	made are removed, those of records already there are kept."""
	kept = set(frappe.get_all("File", filters={"attached_to_doctype": AGREEMENT}, pluck="file_url"))
	yield
	for file in frappe.get_all(
		"File", filters={"attached_to_doctype": AGREEMENT}, fields=["file_url", "is_private"]
	):
		if file.file_url in kept:
			continue
		folder = "private" if file.is_private else "public"
		path = frappe.get_site_path(folder, "files", os.path.basename(file.file_url))
		if os.path.exists(path):
			os.remove(path)
