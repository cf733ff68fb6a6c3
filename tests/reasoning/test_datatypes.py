"""Datatype reasoning on pyoxigraph input: dt-type1, dt-type2 by value space,
dt-eq, dt-diff and dt-not-type, with lexical forms exactly as written."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from realpolitik.reasoning import materialise
from realpolitik.reasoning.datatypes import INVALID, member_types, value_of

from helpers import EX, PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def ox_graph(ttl: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse((PREFIXES + ttl).encode(), format=ox.RdfFormat.TURTLE)]


def iri(name: str) -> ox.NamedNode:
    prefix, _, local = name.partition(":")
    return ox.NamedNode({"": EX, "xsd": XSD, "owl": OWL, "rdf": RDF}[prefix] + local)


def lit(lexical: str, datatype: str) -> ox.Literal:
    return ox.Literal(lexical, datatype=iri(datatype))


# --- the three examples of issue 9 -----------------------------------------------------
def test_functional_data_property_with_two_values_is_inconsistent() -> None:
    closure = materialise(ox_graph(":d a owl:FunctionalProperty . :a :d 1 , 2 ."), progress=False)
    (finding,) = closure.findings
    assert finding.rule == "dt-diff"
    # the literal-subject sameAs is replaced by the asserted triples it came from
    assert (iri(":a"), iri(":d"), lit("1", "xsd:integer")) in finding.triples
    assert (iri(":d"), iri("rdf:type"), iri("owl:FunctionalProperty")) in finding.triples


def test_value_outside_range_datatype_is_inconsistent() -> None:
    closure = materialise(ox_graph(":d rdfs:range xsd:boolean . :a :d 1 ."), progress=False)
    (finding,) = closure.findings
    assert finding.rule == "dt-not-type"
    assert (iri(":a"), iri(":d"), lit("1", "xsd:integer")) in finding.triples


def test_has_value_matches_an_equal_value_of_another_datatype() -> None:
    ttl = ':R owl:onProperty :d ; owl:hasValue 1 . :a :d "1.0"^^xsd:decimal .'
    closure = materialise(ox_graph(ttl), progress=False)
    assert (iri(":a"), iri("rdf:type"), iri(":R")) in closure.inferred
    assert closure.findings == []
    assert closure.explain((iri(":a"), iri("rdf:type"), iri(":R"))).rule == "cls-hv2"


# --- lexical forms reach the engine unchanged ---------------------------------------------
def test_non_canonical_lexical_forms_are_equal_values() -> None:
    ttl = ':d a owl:FunctionalProperty . :a :d "01"^^xsd:integer , "1"^^xsd:integer .'
    closure = materialise(ox_graph(ttl), progress=False)
    assert closure.findings == []
    assert closure.entails((lit("01", "xsd:integer"), iri("owl:sameAs"), lit("1", "xsd:integer")))


def test_ill_typed_literal_is_reported() -> None:
    closure = materialise(ox_graph(':a :d "abc"^^xsd:integer .'), progress=False)
    assert [f.rule for f in closure.findings] == ["dt-not-type"]


def test_xsd_string_filler_classifies() -> None:
    ttl = ':R owl:onProperty :d ; owl:someValuesFrom xsd:string . :a :d "x" .'
    closure = materialise(ox_graph(ttl), progress=False)
    assert (iri(":a"), iri("rdf:type"), iri(":R")) in closure.inferred


def test_typing_by_value_space() -> None:
    ttl = ':R owl:onProperty :d ; owl:someValuesFrom xsd:byte . :a :d 5 . :b :d 500 .'
    closure = materialise(ox_graph(ttl), progress=False)
    assert (iri(":a"), iri("rdf:type"), iri(":R")) in closure.inferred
    assert (iri(":b"), iri("rdf:type"), iri(":R")) not in closure.inferred
    # a datatype the input never names is answered from the value
    assert closure.entails((lit("5", "xsd:integer"), iri("rdf:type"), iri("xsd:unsignedByte")))
    assert closure.entails((lit("5", "xsd:integer"), iri("rdf:type"), iri("owl:real")))
    assert not closure.entails((lit("500", "xsd:integer"), iri("rdf:type"), iri("xsd:byte")))


def test_vocabulary_axioms_are_an_option() -> None:
    closure = materialise(ox_graph(":a :p :b ."), progress=False)
    every = closure.inferred_triples(vocabulary=True)
    assert (iri("xsd:byte"), iri("rdf:type"), ox.NamedNode(
        "http://www.w3.org/2000/01/rdf-schema#Datatype")) in every  # dt-type1
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    assert (label, iri("rdf:type"), iri("owl:AnnotationProperty")) in every  # prp-ap
    assert not any(str(s).startswith(f"<{XSD}") for s, _, _ in closure.inferred)


# --- the value mapping ----------------------------------------------------------------------
@pytest.mark.parametrize("a,b", [
    (("1", XSD + "integer"), ("1.0", XSD + "decimal")),
    (("1", XSD + "byte"), ("+1", XSD + "long")),
    (("1/2", OWL + "rational"), ("0.5", XSD + "decimal")),
    (("abc", XSD + "string"), ("abc", XSD + "token")),
    (("true", XSD + "boolean"), ("1", XSD + "boolean")),
    (("0FB7", XSD + "hexBinary"), ("0fb7", XSD + "hexBinary")),
    (("2009-01-01T12:00:00Z", XSD + "dateTime"), ("2009-01-01T13:00:00+01:00", XSD + "dateTime")),
    (("2009-01-01T24:00:00Z", XSD + "dateTime"), ("2009-01-02T00:00:00Z", XSD + "dateTimeStamp")),
    (("1e0", XSD + "double"), ("1.0", XSD + "double")),
])
def test_equal_values(a, b) -> None:
    assert value_of(*a, None) == value_of(*b, None) not in (None, INVALID)


@pytest.mark.parametrize("a,b", [
    (("1", XSD + "integer"), ("1", XSD + "double")),
    (("1", XSD + "double"), ("1", XSD + "float")),
    (("+0.0", XSD + "float"), ("-0.0", XSD + "float")),
    (("abc", XSD + "string"), ("abc", XSD + "anyURI")),
    (("2009-01-01T12:00:00", XSD + "dateTime"), ("2009-01-01T12:00:00Z", XSD + "dateTime")),
])
def test_different_values(a, b) -> None:
    assert value_of(*a, None) != value_of(*b, None)


@pytest.mark.parametrize("lexical,datatype", [
    ("128", XSD + "byte"), ("-1", XSD + "nonNegativeInteger"), ("1.5", XSD + "integer"),
    ("a b", XSD + "NCName"), (" a", XSD + "token"), ("2009-02-29T00:00:00", XSD + "dateTime"),
    ("2009-01-01T00:00:00", XSD + "dateTimeStamp"), ("abc", XSD + "hexBinary"),
    ("maybe", XSD + "boolean"), ("1", OWL + "real"),
])
def test_ill_typed(lexical: str, datatype: str) -> None:
    assert value_of(lexical, datatype, None) is INVALID


def test_member_types_of_an_integer() -> None:
    types = member_types(value_of("5", XSD + "integer", None))
    for name in ("byte", "unsignedByte", "positiveInteger", "decimal"):
        assert XSD + name in types
    assert XSD + "negativeInteger" not in types and XSD + "double" not in types
    assert OWL + "rational" in member_types(value_of("1/3", OWL + "rational", None))
    assert XSD + "decimal" not in member_types(value_of("1/3", OWL + "rational", None))
    assert RDF + "PlainLiteral" in member_types(value_of("chat", RDF + "langString", "fr"))
