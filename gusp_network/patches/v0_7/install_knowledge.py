"""What the Knowledge module brings to a site installed before it: the evaluation workflow, the
default criteria and the "evaluation before completion" setting (each only if missing)."""

from gusp_network.setup.knowledge import ensure_evaluation_criteria, require_evaluations_by_default
from gusp_network.setup.workflows import ensure_workflows


def execute():
	ensure_workflows()
	ensure_evaluation_criteria()
	require_evaluations_by_default()
