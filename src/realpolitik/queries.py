"""The stored-question catalogue: one SPARQL file per question, with a grlc-style header.

A header is the run of ``#+`` lines at the top of a ``.rq`` file; together they are YAML:

    #+ summary: Actors that bypass a country
    #+ question: Who bypasses Ukraine?
    #+ needs_reasoning: true
    #+ params:
    #+   - name: country
    #+     description: the state whose territory is avoided
    #+     default: rpd:Ukraine
    #+ expected:
    #+   - {actor: rpd:Russia}
    #+   - {actor: rpd:Turkey}

``expected`` lists the answer rows for the default parameters, each row naming the
variables it checks; other variables (labels, for instance) are not compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml

from .errors import InputError
from .kg import Layout, display_path, suggest
from .terms import parse_term

_REQUIRED = ("summary", "question", "needs_reasoning")
_KNOWN = set(_REQUIRED) | {"params", "expected", "tags", "description"}


@dataclass(frozen=True)
class Parameter:
    """A value a stored question takes, bound as an RDF term to the variable of the same name."""

    name: str
    description: str
    default: ox.NamedNode | ox.Literal | None
    kind: str = "iri"  # "iri" or "literal"


@dataclass(frozen=True)
class StoredQuery:
    """One stored question: its SPARQL text and what its header says about it."""

    name: str
    path: Path
    text: str
    summary: str
    question: str
    needs_reasoning: bool
    params: tuple[Parameter, ...] = ()
    expected: tuple[dict[str, ox.NamedNode | ox.Literal], ...] | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``; raises InputError naming the query and the known parameters."""
        for parameter in self.params:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.params) or "none"
        raise InputError(f"query {self.name}: unknown parameter {name!r}{suggest(name, [p.name for p in self.params])}; its parameters: {known}")


def read_query(path: Path) -> StoredQuery:
    """Read a stored question; raises InputError naming ``file:line`` when its header is wrong."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    header_lines = []
    for line in lines:
        if not line.startswith("#+"):
            break
        header_lines.append(line[3:] if line.startswith("#+ ") else line[2:])
    where = display_path(path)
    if not header_lines:
        raise InputError(f"{where}:1: no '#+' header; a stored question starts with '#+ summary:', '#+ question:' and '#+ needs_reasoning:' lines")
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(f"{where}:{line}: header is not valid YAML: {problem}") from None
    if not isinstance(header, dict):
        raise InputError(f"{where}:1: header must be 'key: value' lines")

    def fail(key: str, message: str) -> InputError:
        line = next((i + 1 for i, h in enumerate(header_lines) if re.match(rf"\s*-?\s*{re.escape(key)}\s*:", h)), 1)
        return InputError(f"{where}:{line}: {message}")

    for key in header:
        if key not in _KNOWN:
            raise fail(str(key), f"unknown header key {key!r}{suggest(str(key), _KNOWN)}")
    for key in _REQUIRED:
        if key not in header:
            raise InputError(f"{where}:1: header has no '{key}:' line")
    if not isinstance(header["needs_reasoning"], bool):
        raise fail("needs_reasoning", "needs_reasoning must be true or false")

    params = []
    for item in header.get("params") or []:
        if not isinstance(item, dict) or "name" not in item:
            raise fail("params", "each parameter needs 'name:' (and 'description:', 'default:')")
        name = str(item["name"])
        if not re.search(rf"[?$]{re.escape(name)}\b", text):
            raise fail("name", f"parameter {name!r} has no variable ?{name} in the query")
        kind = str(item.get("type", "iri"))
        if kind not in ("iri", "literal"):
            raise fail("type", f"parameter {name!r}: type must be iri or literal, not {kind!r}")
        default = _term(item.get("default"), fail, "default") if item.get("default") is not None else None
        params.append(Parameter(name, str(item.get("description", "")), default, kind))

    expected = None
    if "expected" in header:
        rows = header["expected"] or []
        if not isinstance(rows, list) or not all(isinstance(r, dict) and r for r in rows):
            raise fail("expected", "expected must be a list of rows like '- {state: rpd:Turkey}'")
        expected = tuple({str(k): _term(v, fail, str(k)) for k, v in row.items()} for row in rows)
        for row in expected:
            for variable in row:
                if not re.search(rf"[?$]{re.escape(variable)}\b", text):
                    raise fail("expected", f"expected answer names ?{variable}, which the query does not select")

    return StoredQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=str(header["summary"]).strip(),
        question=str(header["question"]).strip(),
        needs_reasoning=header["needs_reasoning"],
        params=tuple(params),
        expected=expected,
        tags=tuple(str(t) for t in header.get("tags") or ()),
    )


def _term(value: object, fail, key: str) -> ox.NamedNode | ox.Literal:
    if isinstance(value, bool):
        value = "true" if value else "false"
    try:
        return parse_term(str(value))
    except ValueError as error:
        raise fail(key, f"{key}: {error}") from None


class Catalogue:
    """The stored questions of a knowledge graph, by name."""

    def __init__(self, layout: Layout | None = None) -> None:
        self.layout = layout or Layout.at()

    def names(self) -> list[str]:
        folder = self.layout.query_folder
        return sorted(p.stem for p in folder.glob("*.rq")) if folder.is_dir() else []

    def get(self, name: str) -> StoredQuery:
        """The stored question ``name``; raises InputError with "did you mean" when there is none."""
        path = self.layout.query_folder / f"{name}.rq"
        if not path.is_file():
            raise InputError(f"unknown query {name!r}{suggest(name, self.names())}; 'realpolitik queries' lists them")
        return read_query(path)

    def all(self) -> list[StoredQuery]:
        return [self.get(name) for name in self.names()]
