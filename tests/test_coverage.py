"""Every sentence of the article is accounted for: quoted by an evidence record, or noted with the reason it carries no fact."""

from __future__ import annotations

import dataclasses

import pytest

from realpolitik.errors import InputError
from realpolitik.kg.coverage import SentenceNote, compute_coverage, coverage_of_source, read_quotes, read_sentence_notes, split_sentences
from realpolitik.rdf.namespaces import SOURCE

ARTICLE = SOURCE + "article"
CONCEPT = "https://w3id.org/realpolitik/concept/"


@pytest.fixture(scope="module")
def article(layout) -> str:
    return (layout.source_folder / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def coverage(layout, article):
    quotes = read_quotes(layout.data_files, ARTICLE)
    notes = read_sentence_notes(layout.source_folder / "article.coverage.ttl", ARTICLE)
    return compute_coverage(article, quotes, notes)


def test_the_article_is_fully_accounted_for(coverage):
    assert coverage.unaccounted() == []
    assert coverage.accounted_share == 1.0
    assert coverage.unused_notes == ()
    assert coverage.quotes_not_found == ()


def test_the_article_figures(coverage):
    assert len(coverage.sentences) == 42
    assert sum(s.covered for s in coverage.sentences) == 33
    assert round(coverage.covered_share, 3) == 0.786


def test_no_sentence_is_both_quoted_and_noted(coverage):
    # A note says a sentence carries no fact; a quoted sentence carries one.
    assert [s.sentence.text for s in coverage.sentences if s.covered and s.note] == []


def test_notes_give_reasons_from_the_scheme(layout):
    notes = read_sentence_notes(layout.source_folder / "article.coverage.ttl", ARTICLE)
    reasons = {note.reason for note in notes}
    assert reasons <= {CONCEPT + name for name in ("heading", "rhetorical-question", "navigation", "byline", "restatement")}


def test_a_repeated_sentence_takes_one_note(coverage):
    bylines = [s for s in coverage.sentences if s.sentence.text == "Sodhi Gautam"]
    assert len(bylines) == 2 and all(s.note and s.note.reason == CONCEPT + "byline" for s in bylines)


def test_a_quote_stands_for_its_first_occurrence(coverage):
    # The comment section repeats the title; ev:coming-closer quotes the title only.
    comments_heading = next(s for s in coverage.sentences if s.sentence.text.startswith("One thought on"))
    assert not comments_heading.covered and comments_heading.note is not None


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_splitter_on_the_articles_quirks(article):
    sentences = texts(article)
    # Headings without a full stop are sentences of their own.
    assert "Future Prospects:" in sentences and "Meeting b/w Ankara and Moscow:" in sentences
    assert "Turkey is in a strategic position to seize the economic opportunities" in sentences
    # A missing space after a full stop still ends the sentence ...
    assert any(s.endswith("delivering Russian gas to Europe.") for s in sentences)
    assert any(s.startswith("Turkey also purchased S-400") for s in sentences)
    # ... but a full stop before a lower-case word does not.
    assert "It is neither pro-Ukraine nor pro-Russia. entirely pro-Turkey." in sentences
    # A quotation ending in a full stop keeps its attribution.
    assert any(s.startswith("“Ankara’s continued policy") and s.endswith("– Hungarian commissioner.") for s in sentences)
    # A space before the full stop and bullets are handled.
    assert "The two allies want to increase bilateral trade ." in sentences
    assert not any(s.startswith("•") for s in sentences)


def test_splitter_keeps_offsets(article):
    for sentence in split_sentences(article):
        assert article[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text


def test_splitter_abbreviations_and_quotes():
    assert texts("The U.S. and the E.U. agreed, e.g. on gas. Then Mr. Smith left.") == [
        "The U.S. and the E.U. agreed, e.g. on gas.",
        "Then Mr. Smith left.",
    ]
    assert texts("He said “no.” Then he left! Did he? “Yes.”") == ["He said “no.”", "Then he left!", "Did he?", "“Yes.”"]
    assert texts("Version 2.5 is out. 3 more follow.") == ["Version 2.5 is out.", "3 more follow."]


def test_splitter_is_deterministic(article):
    assert split_sentences(article) == split_sentences(article)


def test_shares_of_an_empty_text():
    coverage = compute_coverage("", {}, [])
    assert coverage.covered_share == coverage.accounted_share == 1.0


def test_unmatched_notes_and_quotes_are_reported():
    coverage = compute_coverage("One fact. A heading", {"ev:x": ["One fact.", "not there"]}, [SentenceNote("Nothing like it", "heading")])
    assert coverage.quotes_not_found == (("ev:x", "not there"),)
    assert coverage.unused_notes == (SentenceNote("Nothing like it", "heading"),)
    assert [s.sentence.text for s in coverage.sentences if not s.accounted_for] == ["A heading"]


def test_a_note_without_reason_is_bad_input(tmp_path):
    path = tmp_path / "x.coverage.ttl"
    path.write_text(
        f'<{ARTICLE}> <https://w3id.org/realpolitik/ontology#hasSentenceNote> [ <https://w3id.org/realpolitik/ontology#sentenceText> "Leave a Reply" ] .\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="noFactReason"):
        read_sentence_notes(path, ARTICLE)


def test_coverage_of_a_source_from_the_data_files(layout, coverage):
    found = coverage_of_source(ARTICLE, layout.data_files)
    assert found.source == ARTICLE and found == dataclasses.replace(coverage, source=ARTICLE)


def test_a_source_without_text_file_is_bad_input(layout):
    with pytest.raises(InputError, match="rp:textFile"):
        coverage_of_source(SOURCE + "no-such-source", layout.data_files)


def test_the_knowledge_graph_gives_a_source_coverage_by_name_or_iri(kg, coverage, article):
    by_name = kg.coverage("article")
    assert by_name == kg.coverage("src:article") == kg.coverage(ARTICLE)
    assert by_name.sentences == coverage.sentences and by_name.covered_share == coverage.covered_share
    assert by_name.text == article  # the text it was computed over
    assert by_name.quotes == read_quotes(kg.layout.data_files, ARTICLE)


def test_the_knowledge_graph_names_the_known_sources_for_an_unknown_one(kg):
    with pytest.raises(InputError, match=r"unknown source 'artcle'.*did you mean.*article"):
        kg.coverage("artcle")


def test_the_api_gives_coverage_without_opening_the_graph(layout):
    import realpolitik

    (found,) = realpolitik.coverage(layout.root, source="article")
    assert found.source == ARTICLE and found.accounted_share == 1.0
    assert [c.source for c in realpolitik.coverage(layout.root)] == [ARTICLE]
    with pytest.raises(TypeError):  # the source is named, never taken for the folder
        realpolitik.coverage(layout.root, "article")  # type: ignore[misc]
