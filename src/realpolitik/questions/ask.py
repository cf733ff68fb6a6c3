"""Asking stored questions of a store: parameters bound as RDF terms (never pasted into the
text), and answers compared with the expected ones."""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import InputError, display_path
from ..rdf.results import Results
from ..rdf.terms import Term, parse_term
from ..stores import Store, unknown_entity
from .catalogue import StoredQuestion


def bind_parameters(store: Store, question: StoredQuestion, given: dict[str, str | Term]) -> dict[str, Term]:
    """Turn parameter values into RDF terms, falling back on the header's defaults.

    A value may be an RDF term, or text: for an IRI parameter a prefixed name, an
    ``<IRI>`` or the local name of an entity (``Ukraine``), which must name something the
    store describes. Raises InputError naming the query and the parameter.
    """
    for name in given:
        question.parameter(name)
    bound: dict[str, Term] = {}
    for parameter in question.params:
        if parameter.name in given:
            bound[parameter.name] = _parse_parameter(store, question, parameter.name, parameter.kind, given[parameter.name])
        elif parameter.default is not None:
            bound[parameter.name] = parameter.default
        else:
            raise InputError(f"query {question.name}: missing parameter {parameter.name!r} ({parameter.description}); pass --param {parameter.name}=VALUE")
    return bound


def _parse_parameter(store: Store, question: StoredQuestion, name: str, kind: str, value: str | Term) -> Term:
    where = f"query {question.name}: parameter {name}"
    if kind == "literal":
        if isinstance(value, ox.Literal):
            return value
        if not isinstance(value, str):
            raise InputError(f"{where}: expected a literal, got {value}")
        return parse_term(value) if value.startswith('"') else ox.Literal(value)
    if isinstance(value, str):
        text = value if (":" in value or value.startswith("<")) else f"rpd:{value}"
        try:
            term: Term = parse_term(text)
        except ValueError as error:
            raise InputError(f"{where}: {error}") from None
    else:
        term = value
    if not isinstance(term, ox.NamedNode):
        raise InputError(f"{where}: expected an entity such as rpd:Turkey, got the literal {value!r}")
    problem = unknown_entity(store, term)
    if problem:
        raise InputError(f"{where}: {problem}")
    return term


def ask(store: Store, question: StoredQuestion, given: dict[str, str | Term] | None = None, reasoning: bool = True) -> Results:
    """Answer a stored question; raises InputError for a bad parameter or query."""
    bindings = bind_parameters(store, question, given or {})
    return store.query(question.text, bindings=bindings, reasoning=reasoning, prefixes=False, source=display_path(question.path))


def projected(question: StoredQuestion, results: Results) -> set[tuple[tuple[str, Term | None], ...]]:
    """The answer's rows on the variables the expected rows name, as a set."""
    variables = sorted({v for row in question.expected or () for v in row})
    return {tuple((v, row.get(v)) for v in variables) for row in results.to_dicts()}


def compare_expected(question: StoredQuestion, results: Results) -> tuple[list[dict[str, Term]], list[dict[str, Term]]]:
    """Compare an answer with the question's expected rows: (missing rows, unexpected rows).

    Rows are compared as sets, on the variables the expected rows name.
    """
    expected: list[dict[str, Term]] = [dict(row) for row in question.expected or ()]
    variables = sorted({v for row in expected for v in row})
    got = projected(question, results)
    want = {tuple((v, row.get(v)) for v in variables) for row in expected}
    missing = [{k: v for k, v in r if v is not None} for r in sorted(want - got, key=str)]
    unexpected = [{k: v for k, v in r if v is not None} for r in sorted(got - want, key=str)]
    return missing, unexpected
