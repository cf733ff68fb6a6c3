"""`check`: stored questions against their expected answers, with and without reasoning."""

from __future__ import annotations

from pathlib import Path

import realpolitik
from realpolitik.cli import main
from realpolitik.kg import Layout
from realpolitik.questions.catalogue import Catalogue
from realpolitik.questions.competency import check_questions

from helpers import CLEAN, ROOT, planted


def test_every_stored_question_of_the_project_passes(capsys):
    assert main(["check", "--kg", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out and "who-bypasses-ukraine" in out


def test_a_wrong_expected_answer_fails_with_labels(capsys):
    assert main(["check", "--kg", str(planted("wrong-expected-answer"))]) == 1
    captured = capsys.readouterr()
    assert "FAIL" in captured.out
    assert "expected (1 row):\n    {seller: rpd:Turkey (Turkey)}" in captured.err
    assert "got with reasoning (1 row):\n    {seller: rpd:Russia (Russia)}" in captured.err


def test_needs_reasoning_must_be_true_to_its_word(clean_copy: Path):
    query = clean_copy / "queries" / "who-sold-s400-to-turkey.rq"
    query.write_text(query.read_text().replace("needs_reasoning: false", "needs_reasoning: true"))
    layout = Layout.at(clean_copy)
    results = {r.query.name: r for r in check_questions(realpolitik.open(layout.root).store, Catalogue(layout).all())}
    assert not results["who-sold-s400-to-turkey"].passed
    assert "set it to false" in results["who-sold-s400-to-turkey"].problems[0]
    assert results["which-states-are-nato-members"].passed


def test_check_prints_json(capsys):
    import json

    assert main(["check", "--kg", str(CLEAN), "--format", "json"]) == 0
    bindings = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert {b["question"]["value"]: b["result"]["value"] for b in bindings} == {"which-states-are-nato-members": "pass", "who-sold-s400-to-turkey": "pass"}
