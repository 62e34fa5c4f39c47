"""The organisation a new report is routed to may take it at once ("Take Charge", New → In
Progress), unless GUSP Settings makes new reports wait for the resource centre: the transition's
condition reads the setting, so admins change it in the Workflow.

Idempotent: a workflow that already has a Take Charge transition from New is left alone."""

from gusp_network.setup.workflows import RESIDENT_REPORT_WORKFLOW, add_transitions

TAKE_CHARGE = "Take Charge"


def execute():
	add_transitions(RESIDENT_REPORT_WORKFLOW, {TAKE_CHARGE})
