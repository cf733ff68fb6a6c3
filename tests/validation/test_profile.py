"""The OWL 2 RL profile check: the project's ontology stays inside the profile; each kind of violation is caught."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from realpolitik.kg import Layout
from realpolitik.validation.owl2_rl_profile import check_profile, owl2_rl_violations

from helpers import ROOT

PREFIXES = """
@prefix rp:   <https://w3id.org/realpolitik/ontology#> .
@prefix rpd:  <https://w3id.org/realpolitik/id/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""


def violations(turtle: str):
    return check_profile(q.triple for q in ox.parse((PREFIXES + turtle).encode(), format=ox.RdfFormat.TURTLE))


def test_the_ontology_stays_within_owl2_rl():
    assert owl2_rl_violations(Layout.at(ROOT)) == []


@pytest.mark.parametrize(
    "turtle",
    [
        "rp:A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty rp:p ; owl:hasValue rpd:x ] .",
        "[ a owl:Restriction ; owl:onProperty rp:p ; owl:someValuesFrom rp:B ] rdfs:subClassOf rp:A .",
        "[ owl:unionOf ( rp:B rp:C ) ] rdfs:subClassOf rp:A .",
        "rp:A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty rp:p ; owl:allValuesFrom rp:B ] .",
        "rp:A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty rp:p ; owl:maxCardinality \"1\"^^xsd:nonNegativeInteger ] .",
        "rp:A rdfs:subClassOf [ owl:complementOf rp:B ] .",
        "rp:A owl:equivalentClass [ owl:intersectionOf ( rp:B [ a owl:Restriction ; owl:onProperty rp:p ; owl:hasValue rpd:x ] ) ] .",
        "rp:p rdfs:domain [ owl:intersectionOf ( rp:B rp:C ) ] .",
        "[] a owl:AllDisjointClasses ; owl:members ( rp:A rp:B [ owl:oneOf ( rpd:x ) ] ) .",
        "rp:p rdfs:range xsd:string .",
    ],
)
def test_allowed_axioms(turtle):
    assert violations(turtle) == []


@pytest.mark.parametrize(
    ("turtle", "words"),
    [
        ("rp:A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty rp:p ; owl:someValuesFrom rp:B ] .", "ObjectSomeValuesFrom is allowed in OWL 2 RL only as a subclass"),
        ("rp:A rdfs:subClassOf [ owl:unionOf ( rp:B rp:C ) ] .", "ObjectUnionOf is allowed in OWL 2 RL only as a subclass"),
        ("rp:A rdfs:subClassOf [ owl:oneOf ( rpd:x rpd:y ) ] .", "ObjectOneOf is allowed in OWL 2 RL only as a subclass"),
        ("[ a owl:Restriction ; owl:onProperty rp:p ; owl:allValuesFrom rp:B ] rdfs:subClassOf rp:A .", "ObjectAllValuesFrom is allowed in OWL 2 RL only as a superclass"),
        ("rp:A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty rp:p ; owl:maxCardinality 2 ] .", "only with 0 or 1, not 2"),
        ("rp:A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty rp:p ; owl:minCardinality 1 ] .", "min cardinality is not allowed anywhere"),
        ("rp:A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty rp:p ; owl:cardinality 1 ] .", "exact cardinality is not allowed anywhere"),
        ("rp:A owl:equivalentClass [ a owl:Restriction ; owl:onProperty rp:p ; owl:someValuesFrom rp:B ] .", "not as an equivalent class"),
        ("rp:A owl:equivalentClass [ owl:unionOf ( rp:B rp:C ) ] .", "ObjectUnionOf is allowed in OWL 2 RL only as a subclass"),
        ("[ owl:complementOf rp:B ] rdfs:subClassOf rp:A .", "ObjectComplementOf is allowed in OWL 2 RL only as a superclass"),
        ("rp:p rdfs:range [ owl:unionOf ( rp:B rp:C ) ] .", "not as a superclass"),
        ("rp:p rdfs:domain [ a owl:Restriction ; owl:onProperty rp:q ; owl:someValuesFrom rp:B ] .", "not as a superclass"),
        ("rp:A rdfs:subClassOf [ owl:intersectionOf ( rp:B [ a owl:Restriction ; owl:onProperty rp:p ; owl:someValuesFrom rp:C ] ) ] .", "ObjectSomeValuesFrom"),
        ("rp:A owl:disjointUnionOf ( rp:B rp:C ) .", "DisjointUnion"),
        ("rp:p a owl:ObjectProperty , owl:ReflexiveProperty .", "reflexive"),
        ("rpd:x a [ a owl:Restriction ; owl:onProperty rp:p ; owl:someValuesFrom rp:B ] .", "not as a superclass"),
    ],
)
def test_violations_are_named(turtle, words):
    found = violations(turtle)
    assert len(found) == 1, found
    assert words in found[0].reason
    assert found[0].axiom and found[0].term is not None
