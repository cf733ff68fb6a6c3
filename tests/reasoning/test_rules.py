"""One tiny graph per OWL 2 RL rule: a triple that must follow, one that must not."""

from __future__ import annotations

import pytest

from realpolitik.reasoning import materialise

from helpers import graph, triple

# (rule id, Turtle, entailed triple, triple that must NOT be entailed)
CASES = [
    # --- equality ----------------------------------------------------------
    ("eq-sym", ":a owl:sameAs :b .", ":b owl:sameAs :a", ":a owl:sameAs :c"),
    ("eq-trans", ":a owl:sameAs :b . :b owl:sameAs :c .", ":a owl:sameAs :c",
     ":a owl:sameAs :d"),
    ("eq-rep-s", ":a owl:sameAs :b . :a :p :c .", ":b :p :c", ":c :p :b"),
    ("eq-rep-p", ":p owl:sameAs :q . :a :p :c .", ":a :q :c", ":c :q :a"),
    ("eq-rep-o", ":c owl:sameAs :d . :a :p :c .", ":a :p :d", ":d :p :a"),
    # --- properties --------------------------------------------------------
    ("prp-dom", ":p rdfs:domain :C . :a :p :b .", ":a rdf:type :C", ":b rdf:type :C"),
    ("prp-rng", ":p rdfs:range :C . :a :p :b .", ":b rdf:type :C", ":a rdf:type :C"),
    ("prp-fp", ":p a owl:FunctionalProperty . :a :p :b , :c .", ":b owl:sameAs :c",
     ":a owl:sameAs :b"),
    ("prp-ifp", ":p a owl:InverseFunctionalProperty . :a :p :c . :b :p :c .",
     ":a owl:sameAs :b", ":a owl:sameAs :c"),
    ("prp-symp", ":p a owl:SymmetricProperty . :a :p :b .", ":b :p :a", ":a :p :a"),
    ("prp-trp", ":p a owl:TransitiveProperty . :a :p :b . :b :p :c .", ":a :p :c",
     ":c :p :a"),
    ("prp-spo1", ":p rdfs:subPropertyOf :q . :a :p :b .", ":a :q :b", ":b :q :a"),
    ("prp-spo2", ":r owl:propertyChainAxiom ( :p :q ) . :a :p :b . :b :q :c .",
     ":a :r :c", ":a :r :b"),
    ("prp-spo2", ":r owl:propertyChainAxiom ( :p :q :s ) . :a :p :b . :b :q :c . :c :s :d .",
     ":a :r :d", ":a :r :c"),
    ("prp-eqp1", ":p owl:equivalentProperty :q . :a :p :b .", ":a :q :b", ":b :q :a"),
    ("prp-eqp2", ":p owl:equivalentProperty :q . :a :q :b .", ":a :p :b", ":b :p :a"),
    ("prp-inv1", ":p owl:inverseOf :q . :a :p :b .", ":b :q :a", ":a :q :b"),
    ("prp-inv2", ":p owl:inverseOf :q . :a :q :b .", ":b :p :a", ":a :p :b"),
    ("prp-key", ":C owl:hasKey ( :k ) . :a a :C ; :k :v . :b a :C ; :k :v . :c a :C ; :k :w .",
     ":a owl:sameAs :b", ":a owl:sameAs :c"),
    ("prp-key", (":C owl:hasKey ( :k :m ) . :a a :C ; :k :v ; :m :x . :b a :C ; :k :v ; :m :x . "
     ":c a :C ; :k :v ; :m :y ."), ":b owl:sameAs :a", ":b owl:sameAs :c"),
    # --- classes -------------------------------------------------------------
    ("cls-int1", ":C owl:intersectionOf ( :D :E ) . :a a :D , :E . :b a :D .",
     ":a rdf:type :C", ":b rdf:type :C"),
    ("cls-int2", ":C owl:intersectionOf ( :D :E ) . :a a :C .", ":a rdf:type :E",
     ":a rdf:type :F"),
    ("cls-uni", ":C owl:unionOf ( :D :E ) . :a a :E .", ":a rdf:type :C", ":a rdf:type :D"),
    ("cls-svf1", ":R owl:onProperty :p ; owl:someValuesFrom :D . :a :p :b . :b a :D . :c :p :d .",
     ":a rdf:type :R", ":c rdf:type :R"),
    ("cls-svf2", ":R owl:onProperty :p ; owl:someValuesFrom owl:Thing . :a :p :b .",
     ":a rdf:type :R", ":b rdf:type :R"),
    ("cls-avf", ":R owl:onProperty :p ; owl:allValuesFrom :D . :a a :R ; :p :b . :c :p :d .",
     ":b rdf:type :D", ":d rdf:type :D"),
    ("cls-hv1", ":R owl:onProperty :p ; owl:hasValue :v . :a a :R .", ":a :p :v", ":v :p :a"),
    ("cls-hv2", ":R owl:onProperty :p ; owl:hasValue :v . :a :p :v . :b :p :w .",
     ":a rdf:type :R", ":b rdf:type :R"),
    ("cls-maxc2", (':R owl:onProperty :p ; owl:maxCardinality "1"^^xsd:nonNegativeInteger . '
     ":a a :R ; :p :b , :c . :d :p :e , :f ."), ":b owl:sameAs :c", ":e owl:sameAs :f"),
    ("cls-maxqc3", (':R owl:onProperty :p ; owl:maxQualifiedCardinality "1"^^xsd:nonNegativeInteger ;'
     " owl:onClass :D . :a a :R ; :p :b , :c , :e . :b a :D . :c a :D ."),
     ":b owl:sameAs :c", ":b owl:sameAs :e"),
    ("cls-maxqc4", (':R owl:onProperty :p ; owl:maxQualifiedCardinality "1"^^xsd:nonNegativeInteger ;'
     " owl:onClass owl:Thing . :a a :R ; :p :b , :c ."), ":b owl:sameAs :c",
     ":a owl:sameAs :b"),
    ("cls-oo", ":C owl:oneOf ( :a :b ) .", ":b rdf:type :C", ":C rdf:type :C"),
    # --- class axioms --------------------------------------------------------
    ("cax-sco", ":C rdfs:subClassOf :D . :a a :C .", ":a rdf:type :D", ":a rdf:type :E"),
    ("cax-eqc1", ":C owl:equivalentClass :D . :a a :C .", ":a rdf:type :D", ":a rdf:type :E"),
    ("cax-eqc2", ":C owl:equivalentClass :D . :a a :D .", ":a rdf:type :C", ":a rdf:type :E"),
    # --- schema --------------------------------------------------------------
    ("scm-cls", ":C a owl:Class .", ":C rdfs:subClassOf owl:Thing", ":C rdfs:subClassOf :D"),
    ("scm-sco", ":C rdfs:subClassOf :D . :D rdfs:subClassOf :E .", ":C rdfs:subClassOf :E",
     ":E rdfs:subClassOf :C"),
    ("scm-eqc1", ":C owl:equivalentClass :D .", ":D rdfs:subClassOf :C", ":C rdfs:subClassOf :E"),
    ("scm-eqc2", ":C rdfs:subClassOf :D . :D rdfs:subClassOf :C .", ":C owl:equivalentClass :D",
     ":C owl:equivalentClass :E"),
    ("scm-op", ":p a owl:ObjectProperty .", ":p rdfs:subPropertyOf :p", ":p rdfs:subPropertyOf :q"),
    ("scm-dp", ":p a owl:DatatypeProperty .", ":p owl:equivalentProperty :p",
     ":p rdfs:subPropertyOf :q"),
    ("scm-spo", ":p rdfs:subPropertyOf :q . :q rdfs:subPropertyOf :r .",
     ":p rdfs:subPropertyOf :r", ":r rdfs:subPropertyOf :p"),
    ("scm-eqp1", ":p owl:equivalentProperty :q .", ":q rdfs:subPropertyOf :p",
     ":p rdfs:subPropertyOf :r"),
    ("scm-eqp2", ":p rdfs:subPropertyOf :q . :q rdfs:subPropertyOf :p .",
     ":p owl:equivalentProperty :q", ":p owl:equivalentProperty :r"),
    ("scm-dom1", ":p rdfs:domain :C . :C rdfs:subClassOf :D .", ":p rdfs:domain :D",
     ":p rdfs:range :D"),
    ("scm-dom2", ":q rdfs:domain :C . :p rdfs:subPropertyOf :q .", ":p rdfs:domain :C",
     ":p rdfs:range :C"),
    ("scm-rng1", ":p rdfs:range :C . :C rdfs:subClassOf :D .", ":p rdfs:range :D",
     ":p rdfs:domain :D"),
    ("scm-rng2", ":q rdfs:range :C . :p rdfs:subPropertyOf :q .", ":p rdfs:range :C",
     ":p rdfs:domain :C"),
    ("scm-hv", (":R1 owl:onProperty :p ; owl:hasValue :v . :R2 owl:onProperty :q ; owl:hasValue :v ."
     " :p rdfs:subPropertyOf :q ."), ":R1 rdfs:subClassOf :R2", ":R2 rdfs:subClassOf :R1"),
    ("scm-svf1", (":R1 owl:onProperty :p ; owl:someValuesFrom :C . "
     ":R2 owl:onProperty :p ; owl:someValuesFrom :D . :C rdfs:subClassOf :D ."),
     ":R1 rdfs:subClassOf :R2", ":R2 rdfs:subClassOf :R1"),
    ("scm-svf2", (":R1 owl:onProperty :p ; owl:someValuesFrom :C . "
     ":R2 owl:onProperty :q ; owl:someValuesFrom :C . :p rdfs:subPropertyOf :q ."),
     ":R1 rdfs:subClassOf :R2", ":R2 rdfs:subClassOf :R1"),
    ("scm-avf1", (":R1 owl:onProperty :p ; owl:allValuesFrom :C . "
     ":R2 owl:onProperty :p ; owl:allValuesFrom :D . :C rdfs:subClassOf :D ."),
     ":R1 rdfs:subClassOf :R2", ":R2 rdfs:subClassOf :R1"),
    ("scm-avf2", (":R1 owl:onProperty :p ; owl:allValuesFrom :C . "
     ":R2 owl:onProperty :q ; owl:allValuesFrom :C . :p rdfs:subPropertyOf :q ."),
     ":R2 rdfs:subClassOf :R1", ":R1 rdfs:subClassOf :R2"),
    ("scm-int", ":C owl:intersectionOf ( :D :E ) .", ":C rdfs:subClassOf :E",
     ":E rdfs:subClassOf :C"),
    ("scm-uni", ":C owl:unionOf ( :D :E ) .", ":D rdfs:subClassOf :C", ":C rdfs:subClassOf :D"),
]


