"""Bad input: one clear line naming file and line, exit status 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.cli import main


def run(capsys, *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    err = capsys.readouterr().err
    return status, err


def assert_one_line(err: str, where: str, words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert where in lines[0] and words in lines[0], lines[0]


def test_malformed_shapes_file(clean_copy: Path, capsys):
    shapes = clean_copy / "ontology" / "shapes.ttl"
    lines = shapes.read_text().splitlines()
    lines[20] = lines[20] + " sh:minCount ;;"
    shapes.write_text("\n".join(lines) + "\n")
    status, err = run(capsys, "validate", "--kg", str(clean_copy))
    assert status == 2
    assert_one_line(err, "shapes.ttl:21:", "realpolitik: error:")


def test_shapes_that_parse_but_are_not_valid_shacl(clean_copy: Path, capsys):
    shapes = clean_copy / "ontology" / "shapes.ttl"
    text = shapes.read_text()
    line = text[: text.index("sh:path rp:buyer ; sh:minCount 1 ;")].count("\n") + 1
    shapes.write_text(text.replace("sh:path rp:buyer ; sh:minCount 1 ;", "sh:path rp:buyer ; sh:minCount \"one\" ;"))
    status, err = run(capsys, "validate", "--kg", str(clean_copy))
    assert status == 2
    assert_one_line(err, f"shapes.ttl:{line}:", "the shapes cannot be read: MinCountConstraintComponent")


@pytest.mark.parametrize("command", ["validate", "check"])
def test_unreadable_query_header(clean_copy: Path, capsys, command):
    query = clean_copy / "queries" / "who-sold-s400-to-turkey.rq"
    query.write_text(query.read_text().replace("#+ expected:\n", "#+ expected: [\n"))
    status, err = run(capsys, command, "--kg", str(clean_copy))
    assert status == 2
    assert_one_line(err, "who-sold-s400-to-turkey.rq:", "header is not valid YAML")


def test_expected_answer_naming_an_unknown_entity(clean_copy: Path, capsys):
    query = clean_copy / "queries" / "who-sold-s400-to-turkey.rq"
    query.write_text(query.read_text().replace("{seller: rpd:Russia}", "{seller: rpd:Rusia}"))
    status, err = run(capsys, "check", "--kg", str(clean_copy))
    assert status == 2
    assert_one_line(err, "who-sold-s400-to-turkey.rq:5:", "unknown entity rpd:Rusia (did you mean rpd:Russia?)")


def test_unreadable_check_file(tmp_path: Path, capsys):
    (tmp_path / "broken.rq").write_text("#+ id: broken\n#+ severity: fatal\n#+ message: x\nSELECT ?term WHERE { ?term ?p ?o }\n")
    from helpers import CLEAN

    status, err = run(capsys, "validate", "--kg", str(CLEAN), "--checks", str(tmp_path))
    assert status == 2
    assert_one_line(err, "broken.rq:2:", "severity must be one of")
