"""A store in this process: a pyoxigraph store, in memory or on disk (see ``embedded``).

This is where every query over a local store runs, so its guards live here: the text is
checked first (``rdf.sparql.check_query``: nesting depth, SPARQL Update, SERVICE), then
the query runs in a worker process under a deadline (``workers``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from ..errors import InputError
from ..findings import Finding
from ..rdf.namespaces import PREFIXES, RPD
from ..rdf.results import Results
from ..rdf.sparql import check_query, syntax_error, with_values
from ..rdf.terms import Term
from . import graphs
from .workers import MAX_ROWS, QueryWorkers

# Seconds a query may run unless the caller says otherwise (CLI --timeout).
DEFAULT_QUERY_TIMEOUT = 60.0


def check_timeout(seconds: float | None, name: str = "--timeout") -> float | None:
    """``seconds`` when it is a finite positive number (or None: no deadline); raises InputError otherwise."""
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not math.isfinite(seconds) or seconds <= 0:
        raise InputError(f"{name} {seconds!r}: expected a finite number of seconds above 0")
    return float(seconds)


class LocalStore:
    """A reasoned knowledge graph in a pyoxigraph store (meets the ``stores.Store`` protocol).

    Each query must finish within ``timeout`` seconds (None: no deadline, and the query
    runs in this process); SERVICE clauses are refused unless ``allow_federation``.
    """

    def __init__(self, store: ox.Store, findings: list[Finding], *, timeout: float | None = DEFAULT_QUERY_TIMEOUT,
                 allow_federation: bool = False) -> None:
        self.store = store
        self.findings = findings
        self.timeout = check_timeout(timeout, "timeout")
        self.allow_federation = allow_federation
        self._workers: QueryWorkers | None = None

    def changed(self) -> None:
        """Say that ``self.store`` was written to: later queries must see the new content."""
        if self._workers is not None:
            self._workers.restart()

    def query(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        reasoning: bool = True,
        prefixes: bool = True,
        source: str = "<query>",
    ) -> Results:
        default = [ox.NamedNode(g) for g in graphs(reasoning)]
        # The same union, but Oxigraph answers several times faster over its own union default graph.
        if set(default) == set(self.store.named_graphs()):
            scope: dict[str, object] = {"use_default_graph_as_union": True}
        else:
            scope = {"default_graph": default}
        check_query(text, source, allow_federation=self.allow_federation)
        try:
            # Bound through VALUES, as on a remote store: Oxigraph pushes a VALUES block into
            # every branch of a UNION, which it does not do with a substituted variable.
            sent = with_values(text, dict(bindings), check=False) if bindings else text
            variables, rows, boolean, triples = self._run({"query": sent, **scope, "prefixes": PREFIXES if prefixes else None}, source)
        except SyntaxError as error:
            raise syntax_error(source, error) from None
        return Results(variables, rows, boolean=boolean, triples=triples, query=text, bindings=dict(bindings or {}))

    def _run(self, request: dict[str, Any], source: str) -> tuple[Any, ...]:
        """Run one query (keyword arguments of ``ox.Store.query``) within the deadline."""
        if self.timeout is None:
            return _answer(self.store, request)
        if self._workers is None:
            self._workers = QueryWorkers(functools.partial(_answer, self.store))
        result: tuple[Any, ...] = self._workers.run(request, self.timeout, describe=source)
        return result

    def describes(self, term: Term) -> bool:
        if any(True for _ in self.store.quads_for_pattern(term, None, None)):  # type: ignore[arg-type]
            return True
        return any(True for _ in self.store.quads_for_pattern(None, None, term))

    def entities(self, namespace: str = RPD) -> list[ox.NamedNode]:
        text = f"SELECT DISTINCT ?entity WHERE {{ ?entity ?p ?o FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), {ox.Literal(namespace)})) }}"
        _, rows, _, _ = self._run({"query": text, "use_default_graph_as_union": True}, "<entities>")
        return [row[0] for row in rows if isinstance(row[0], ox.NamedNode)]

    def count(self, graph: str) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def triples(self, graph: str) -> list[ox.Triple]:
        return [quad.triple for quad in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]

    def close(self) -> None:
        if self._workers is not None:
            self._workers.close()
            self._workers = None
        del self.store


def _answer(store: ox.Store, request: dict[str, Any]) -> tuple[Any, ...]:
    """Run a query and collect its answer as (variables, rows, boolean, triples).

    Raises InputError when the answer has more than MAX_ROWS rows or triples.
    """
    result = store.query(**request)
    if isinstance(result, ox.QueryBoolean):
        return [], [], bool(result), None
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            rows.append(tuple(solution[v] for v in variables))
            if len(rows) > MAX_ROWS:
                raise InputError(f"the answer has more than {MAX_ROWS:,} rows; add a LIMIT or narrow the query")
        return variables, rows, None, None
    triples = []
    for triple in result:
        triples.append(triple)
        if len(triples) > MAX_ROWS:
            raise InputError(f"the answer has more than {MAX_ROWS:,} triples; narrow the query")
    return [], [], None, triples