@pytest.mark.parametrize("rule,ttl,yes,no", CASES, ids=[c[0] for c in CASES])
def test_rule(rule: str, ttl: str, yes: str, no: str) -> None:
    closure = materialise(graph(ttl), progress=False)
    assert triple(yes) in closure.inferred
    assert triple(no) not in closure.inferred
    assert not closure.entails(triple(no))
    proof = closure.explain(triple(yes))
    assert proof is not None and proof.rule == rule
    assert all(leaf.asserted for leaf in proof.leaves())


# (rule id, Turtle, offending triples)
INCONSISTENT = [
    ("eq-diff1", ":a owl:sameAs :b . :a owl:differentFrom :b .",
     [":a owl:sameAs :b", ":a owl:differentFrom :b"]),
    ("eq-diff2", "_:x a owl:AllDifferent ; owl:members ( :a :b :c ) . :b owl:sameAs :c .",
     [":b owl:sameAs :c"]),
    ("eq-diff3", "_:x a owl:AllDifferent ; owl:distinctMembers ( :a :b ) . :a owl:sameAs :b .",
     [":a owl:sameAs :b"]),
    ("prp-irp", ":p a owl:IrreflexiveProperty . :a :p :a .", [":a :p :a"]),
    ("prp-asyp", ":p a owl:AsymmetricProperty . :a :p :b . :b :p :a .", [":a :p :b", ":b :p :a"]),
    ("prp-pdw", ":p owl:propertyDisjointWith :q . :a :p :b . :a :q :b .",
     [":p owl:propertyDisjointWith :q", ":a :p :b", ":a :q :b"]),
    ("prp-adp", "_:x a owl:AllDisjointProperties ; owl:members ( :p :q :r ) . :a :q :b . :a :r :b .",
     [":a :q :b", ":a :r :b"]),
    ("prp-npa1", ("_:x owl:sourceIndividual :a ; owl:assertionProperty :p ; "
     "owl:targetIndividual :b . :a :p :b ."), [":a :p :b"]),
    ("prp-npa2", ('_:x owl:sourceIndividual :a ; owl:assertionProperty :p ; '
     'owl:targetValue "v" . :a :p "v" .'), [':a :p "v"']),
    ("cls-nothing2", ":a a owl:Nothing .", [":a rdf:type owl:Nothing"]),
    ("cls-com", ":C owl:complementOf :D . :a a :C , :D .",
     [":C owl:complementOf :D", ":a rdf:type :C", ":a rdf:type :D"]),
    ("cls-maxc1", (':R owl:onProperty :p ; owl:maxCardinality "0"^^xsd:nonNegativeInteger . '
     ":a a :R ; :p :b ."), [":a rdf:type :R", ":a :p :b"]),
    ("cls-maxqc1", (':R owl:onProperty :p ; owl:maxQualifiedCardinality "0"^^xsd:nonNegativeInteger ;'
     " owl:onClass :D . :a a :R ; :p :b . :b a :D ."), [":a :p :b", ":b rdf:type :D"]),
    ("cls-maxqc2", (':R owl:onProperty :p ; owl:maxQualifiedCardinality "0"^^xsd:nonNegativeInteger ;'
     " owl:onClass owl:Thing . :a a :R ; :p :b ."), [":a :p :b"]),
    ("cax-dw", ":C owl:disjointWith :D . :a a :C . :E rdfs:subClassOf :C . :b a :E , :D .",
     [":C owl:disjointWith :D", ":b rdf:type :C", ":b rdf:type :D"]),
    ("cax-adc", "_:x a owl:AllDisjointClasses ; owl:members ( :C :D :E ) . :a a :D , :E .",
     [":a rdf:type :D", ":a rdf:type :E"]),
    ("dt-not-type", ':a :p "abc"^^xsd:integer .', []),
]


