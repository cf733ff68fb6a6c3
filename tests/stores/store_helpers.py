"""Helpers shared by the store tests: rdflib graphs of pyoxigraph triples, and comparing rows."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

from realpolitik.endpoint import SKOLEM
from realpolitik.terms import from_rdflib, to_rdflib, to_rdflib_triples  # noqa: F401 (re-exported for the tests)


def rdflib_graph(triples) -> rdflib.Graph:
    graph = rdflib.Graph()
    for triple in to_rdflib_triples(triples):
        graph.add(triple)
    return graph


def comparable_rows(answer) -> list[tuple[str, ...]]:
    """An answer's rows as sorted tuples of N-Triples strings, blank nodes and skolem IRIs alike shown as _:b."""

    def show(term: object) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.BlankNode) or (isinstance(term, ox.NamedNode) and term.value.startswith(SKOLEM)):
            return "_:b"
        return str(term)

    return sorted(tuple(show(term) for term in row) for row in answer.rows)
