"""The floors (docs/architecture.md): a module imports its own floor or a lower one, never a
higher one, and no modules import each other in a circle. Pages are composed in views, urls,
admin and templatetags, which may ask any floor. Module-level imports only: an import inside
a function is a deliberate late binding and says so where it stands."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOORS = {
    "core": 0,
    "regions": 1,
    # Beside regions: every floor above tells it what concerns whom.
    "notifications": 1,
    "programmes": 2,
    "budgets": 3,
    "placements": 3,
    "reporting": 4,
    "api": 5,
    "demo": 6,
    "config": 7,
}
# Where pages are composed: these may read every floor.
COMPOSERS = {"views", "urls", "admin", "templatetags", "mixins"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for app in FLOORS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    }


def imported(module: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `module` imports at module level (TYPE_CHECKING blocks left out)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    found = set()
    for name in names:
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name and name != module:
            found.add(name)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imported(name, path, set(modules)) for name, path in modules.items()}


def floor(module: str) -> int:
    return FLOORS[module.partition(".")[0]]


def upward_in(graph: dict[str, set[str]]) -> list[str]:
    return [
        f"{module} → {target}"
        for module, targets in graph.items()
        if not COMPOSERS & set(module.split("."))
        for target in targets
        if floor(target) > floor(module)
    ]


def cycles_in(graph: dict[str, set[str]]) -> list[str]:
    """Depth-first search: a module reached again while its own imports are open."""
    state: dict[str, str] = {}
    cycles = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                cycles.append(" → ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return cycles


def test_no_module_imports_a_higher_floor(graph):
    assert upward_in(graph) == []


def test_no_import_cycles(graph):
    assert cycles_in(graph) == []


def test_the_checks_see_what_they_look_for(tmp_path):
    """A regions model importing reporting is upward, a view doing so is not; a circle of
    two modules is a cycle."""
    model = tmp_path / "models.py"
    model.write_text("from reporting import selectors\nfrom . import forms\n")
    found = imported("regions.models", model, {"reporting.selectors", "regions.forms"})
    assert found == {"reporting.selectors", "regions.forms"}
    assert upward_in({"regions.models": found}) == ["regions.models → reporting.selectors"]
    assert upward_in({"regions.views": {"reporting.selectors"}}) == []
    circle = {
        "placements.services": {"placements.imports"},
        "placements.imports": {"placements.services"},
    }
    assert cycles_in(circle) == ["placements.imports → placements.services → placements.imports"]