@pytest.mark.parametrize("rule,ttl,offending", INCONSISTENT, ids=[c[0] for c in INCONSISTENT])
def test_inconsistency(rule: str, ttl: str, offending: list[str]) -> None:
    closure = materialise(graph(ttl), progress=False)
    mine = [f for f in closure.findings if f.rule == rule]
    assert len(mine) == 1, closure.findings
    for t in offending:
        assert triple(t) in mine[0].triples
    assert mine[0].message


def test_consistent_graph_has_no_findings() -> None:
    ttl = (":C owl:disjointWith :D . :a a :C . :b a :D . :p a owl:AsymmetricProperty , "
           "owl:IrreflexiveProperty . :a :p :b .")
    assert materialise(graph(ttl), progress=False).findings == []


def test_no_junk_in_inferred() -> None:
    ttl = (':C a owl:Class . :p rdfs:range :C . :a :p "x" ; :q "1"^^xsd:integer . '
           ":a owl:sameAs :b .")
    inferred = materialise(graph(ttl), progress=False).inferred
    vocab = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
             "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")
    for s, p, o in inferred:
        assert not str(s).startswith(vocab)
        assert s.__class__.__name__ in ("URIRef", "BNode")
        assert not (str(p).endswith("#sameAs") and s == o)
    assert triple(":b owl:sameAs :a") in inferred


