"""The package's shape: Qt stays in ui/, no import cycles, and the core's
subpackages import one another in one direction only.

The import graph is read from the sources (every ``import`` at any depth,
inside functions too, ``if TYPE_CHECKING:`` blocks aside), so a cycle that
only a lazy import hides at run time is still found.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import fulian_desktop

PACKAGE = Path(fulian_desktop.__file__).resolve().parent

#: core's parts, lowest first, and what each may import inside core
#: (the docstring of each subpackage says the same)
CORE_LAYERS: dict[str, set[str]] = {
    "issues": set(),
    "text": set(),
    "template": {"text"},
    "draft": {"text", "template", "issues"},
    "scoresheet": {"text", "template", "draft", "issues"},
    "compose": {"text", "template", "draft", "scoresheet"},
    "check": {"text", "template", "draft", "scoresheet", "compose", "issues"},
    "signoff": {"text", "template", "draft", "scoresheet", "compose", "check", "issues"},
}
#: top-level modules the core may use (exceptions, folders)
CORE_MAY_USE = {"errors", "paths"}
#: packages that never import the window
QT_FREE = ("core", "render", "storage", "importing")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports, at any depth."""
    found: set[str] = set()
    is_package = path.name == "__init__.py"
    pending: list[ast.AST] = [ast.parse(path.read_text("utf-8"))]
    while pending:
        node = pending.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                pending.extend(child.orelse)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[: len(base) - (child.level - 1)]
                    module = ".".join(base + ([child.module] if child.module else []))
                else:
                    module = child.module or ""
                for alias in child.names:  # ``from pkg import module`` names a module
                    sub = f"{module}.{alias.name}"
                    found.add(sub if sub in modules else module)
            pending.append(child)
    return {m for m in found if m in modules and m != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _part(module: str) -> tuple[str, str]:
    """('core', 'template') for fulian_desktop.core.template.model; ('', 'ui') outside core."""
    parts = module.split(".")[1:]
    if not parts:
        return "", ""
    if parts[0] == "core" and len(parts) > 1:
        return "core", parts[1]
    return "", parts[0]


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def test_cycle_finder_finds_a_cycle():
    # the checker itself: a two-module and a three-module cycle beside a clean chain
    graph = {"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"e"}, "e": {"c"}, "f": {"a"}}
    assert sorted(_cycles(graph)) == [["a", "b"], ["c", "d", "e"]]


def test_core_subpackages_import_downwards_only():
    graph = _graph()
    wrong = []
    for module, imported in graph.items():
        where, part = _part(module)
        if where != "core" or not part:
            continue
        assert part in CORE_LAYERS, f"{module}: core part {part!r} missing from CORE_LAYERS"
        for target in imported:
            t_where, t_part = _part(target)
            if t_where == "core":
                if t_part != part and t_part not in CORE_LAYERS[part]:
                    wrong.append(f"{module} → {target}")
            elif t_part not in CORE_MAY_USE and t_part:
                wrong.append(f"{module} → {target}")
    assert wrong == []


def test_core_has_few_loose_modules():
    loose = sorted(p.stem for p in (PACKAGE / "core").glob("*.py") if p.stem != "__init__")
    subpackages = sorted(p.parent.name for p in (PACKAGE / "core").glob("*/__init__.py"))
    assert len(loose) <= 6, loose
    assert len(subpackages) >= 4, subpackages
    # every part is in the layer table, and every subpackage says what it is for
    assert set(loose) | set(subpackages) == set(CORE_LAYERS)
    for name in subpackages:
        doc = ast.get_docstring(ast.parse((PACKAGE / "core" / name / "__init__.py").read_text()))
        assert doc and "import" in doc, (
            f"core/{name}/__init__.py needs a docstring saying what it may import"
        )


def test_qt_free_packages_never_import_the_window():
    graph = _graph()
    wrong = [
        f"{module} → {target}"
        for module, imported in graph.items()
        if _part(module)[1] in QT_FREE or _part(module)[0] == "core"
        for target in imported
        if _part(target)[1] in ("ui", "commands", "cli")
    ]
    assert wrong == []


def test_core_render_storage_do_not_load_qt():
    code = (
        "import sys, fulian_desktop.core, fulian_desktop.render, fulian_desktop.storage, "
        "fulian_desktop.importing, "
        "pkgutil, importlib\n"
        "for pkg in (fulian_desktop.core, fulian_desktop.render, fulian_desktop.storage,\n"
        "            fulian_desktop.importing):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'PySide6 loaded'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
