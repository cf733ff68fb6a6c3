"""Every stored question returns exactly its expected answers, and reasoning matters where it says so."""

from __future__ import annotations

import pytest

from realpolitik.errors import InputError
from realpolitik.questions.ask import ask, compare_expected
from realpolitik.questions.catalogue import Catalogue
from realpolitik.rdf.terms import show_term

NAMES = Catalogue().names()


def test_the_catalogue_covers_the_article(layout):
    catalogue = Catalogue(layout)
    queries = catalogue.all()
    assert len(queries) >= 15
    assert sum(q.needs_reasoning for q in queries) >= 4
    assert "who-bypasses-ukraine" in catalogue.names()
    for query in queries:
        assert query.summary and query.question.endswith(("?", ".")) and query.expected, query.name
        assert "ORDER BY" in query.text, f"{query.name}: answers must come in a stable order"


@pytest.mark.parametrize("name", NAMES)
def test_stored_question_returns_exactly_its_expected_answers(store, layout, name):
    query = Catalogue(layout).get(name)
    missing, unexpected = compare_expected(query, ask(store, query))
    assert (missing, unexpected) == ([], [])


@pytest.mark.parametrize("name", [n for n in NAMES if Catalogue().get(n).needs_reasoning])
def test_reasoning_dependent_question_answers_differently_without_reasoning(store, layout, name):
    query = Catalogue(layout).get(name)
    missing, unexpected = compare_expected(query, ask(store, query, reasoning=False))
    assert missing or unexpected


@pytest.mark.parametrize("name", [n for n in NAMES if not Catalogue().get(n).needs_reasoning])
def test_questions_marked_as_not_needing_reasoning_do_not(store, layout, name):
    query = Catalogue(layout).get(name)
    assert compare_expected(query, ask(store, query, reasoning=False)) == ([], [])


def test_answers_carry_labels(store, layout):
    answer = ask(store, Catalogue(layout).get("who-bypasses-ukraine"))
    assert [show_term(row["actorLabel"]) for row in answer.to_dicts()] == ["Russia", "Turkey"]


def test_parameter_is_bound_as_an_rdf_term(store, layout):
    query = Catalogue(layout).get("who-are-the-partners-of-turkey")
    partners = {r["partner"].value.rsplit("/", 1)[1] for r in ask(store, query, {"actor": "Ukraine"}).to_dicts()}
    assert partners == {"Turkey"}
    partners = {r["partner"].value.rsplit("/", 1)[1] for r in ask(store, query, {"actor": "rpd:Russia"}).to_dicts()}
    assert partners == {"Turkey"}


def test_parameter_text_cannot_change_the_query(store, layout):
    query = Catalogue(layout).get("who-bypasses-ukraine")
    with pytest.raises(InputError):
        ask(store, query, {"country": "<x> } UNION { ?actor ?p ?o"})


def test_unknown_parameter_and_entity_errors_name_the_query(store, layout):
    query = Catalogue(layout).get("who-bypasses-ukraine")
    with pytest.raises(InputError, match=r"query who-bypasses-ukraine: unknown parameter 'contry' \(did you mean \"country\"\?\)"):
        ask(store, query, {"contry": "Ukraine"})
    with pytest.raises(InputError, match=r"parameter country: unknown entity rpd:Ukrane \(did you mean rpd:Ukraine\?\)"):
        ask(store, query, {"country": "Ukrane"})


def test_unknown_query_suggests_the_closest(layout):
    with pytest.raises(InputError, match=r"unknown query 'who-bypasses-ukrain' \(did you mean \"who-bypasses-ukraine\"\?\)"):
        Catalogue(layout).get("who-bypasses-ukrain")


def test_sparql_syntax_error_names_line_and_column(store):
    with pytest.raises(InputError, match=r"^<query>:2:\d+: SPARQL syntax error"):
        store.query("SELECT ?x\nWHERE { ?x ?y }")


def test_ad_hoc_queries_may_use_project_prefixes(store):
    answer = store.query("SELECT ?who WHERE { ?who rp:bypasses rpd:Ukraine ; a rp:State } ORDER BY ?who")
    assert [show_term(r["who"]) for r in answer.to_dicts()] == ["rpd:Russia", "rpd:Turkey"]
