"""explain(): proof trees, leaves, annotations and JSON rendering."""

from __future__ import annotations

import json

from realpolitik.reasoning import Proof, materialise

from helpers import graph, triple

TTL = """
:p owl:inverseOf :q .
:q rdfs:domain :C .
:C rdfs:subClassOf :D .
:a :p :b .
:r owl:propertyChainAxiom ( :p :s ) .
:b :s :c .
"""


def test_proof_down_to_asserted_leaves() -> None:
    closure = materialise(graph(TTL), progress=False)
    proof = closure.explain(triple(":b rdf:type :D"))
    assert isinstance(proof, Proof)
    # Shortest proof: scm-dom1 lifts the domain to :D in round 1, so :b gets
    # :D in round 2 directly, not via :C in round 3.
    assert proof.rule == "prp-dom"
    by_rule = {c.rule: c for c in proof.children}
    assert set(by_rule) == {"scm-dom1", "prp-inv1"}
    assert by_rule["scm-dom1"].triple == triple(":q rdfs:domain :D")
    assert by_rule["prp-inv1"].triple == triple(":b :q :a")
    leaves = {leaf.triple for leaf in proof.leaves()}
    assert leaves == {triple(":a :p :b"), triple(":p owl:inverseOf :q"),
                      triple(":q rdfs:domain :C"), triple(":C rdfs:subClassOf :D")}
    assert all(leaf.asserted for leaf in proof.leaves())
    assert proof.depth() == 2


def test_chain_proof_lists_every_link() -> None:
    closure = materialise(graph(TTL), progress=False)
    proof = closure.explain(triple(":a :r :c"))
    assert proof.rule == "prp-spo2"
    assert [c.triple for c in proof.children][1:] == [triple(":a :p :b"), triple(":b :s :c")]


def test_asserted_and_not_entailed() -> None:
    closure = materialise(graph(TTL), progress=False)
    leaf = closure.explain(triple(":a :p :b"))
    assert leaf.asserted and leaf.children == ()
    assert closure.explain(triple(":a rdf:type :D")) is None
    assert closure.explain(triple(":zzz :p :b")) is None


def test_annotate_hook_and_json() -> None:
    closure = materialise(graph(TTL), progress=False)
    quotes = {triple(":a :p :b"): "a p-ed b, said the article"}
    proof = closure.explain(triple(":b :q :a"), annotate=quotes.get)
    data = proof.to_dict()
    json.dumps(data)
    assert data["rule"] == "prp-inv1"
    notes = [p.get("note") for p in data["premises"]]
    assert "a p-ed b, said the article" in notes
    assert data["triple"] == ["<http://ex/b>", "<http://ex/q>", "<http://ex/a>"]
    text = proof.to_text()
    assert text.splitlines()[0].endswith("[prp-inv1]")
    assert '    <http://ex/a> <http://ex/p> <http://ex/b>  [asserted]  a p-ed b' in text


def test_shortest_proof_is_kept() -> None:
    # a:D follows in one step from the direct edge and in two via C.
    ttl = ":a a :B . :B rdfs:subClassOf :C . :C rdfs:subClassOf :D . :B rdfs:subClassOf :D ."
    proof = materialise(graph(ttl), progress=False).explain(triple(":a rdf:type :D"))
    assert proof.depth() == 1


def test_finding_triples_can_be_explained() -> None:
    ttl = ":C owl:disjointWith :D . :E rdfs:subClassOf :C . :b a :E , :D ."
    closure = materialise(graph(ttl), progress=False)
    (finding,) = closure.findings
    assert finding.rule == "cax-dw"
    for t in finding.triples:
        assert closure.explain(t) is not None


def test_progress_callback_called_per_round() -> None:
    calls = []
    materialise(graph(TTL), progress=lambda *a: calls.append(a))
    assert calls and calls[-1][2] == 0
    rounds = [c[0] for c in calls]
    assert rounds == list(range(1, len(rounds) + 1))


def test_text_progress_bar_renders_after_delay() -> None:
    import io

    from realpolitik.reasoning.progress import TextProgress

    out = io.StringIO()
    bar = TextProgress(stream=out, delay=2.0, width=10)
    bar(1, 100, 50, 0.5)
    assert out.getvalue() == ""  # quiet for the first two seconds
    bar(2, 150, 10, 2.5)
    bar.close()
    text = out.getvalue()
    assert "[########..]" in text and "round   2" in text and text.endswith("\n")


def test_kept_proofs_do_not_depend_on_input_order() -> None:
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from generate import generate

    from realpolitik.rdf.terms import from_rdflib_triple

    triples = [from_rdflib_triple(t) for t in generate(2000, seed=5)]
    shuffled = list(triples)
    random.Random(1).shuffle(shuffled)
    one = materialise(triples, progress=False)
    other = materialise(shuffled, progress=False)
    assert one.inferred == other.inferred
    for t in sorted(one.inferred, key=str):
        assert one.explain(t).to_dict() == other.explain(t).to_dict()


def test_proof_names_the_lists_a_rule_read() -> None:
    closure = materialise(graph(TTL + ":E owl:intersectionOf ( :C :D ) ."), progress=False)
    proof = closure.explain(triple(":a :r :c"))
    (chain,) = proof.lists
    assert chain.role == "propertyChainAxiom"
    assert chain.members == (triple(":a :p :b")[1], triple(":b :s :c")[1])
    assert "<http://ex/p> ∘ <http://ex/s> ⊑ <http://ex/r>" in proof.to_text()
    assert proof.to_dict()["lists"][0]["members"] == ["<http://ex/p>", "<http://ex/s>"]
    proof = closure.explain(triple(":b rdf:type :E"))
    assert proof.rule == "cls-int1"
    assert "<http://ex/E> ≡ <http://ex/C> ⊓ <http://ex/D>" in proof.to_text()
