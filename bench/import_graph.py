"""Print the import graph between the top-level units of ``src/realpolitik``.

A unit is a top-level module (``cli.py``) or subpackage (``reasoning/``). An arrow
``a -> b`` means some module of ``a`` imports something from ``b``, at any depth of
the function bodies (lazy imports count: they are dependencies all the same).
Prints the units, the arrows, and the cycles (strongly connected components with more
than one unit), then one summary line:

    python bench/import_graph.py
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


def imported_units(path: Path) -> set[str]:
    """The units a module imports from, resolved against its own package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(PACKAGE).parent.parts
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - (node.level - 1)])
                target = base + (node.module.split(".") if node.module else [])
                names = [target + [alias.name] for alias in node.names] if not node.module else [target]
            elif node.module and node.module.split(".")[0] == "realpolitik":
                target = node.module.split(".")[1:]
                names = [target + [alias.name] for alias in node.names] if not target else [target]
            else:
                continue
            for name in names:
                if name:
                    found.add(name[0].removesuffix(".py"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "realpolitik" and len(parts) > 1:
                    found.add(parts[1])
    return found


def main() -> int:
    modules = sorted(p for p in PACKAGE.rglob("*.py") if "kg" not in p.relative_to(PACKAGE).parts[:1])
    units = sorted({unit_of(p) for p in modules})
    arrows: dict[str, set[str]] = defaultdict(set)
    for path in modules:
        source = unit_of(path)
        for target in imported_units(path):
            if target in units and target != source:
                arrows[source].add(target)
    cycles = strongly_connected(units, arrows)
    for unit in units:
        print(f"{unit:>16} -> {', '.join(sorted(arrows[unit])) or '-'}")
    for cycle in cycles:
        print("cycle:", " <-> ".join(sorted(cycle)))
    total = sum(len(targets) for targets in arrows.values())
    print(f"{len(units)} units, {total} arrows, {len(cycles)} cycles between units")
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
