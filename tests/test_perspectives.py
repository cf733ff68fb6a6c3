"""Reasoning per perspective: what follows from some claimants' claims, in some modalities,
and whose claims each answer rests on (docs/claims.md, realpolitik.stores.perspectives)."""

from __future__ import annotations

import json

import pytest

from realpolitik.errors import InputError
from realpolitik.rdf.namespaces import CONCEPT, RPD
from realpolitik.stores.perspectives import Perspective, minimal_hitting_sets

from helpers import run_cli

COMMISSION, AUTHOR, EDITORS = RPD + "EuropeanCommission", RPD + "SodhiGautam", RPD + "RealpolitikContributors"
ACCUSATION = ("rpd:Turkey", "rp:undermines", "rpd:EUSanctionsAgainstRussia")


def labels(results, variable: str = "state") -> list[str]:
    return [row.label(variable) for row in results]


def test_the_graph_offers_a_perspective_per_claimant_and_source(kg):
    assert list(kg.perspectives) == ["everything", "author-stated", "european-commission", "hungarian-commissioner", "sodhi-gautam", "source:article"]
    stated = kg.perspectives["author-stated"]
    assert stated.claimants == frozenset({AUTHOR}) and stated.modalities == frozenset({CONCEPT + "stated"})


def test_a_reported_accusation_holds_for_its_claimant_and_everything_not_for_the_authors_stated_claims(kg):
    assert kg.explain(*ACCUSATION).entailed
    assert kg.explain(*ACCUSATION, according_to="european-commission").entailed
    assert not kg.explain(*ACCUSATION, according_to="author-stated").entailed
    assert not kg.explain(*ACCUSATION, according_to="everything", modalities=["stated"]).entailed


def test_who_undermines_the_sanctions_per_perspective(kg):
    question = "which-states-undermine-sanctions"
    assert labels(kg.ask(question)) == ["Turkey"]
    assert labels(kg.ask(question, according_to="author-stated")) == []
    # The Commission claims the undermining; that the EU's measures are a sanctions regime
    # is the author's statement. Either alone does not make Turkey a sanctions-undermining state.
    assert labels(kg.ask(question, according_to="european-commission")) == []
    assert labels(kg.ask(question, according_to="sodhi-gautam")) == []
    both = Perspective("commission-and-author", claimants=frozenset({COMMISSION, AUTHOR}))
    assert labels(kg.ask(question, according_to=both)) == ["Turkey"]


def test_an_answer_that_needs_two_claimants_says_so(kg):
    (row,) = kg.ask("which-states-undermine-sanctions")
    claims = kg.claims(row)
    assert (COMMISSION, CONCEPT + "reported") in claims.claimants and (AUTHOR, CONCEPT + "stated") in claims.claimants
    assert claims.needs_several_claimants
    assert [sorted(s) for s in claims.minimal_sets] == [sorted(r.iri for r in claims.records)]
    assert "[needs several claimants together]" in claims.to_text()


def test_which_states_are_sanctioned_rests_on_background_knowledge_alone(kg):
    for name in kg.perspectives:
        results = kg.ask("which-states-are-sanctioned", according_to=name, claimants=True)
        assert labels(results) == ["Russia"], name
        (row,) = results
        assert row.claimants.value == "rpd:RealpolitikContributors (stated)"


def test_the_default_perspective_is_the_graph_itself(kg):
    assert kg.under() is kg and kg.under("everything") is kg
    assert kg.under("source:article") is not kg and kg.under("source:article").store is kg.store  # it admits every record
    assert kg.under("author-stated") is kg.under("author-stated")  # reasoned once


def test_modalities_narrow_a_perspective(kg):
    reported = kg.under("everything", ["reported"])
    assert reported.perspective.modalities == frozenset({CONCEPT + "reported"})
    assert reported.explain(*ACCUSATION).entailed
    assert not kg.explain(*ACCUSATION, according_to="european-commission", modalities=["stated"]).entailed  # the Commission's claims are reported
    assert labels(kg.ask("which-states-undermine-sanctions", modalities=["reported", "stated"])) == ["Turkey"]


def test_unknown_perspective_or_modality(kg):
    with pytest.raises(InputError, match=r"unknown perspective 'european-comission' \(did you mean \"european-commission\"\?\)"):
        kg.ask("which-states-are-sanctioned", according_to="european-comission")
    with pytest.raises(InputError, match=r"unknown modality 'report' \(did you mean \"reported\"\?\)"):
        kg.ask("which-states-are-sanctioned", modalities=["report"])


