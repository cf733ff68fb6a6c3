"""Print the import graph between the top-level units of ``src/realpolitik``.

A unit is a top-level module (``cli.py``) or subpackage (``reasoning/``). An arrow
``a -> b`` means some module of ``a`` imports something from ``b``, at any depth of
the function bodies (lazy imports count: they are dependencies all the same).
Prints the units, the arrows, and the cycles (strongly connected components with more
than one unit), then one summary line:

    python bench/import_graph.py [--by-definition]

``--by-definition`` follows each name a ``from … import name`` takes to the unit that
defines it, at run time (re-exports and a module's ``__getattr__`` included), and adds
those arrows: a face importing the API's ``StoredQuestion`` from ``knowledge_graph`` then
also depends on ``questions``, where the class is written. The package's ``__init__``,
a facade of re-exports by design, is left out of that count. It needs the package
importable (``pip install -e .``).
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "realpolitik"


def unit_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_units(path: Path, units: set[str]) -> set[str]:
    """The units a module imports from, resolved against its own package.

    A name imported from the package itself (``from realpolitik import open``,
    ``from .. import __version__``) is a submodule when it names a unit, and otherwise
    a name defined in ``__init__.py``: an arrow to the unit ``__init__``. So is a bare
    ``import realpolitik``. ``importlib.import_module`` with a constant module name
    counts like the import statement it stands for.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = list(path.relative_to(PACKAGE).parent.parts)
    found: set[str] = set()

    def add(module: list[str], names: list[str]) -> None:
        if module:
            found.add(module[0])
        else:
            found.update(name if name in units else "__init__" for name in names)

    def resolve(level: int, module: str | None) -> list[str] | None:
        """The module path below the package, or None for a module outside it."""
        parts = module.split(".") if module else []
        if level:
            return package[: len(package) - (level - 1)] + parts
        if parts and parts[0] == "realpolitik":
            return parts[1:]
        return None

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = resolve(node.level, node.module)
            if target is not None:
                add(target, [alias.name for alias in node.names])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                target = resolve(0, alias.name)
                if target is not None:
                    add(target, ["__init__"])
        elif isinstance(node, ast.Call) and _calls_import_module(node) and node.args:
            name = node.args[0]
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                dots = len(name.value) - len(name.value.lstrip("."))
                target = resolve(dots, name.value.lstrip(".") or None)
                if target is not None:
                    add(target, ["__init__"])
    return found


def defining_units(path: Path, units: set[str]) -> set[str]:
    """The units that define the names ``path`` imports with ``from … import name``."""
    import importlib
    import types

    package = ["realpolitik", *path.relative_to(PACKAGE).parent.parts]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            module = ".".join(package[: len(package) - (node.level - 1)] + ([node.module] if node.module else []))
        elif node.module and node.module.split(".")[0] == "realpolitik":
            module = node.module
        else:
            continue
        for alias in node.names:
            try:
                value = getattr(importlib.import_module(module), alias.name)
            except AttributeError:
                value = importlib.import_module(f"{module}.{alias.name}")
            owner = value.__name__ if isinstance(value, types.ModuleType) else getattr(value, "__module__", None) or module
            parts = owner.split(".")
            if parts[0] == "realpolitik":
                unit = parts[1] if len(parts) > 1 else "__init__"
                found.add(unit if unit in units else "__init__")
    return found


def _calls_import_module(call: ast.Call) -> bool:
    function = call.func
    name = function.attr if isinstance(function, ast.Attribute) else function.id if isinstance(function, ast.Name) else ""
    return name in {"import_module", "__import__"}


def main() -> int:
    modules = sorted(PACKAGE.rglob("*.py"))
    units = sorted({unit_of(p) for p in modules})
    arrows: dict[str, set[str]] = defaultdict(set)
    by_definition = "--by-definition" in sys.argv[1:]
    if by_definition:
        sys.path.insert(0, str(PACKAGE.parent))
    for path in modules:
        source = unit_of(path)
        targets = imported_units(path, set(units))
        if by_definition and source != "__init__":
            targets |= defining_units(path, set(units))
        for target in targets:
            if target in units and target != source:
                arrows[source].add(target)
    cycles = strongly_connected(units, arrows)
    for unit in units:
        print(f"{unit:>16} -> {', '.join(sorted(arrows[unit])) or '-'}")
    for cycle in cycles:
        print("cycle:", " <-> ".join(sorted(cycle)))
    total = sum(len(targets) for targets in arrows.values())
    kind = " (by definition: names followed to the unit that defines them)" if by_definition else ""
    print(f"{len(units)} units, {total} arrows, {len(cycles)} cycles between units{kind}")
    return 0


def strongly_connected(nodes: list[str], edges: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm; only the components of more than one node."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in nodes:
        if node not in index:
            visit(node)
    return found


if __name__ == "__main__":
    sys.exit(main())
