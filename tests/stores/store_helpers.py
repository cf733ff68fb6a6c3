"""Helpers shared by the store tests: turning pyoxigraph terms into rdflib ones, and comparing rows."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

from realpolitik.endpoint import SKOLEM


def to_rdflib(term: object) -> rdflib.term.Node:
    """The rdflib term for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == str(rdflib.XSD.string):
            return rdflib.Literal(term.value)  # rdflib spells RDF 1.1 simple literals without a datatype
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(term)


def from_rdflib(term: object) -> object:
    """The pyoxigraph term for an rdflib term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    datatype = term.datatype or rdflib.XSD.string
    return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)))


def rdflib_graph(triples) -> rdflib.Graph:
    graph = rdflib.Graph()
    for triple in triples:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
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
