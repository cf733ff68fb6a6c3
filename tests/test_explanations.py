"""Every answer can be traced: proofs go down to asserted triples and the article's words."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from realpolitik.errors import InputError
from realpolitik.explanations import ASSERTED, INFERRED, NOT_ENTAILED, Explainer
from realpolitik.questions.ask import ask
from realpolitik.questions.catalogue import Catalogue
from realpolitik.rdf.terms import parse_term
from test_cli import realpolitik


def triple(s: str, p: str, o: str) -> ox.Triple:
    return ox.Triple(parse_term(s), parse_term(p), parse_term(o))


def leaves(step):
    return step.leaves()


def test_inferred_triple_is_proved_down_to_quoted_facts(store):
    explanation = Explainer(store).explain(triple("rpd:Turkey", "rp:bypasses", "rpd:Ukraine"))
    assert explanation.status == INFERRED and explanation.proof.rule == "prp-spo2"
    bottom = leaves(explanation.proof)
    assert all(leaf.rule == "asserted" and leaf.note for leaf in bottom)
    facts = {ox.Triple(*leaf.triple): leaf.note for leaf in bottom if leaf.note != "ontology axiom"}
    assert facts == {
        triple("rpd:Turkey", "rp:signedUpTo", "rpd:TurkStream"): facts[triple("rpd:Turkey", "rp:signedUpTo", "rpd:TurkStream")],
        triple("rpd:TurkStream", "rp:routeBypasses", "rpd:Ukraine"): facts[triple("rpd:TurkStream", "rp:routeBypasses", "rpd:Ukraine")],
    }
    assert all("signed up to Russia’s TurkStream pipeline project to bypas Ukrainian territory" in quote for quote in facts.values())


def test_asserted_and_not_entailed_triples_say_so(store):
    explainer = Explainer(store)
    asserted = explainer.explain(triple("rpd:Turkey", "rp:memberOf", "rpd:NATO"))
    assert asserted.status == ASSERTED and "background knowledge" in asserted.proof.note
    missing = explainer.explain(triple("rpd:Ukraine", "rp:bypasses", "rpd:Russia"))
    assert missing.status == NOT_ENTAILED and missing.proof is None
    assert "not entailed" in missing.to_text()


def test_each_answer_row_is_explained(store, layout):
    query = Catalogue(layout).get("who-bypasses-ukraine")
    answer = ask(store, query)
    rows = Explainer(store).explain_answer(answer)
    assert [row.bindings["actor"].value.rsplit("/", 1)[1] for row in rows] == ["Russia", "Turkey"]
    for row in rows:
        assert sorted(e.triple.predicate.value.rsplit("#", 1)[1] for e in row.because) == ["bypasses", "type"]
        assert all(e.status == INFERRED for e in row.because)


def test_explain_command_text_and_json():
    result = realpolitik("explain", "rpd:Russia", "rp:bypasses", "rpd:Ukraine")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "rpd:Russia rp:bypasses rpd:Ukraine  [prp-spo2: rp:partyTo ∘ rp:routeBypasses ⊑ rp:bypasses]"
    assert "rpd:TurkStream rp:leadParty rpd:Russia  [asserted]  ev:turkstream (rpd:SodhiGautam, stated):" in result.stdout
    document = json.loads(realpolitik("explain", "rpd:Turkey", "a", "rp:SanctionsUnderminingState", "--format", "json").stdout)
    assert document["status"] == "inferred" and document["proof"]["premises"]
    missing = realpolitik("explain", "rpd:Ukraine", "rp:bypasses", "rpd:Russia")
    assert missing.returncode == 1 and "not entailed" in missing.stdout


def test_query_why_explains_rows():
    result = realpolitik("query", "who-are-the-partners-of-turkey", "--why")
    assert result.returncode == 0
    assert "rpd:Turkey rp:partnerOf rpd:Ukraine  [prp-symp]" in result.stdout
    assert '"Ukraine and Turkey will remain partners' in result.stdout
    document = json.loads(realpolitik("query", "who-are-the-partners-of-turkey", "--why", "--format", "json").stdout)
    assert len(document["rows"]) == 2 and document["rows"][0]["because"][0]["status"] == "inferred"


def test_unknown_entity_says_did_you_mean(kg):
    import pyoxigraph as ox

    from realpolitik.rdf.namespaces import RPD

    assert kg.unknown_entity(ox.NamedNode(RPD + "Russia")) is None
    assert kg.unknown_entity(ox.NamedNode(RPD + "Rusia")) == "unknown entity rpd:Rusia (did you mean rpd:Russia?)"
    assert kg.unknown_entity("rpd:Rusia") == "unknown entity rpd:Rusia (did you mean rpd:Russia?)"  # written as on the command line
    assert kg.unknown_entity("rpd:Turkey") is None
    with pytest.raises(InputError):
        kg.unknown_entity('"unterminated')
