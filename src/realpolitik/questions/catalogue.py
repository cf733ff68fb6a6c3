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

``source: article`` says whose question it is: ``check`` then compares its answers under
that source's perspective (``source:article``: the records quoting it, with background
knowledge), so that adding another source never changes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from ..errors import InputError, did_you_mean, display_path
from ..files import read_text
from ..kg import Layout
from ..rdf.sparql import Header, mentions_variable, read_header
from ..rdf.terms import parse_term
from ..stores.memory import cache_folder

_REQUIRED = ("summary", "question", "needs_reasoning")
_KNOWN = set(_REQUIRED) | {"params", "expected", "tags", "description", "source"}


class Parameter(NamedTuple):
    """A value a stored question takes, bound as an RDF term to the variable of the same name."""

    name: str
    description: str
    default: ox.NamedNode | ox.Literal | None
    kind: str = "iri"  # "iri" or "literal"


class StoredQuestion(NamedTuple):
    """One stored question: its SPARQL text and what its header says about it."""

    name: str
    path: Path
    text: str
    summary: str
    question: str
    needs_reasoning: bool
    params: tuple[Parameter, ...] = ()
    expected: tuple[dict[str, ox.NamedNode | ox.Literal], ...] | None = None
    source: str | None = None
    """The source whose question this is (``article``): its expected answers hold under that source's perspective."""

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``; raises InputError naming the query and the known parameters."""
        for parameter in self.params:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.params) or "none"
        hint = did_you_mean(name, [p.name for p in self.params])
        raise InputError(f"query {self.name}: unknown parameter {name!r}{hint}; its parameters: {known}")


def read_question(path: Path) -> StoredQuestion:
    """Read a stored question; raises InputError naming ``file:line`` when its header is wrong."""
    where = display_path(path)
    text = read_text(path)
    header = read_header(text, where, cache_folder() / "question-headers.json")
    header.check_keys(_KNOWN, _REQUIRED)
    values = header.values
    if not isinstance(values["needs_reasoning"], bool):
        raise header.error("needs_reasoning", "needs_reasoning must be true or false")

    params = []
    for item in values.get("params") or []:
        if not isinstance(item, dict) or "name" not in item:
            raise header.error("params", "each parameter needs 'name:' (and 'description:', 'default:')")
        name = str(item["name"])
        if not mentions_variable(text, name):
            raise header.error("name", f"parameter {name!r} has no variable ?{name} in the query")
        kind = str(item.get("type", "iri"))
        if kind not in ("iri", "literal"):
            raise header.error("type", f"parameter {name!r}: type must be iri or literal, not {kind!r}")
        default = _term(item.get("default"), header, "default") if item.get("default") is not None else None
        params.append(Parameter(name, str(item.get("description", "")), default, kind))

    expected = None
    if "expected" in values:
        rows = values["expected"] or []
        if not isinstance(rows, list) or not all(isinstance(r, dict) and r for r in rows):
            raise header.error("expected", "expected must be a list of rows like '- {state: rpd:Turkey}'")
        expected = tuple({str(k): _term(v, header, str(k)) for k, v in row.items()} for row in rows)
        for row in expected:
            for variable in row:
                if not mentions_variable(text, variable):
                    raise header.error("expected", f"expected answer names ?{variable}, which the query does not select")

    return StoredQuestion(
        name=path.stem,
        path=path,
        text=text,
        summary=str(values["summary"]).strip(),
        question=str(values["question"]).strip(),
        needs_reasoning=values["needs_reasoning"],
        params=tuple(params),
        expected=expected,
        source=_source(values.get("source"), header),
    )


def _source(value: object, header: Header) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise header.error("source", "source must name one source of the graph, e.g. 'source: article'")
    return value.strip().removeprefix("src:")


def _term(value: object, header: Header, key: str) -> ox.NamedNode | ox.Literal:
    if isinstance(value, bool):
        value = "true" if value else "false"
    try:
        return parse_term(str(value))
    except ValueError as error:
        raise header.error(key, f"{key}: {error}") from None


class Catalogue:
    """The stored questions of a knowledge graph, by name.

    >>> catalogue = Catalogue(Layout.at())
    >>> catalogue["who-bypasses-ukraine"].question
    'Who bypasses Ukraine?'
    """

    def __init__(self, layout: Layout | None = None) -> None:
        self.layout = layout or Layout.at()

    def names(self) -> list[str]:
        return [path.stem for path in self.layout.query_files]

    def get(self, name: str) -> StoredQuestion:
        """The stored question ``name``; raises InputError with "did you mean" when there is none."""
        path = self.layout.query_folder / f"{name}.rq"
        if not path.is_file():
            raise InputError(f"unknown query {name!r}{did_you_mean(name, self.names())}; 'realpolitik queries' lists them")
        return read_question(path)

    __getitem__ = get

    def __iter__(self) -> Iterator[StoredQuestion]:
        return iter(self.all())

    def __len__(self) -> int:
        return len(self.names())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.names()

    def all(self) -> list[StoredQuestion]:
        return [self.get(name) for name in self.names()]
