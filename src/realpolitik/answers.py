"""Asking questions of a reasoned dataset: stored questions with bound parameters, and ad hoc SPARQL."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from .dataset import Dataset
from .errors import InputError
from .kg import suggest
from .queries import StoredQuery
from .terms import parse_term, show_term
from .vocabulary import PREFIXES, RPD

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Answer:
    """The result of a query: rows of a SELECT, the truth of an ASK, or the triples of a CONSTRUCT."""

    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None

    def records(self) -> list[dict[str, Term]]:
        """The rows as dictionaries of the bound variables."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]


def bind_parameters(dataset: Dataset, query: StoredQuery, given: dict[str, str]) -> dict[str, Term]:
    """Turn ``--param NAME=VALUE`` strings into RDF terms, falling back on the header's defaults.

    A value for an IRI parameter may be a prefixed name, an ``<IRI>`` or the local name of
    an entity (``Ukraine``); it must name something the graph describes. Raises InputError
    naming the query and the parameter.
    """
    for name in given:
        query.parameter(name)
    bound: dict[str, Term] = {}
    for parameter in query.params:
        if parameter.name in given:
            bound[parameter.name] = _parse_parameter(dataset, query, parameter.name, parameter.kind, given[parameter.name])
        elif parameter.default is not None:
            bound[parameter.name] = parameter.default
        else:
            raise InputError(f"query {query.name}: missing parameter {parameter.name!r} ({parameter.description}); pass --param {parameter.name}=VALUE")
    return bound


def _parse_parameter(dataset: Dataset, query: StoredQuery, name: str, kind: str, value: str) -> Term:
    where = f"query {query.name}: parameter {name}"
    if kind == "literal":
        return parse_term(value) if value.startswith('"') else ox.Literal(value)
    text = value if (":" in value or value.startswith("<")) else f"rpd:{value}"
    try:
        term = parse_term(text)
    except ValueError as error:
        raise InputError(f"{where}: {error}") from None
    if not isinstance(term, ox.NamedNode):
        raise InputError(f"{where}: expected an entity such as rpd:Turkey, got the literal {value!r}")
    # A Dataset, or anything with pyoxigraph's quads_for_pattern (a remote endpoint.Endpoint).
    store = getattr(dataset, "store", dataset)
    if not any(True for _ in store.quads_for_pattern(term, None, None)):
        entities = {q.subject.value[len(RPD):] for q in store.quads_for_pattern(None, None, None) if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(RPD)}
        local = term.value[len(RPD):] if term.value.startswith(RPD) else term.value
        hint = suggest(local, entities).replace('"', "")
        hint = re.sub(r"did you mean (\S+)\?", r"did you mean rpd:\1?", hint)
        raise InputError(f"{where}: unknown entity {show_term(term)}{hint}")
    return term


def run_stored(dataset: Dataset, query: StoredQuery, given: dict[str, str] | None = None, reasoning: bool = True) -> Answer:
    """Answer a stored question; parameters are bound as RDF terms, never pasted into the text."""
    bindings = bind_parameters(dataset, query, given or {})
    return run_sparql(dataset, query.text, reasoning=reasoning, bindings=bindings, source=str(query.path), default_prefixes=False)


def run_sparql(
    dataset: Dataset,
    text: str,
    reasoning: bool = True,
    bindings: dict[str, Term] | None = None,
    source: str = "<query>",
    default_prefixes: bool = True,
) -> Answer:
    """Run a SPARQL 1.1 query over the dataset (its union, with or without the inferred graph).

    Ad hoc queries may use the project's prefixes (rp:, rpd:, …) without declaring them.
    Raises InputError naming ``source:line:column`` on a syntax error.
    """
    graphs = dataset.default_graphs(reasoning)
    # The same union, but Oxigraph answers several times faster over its own union default graph.
    scope = {"use_default_graph_as_union": True} if set(graphs) == set(dataset.store.named_graphs()) else {"default_graph": graphs}
    try:
        result = dataset.store.query(
            text,
            **scope,
            prefixes=PREFIXES if default_prefixes else None,
            substitutions={ox.Variable(k): v for k, v in (bindings or {}).items()},
        )
    except SyntaxError as error:
        raise sparql_syntax_error(source, error) from None
    return answer_from(result)


def answer_from(result: object) -> Answer:
    """Collect a pyoxigraph query result (solutions, boolean or triples) into an Answer."""
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        return Answer(variables, [tuple(solution[v] for v in variables) for solution in result])
    if isinstance(result, ox.QueryBoolean):
        return Answer(boolean=bool(result))
    return Answer(triples=list(result))


def sparql_syntax_error(source: str, error: SyntaxError) -> InputError:
    """One line naming where the SPARQL text is wrong."""
    message = str(error)
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if match:
        return InputError(f"{source}:{match.group(1)}:{match.group(2)}: SPARQL syntax error: {match.group(3).splitlines()[0]}")
    return InputError(f"{source}: SPARQL syntax error: {message.splitlines()[0]}")


def compare_expected(query: StoredQuery, answer: Answer) -> tuple[list[dict[str, Term]], list[dict[str, Term]]]:
    """Compare an answer with the query's expected rows: (missing rows, unexpected rows).

    Rows are compared as sets, on the variables the expected rows name.
    """
    expected = list(query.expected or ())
    variables = sorted({v for row in expected for v in row})
    got = {tuple((v, row.get(v)) for v in variables) for row in answer.records()}
    want = {tuple((v, row.get(v)) for v in variables) for row in expected}
    missing = [dict(r) for r in sorted(want - got, key=str)]
    unexpected = [dict(r) for r in sorted(got - want, key=str)]
    return missing, unexpected
