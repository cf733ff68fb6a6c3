"""The command line end to end, as a user runs it: output formats, the cache, and bad input."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def realpolitik(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    script = Path(sys.executable).parent / "realpolitik"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "realpolitik"]
    return subprocess.run(command + list(args), capture_output=True, text=True, cwd=cwd, timeout=300)


def assert_one_line_error(result: subprocess.CompletedProcess, pattern: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert re.search(pattern, lines[0]), lines[0]


def test_readme_first_command_answers_who_bypasses_ukraine():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^(python3 -m venv .*)$", readme, re.MULTILINE)
    assert len(commands) >= 2 and "realpolitik query who-bypasses-ukraine" in commands[0] and "pytest" in commands[1]
    result = realpolitik("query", "who-bypasses-ukraine")
    assert result.returncode == 0, result.stderr
    assert re.search(r"rpd:Russia\s+Russia", result.stdout) and re.search(r"rpd:Turkey\s+Turkey", result.stdout)


def test_queries_lists_the_stored_questions():
    result = realpolitik("queries")
    assert result.returncode == 0
    assert "who-bypasses-ukraine" in result.stdout and "Who bypasses Ukraine?" in result.stdout


def test_json_output_is_sparql_results_json():
    result = realpolitik("query", "who-bypasses-ukraine", "--format", "json")
    document = json.loads(result.stdout)
    assert document["head"]["vars"] == ["country", "actor", "actorLabel"]
    actors = [b["actor"]["value"] for b in document["results"]["bindings"]]
    assert actors == ["https://w3id.org/realpolitik/id/Russia", "https://w3id.org/realpolitik/id/Turkey"]
    assert document["results"]["bindings"][0]["actorLabel"] == {"type": "literal", "value": "Russia", "xml:lang": "en"}


@pytest.mark.parametrize(
    "fmt, first_line",
    [("csv", "country,actor,actorLabel"), ("tsv", "?country\t?actor\t?actorLabel"), ("markdown", "| country | actor | actorLabel |")],
)
def test_tabular_formats(fmt, first_line):
    result = realpolitik("query", "who-bypasses-ukraine", "--format", fmt)
    assert result.stdout.splitlines()[0] == first_line


def test_no_reasoning_changes_the_answer():
    result = realpolitik("query", "who-bypasses-ukraine", "--no-reasoning")
    assert result.returncode == 0 and "(0 rows)" in result.stdout


def test_parameters_from_the_command_line():
    result = realpolitik("query", "who-are-the-partners-of-turkey", "--param", "actor=Russia", "--format", "csv")
    assert result.stdout.splitlines()[1:] == ["https://w3id.org/realpolitik/id/Russia,https://w3id.org/realpolitik/id/Turkey,Turkey"]


def test_sparql_inline_and_from_file(tmp_path):
    result = realpolitik("sparql", "ASK { rpd:Turkey a rp:NatoMemberState }")
    assert result.stdout.strip() == "yes"
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s rp:bypasses ?o }")
    assert realpolitik("sparql", "--file", str(query), "--format", "csv").stdout.splitlines()[1] == "3"


def test_reason_writes_closure_and_inferred_triples(tmp_path):
    import pyoxigraph as ox

    closure, inferred = tmp_path / "closure.ttl", tmp_path / "inferred.nt"
    result = realpolitik("reason", "--output", str(closure), "--inferred-output", str(inferred))
    assert result.returncode == 0, result.stderr
    closure_triples = set(ox.parse(path=str(closure)))
    inferred_triples = set(ox.parse(path=str(inferred)))
    assert inferred_triples and inferred_triples < closure_triples
    assert not any(isinstance(t.subject, ox.Literal) for t in closure_triples)


def test_stats_counts():
    result = realpolitik("stats", "--format", "csv")
    counts = dict(line.split(",") for line in result.stdout.splitlines()[1:])
    assert int(counts["classes"]) > 50 and int(counts["inferred triples"]) > 500 and int(counts["individuals"]) > 40


@pytest.fixture
def kg_copy(tmp_path) -> Path:
    copy = tmp_path / "kg"
    for part in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / part, copy / part)
    return copy


def test_malformed_turtle_names_file_line_and_column(kg_copy):
    facts = kg_copy / "data" / "article-facts.trig"
    lines = facts.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if "rp:buyer rpd:Turkey" in line)
    lines[number] = lines[number].replace("rp:buyer", "rpx:buyer")
    facts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = realpolitik("query", "who-bypasses-ukraine", "--kg", str(kg_copy))
    assert_one_line_error(result, rf'article-facts\.trig:{number + 1}:\d+: unknown prefix "rpx:" \(did you mean "rp:"\?\)')


def test_bad_input_leaves_no_output_file(kg_copy, tmp_path):
    (kg_copy / "ontology" / "realpolitik.ttl").write_text("@prefix rp: <x#> .\nrp:a rp:b .\n")
    output = tmp_path / "out.ttl"
    result = realpolitik("reason", "--kg", str(kg_copy), "--output", str(output))
    assert_one_line_error(result, r"realpolitik\.ttl:2:\d+: ")
    assert not output.exists() and not list(tmp_path.glob(".out.ttl*"))


def test_output_to_a_missing_folder(tmp_path):
    result = realpolitik("reason", "--output", str(tmp_path / "missing" / "out.ttl"))
    assert_one_line_error(result, r"cannot write: folder .* does not exist")


def test_unknown_query(tmp_path):
    assert_one_line_error(realpolitik("query", "who-bypases-ukraine"), r"unknown query 'who-bypases-ukraine' \(did you mean \"who-bypasses-ukraine\"\?\)")


def test_unknown_and_malformed_parameters():
    assert_one_line_error(realpolitik("query", "who-bypasses-ukraine", "--param", "land=Ukraine"), r"query who-bypasses-ukraine: unknown parameter 'land'")
    assert_one_line_error(realpolitik("query", "who-bypasses-ukraine", "--param", "Ukraine"), r"expected NAME=VALUE")
    assert_one_line_error(realpolitik("query", "who-bypasses-ukraine", "--param", "country=Ukrane"), r"did you mean rpd:Ukraine\?")


def test_sparql_syntax_error():
    assert_one_line_error(realpolitik("sparql", "SELECT ?x WHERE { ?x ?y }"), r"^realpolitik: error: <query>:1:\d+: SPARQL syntax error")


def test_missing_parameter_without_default(kg_copy):
    query = kg_copy / "queries" / "who-bypasses-ukraine.rq"
    query.write_text(query.read_text().replace("#+     default: rpd:Ukraine\n", ""))
    assert_one_line_error(realpolitik("query", "who-bypasses-ukraine", "--kg", str(kg_copy)), r"missing parameter 'country'")


def test_unreadable_query_header_names_the_line(kg_copy):
    query = kg_copy / "queries" / "who-bypasses-ukraine.rq"
    query.write_text(query.read_text().replace("#+ needs_reasoning: true", "#+ needs_reasoning: [true"))
    assert_one_line_error(realpolitik("query", "who-bypasses-ukraine", "--kg", str(kg_copy)), r"who-bypasses-ukraine\.rq:\d+: header is not valid YAML")


def test_not_a_knowledge_graph_folder(tmp_path):
    assert_one_line_error(realpolitik("stats", "--kg", str(tmp_path)), r"not a knowledge graph folder: it has no ontology/ folder")


def test_cache_is_reused_and_invalidated(kg_copy):
    from realpolitik.kg import Layout
    from realpolitik.stores.memory import reason

    layout = Layout.at(kg_copy)
    facts = kg_copy / "data" / "background.trig"
    facts.write_text(facts.read_text() + f"\n# a copy of its own: {kg_copy}\n")
    assert not reason(layout).from_cache
    assert reason(layout).from_cache
    facts.write_text(facts.read_text() + "\n# edited\n")
    assert not reason(layout).from_cache


def test_version_and_help_list_every_command(capsys):
    from realpolitik import __version__, cli

    with pytest.raises(SystemExit) as exit:
        cli.main(["--version"])
    assert exit.value.code == 0 and capsys.readouterr().out.strip() == f"realpolitik {__version__}"
    with pytest.raises(SystemExit) as exit:
        cli.main(["--help"])
    assert exit.value.code == 0
    listed = capsys.readouterr().out
    # The parser builds only the command it is asked for; the names it checks against are all the commands there are.
    built = next(action for action in cli._parser([])._actions if action.dest == "command").choices
    assert sorted(built) == sorted(cli._COMMAND_NAMES)
    assert all(re.search(rf"^\s+{name}\s", listed, re.MULTILINE) for name in cli._COMMAND_NAMES), listed


@pytest.mark.parametrize("name", ["queries", "query", "sparql", "perspectives", "coverage", "source", "evidence", "reason", "stats",
                                  "explain", "validate", "check", "build", "export", "load", "serve", "site"])
def test_each_command_has_its_help(name, capsys):
    from realpolitik import cli

    with pytest.raises(SystemExit) as exit:
        cli.main([name, "--help"])
    assert exit.value.code == 0 and f"usage: realpolitik {name}" in capsys.readouterr().out


def test_a_misspelt_command_is_one_line_naming_the_commands():
    result = realpolitik("qeury", "who-bypasses-ukraine")
    assert_one_line_error(result, r"invalid choice: 'qeury'.*'query'")


@pytest.mark.parametrize("columns", ["50", "120"])
def test_help_wraps_to_the_terminal_width(columns, capsys, monkeypatch):
    from realpolitik import cli

    monkeypatch.setenv("COLUMNS", columns)
    with pytest.raises(SystemExit):
        cli.main(["query", "--help"])
    lines = capsys.readouterr().out.split("\n\n", 1)[1].splitlines()  # after the usage, whose [--option {choices}] groups do not break
    longest = max(len(line) for line in lines)
    assert int(columns) - 20 < longest <= int(columns)
