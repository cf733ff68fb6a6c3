"""Loading into a remote store (issue 10): a store that does not speak the protocol is an
error before anything is sent, every graph's triple count is read back, temporary graphs
never outlive a failed or killed load, skolem IRIs come from content, and concurrent
loads end with one whole version."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from realpolitik.cli import main
from realpolitik.errors import EndpointError
from realpolitik.kg import ALL_GRAPHS, FACTS_GRAPH
from realpolitik.stores.remote import leftover_graphs, load_graphs, skolem_labels, skolemise

from helpers import CLEAN, FakeEndpoint, OxigraphServer, free_port

ROOT = Path(__file__).resolve().parents[2]


def all_graph_names(endpoint) -> list[str]:
    rows = endpoint.run("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", None).rows
    return sorted(row[0].value for row in rows)


@pytest.fixture
def own_server(tmp_path):
    server = OxigraphServer(tmp_path)
    server.start()
    yield server
    server.stop()


def test_skolem_iris_are_shared_across_graphs_and_keep_every_triple(store):
    graphs = {graph: store.triples(graph) for graph in ALL_GRAPHS}
    labels = skolem_labels(t for triples in graphs.values() for t in triples)
    for triples in graphs.values():
        assert len(skolemise(triples, labels)) == len(triples)
    assert skolem_labels(t for triples in graphs.values() for t in triples) == labels


def test_skolem_iris_come_from_content():
    a, b = (ox.parse(b"@prefix : <http://x/> . :s :p [ :q ( 1 2 3 4 5 6 ) ] , [ :q ( 1 2 3 4 5 7 ) ] .", format=ox.RdfFormat.TURTLE) for _ in range(2))
    first, second = skolemise(q.triple for q in a), skolemise(q.triple for q in b)
    assert first == second and not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in first)
    # lists that differ only in their last member stay apart
    assert len(first) == len([q for q in ox.parse(b"@prefix : <http://x/> . :s :p [ :q ( 1 2 3 4 5 6 ) ] , [ :q ( 1 2 3 4 5 7 ) ] .", format=ox.RdfFormat.TURTLE)])


def test_a_200_html_page_is_not_a_store(capsys):
    with FakeEndpoint("html") as fake:
        assert main(["load", "--kg", str(CLEAN), "--endpoint", fake.url]) == 1
        assert fake.requests == 1  # asked what is there, and sent nothing
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "unexpected answer type 'text/html'" in error and "nothing was sent" in error


def test_graph_store_without_update_on_oxigraph_is_refused_up_front(own_server, capsys):
    base = own_server.base
    assert main(["load", "--kg", str(CLEAN), "--endpoint", base + "/query", "--graph-store", base + "/store"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "nothing was sent" in error
    assert all_graph_names(own_server.endpoint()) == []


def test_leftovers_of_a_killed_load_are_dropped_by_the_next(own_server, capsys):
    endpoint = own_server.endpoint()
    old = int(time.time()) - 3600
    stale = f"{FACTS_GRAPH}-loading-{old}-0123456789ab"
    endpoint.update(f"INSERT DATA {{ GRAPH <{stale}> {{ <http://x/s> <http://x/p> <http://x/o> }} }}")
    young = f"{FACTS_GRAPH}-loading-{int(time.time())}-ba9876543210"
    endpoint.update(f"INSERT DATA {{ GRAPH <{young}> {{ <http://x/s> <http://x/p> <http://x/o> }} }}")
    assert leftover_graphs(endpoint, ALL_GRAPHS) == [stale]
    assert main(["load", "--kg", str(CLEAN)] + own_server.cli_options()) == 0
    assert "dropped 1 temporary graphs earlier loads left behind" in capsys.readouterr().err
    assert all_graph_names(endpoint) == sorted([*ALL_GRAPHS, young])


def test_loads_killed_at_random_points_never_lose_or_mix(own_server):
    """Fault injection: `realpolitik load` killed (SIGKILL) at random moments, 6 times; the
    store always holds one whole version, and a final load leaves no temporary graphs."""
    endpoint = own_server.endpoint()
    assert main(["load", "--kg", str(CLEAN)] + own_server.cli_options(graph_store=False)) == 0
    whole = {graph: endpoint.count(graph) for graph in ALL_GRAPHS}
    command = [sys.executable, "-m", "realpolitik", "load", "--kg", str(CLEAN)] + own_server.cli_options(graph_store=False)
    generator = random.Random(10)
    for _ in range(6):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(generator.uniform(0.3, 2.5))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        assert {graph: endpoint.count(graph) for graph in ALL_GRAPHS} == whole
    # the leftovers are young; pretend time has passed and check they are found and dropped
    leftovers = leftover_graphs(endpoint, ALL_GRAPHS, now=time.time() + 3600)
    if leftovers:
        endpoint.update(" ; ".join(f"DROP SILENT GRAPH <{g}>" for g in leftovers))
    assert main(["load", "--kg", str(CLEAN)] + own_server.cli_options()) == 0
    assert all_graph_names(endpoint) == sorted(ALL_GRAPHS)
    assert {graph: endpoint.count(graph) for graph in ALL_GRAPHS} == whole


def test_concurrent_loads_end_with_one_whole_version(own_server):
    endpoint = own_server.endpoint()
    command = [sys.executable, "-m", "realpolitik", "load", "--kg", str(CLEAN)] + own_server.cli_options()
    processes = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for process in processes:
        process.wait(timeout=120)
    assert any(process.returncode == 0 for process in processes)
    single = own_server.endpoint()
    from realpolitik import open as open_kg

    with open_kg(CLEAN) as kg:
        expected = {graph: len(kg.store.triples(graph)) for graph in ALL_GRAPHS}
    assert {graph: single.count(graph) for graph in ALL_GRAPHS} == expected
    assert all_graph_names(endpoint) == sorted(ALL_GRAPHS)


def test_a_failed_load_leaves_no_temporary_graphs(own_server):
    endpoint = own_server.endpoint()
    graphs = {graph: [] for graph in ALL_GRAPHS}
    graphs[FACTS_GRAPH] = [ox.Triple(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("o"))]
    broken = type(endpoint)(endpoint.query_url, endpoint.update_url, f"http://127.0.0.1:{free_port()}/store", timeout=10)
    with pytest.raises(EndpointError, match="previous graphs are unchanged"):
        load_graphs(broken, graphs)
    assert all_graph_names(endpoint) == []
