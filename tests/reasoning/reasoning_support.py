"""Shared helpers for the reasoning tests: tiny Turtle graphs and triples."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

EX = "http://ex/"
PREFIXES = f"""
@prefix : <{EX}> .
@prefix rdf: <{RDF}> .
@prefix rdfs: <{RDFS}> .
@prefix owl: <{OWL}> .
@prefix xsd: <{XSD}> .
"""
_NS = {":": EX, "rdf:": str(RDF), "rdfs:": str(RDFS), "owl:": str(OWL), "xsd:": str(XSD)}


def graph(ttl: str) -> Graph:
    """Parse a Turtle snippet written with the usual prefixes."""
    return Graph().parse(data=PREFIXES + ttl, format="turtle")


def term(text: str):
    """``:a`` / ``owl:Thing`` / ``"1"^^xsd:integer`` / ``"x"`` to an rdflib term."""
    if text.startswith('"'):
        lex, _, dt = text[1:].partition('"')
        return Literal(lex, datatype=term(dt[2:]) if dt.startswith("^^") else None)
    for prefix, ns in _NS.items():
        if text.startswith(prefix):
            return URIRef(ns + text[len(prefix):])
    raise ValueError(text)


def triple(text: str) -> tuple:
    """``":a rdf:type :C"`` to an rdflib triple."""
    s, p, o = text.split()
    return term(s), term(p), term(o)
