"""Several sources, end to end: add a made-up second source with the command line, quote it,
give its records facts and its own competency question, and check that the article's
answers, its coverage and its perspective are untouched while validate names both sources
where they contradict each other."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import realpolitik
from realpolitik.errors import InputError
from realpolitik.kg import Layout
from realpolitik.kg.documents import add_source, locate_quote, new_evidence
from realpolitik.validation import validate

from helpers import SECOND_SOURCE, copy_project_graph, run_cli

EMPTY_GRAPH = "{\n    # the facts this passage states\n}"


def one_line_error(result, pattern: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert re.search(pattern, lines[0]), lines[0]


@pytest.fixture(scope="module")
def two_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's graph plus the made-up bulletin, added as a user would."""
    kg = copy_project_graph(tmp_path_factory.mktemp("two-sources"))
    added = run_cli("source", "add", SECOND_SOURCE / "bulletin.txt", "--title", "The Example Bulletin", "--author", "Example Editor",
                    "--published", "2023-05", "--url", "https://example.org/bulletin", "--kg", kg)
    assert added.returncode == 0, added.stderr
    twice = run_cli("evidence", "new", "bulletin", "Russia imposes sanctions on Turkey", "--kg", kg)
    one_line_error(twice, r"quote occurs 2 times in src:bulletin \(lines 3, 3\): pass --prefix or --suffix")
    for args in (("Russia imposes sanctions on Turkey", "--suffix", ".", "--record", "bulletin-sanctions"),
                 ("The EU sanctions against Russia are only a document.", "--record", "bulletin-document")):
        made = run_cli("evidence", "new", "bulletin", *args, "--kg", kg)
        assert made.returncode == 0, made.stderr
    facts_file = kg / "data" / "bulletin-facts.trig"
    text = facts_file.read_text(encoding="utf-8")
    facts = (SECOND_SOURCE / "bulletin-facts.trig").read_text(encoding="utf-8")
    for record in ("bulletin-sanctions", "bulletin-document"):
        graph = re.search(rf"ev:{record} (\{{.*?\n\}})", facts, re.DOTALL)
        assert graph is not None
        text = text.replace(f"ev:{record} {EMPTY_GRAPH}", f"ev:{record} {graph.group(1)}")
    facts_file.write_text(text, encoding="utf-8")
    shutil.copy(SECOND_SOURCE / "bulletin.coverage.ttl", kg / "data" / "sources")
    shutil.copy(SECOND_SOURCE / "queries" / "which-states-does-the-bulletin-call-sanctioned.rq", kg / "queries")
    return kg


def test_the_text_is_stored_byte_for_byte_with_its_description(two_sources):
    assert (two_sources / "data" / "sources" / "bulletin.txt").read_bytes() == (SECOND_SOURCE / "bulletin.txt").read_bytes()
    description = (two_sources / "data" / "sources" / "bulletin.ttl").read_text(encoding="utf-8")
    for expected in ('dcterms:title "The Example Bulletin"@en', "dcterms:creator rpd:ExampleEditor", 'dcterms:issued "2023-05"^^xsd:gYearMonth',
                     "schema:url <https://example.org/bulletin>", 'rp:textFile "bulletin.txt"'):
        assert expected in description


def test_records_select_the_quote_by_text_and_by_position(two_sources):
    text = (SECOND_SOURCE / "bulletin.txt").read_text(encoding="utf-8")
    records = (two_sources / "data" / "bulletin-facts.trig").read_text(encoding="utf-8")
    positions = [(int(a), int(b)) for a, b in re.findall(r"oa:start (\d+) ; oa:end (\d+)", records)]
    assert [text[a:b] for a, b in positions] == ["Russia imposes sanctions on Turkey", "The EU sanctions against Russia are only a document."]
    assert 'oa:suffix "."' in records and "prov:wasAttributedTo rpd:ExampleEditor" in records and "rp:hasModality rpc:stated" in records


def test_adding_a_source_leaves_every_article_answer_alone(two_sources):
    result = run_cli("check", "--kg", two_sources)
    assert "which-states-does-the-bulletin-call-sanctioned" in result.stdout and "FAIL" not in result.stdout
    # Every question passes under its own source's perspective; the graph as a whole is still
    # inconsistent (the two sources contradict each other), and check says so with status 1.
    assert result.returncode == 1 and "inconsistency [cax-adc]" in result.stderr, result.stdout + result.stderr


