"""The Cooperation module's admin-owned records: the national TFPB axes, created once if missing."""

import frappe

from gusp_network.setup.records import read_json


def ensure_tfpb_axes() -> None:
	for axis in read_json("tfpb_axes.json")["axes"]:
		if not frappe.db.exists("TFPB Axis", axis["axis_name"]):
			frappe.get_doc({"doctype": "TFPB Axis", **axis}).insert(ignore_permissions=True)