def test_explanations_name_claimant_and_modality_of_every_leaf(kg):
    (row,) = kg.ask("which-states-undermine-sanctions")
    text = kg.why(row).to_text()
    assert 'rp:undermines rpd:EUSanctionsAgainstRussia  [asserted]  ev:commission-report-claims (rpd:EuropeanCommission, reported): "' in text
    assert "ev:entity-catalogue (rpd:RealpolitikContributors, stated; background knowledge): " in text


def test_proofs_under_a_perspective_cite_only_its_records(kg):
    explanation = kg.explain("rpd:Turkey", "a", "rp:State", according_to="author-stated")
    assert explanation.entailed and "ev:entity-catalogue" in explanation.to_text()


def test_minimal_record_sets():
    assert minimal_hitting_sets([frozenset({"a"}), frozenset({"a", "b"})]) == [frozenset({"a"})]
    assert minimal_hitting_sets([frozenset({"a", "b"}), frozenset({"c"})]) == [frozenset({"a", "c"}), frozenset({"b", "c"})]
    assert minimal_hitting_sets([]) == [frozenset()]


# --- the command line -----------------------------------------------------------------------


def test_query_according_to_on_the_command_line():
    everything = run_cli("query", "which-states-undermine-sanctions", "--claimants", "--format", "json")
    assert everything.returncode == 0, everything.stderr
    (binding,) = json.loads(everything.stdout)["results"]["bindings"]
    assert binding["claimants"]["value"].startswith("rpd:EuropeanCommission (reported); ")
    stated = run_cli("query", "which-states-undermine-sanctions", "--according-to", "author-stated")
    assert stated.returncode == 0 and "(0 rows)" in stated.stdout
    wrong = run_cli("query", "which-states-undermine-sanctions", "--according-to", "commission")
    assert wrong.returncode == 2 and len(wrong.stderr.strip().splitlines()) == 1 and "unknown perspective 'commission'" in wrong.stderr


def test_perspectives_and_coverage_commands():
    listed = run_cli("perspectives", "--format", "csv")
    assert listed.returncode == 0 and "author-stated,rpd:SodhiGautam,rpc:stated,any," in listed.stdout
    coverage = run_cli("coverage", "article")
    assert coverage.returncode == 0, coverage.stderr
    assert "src:article: 42 sentences, 33 quoted by evidence (78.6% covered), 100.0% accounted for" in coverage.stderr


def test_why_names_the_claimant_on_the_command_line():
    result = run_cli("query", "which-states-undermine-sanctions", "--why")
    assert result.returncode == 0 and "ev:commission-report-claims (rpd:EuropeanCommission, reported)" in result.stdout


def test_explain_according_to_on_the_command_line():
    commission = run_cli("explain", *ACCUSATION, "--according-to", "european-commission")
    assert commission.returncode == 0 and "(rpd:EuropeanCommission, reported)" in commission.stdout
    stated = run_cli("explain", *ACCUSATION, "--according-to", "author-stated")
    assert stated.returncode == 1 and "not entailed" in stated.stdout


def test_a_question_naming_an_unknown_source_fails_with_its_line(clean_copy):
    question = clean_copy / "queries" / "which-states-are-nato-members.rq"
    question.write_text(question.read_text(encoding="utf-8").replace("#+ summary:", "#+ source: artcle\n#+ summary:", 1), encoding="utf-8")
    result = run_cli("check", "--kg", clean_copy)
    assert result.returncode == 2, result.stderr
    assert "which-states-are-nato-members.rq:1: source 'artcle' is not a source of this graph (did you mean \"article\"?); its sources: article" in result.stderr


def test_a_perspective_is_reasoned_once_then_read_from_the_cache(layout):
    import realpolitik
    from realpolitik.stores.memory import cache_folder

    first = realpolitik.open(layout.root).under("hungarian-commissioner")
    again = realpolitik.open(layout.root).under("hungarian-commissioner")
    assert again._closure is None, "read from the cache, not reasoned"
    assert any((cache_folder() / "perspectives").glob("*/dataset.nq"))
    assert labels(again.ask("which-states-are-sanctioned")) == labels(first.ask("which-states-are-sanctioned")) == ["Russia"]
