"""The query guard (issue 10): every query over a local store is checked before any parser
sees it (nesting depth, SPARQL Update, SERVICE) and runs under a deadline in a worker
process that is killed when the deadline passes."""

from __future__ import annotations

import os
import time

import pytest

import realpolitik
from realpolitik.errors import InputError, QueryTimeout
from realpolitik.rdf.sparql import MAX_NESTING, check_query, nesting_depth
from realpolitik.stores.local import LocalStore

from helpers import CLEAN

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def nested(levels: int) -> str:
    return "SELECT * WHERE " + "{" * levels + " ?s ?p ?o " + "}" * levels


@pytest.fixture(scope="module")
def small():
    kg = realpolitik.open(CLEAN, timeout=1.5)
    yield kg
    kg.close()


def test_depth_counts_groups_brackets_and_parentheses_not_strings_iris_or_comments():
    assert nesting_depth('SELECT * { ?s ?p "{{{{" . FILTER((?o > 1)) } # {{{{') == 3
    assert nesting_depth("SELECT * { ?s ?p ( 1 [ ?q 2 ] ) }") == 3


@pytest.mark.parametrize("levels", [MAX_NESTING + 1, 3000, 100_000])
def test_a_deeply_nested_query_is_refused_before_it_can_crash_the_parser(small, levels):
    with pytest.raises(InputError, match=rf"<query>:1:\d+: the query nests deeper than {MAX_NESTING} levels"):
        small.sparql(nested(levels))


def test_a_query_at_the_nesting_limit_still_runs(small):
    assert len(small.sparql(nested(MAX_NESTING))) > 0


@pytest.mark.parametrize("update", [
    "INSERT DATA { rpd:a rpd:b rpd:c }",
    "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }",
    "  # a comment\n clear all",
    "DROP GRAPH <http://x>",
    "LOAD <http://example.org/x.ttl>",
])
def test_sparql_update_is_refused_as_read_only(small, update):
    with pytest.raises(InputError, match=r"queried read-only: SPARQL Update \(\w+\) is not accepted"):
        small.sparql(update)


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o { SERVICE ?where { ?s ?p ?o } } }",
])
def test_service_is_refused_unless_federation_is_allowed(small, text):
    with pytest.raises(InputError, match="federated queries are off"):
        small.sparql(text)


def test_service_as_a_word_in_strings_names_and_comments_is_not_a_service_clause():
    check_query('SELECT ?service { ?service rdfs:label "SERVICE" ; ex:SERVICE ?o } # SERVICE <http://x>')


def test_an_allowed_service_to_a_dead_url_is_one_error_not_a_traceback():
    kg = realpolitik.open(CLEAN, timeout=10, allow_federation=True)
    try:
        with pytest.raises(realpolitik.RealpolitikError, match="<query>: OSError"):
            kg.sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    finally:
        kg.close()


def test_a_runaway_query_is_stopped_at_its_deadline_and_its_process_killed(small):
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"stopped after 1.5 s"):
        small.sparql(RUNAWAY)
    assert time.monotonic() - started < 5
    assert isinstance(small.store, LocalStore) and small.store._workers is not None
    assert small.store._workers._busy == 0 and not small.store._workers._idle  # the worker was killed
    # and the next query is answered by a fresh worker
    assert small.sparql("ASK { ?s ?p ?o }").boolean is True


def test_concurrent_queries_are_not_held_up_by_a_runaway_one(small):
    import threading

    errors: list[BaseException] = []

    def runaway() -> None:
        try:
            small.sparql(RUNAWAY)
        except QueryTimeout as error:
            errors.append(error)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    for _ in range(20):
        small.sparql("ASK { ?s a rp:State }")
    assert time.monotonic() - started < 1.0
    thread.join(10)
    assert len(errors) == 1


def test_edits_are_seen_by_later_queries():
    kg = realpolitik.open(CLEAN, cache=False)
    try:
        assert not kg.sparql("ASK { rpd:Atlantis a rp:State }").boolean
        kg.add("@prefix rp: <https://w3id.org/realpolitik/ontology#> . @prefix rpd: <https://w3id.org/realpolitik/id/> . rpd:Atlantis a rp:State .")
        assert kg.sparql("ASK { rpd:Atlantis a rp:State }").boolean
    finally:
        kg.close()


def test_workers_are_reaped_when_the_graph_is_closed():
    kg = realpolitik.open(CLEAN)
    kg.sparql("ASK { ?s ?p ?o }")
    assert isinstance(kg.store, LocalStore) and kg.store._workers is not None
    pids = [child.pid for child in kg.store._workers._idle]
    kg.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf")])
def test_a_timeout_must_be_finite_and_positive(timeout):
    with pytest.raises(InputError, match="expected a finite number of seconds above 0"):
        realpolitik.open(CLEAN, timeout=timeout)


def test_workers_forked_by_threads_that_ended_keep_answering():
    """A server answers each request on a thread of its own; the workers those threads
    forked must outlive them (PR_SET_PDEATHSIG would kill them when the thread ends)."""
    import threading

    kg = realpolitik.open(CLEAN, timeout=10)
    try:
        answers: list[bool] = []
        for _ in range(3):
            threads = [threading.Thread(target=lambda: answers.append(kg.sparql("ASK { ?s a rp:State }").boolean)) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert answers == [True] * 12
    finally:
        kg.close()


def test_a_runaway_query_ends_even_when_its_parent_is_killed(tmp_path):
    """kill -9 of the process that asked: its worker stops within the deadline and a grace."""
    import signal
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "ask.py"
    script.write_text(f"import realpolitik\nkg = realpolitik.open({str(CLEAN)!r}, timeout=2)\nprint('asking', flush=True)\nkg.sparql({RUNAWAY!r})\n")
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "asking\n"
    time.sleep(0.5)
    children = [int(pid) for pid in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()]
    assert children
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)

    def running(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return False

    deadline = time.monotonic() + 8
    while time.monotonic() < deadline and any(running(pid) for pid in children):
        time.sleep(0.2)
    assert not any(running(pid) for pid in children)
