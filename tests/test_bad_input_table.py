"""Bad input, table-driven (issue 10): every command against broken knowledge-graph folders,
and bad names, parameters, queries, paths, caches, stores and endpoints that refuse, hang,
drip or answer garbage.

Each row asserts the exit status, one line on stderr naming where and what (or, where the
break does not concern the command, the right answer), no traceback, the knowledge-graph
folder unchanged and no output left half-written. Rows run in this process through
``cli.main``; the few that could crash a process (a deeply nested query, a runaway one)
run the command in a subprocess.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from realpolitik.cli import main
from realpolitik.stores import memory

from helpers import CLEAN, ROOT, FakeEndpoint

Break = Callable[[Path], None]


def append(file: str, data: bytes) -> Break:
    def apply(kg: Path) -> None:
        with open(kg / file, "ab") as handle:
            handle.write(data)
    return apply


def write(*files: str, data: bytes = b"") -> Break:
    def apply(kg: Path) -> None:
        for file in files:
            (kg / file).write_bytes(data)
    return apply


def symlink(file: str, to: str) -> Break:
    return lambda kg: os.symlink(to, kg / file)


def remove(file: str) -> Break:
    def apply(kg: Path) -> None:
        path = kg / file
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return apply


def replace(file: str, old: bytes, new: bytes) -> Break:
    def apply(kg: Path) -> None:
        path = kg / file
        data = path.read_bytes()
        assert old in data
        path.write_bytes(data.replace(old, new, 1))
    return apply


def source_not_utf8(kg: Path) -> None:
    text = next((kg / "data" / "sources").glob("*.txt"))
    text.write_bytes(text.read_bytes() + b"\n\xff\n")


def kg_is_a_file(kg: Path) -> None:
    shutil.rmtree(kg)
    kg.write_text("not a folder\n")


ALL = ("queries", "query", "sparql", "reason", "stats", "explain", "validate", "check", "build", "export", "load")
READS_DATA = tuple(c for c in ALL if c != "queries")


@dataclass(frozen=True)
class Broken:
    """A knowledge-graph folder broken one way, the commands it must fail (with status 2 and
    a line matching ``message``), and, by omission, those that must answer as usual."""

    apply: Break
    fails: tuple[str, ...]
    message: str


BROKEN: dict[str, Broken] = {
    "ontology-syntax": Broken(append("ontology/realpolitik.ttl", b"\nrp:Broken a .\n"), READS_DATA, r"ontology/realpolitik.ttl:\d+:\d+: "),
    "ontology-empty": Broken(write("ontology/realpolitik.ttl"), READS_DATA, r"ontology: the ontology is empty: no triples in .*realpolitik.ttl"),
    "ontology-no-file": Broken(remove("ontology/realpolitik.ttl"), READS_DATA, r"ontology: no ontology: the folder has no .ttl file"),
    "ontology-folder-missing": Broken(remove("ontology"), ALL, r"not a knowledge graph folder: it has no ontology/ folder"),
    "data-folder-missing": Broken(remove("data"), ALL, r"not a knowledge graph folder: it has no data/ folder"),
    "data-syntax": Broken(append("data/entities.trig", b"\nGRAPH rpd:x { rpd:a rpd:b }\n"), READS_DATA, r"data/entities.trig:\d+:\d+: .*not a valid RDF object"),
    "data-undeclared-prefix": Broken(append("data/entities.trig", b"\nGRAPH rpd:x { rpx:a rp:b rpd:c . }\n"), READS_DATA,
                                     r'data/entities.trig:\d+:\d+: unknown prefix "rpx:" \(did you mean "rp:"\?\)'),
    "data-not-utf8-literal": Broken(append("data/entities.trig", b'\nGRAPH rpd:x { rpd:a rdfs:label "caf\xe9" . }\n'), READS_DATA, r"data/entities.trig:\d+:\d+: .*UTF-8"),
    "no-facts": Broken(write("data/article-facts.trig", "data/entities.trig"), READS_DATA, r"data: no facts"),
    "dangling-link": Broken(symlink("data/extra.ttl", "nowhere.ttl"), READS_DATA, r"data/extra.ttl: cannot read: a dangling symbolic link \(to nowhere.ttl\)"),
    "link-loop": Broken(symlink("data/loop.trig", "loop.trig"), READS_DATA, r"data/loop.trig: cannot read: a symbolic link loop"),
    "folder-named-trig": Broken(lambda kg: (kg / "data" / "x.trig").mkdir(), READS_DATA, r"data/x.trig: cannot read: a folder, not a file"),
    "linked-folder-loop": Broken(symlink("data/again", "."), (), ""),  # not followed: no loop, the usual answers
    "query-not-utf8": Broken(append("queries/who-sold-s400-to-turkey.rq", b"\n# \xff\xfe\n"), ("queries", "validate", "check"),
                             r"queries/who-sold-s400-to-turkey.rq:\d+:\d+: not UTF-8 text \(byte 0xff\)"),
    "query-bad-header": Broken(replace("queries/who-sold-s400-to-turkey.rq", b"#+", b"#+ : : [\n#+"), ("queries", "validate", "check"),
                               r"queries/who-sold-s400-to-turkey.rq:1: header is not valid YAML"),
    "query-syntax": Broken(append("queries/who-sold-s400-to-turkey.rq", b"\n}}}\n"), ("check",), r"queries/who-sold-s400-to-turkey.rq:\d+:\d+: SPARQL syntax error"),
    "source-not-utf8": Broken(source_not_utf8, ("validate",), r"data/sources/\S+.txt:\d+:1: not UTF-8 text \(byte 0xff\)"),
    "kg-is-a-file": Broken(kg_is_a_file, ALL, r"kg: no such knowledge graph folder"),
}


def command_line(command: str, kg: Path, out: Path) -> list[str]:
    return {
        "queries": ["queries"],
        "query": ["query", "which-states-are-nato-members"],
        "sparql": ["sparql", "ASK { ?s ?p ?o }"],
        "reason": ["reason", "--output", str(out / "reasoned.ttl")],
        "stats": ["stats"],
        "explain": ["explain", "rpd:Turkey", "a", "rp:NatoMemberState"],
        "validate": ["validate"],
        "check": ["check"],
        "build": ["build", "--store", str(out / "store")],
        "export": ["export", "--output", str(out / "export.nq")],
        "load": ["load", "--endpoint", "http://127.0.0.1:1/sparql"],
    }[command] + ["--kg", str(kg)]


def tree(folder: Path) -> dict[str, str]:
    """Every path under ``folder`` with a digest of what it holds (links as links)."""
    if not folder.is_dir():
        return {"": folder.read_text() if folder.exists() else ""}
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[name] = "folder"
    return found


def written(out: Path) -> list[str]:
    """What a command left in the output folder, besides lock files."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != ".lock")


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        status = main(argv)
    except SystemExit as exit:
        status = int(exit.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_one_line(status: int, err: str, expected_status: int, pattern: str) -> None:
    import re

    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert status == expected_status, err
    assert len(lines) == 1, err
    assert lines[0].startswith("realpolitik: error: "), lines[0]
    assert re.search(pattern, lines[0]), lines[0]


@pytest.fixture
def broken_copy(tmp_path: Path) -> Callable[[Break | None], Path]:
    def make(apply: Break | None) -> Path:
        kg = tmp_path / "kg"
        shutil.copytree(CLEAN, kg, symlinks=True)
        if apply is not None:
            apply(kg)
        return kg
    return make


# --- every command × every broken folder ------------------------------------------------------

@pytest.mark.parametrize("command", ALL)
@pytest.mark.parametrize("broken", list(BROKEN))
def test_broken_folder(broken, command, broken_copy, tmp_path, capsys):
    case = BROKEN[broken]
    kg = broken_copy(case.apply)
    out = tmp_path / "out"
    out.mkdir()
    before = tree(kg)
    status, stdout, err = run(command_line(command, kg, out), capsys)
    assert tree(kg) == before
    if command in case.fails:
        assert_one_line(status, err, 2, case.message)
        assert written(out) == []
        return
    if command == "load":  # nothing listens there: the graph was read, the store is down
        assert_one_line(status, err, 1, r"127.0.0.1:1/sparql: cannot connect")
        return
    assert "Traceback" not in err and "error" not in err, err
    assert status == 0, err
    if command in ("reason", "export", "build"):
        assert written(out)
    if command == "query":
        assert "rpd:Turkey" in stdout


# --- names, parameters, queries, paths ----------------------------------------------------------

@dataclass(frozen=True)
class Case:
    argv: tuple[str, ...]
    status: int
    message: str


NESTED = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

CASES: dict[str, Case] = {
    "unknown-question": Case(("query", "who-bypasses-ukrain"), 2, r'unknown .*who-bypasses-ukrain.*did you mean'),
    "param-without-equals": Case(("query", "who-are-the-partners-of-turkey", "--param", "actor"), 2, r"expected NAME=VALUE"),
    "param-unknown": Case(("query", "who-are-the-partners-of-turkey", "--param", "colour=red"), 2, r"colour"),
    "param-unknown-entity": Case(("query", "who-are-the-partners-of-turkey", "--param", "actor=Rusia"), 2, r"unknown entity rpd:Rusia \(did you mean rpd:Russia\?\)"),
    "param-twice": Case(("query", "who-are-the-partners-of-turkey", "--param", "actor=Russia", "--param", "actor=Turkey"), 2, r"given twice"),
    "param-injection": Case(("query", "who-are-the-partners-of-turkey", "--param", "actor=<x> } ; DROP ALL ; {"), 2, r"actor"),
    "param-injection-literal": Case(("query", "who-are-the-partners-of-turkey", "--param", 'actor="x" } INSERT DATA { <a:b> <a:b> <a:c> } #'), 2, r"actor"),
    "timeout-negative": Case(("query", "who-bypasses-ukraine", "--timeout", "-1"), 2, r"--timeout: '-1': expected a finite number of seconds above 0"),
    "timeout-zero": Case(("query", "who-bypasses-ukraine", "--timeout", "0"), 2, r"--timeout: '0'"),
    "timeout-nan": Case(("sparql", "ASK {}", "--timeout", "nan"), 2, r"--timeout: 'nan'"),
    "timeout-inf": Case(("sparql", "ASK {}", "--timeout", "inf"), 2, r"--timeout: 'inf'"),
    "timeout-word": Case(("stats", "--timeout", "soon"), 2, r"--timeout: 'soon': expected a number of seconds"),
    "engine-unknown": Case(("stats", "--engine", "hermit"), 2, r"--engine: invalid choice: 'hermit'"),
    "format-unknown": Case(("query", "who-bypasses-ukraine", "--format", "yaml"), 2, r"--format: invalid choice"),
    "command-unknown": Case(("qurey",), 2, r"invalid choice: 'qurey'"),
    "command-missing": Case((), 2, r"the following arguments are required: COMMAND"),
    "option-unknown": Case(("stats", "--colour"), 2, r"unrecognized arguments: --colour"),
    "sparql-syntax": Case(("sparql", "SELECT ?x WHERE { ?x"), 2, r"<query>:1:\d+: SPARQL syntax error"),
    "sparql-empty": Case(("sparql", ""), 2, r"<query>:1:1: SPARQL syntax error"),
    "sparql-insert": Case(("sparql", "INSERT DATA { rpd:a rpd:b rpd:c }"), 2, r"queried read-only: SPARQL Update \(INSERT\) is not accepted"),
    "sparql-delete": Case(("sparql", "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }"), 2, r"SPARQL Update \(DELETE\) is not accepted"),
    "sparql-drop": Case(("sparql", "DROP ALL"), 2, r"SPARQL Update \(DROP\) is not accepted"),
    "sparql-load": Case(("sparql", "LOAD <http://127.0.0.1:1/x.ttl>"), 2, r"SPARQL Update \(LOAD\) is not accepted"),
    "sparql-service": Case(("sparql", "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"), 2, r"<query>:1:12: federated queries are off"),
    "sparql-service-lowercase": Case(("sparql", "select * { ?a ?b ?c service silent <http://169.254.169.254/> { ?s ?p ?o } }"), 2, r"federated queries are off"),
    "sparql-service-allowed-but-down": Case(("sparql", "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", "--allow-federation"), 1, r"<query>: OSError: .*"),
    "sparql-nested-101": Case(("sparql", "SELECT * WHERE " + "{" * 101 + " ?s ?p ?o " + "}" * 101), 2, r"nests deeper than 100 levels"),
    "sparql-nested-parentheses": Case(("sparql", "SELECT * WHERE { FILTER(" + "(" * 500 + "1" + ")" * 500 + ") }"), 2, r"nests deeper than 100 levels"),
    "sparql-file-missing": Case(("sparql", "--file", "{tmp}/missing.rq"), 2, r"missing.rq: cannot read: no such file"),
    "sparql-file-folder": Case(("sparql", "--file", "{tmp}"), 2, r": cannot read: a folder, not a file"),
    "sparql-file-not-utf8": Case(("sparql", "--file", "{tmp}/latin1.rq"), 2, r"latin1.rq:1:\d+: not UTF-8 text \(byte 0xe9\)"),
    "sparql-file-dangling": Case(("sparql", "--file", "{tmp}/dangling.rq"), 2, r"dangling.rq: cannot read: a dangling symbolic link"),
    "sparql-file-loop": Case(("sparql", "--file", "{tmp}/loop.rq"), 2, r"loop.rq: cannot read: a symbolic link loop"),
    "sparql-file-and-text": Case(("sparql", "ASK {}", "--file", "{tmp}/q.rq"), 2, r"not allowed with argument"),
    "reason-output-folder": Case(("reason", "--output", "{tmp}/folder.ttl"), 2, r"folder.ttl: cannot write: it is a folder"),
    "reason-output-missing-folder": Case(("reason", "--output", "{tmp}/missing/out.ttl"), 2, r"cannot write: folder .*missing does not exist"),
    "reason-output-suffix": Case(("reason", "--output", "{tmp}/out.docx"), 2, r"cannot tell the RDF format from the suffix '.docx'"),
    "reason-second-output-missing": Case(("reason", "--output", "{tmp}/A.ttl", "--inferred-output", "{tmp}/missing/B.ttl"), 2, r"B.ttl: cannot write: folder"),
    "reason-format-unknown": Case(("reason", "--output", "{tmp}/A.ttl", "--rdf-format", "n3"), 2, r"--rdf-format: invalid choice"),
    "export-output-folder": Case(("export", "--output", "{tmp}/folder.ttl"), 2, r"folder.ttl: cannot write: it is a folder"),
    "export-output-missing-folder": Case(("export", "--output", "{tmp}/missing/x.nq"), 2, r"folder .*missing does not exist"),
    "export-all-onto-a-file": Case(("export", "--all", "{tmp}/q.rq"), 2, r"q.rq: cannot create the release folder"),
    "export-both-targets": Case(("export", "--all", "{tmp}/r", "--output", "{tmp}/x.ttl"), 2, r"not allowed with argument"),
    "explain-bad-term": Case(("explain", "rpd:Turkey", "a", '"unterminated'), 2, r"explain: object"),
    "explain-unknown-prefix": Case(("explain", "xx:Turkey", "a", "rp:State"), 2, r"explain: subject 'xx:Turkey'"),
    "validate-checks-missing": Case(("validate", "--checks", "{tmp}/no-such-checks"), 2, r"no-such-checks"),
    "validate-checks-not-utf8": Case(("validate", "--checks", "{tmp}/checks"), 2, r"checks/bad.rq:1:\d+: not UTF-8 text"),
    "build-store-is-a-file": Case(("build", "--store", "{tmp}/q.rq"), 2, r"q.rq: cannot create the store folder"),
    "serve-port-zero": Case(("serve", "--store", "{tmp}/store", "--port", "0"), 2, r"--port 0: expected a port number between 1 and 65535"),
    "serve-port-too-big": Case(("serve", "--store", "{tmp}/store", "--port", "70000"), 2, r"--port 70000"),
    "serve-port-word": Case(("serve", "--port", "http"), 2, r"--port: invalid int value: 'http'"),
    "load-not-http": Case(("load", "--endpoint", "ftp://127.0.0.1/sparql"), 2, r"ftp://127.0.0.1/sparql: not an http\(s\) URL"),
    "load-file-url": Case(("load", "--endpoint", "file:///etc/passwd"), 2, r"not an http\(s\) URL"),
    "load-down": Case(("load", "--endpoint", "http://127.0.0.1:1/sparql"), 1, r"cannot connect: Connection refused \(nothing was sent"),
    "query-endpoint-down": Case(("query", "who-bypasses-ukraine", "--endpoint", "http://127.0.0.1:1/sparql"), 1, r"127.0.0.1:1/sparql: cannot connect"),
    "query-endpoint-not-http": Case(("query", "who-bypasses-ukraine", "--endpoint", "gopher://x"), 2, r"gopher://x: not an http\(s\) URL"),
    "sparql-endpoint-insert": Case(("sparql", "INSERT DATA { rpd:a rpd:b rpd:c }", "--endpoint", "http://127.0.0.1:1/sparql"), 2, r"SPARQL Update \(INSERT\)"),
    "sparql-endpoint-service": Case(("sparql", "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", "--endpoint", "http://127.0.0.1:1/sparql"), 2, r"federated queries are off"),
    "sparql-endpoint-nested": Case(("sparql", NESTED, "--endpoint", "http://127.0.0.1:1/sparql"), 2, r"nests deeper than 100 levels"),
}


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A folder of awkward files the cases name as {tmp}."""
    (tmp_path / "folder.ttl").mkdir()
    (tmp_path / "latin1.rq").write_bytes("SELECT * { ?s ?p \"caf\xe9\" }".encode("latin-1"))
    (tmp_path / "q.rq").write_text("ASK {}")
    os.symlink("nowhere.rq", tmp_path / "dangling.rq")
    os.symlink("loop.rq", tmp_path / "loop.rq")
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "bad.rq").write_bytes(b"#+ id: x\xff\n")
    return tmp_path


def sources(root: Path) -> dict[str, str]:
    return {f"{part}/{name}": digest for part in ("ontology", "data", "queries") for name, digest in tree(root / part).items()}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_argument(name, scratch, capsys):
    case = CASES[name]
    before = sources(ROOT)
    listing = sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*"))
    argv = [part.replace("{tmp}", str(scratch)) for part in case.argv]
    if argv:
        argv += ["--kg", str(ROOT)]
    status, _, err = run(argv, capsys)
    assert_one_line(status, err, case.status, case.message)
    assert sources(ROOT) == before
    left = sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*") if not p.relative_to(scratch).as_posix().startswith("store/"))
    assert set(left) - set(listing) <= {"store"}, left  # no output, not even half of one (serve builds its store first)


# --- crashes and hangs, in a process of their own ---------------------------------------------

def realpolitik(*args: str, timeout: float = 120, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "realpolitik", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize("argv, status, message", [
    (("sparql", NESTED), 2, r"nests deeper than 100 levels"),
    (("sparql", "SELECT * WHERE { " + "OPTIONAL { ?s ?p ?o " * 2000 + "}" * 2001), 2, r"nests deeper than 100 levels"),
    (("sparql", RUNAWAY, "--timeout", "1"), 2, r"<query>: stopped after 1 s \(the time limit\)"),
    (("sparql", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a", "--timeout", "1"), 2, r"stopped after 1 s"),
], ids=["nested-3000", "nested-optional", "runaway-count", "runaway-order"])
def test_crash_and_hang_cases_in_a_process(argv, status, message):
    import re

    result = realpolitik(*argv, "--kg", str(CLEAN), timeout=60)
    assert result.returncode == status, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr and re.search(message, lines[0]), result.stderr


# --- endpoints that refuse, hang, drip or answer garbage ----------------------------------------

@pytest.mark.parametrize("command", ["query", "sparql", "load"])
@pytest.mark.parametrize("mode, message", [
    ("html", r"unexpected answer type 'text/html'"),
    ("garbage", r"unreadable answer"),
    ("refuse", r"HTTP 503 Service Unavailable: down for maintenance"),
    ("drip", r"no complete answer within 1 s"),
    ("hang", r"no complete answer within 1 s"),
])
def test_endpoint_misbehaving(command, mode, message, monkeypatch, capsys):
    monkeypatch.setenv("REALPOLITIK_ENDPOINT_TIMEOUT", "1")
    with FakeEndpoint(mode, interval=0.3) as fake:
        argv = {"query": ["query", "which-states-are-nato-members"], "sparql": ["sparql", "ASK { ?s ?p ?o }"], "load": ["load"]}[command]
        status, _, err = run(argv + ["--endpoint", fake.url, "--kg", str(CLEAN)], capsys)
    assert_one_line(status, err, 1, message)
    if command == "load":
        assert "nothing was sent" in err


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "1e400", "soon"])
@pytest.mark.parametrize("command", ["query", "load"])
def test_bad_endpoint_timeout(command, value, monkeypatch, capsys):
    monkeypatch.setenv("REALPOLITIK_ENDPOINT_TIMEOUT", value)
    argv = ["query", "who-bypasses-ukraine"] if command == "query" else ["load"]
    status, _, err = run(argv + ["--endpoint", "http://127.0.0.1:1/sparql", "--kg", str(CLEAN)], capsys)
    assert_one_line(status, err, 2, rf"REALPOLITIK_ENDPOINT_TIMEOUT='{value}'")


# --- caches and stores ------------------------------------------------------------------------

def cache_entries(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]


@pytest.mark.parametrize("damage", ["truncated", "emptied", "checksum", "findings", "removed-file", "not-a-folder"])
def test_a_damaged_cache_entry_is_rebuilt_not_read(damage, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REALPOLITIK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(memory, "_warned", False)
    argv = ["query", "which-states-are-nato-members", "--kg", str(CLEAN), "--format", "csv"]
    status, right, _ = run(argv, capsys)
    assert status == 0 and "Turkey" in right
    (entry,) = cache_entries(tmp_path / "cache")
    if damage == "truncated":
        data = (entry / "dataset.nq").read_bytes()
        (entry / "dataset.nq").write_bytes(data[: len(data) // 2])
    elif damage == "emptied":
        (entry / "dataset.nq").write_bytes(b"")
    elif damage == "checksum":
        (entry / "checksum").write_text("0" * 64)
    elif damage == "findings":
        (entry / "findings.json").write_text("[{")
    elif damage == "removed-file":
        (entry / "checksum").unlink()
    else:
        shutil.rmtree(entry)
        entry.write_text("a file where an entry should be")
    status, answer, err = run(argv, capsys)
    assert status == 0 and answer == right
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 1
    if damage not in ("removed-file",):
        assert err.startswith("realpolitik: warning: ") and "working without the cache" in err
    # and the next run has a whole entry again
    status, again, err = run(argv, capsys)
    assert status == 0 and again == right and err == ""


@pytest.mark.parametrize("where", ["cache-is-a-file", "xdg-is-a-file", "cache-under-a-file"])
def test_an_unusable_cache_is_one_warning(where, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    if where == "cache-is-a-file":
        monkeypatch.setenv("REALPOLITIK_CACHE", str(blocker))
    elif where == "xdg-is-a-file":
        monkeypatch.delenv("REALPOLITIK_CACHE")
        monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    else:
        monkeypatch.setenv("REALPOLITIK_CACHE", str(blocker / "below"))
    monkeypatch.setattr(memory, "_warned", False)
    status, out, err = run(["query", "which-states-are-nato-members", "--kg", str(CLEAN)], capsys)
    assert status == 0 and "rpd:Turkey" in out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("realpolitik: warning: cannot write the cache") and "working without the cache" in lines[0]
    assert blocker.read_text() == "x"


@pytest.mark.parametrize("damage", ["current-garbage", "current-empty", "build-json-garbage", "database-removed", "database-garbage"])
def test_a_damaged_store(damage, tmp_path, capsys):
    store = tmp_path / "store"
    assert run(["build", "--kg", str(CLEAN), "--store", str(store)], capsys)[0] == 0
    name = (store / "CURRENT").read_text().strip()
    if damage == "current-garbage":
        (store / "CURRENT").write_bytes(b"\xff../../etc\n")
    elif damage == "current-empty":
        (store / "CURRENT").write_text("")
    elif damage == "build-json-garbage":
        (store / name / "build.json").write_text("{")
    elif damage == "database-removed":
        shutil.rmtree(store / name / "oxigraph")
    else:
        for table in (store / name / "oxigraph").glob("*.sst"):
            table.write_bytes(b"garbage" * 100)
        for manifest in (store / name / "oxigraph").glob("MANIFEST-*"):
            manifest.write_bytes(b"garbage")
    status, out, err = run(["query", "which-states-are-nato-members", "--kg", str(CLEAN), "--store", str(store)], capsys)
    assert "Traceback" not in err
    if damage in ("database-removed", "database-garbage"):
        assert_one_line(status, err, 2, r"cannot open the store .*realpolitik build --force")
        assert run(["build", "--kg", str(CLEAN), "--store", str(store), "--force"], capsys)[0] == 0
        status, out, err = run(["query", "which-states-are-nato-members", "--kg", str(CLEAN), "--store", str(store)], capsys)
    assert status == 0 and "rpd:Turkey" in out, err


# --- silent wrong answers ---------------------------------------------------------------------

@pytest.mark.parametrize("command", ["query", "sparql", "reason", "stats", "check", "build", "export", "export-all"])
def test_an_inconsistent_graph_exits_1_from_every_command(command, tmp_path, capsys):
    from helpers import planted

    kg = planted("disjointness-clash")
    argv = {
        "query": ["query", "which-states-are-nato-members"],
        "sparql": ["sparql", "ASK { ?s ?p ?o }"],
        "reason": ["reason", "--output", str(tmp_path / "r.ttl")],
        "stats": ["stats"],
        "check": ["check"],
        "build": ["build", "--store", str(tmp_path / "store")],
        "export": ["export", "--output", str(tmp_path / "e.nq")],
        "export-all": ["export", "--all", str(tmp_path / "release")],
    }[command]
    status, _, err = run(argv + ["--kg", str(kg)], capsys)
    assert status == 1, err
    assert "realpolitik: inconsistency [" in err and "Traceback" not in err


def test_an_ill_typed_literal_is_shown_as_written_and_reported(broken_copy, capsys):
    kg = broken_copy(append("data/entities.trig",
                            b'\nGRAPH rpd:record-maybe { rpd:Turkey rp:flag "maybe"^^<http://www.w3.org/2001/XMLSchema#boolean> . }\n'))
    for fmt in ("table", "csv", "json"):
        status, out, err = run(["sparql", "SELECT ?o WHERE { rpd:Turkey rp:flag ?o }", "--kg", str(kg), "--format", fmt], capsys)
        assert "maybe" in out and "false" not in out, out
        assert status == 1 and '"maybe"^^xsd:boolean' in err.replace("<http://www.w3.org/2001/XMLSchema#boolean>", "xsd:boolean")
        assert "rp:flag maybe" not in err  # written as it reads back
    status, out, _ = run(["validate", "--kg", str(kg)], capsys)
    assert status == 1 and "dt-not-type" in out and "maybe" in out


# --- a full disk ------------------------------------------------------------------------------

@pytest.fixture
def full_disk(tmp_path: Path):
    """A 64 KB tmpfs, nearly full (needs root and mount; skipped elsewhere)."""
    folder = tmp_path / "full"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        (folder / "filler").write_bytes(b"\0" * 60000)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize("command", ["reason", "export", "export-all", "build", "cache"])
def test_a_full_disk_is_one_line_and_nothing_half_written(command, full_disk, monkeypatch, capsys):
    argv = {
        "reason": ["reason", "--output", str(full_disk / "r.ttl")],
        "export": ["export", "--output", str(full_disk / "e.nq")],
        "export-all": ["export", "--all", str(full_disk / "release")],
        "build": ["build", "--store", str(full_disk / "store"), "--force"],
        "cache": ["stats"],
    }[command]
    if command == "cache":
        monkeypatch.setenv("REALPOLITIK_CACHE", str(full_disk / "cache"))
        monkeypatch.setattr(memory, "_warned", False)
    status, out, err = run(argv + ["--kg", str(CLEAN)], capsys)
    if command == "cache":  # never fatal: one warning, the right answer
        assert status == 0 and "asserted fact triples" in out
        assert err.count("realpolitik: warning: cannot write the cache") == 1 and "No space left on device" in err
    else:
        assert_one_line(status, err, 2, r"No space left on device")
    leftovers = [p for p in full_disk.rglob("*") if p.is_file() and p.name not in ("filler", ".lock") and p.stat().st_size]
    assert leftovers == [], leftovers


# --- permissions (simulated: the tests may run as root, whom no permission stops) -------------

@pytest.mark.parametrize("command", ["query", "sparql", "stats", "build", "export", "validate"])
@pytest.mark.parametrize("what", ["unreadable-file", "unreadable-folder"])
def test_unreadable_inputs(what, command, broken_copy, tmp_path, monkeypatch, capsys):
    import pathlib

    kg = broken_copy(None)
    out = tmp_path / "out"
    out.mkdir()
    if what == "unreadable-file":
        locked = kg / "data" / "entities.trig"
        real = pathlib.Path.read_bytes

        def read_bytes(self):
            if self == locked:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
        message = r"data/entities.trig: cannot read: permission denied"
    else:
        locked = kg / "data" / "private"
        locked.mkdir()
        (locked / "more.trig").write_text("")
        real_scandir = os.scandir

        def scandir(path="."):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
        message = r"data/private: cannot read the folder: Permission denied"
    status, _, err = run(command_line(command, kg, out), capsys)
    assert_one_line(status, err, 2, message)
    assert written(out) == []
