"""A store in this process: a pyoxigraph store, in memory or on disk (see ``embedded``)."""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from ..findings import Finding
from ..rdf.namespaces import PREFIXES, RPD
from ..rdf.results import Results
from ..rdf.sparql import syntax_error, with_values
from ..rdf.terms import Term
from . import graphs


class LocalStore:
    """A reasoned knowledge graph in a pyoxigraph store (meets the ``stores.Store`` protocol)."""

    def __init__(self, store: ox.Store, findings: list[Finding]) -> None:
        self.store = store
        self.findings = findings

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
        try:
            # Bound through VALUES, as on a remote store: Oxigraph pushes a VALUES block into
            # every branch of a UNION, which it does not do with a substituted variable.
            sent = with_values(text, dict(bindings), check=False) if bindings else text
            result = self.store.query(sent, **scope, prefixes=PREFIXES if prefixes else None)  # type: ignore[arg-type]
        except SyntaxError as error:
            raise syntax_error(source, error) from None
        return Results.from_pyoxigraph(result, query=text, bindings=dict(bindings or {}))

    def describes(self, term: Term) -> bool:
        if any(True for _ in self.store.quads_for_pattern(term, None, None)):  # type: ignore[arg-type]
            return True
        return any(True for _ in self.store.quads_for_pattern(None, None, term))

    def entities(self, namespace: str = RPD) -> list[ox.NamedNode]:
        rows = self.store.query(
            f"SELECT DISTINCT ?entity WHERE {{ ?entity ?p ?o FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), {ox.Literal(namespace)})) }}",
            use_default_graph_as_union=True,
        )
        assert isinstance(rows, ox.QuerySolutions)
        return [row["entity"] for row in rows if isinstance(row["entity"], ox.NamedNode)]

    def count(self, graph: str) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def triples(self, graph: str) -> list[ox.Triple]:
        return [quad.triple for quad in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]

    def close(self) -> None:
        del self.store