def test_literal_subject_triples_still_reason() -> None:
    # Generalised RDF inside the engine: "x" gets typed by prp-rng, which is
    # not reported but can be explained.
    closure = materialise(graph(':p rdfs:range :C . :a :p "x" .'), progress=False)
    t = triple('"x" rdf:type :C')
    assert t not in closure.inferred
    assert closure.explain(t).rule == "prp-rng"


def test_datatype_filler_someValuesFrom() -> None:
    ttl = ':R owl:onProperty :p ; owl:someValuesFrom xsd:decimal . :a :p "3"^^xsd:integer .'
    assert triple(":a rdf:type :R") in materialise(graph(ttl), progress=False).inferred


def test_self_referential_chain_terminates() -> None:
    ttl = ":p owl:propertyChainAxiom ( :p :p ) . :a :p :b . :b :p :c . :c :p :d ."
    inferred = materialise(graph(ttl), progress=False).inferred
    assert triple(":a :p :d") in inferred


def test_chain_through_inverse_link() -> None:
    # Links that are not named properties work through generalised triples.
    ttl = ":r owl:propertyChainAxiom ( [ owl:inverseOf :p ] :q ) . :b :p :a . :b :q :c ."
    assert triple(":a :r :c") in materialise(graph(ttl), progress=False).inferred
