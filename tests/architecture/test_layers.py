"""The import graph is the whole truth about the house, and it points down.

Layers, lowest first (a module may import its own room and anything on a lower floor):

    rules  ←  accounts  ←  portal (the shared kernel)  ←  the apps  ←  reports  ←  api / cli / the site

The apps stand on each other in one order too: documents ← catalog, feedback ← disclosure ← appeals
(a decision issues letters and searches the catalogue; a 纠正 appeal reopens an application).
Imports inside functions count. Tests, migrations and bench are outside the product and not walked.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "gongkai"

FLOORS = {
    "rules": 0,
    "accounts": 1,
    "portal": 2,
    "documents": 3,
    "catalog": 4,
    "feedback": 4,
    "disclosure": 5,
    "appeals": 6,
    "reports": 7,
    "api": 8,
    "cli": 9,
    # the site's own top modules
    "urls": 9, "demo": 8, "wsgi": 9, "__main__": 10, "testing": 9, "settings": 9, "conftest": 9,
}
DYNAMIC_IMPORT_ALLOWED = {"gongkai.cli"}  # the command-line dispatcher finds its sub-commands by name



def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if "tests" in rel.parts or "migrations" in rel.parts:
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(base)
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            # ``from pkg import sub`` is an edge to the submodule; ``from pkg import name`` to pkg
            names = [f"{target}.{a.name}" if f"{target}.{a.name}" in MODULES else target for a in node.names]
        else:
            continue
        for name in names:
            if name.startswith("gongkai"):
                resolved = _resolve(name)
                if resolved and resolved != module:
                    found.add(resolved)
    return found


GRAPH = {m: _imports(m, p) for m, p in MODULES.items()}


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_it_knows_the_floor_of_every_room():
    rooms = {_room(m) for m in MODULES} - {""}
    assert rooms <= set(FLOORS), f"新的模块没有楼层：{sorted(rooms - set(FLOORS))}"


def test_no_import_runs_back_up():
    upward = []
    for module, targets in GRAPH.items():
        room = _room(module)
        for target in targets:
            other = _room(target)
            if not other or other == room:
                continue
            if FLOORS[other] >= FLOORS[room]:
                upward.append(f"{module} → {target}")
    assert not upward, "向上或同层的导入：\n" + "\n".join(sorted(upward))


def _cycles() -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return out


def test_the_import_graph_has_no_circle():
    # a package importing its own submodules (``__init__`` re-exports) is not a circle of rooms,
    # but a submodule importing its package back is
    assert _cycles() == []


@pytest.mark.parametrize("word", ["importlib", "__import__", "except ImportError"])
def test_no_module_finds_another_by_name(word):
    offenders = [m for m, p in MODULES.items()
                 if word in p.read_text(encoding="utf-8") and m not in DYNAMIC_IMPORT_ALLOWED]
    assert offenders == []



def test_it_sees_a_known_edge():
    # the walk itself works: the decision issues letters through the documents app
    assert any(t.startswith("gongkai.documents") for t in GRAPH["gongkai.disclosure.letters"])


def test_the_report_builder_takes_each_apps_figures_through_its_figures_module():
    # one seam between the annual report and the apps: no other app's models or querysets
    apps = {t for t in GRAPH["gongkai.reports.builder"] if _room(t) not in ("reports", "rules", "accounts")}
    assert apps == {"gongkai.appeals.figures", "gongkai.catalog.figures", "gongkai.disclosure.figures",
                    "gongkai.feedback.figures"}