def test_perspectives_keep_each_sources_answers(two_sources):
    kg = realpolitik.open(two_sources)
    assert "source:bulletin" in kg.perspectives and "example-editor" in kg.perspectives

    def states(**perspective) -> list[str]:
        return [row.label("state") for row in kg.ask("which-states-are-sanctioned", **perspective)]

    assert states() == ["Russia", "Turkey"]
    assert states(according_to="source:article") == ["Russia"]
    assert states(according_to="source:bulletin") == ["Russia", "Turkey"]
    assert kg.findings, "the two sources contradict each other"
    assert kg.under("source:article").findings == [] and kg.under("source:bulletin").findings == []


def test_validate_names_both_sources_of_a_contradiction(two_sources):
    findings = validate(Layout.at(two_sources))
    (contradiction,) = [f for f in findings if f.check == "inconsistency"]
    assert "sources contradict each other: src:article (" in contradiction.message
    assert "ev:commission-report" in contradiction.message and "src:bulletin (ev:bulletin-document" in contradiction.message
    assert "The EU sanctions against Russia are only a document." in contradiction.message
    assert not [f for f in findings if f.check in ("quote-not-in-source", "position-not-in-source", "fact-without-evidence")]


def test_coverage_of_the_second_source(two_sources):
    result = run_cli("coverage", "bulletin", "--kg", two_sources, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert "src:bulletin: 6 sentences, 2 quoted by evidence (33.3% covered), 100.0% accounted for" in result.stderr
    assert "Russia imposes sanctions on Turkey.,ev:bulletin-sanctions" in result.stdout


def test_the_shipped_graph_has_only_real_sources(layout):
    assert sorted(p.name for p in layout.source_folder.glob("*.txt")) == ["article.txt"]


# --- the library functions and their errors -----------------------------------------------


def test_a_quote_must_occur_once():
    text = "Alpha beta. Alpha gamma.\nAlpha beta again."
    assert locate_quote(text, "Alpha", suffix=" gamma") == 12
    assert locate_quote(text, "beta", prefix="Alpha ", suffix=".") == 6
    with pytest.raises(InputError, match=r"quote occurs 2 times in the source \(lines 1, 2\)"):
        locate_quote(text, "Alpha beta")
    with pytest.raises(InputError, match=r"quote not found in the source: 'Alpha delta' \(closest passage: 'Alpha beta.'\)"):
        locate_quote(text, "Alpha delta")


def test_evidence_new_errors(clean_copy):
    layout = Layout.at(clean_copy)
    with pytest.raises(InputError, match=r"unknown source 'artcle' \(did you mean \"article\"\?\)"):
        new_evidence(layout, "artcle", "Turkey")
    with pytest.raises(InputError, match=r"quote not found in src:article"):
        new_evidence(layout, "article", "no such words anywhere in it")
    with pytest.raises(InputError, match=r"unknown modality 'rumoured'"):
        new_evidence(layout, "article", "Turkey also purchased S-400 missile from Moscow", modality="rumoured")


def test_validate_checks_text_positions(clean_copy):
    layout = Layout.at(clean_copy)
    made = new_evidence(layout, "article", "Turkey also purchased S-400 missile from Moscow", record="s400-again")
    checks = [f for f in validate(layout) if f.check in ("position-not-in-source", "quote-not-in-source")]
    assert checks == []
    text = made.path.read_text(encoding="utf-8")
    made.path.write_text(text.replace(f"oa:start {made.start} ;", f"oa:start {made.start + 1} ;"), encoding="utf-8")
    (finding,) = [f for f in validate(layout) if f.check == "position-not-in-source"]
    assert finding.term == "ev:s400-again" and f"text position {made.start + 1}-{made.end}" in finding.message and f"the quote starts at character {made.start}" in finding.message


def test_source_add_errors(clean_copy, tmp_path):
    layout = Layout.at(clean_copy)
    text = tmp_path / "note.txt"
    text.write_text("A note.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"--published '5 May 2023': write the date as YYYY-MM-DD, YYYY-MM or YYYY"):
        add_source(layout, text, title="A note", author="Someone", published="5 May 2023")
    with pytest.raises(InputError, match=r"source 'article' exists already"):
        add_source(layout, text, title="A note", author="Someone", name="article")
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    with pytest.raises(InputError, match=r"not UTF-8 text \(byte 3\)"):
        add_source(layout, tmp_path / "latin1.txt", title="Latin", author="Someone")
    assert sorted(p.name for p in layout.source_folder.iterdir()) == ["article.ttl", "article.txt"]
