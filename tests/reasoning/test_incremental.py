"""Closure.add / Closure.remove equal a full re-materialisation, on random
graphs and random edit sequences (inferred triples, findings and proofs)."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_owlrl_agreement import fact, small_graph

from realpolitik.reasoning import materialise

from helpers import graph, triple


def _findings(closure) -> set:
    # The triples a finding names for a literal-subject triple are the leaves of
    # its kept proof, which may differ between equally short proofs: compare the
    # violations, and check the named triples separately.
    return {(f.rule, f.message) for f in closure.findings}


def _check(closure, asserted: set) -> None:
    fresh = materialise(list(asserted), progress=False)
    assert closure.inferred == fresh.inferred
    assert _findings(closure) == _findings(fresh)
    for finding in closure.findings:
        assert all(closure.entails(t) for t in finding.triples)
    for t in closure.inferred:
        proof = closure.explain(t)
        assert proof is not None and not proof.asserted
        for leaf in proof.leaves():
            assert not leaf.asserted or leaf.triple in asserted


@st.composite
def edits(draw):
    base = draw(small_graph())
    extra: list[tuple] = []
    for part in draw(st.lists(fact(), min_size=1, max_size=6)):
        extra += part
    pool = base + extra
    steps = draw(st.lists(st.tuples(st.booleans(), st.lists(st.sampled_from(pool), min_size=1,
                                                            max_size=3)),
                          min_size=1, max_size=6))
    return base, steps


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_edits_equal_full_materialisation(case) -> None:
    base, steps = case
    asserted = set(base)
    closure = materialise(base, progress=False)
    for adding, triples in steps:
        before = set(closure.inferred)
        if adding:
            change = closure.add(triples)
            asserted |= set(triples)
        else:
            change = closure.remove(triples)
            asserted -= set(triples)
        _check(closure, asserted)
        assert change.added == closure.inferred - before
        assert change.removed == before - closure.inferred


def test_remove_keeps_what_another_derivation_supports() -> None:
    g = graph(":C rdfs:subClassOf :D . :E rdfs:subClassOf :D . :a a :C , :E .")
    closure = materialise(g, progress=False)
    change = closure.remove([triple(":a rdf:type :C")])
    assert triple(":a rdf:type :D") in closure.inferred
    assert change.removed == set()
    assert closure.explain(triple(":a rdf:type :D")).children[1].triple == triple(":a rdf:type :E")


def test_removed_asserted_triple_that_still_follows_becomes_inferred() -> None:
    g = graph(":C rdfs:subClassOf :D . :a a :C , :D .")
    closure = materialise(g, progress=False)
    change = closure.remove([triple(":a rdf:type :D")])
    assert change.added == {triple(":a rdf:type :D")}
    assert closure.explain(triple(":a rdf:type :D")).rule == "cax-sco"


def test_schema_edit_falls_back_and_findings_follow() -> None:
    closure = materialise(graph(":C owl:disjointWith :D . :a a :C ."), progress=False)
    assert closure.findings == []
    closure.add([triple(":a rdf:type :D")])
    assert [f.rule for f in closure.findings] == ["cax-dw"]
    closure.remove([triple(":C owl:disjointWith :D")])
    assert closure.findings == []


def test_pyoxigraph_terms() -> None:
    a, p, b = (ox.NamedNode(f"http://ex/{x}") for x in "apb")
    inverse = ox.NamedNode("http://www.w3.org/2002/07/owl#inverseOf")
    q = ox.NamedNode("http://ex/q")
    closure = materialise([ox.Triple(p, inverse, q)], progress=False)
    assert closure.add([ox.Triple(a, p, b)]).added == {(b, q, a)}
    assert closure.remove([ox.Triple(a, p, b)]).removed == {(b, q, a)}
