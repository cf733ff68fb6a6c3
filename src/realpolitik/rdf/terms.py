"""Single RDF terms: reading and writing them as people type them (``rpd:Turkey``,
``<http://…>``, ``"partly"@en``), and the one bridge between pyoxigraph and rdflib terms.

    >>> parse_term("rpd:Turkey")
    <NamedNode value=https://w3id.org/realpolitik/id/Turkey>
    >>> write_term(parse_term('"partly"@en'))
    '"partly"@en'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from .namespaces import RDF, XSD, expand, shorten

Term = ox.NamedNode | ox.BlankNode | ox.Literal
"""An RDF term as a query result or a triple holds it."""
QuadTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
"""Any term pyoxigraph's parser may put in a triple (RDF 1.2 allows a quoted triple as object)."""

_LITERAL = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?$', re.DOTALL)


def value_of(term: object) -> str:
    """The IRI, blank node id or lexical form of a term (a quoted triple as N-Triples)."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term.value
    return str(term)


def parse_term(text: str) -> ox.NamedNode | ox.Literal:
    """Parse a prefixed name, an ``<IRI>``, a quoted literal (with @lang or ^^datatype), a number or a boolean.

    Raises ValueError saying what is wrong.
    """
    text = text.strip()
    match = _LITERAL.match(text)
    if match:
        value = match.group(1).replace('\\"', '"').replace("\\\\", "\\")
        if match.group(2):
            return ox.Literal(value, language=match.group(2))
        if match.group(3):
            return ox.Literal(value, datatype=ox.NamedNode(expand(match.group(3))))
        return ox.Literal(value)
    if text in ("true", "false"):
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "boolean"))
    if re.fullmatch(r"[+-]?\d+", text):
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "integer"))
    if not text:
        raise ValueError("empty term")
    return ox.NamedNode(expand(text))


def show_term(term: object) -> str:
    """A short human-readable form: prefixed names for IRIs, the plain value for literals."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def write_term(term: object) -> str:
    """The form ``parse_term`` reads back: prefixed name, ``"literal"@lang``, ``"literal"^^datatype``."""
    if isinstance(term, ox.Literal):
        quoted = '"' + term.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype.value in (XSD + "string", RDF + "langString"):
            return quoted
        # Bare only when the value reads back as itself: an ill-typed "maybe"^^xsd:boolean stays as written.
        if (term.datatype.value == XSD + "integer" and re.fullmatch(r"[+-]?\d+", term.value)) or (
                term.datatype.value == XSD + "boolean" and term.value in ("true", "false")):
            return term.value
        return f"{quoted}^^{shorten(term.datatype.value)}"
    return show_term(term)


def to_rdflib_triples(triples: Iterable[ox.Triple]) -> list[tuple[Any, Any, Any]]:
    """pyoxigraph triples as rdflib (s, p, o) tuples."""
    return [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in triples]


def from_rdflib_triple(triple: tuple[Any, Any, Any]) -> ox.Triple:
    """An rdflib (s, p, o) tuple as a pyoxigraph triple."""
    return ox.Triple(*(from_rdflib(term) for term in triple))


def to_rdflib(term: Any) -> Any:
    """The rdflib term for a pyoxigraph term (None stays None)."""
    import rdflib

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == XSD + "string":
        return rdflib.Literal(term.value)  # rdflib spells RDF 1.1 simple literals without a datatype
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def from_rdflib(term: Any) -> Any:
    """The pyoxigraph term for an rdflib term (None stays None)."""
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))
