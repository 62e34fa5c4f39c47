"""The app's workflows were made with "Don't Override Status" checked, so lists and forms showed no
status at all: the workflow state becomes the status, each state with its colour. Workflow actions
become searchable by their French names in the workflow editor.

Idempotent: a workflow already showing its states, a state with a colour and an admin's choice on
action search are left as they are."""

from gusp_network.setup.workflows import make_actions_searchable_in_french, show_states_as_status


def execute():
	show_states_as_status()
	make_actions_searchable_in_french()
