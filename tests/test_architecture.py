"""The repository reads as the domain: imports run one way, and no file grows past reading.

DESIGN.md, principle 4: `directory` uses no other domain; the other domains may use
`directory` (and an earlier domain where the model links them); `integrations` use the
domains, never the reverse; nothing imports `setup` or `demo`; no cycle of imports at all.
"""

import ast
from pathlib import Path

import frappe
import pytest

APP = "gusp_network"
APP_DIR = Path(frappe.get_app_path(APP))
MAX_LINES = 700
DOMAINS = (
	"directory",
	"workstreams",
	"resident_voice",
	"cooperation",
	"network_life",
	"knowledge",
	"steering",
)
# package: what it may import besides the shared root modules (exceptions, constants, settings…);
# no package lists `demo`, and only `setup` (which may import anything) and `demo` list `steering`
ALLOWED = {
	"directory": set(),
	"workstreams": {"directory"},
	"resident_voice": {"directory", "workstreams"},
	"cooperation": {"directory", "workstreams"},
	"network_life": {"directory", "workstreams"},
	"knowledge": {"directory", "workstreams", "network_life", "cooperation"},
	"integrations": {"directory", "workstreams", "resident_voice"},
	"www": {"directory", "workstreams", "resident_voice", "network_life", "knowledge"},
	"patches": {"setup", *DOMAINS},  # upgrades move domain data
	"steering": set(DOMAINS) - {"steering"},
	"setup": set(DOMAINS),
	"demo": {*DOMAINS, "setup"},
}


def module_name(path: Path) -> str:
	parts = path.relative_to(APP_DIR.parent).with_suffix("").parts
	return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_imports(path: Path) -> set[str]:
	"""Modules of the app imported anywhere in a file (functions included: a cycle is a cycle)."""
	found = set()
	for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
		if isinstance(node, ast.Import):
			found.update(alias.name for alias in node.names if alias.name.startswith(f"{APP}."))
		elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(APP):
			found.add(node.module)
			found.update(f"{node.module}.{alias.name}" for alias in node.names)
	return found


def import_graph() -> dict[str, set[str]]:
	files = {module_name(path): path for path in APP_DIR.rglob("*.py")}
	return {name: {m for m in app_imports(path) if m in files and m != name} for name, path in files.items()}


def package_of(module: str) -> str:
	"""The package of the app a module belongs to ("<root>" for the shared root modules)."""
	parts = module.split(".")
	return parts[1] if len(parts) > 1 and (APP_DIR / parts[1]).is_dir() else "<root>"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
	state: dict[str, int] = {}
	stack: list[str] = []

	def visit(node: str) -> list[str] | None:
		state[node] = 1
		stack.append(node)
		for target in sorted(graph.get(node, ())):
			if state.get(target) == 1:
				return [*stack[stack.index(target) :], target]
			if not state.get(target) and (cycle := visit(target)):
				return cycle
		stack.pop()
		state[node] = 2
		return None

	for node in sorted(graph):
		if not state.get(node) and (cycle := visit(node)):
			return cycle
	return None


def test_the_apps_modules_import_each_other_without_a_cycle():
	graph = import_graph()
	assert len(graph) > 30, "the app's modules were found"
	assert find_cycle(graph) is None, " → ".join(find_cycle(graph) or [])


def test_imports_run_one_way_between_domains():
	wrong = []
	for module, targets in import_graph().items():
		source = package_of(module)
		for target in targets:
			package = package_of(target)
			if package in ("<root>", source):
				continue
			if package not in ALLOWED.get(source, set()):
				wrong.append(f"{module} imports {target}")
	assert not wrong, "\n".join(sorted(wrong))


def test_the_shared_root_modules_import_no_domain():
	wrong = [
		f"{module} imports {target}"
		for module, targets in import_graph().items()
		if package_of(module) == "<root>"
		for target in targets
		if package_of(target) != "<root>"
	]
	assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("suffix", [".py", ".js", ".html", ".json"])
def test_no_file_of_the_app_is_too_long_to_read(suffix):
	too_long = {
		str(path.relative_to(APP_DIR)): lines
		for path in APP_DIR.rglob(f"*{suffix}")
		if "data" not in path.parts  # data files (demo, setup) are records, not code
		and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
	}
	assert not too_long, too_long


def test_every_domain_module_is_a_package_with_its_doctypes():
	modules = frappe.get_module_list(APP)
	for module in modules:
		folder = APP_DIR / frappe.scrub(module)
		assert (folder / "__init__.py").exists(), module
		for doctype in frappe.get_all("DocType", filters={"module": module}, pluck="name"):
			assert (folder / "doctype" / frappe.scrub(doctype) / f"{frappe.scrub(doctype)}.json").exists()
	# Steering holds reports, charts and cards only (DESIGN.md): it reads the other domains' DocTypes
	with_doctypes = set(modules) - {"Steering"}
	assert (
		set(frappe.get_all("DocType", filters={"module": ("in", modules)}, pluck="module")) == with_doctypes
	)
	assert frappe.get_all("Report", filters={"module": "Steering"}), "Steering holds the managers' reports"


def test_every_child_doctype_of_the_app_judges_its_rows_by_their_parent_record():
	"""docs/security.md: a row reached alone is checked against the record it is a row of."""
	from frappe.model.base_document import get_controller

	from gusp_network.child_rows import ChildRow

	tables = frappe.get_all(
		"DocType", filters={"module": ("in", frappe.get_module_list(APP)), "istable": 1}, pluck="name"
	)
	assert len(tables) > 10, "the app's child DocTypes were found"
	assert [table for table in tables if not issubclass(get_controller(table), ChildRow)] == []
