"""Faults: a store that is down, refuses us, never answers or answers with an error gives one
clear line and exit status 1, and a load that fails halfway leaves the previous graphs whole."""

from __future__ import annotations

import socket
from pathlib import Path

import pyoxigraph as ox
import pytest

from realpolitik.cli import main
from realpolitik.errors import EndpointError
from realpolitik.kg import ALL_GRAPHS, FACTS_GRAPH
from realpolitik.stores.remote import RemoteStore, load_graphs

from helpers import OxigraphServer, free_port

ROOT = Path(__file__).resolve().parents[2]
EXTRA = ox.Triple(ox.NamedNode("https://w3id.org/realpolitik/id/Turkey"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"), ox.Literal("new version"))


def graph_contents(endpoint: RemoteStore) -> dict[str, set[str]]:
    contents: dict[str, set[str]] = {}
    for graph in ALL_GRAPHS:
        rows = endpoint.run(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", []).rows
        contents[graph] = {" ".join(str(term) for term in row) for row in rows}
    return contents


@pytest.fixture
def fragile_server(tmp_path, store):
    """An Oxigraph server of its own, holding the current graphs, for tests that break it."""
    server = OxigraphServer(tmp_path)
    server.start()
    load_graphs(server.endpoint(), {graph: store.triples(graph) for graph in ALL_GRAPHS})
    yield server
    server.stop()


def new_version(store) -> dict[str, list[ox.Triple]]:
    graphs = {graph: store.triples(graph) for graph in ALL_GRAPHS}
    graphs[FACTS_GRAPH] = graphs[FACTS_GRAPH] + [EXTRA]
    return graphs


class StopsAfter(RemoteStore):
    """An endpoint client whose server is stopped (for real, by its process id) after ``calls`` writes."""

    def __init__(self, server: OxigraphServer, calls: int, graph_store: bool) -> None:
        base = server.endpoint(graph_store)
        super().__init__(base.query_url, base.update_url, base.graph_store_url, timeout=10)
        self.server, self.calls = server, calls

    def _after_write(self) -> None:
        self.calls -= 1
        if self.calls == 0:
            self.server.stop()

    def put_graph(self, graph, triples) -> None:
        super().put_graph(graph, triples)
        self._after_write()

    def update(self, text: str) -> None:
        super().update(text)
        if text.startswith("INSERT DATA"):
            self._after_write()


@pytest.mark.parametrize("graph_store", [True, False], ids=["graph-store", "update"])
def test_a_server_that_dies_mid_upload_keeps_its_previous_graphs(fragile_server, store, graph_store):
    before = graph_contents(fragile_server.endpoint())
    with pytest.raises(EndpointError) as failure:
        load_graphs(StopsAfter(fragile_server, calls=2, graph_store=graph_store), new_version(store), chunk_size=500)
    message = str(failure.value)
    assert "\n" not in message and "127.0.0.1" in message and "previous graphs are unchanged" in message
    fragile_server.start()  # the same database, on a new port
    assert graph_contents(fragile_server.endpoint()) == before


def test_a_failing_move_keeps_the_previous_graphs(fragile_server, store):
    """The temporary graphs go in, then the Update URL (a closed port) refuses the move."""
    working = fragile_server.endpoint()
    before = graph_contents(working)
    broken = RemoteStore(working.query_url, f"http://127.0.0.1:{free_port()}/update", working.graph_store_url, timeout=5)
    with pytest.raises(EndpointError, match=r"/update: cannot connect: Connection refused"):
        load_graphs(broken, new_version(store))
    assert graph_contents(working) == before
    load_graphs(working, new_version(store))  # and a working load then replaces them
    ask = f"ASK {{ GRAPH <{FACTS_GRAPH}> {{ {EXTRA} }} }}"
    assert working.run(ask, []).boolean is True


def test_refused_credentials(virtuoso_server, request, store):
    request.getfixturevalue("virtuoso_endpoint")
    before = graph_contents(virtuoso_server.endpoint())
    right = virtuoso_server.endpoint()
    wrong = RemoteStore(right.query_url, right.update_url, right.graph_store_url, timeout=30, user="dba", password="not-the-password")
    with pytest.raises(EndpointError, match=r"/sparql(-graph-crud)?-auth: HTTP 401 .*REALPOLITIK_ENDPOINT_PASSWORD"):
        load_graphs(wrong, new_version(store))
    anonymous = RemoteStore(right.query_url, right.update_url, right.graph_store_url, timeout=30)
    with pytest.raises(EndpointError, match="HTTP 401"):
        load_graphs(anonymous, new_version(store))
    assert graph_contents(virtuoso_server.endpoint()) == before


def test_cli_refused_credentials_is_one_line_and_exit_1(virtuoso_server, request, monkeypatch, capsys):
    request.getfixturevalue("virtuoso_endpoint")
    monkeypatch.setenv("REALPOLITIK_ENDPOINT_USER", "dba")
    monkeypatch.setenv("REALPOLITIK_ENDPOINT_PASSWORD", "wrong")
    assert main(["load", "--kg", str(ROOT)] + virtuoso_server.cli_options()) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "HTTP 401" in error and virtuoso_server.base in error


def test_a_store_that_is_down(capsys):
    url = f"http://127.0.0.1:{free_port()}/query"
    assert main(["query", "who-bypasses-ukraine", "--kg", str(ROOT), "--endpoint", url]) == 1
    assert capsys.readouterr().err == f"realpolitik: error: {url}: cannot connect: Connection refused\n"
    assert main(["load", "--kg", str(ROOT), "--endpoint", url]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and url in error and "nothing was sent" in error


def test_a_store_that_never_answers(monkeypatch, capsys):
    with socket.socket() as silent:  # accepts connections, says nothing
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        monkeypatch.setenv("REALPOLITIK_ENDPOINT_TIMEOUT", "1")
        assert main(["query", "who-bypasses-ukraine", "--kg", str(ROOT), "--endpoint", url]) == 1
    assert capsys.readouterr().err == f"realpolitik: error: {url}: no complete answer within 1 s (REALPOLITIK_ENDPOINT_TIMEOUT)\n"


@pytest.mark.parametrize("server", ["oxigraph_server", "virtuoso_server"])
def test_error_statuses_name_the_endpoint_and_status(server, request, capsys):
    running = request.getfixturevalue(server)
    url = running.cli_options()[1]
    assert main(["sparql", "SELECT ?x WHERE { ?x", "--kg", str(ROOT), "--endpoint", url]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and url in error and "HTTP 4" in error
    assert main(["sparql", "ASK {}", "--kg", str(ROOT), "--endpoint", running.base + "/no-such-service"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "/no-such-service: HTTP 404" in error


def test_bad_timeout_and_url_are_input_errors(monkeypatch, capsys):
    monkeypatch.setenv("REALPOLITIK_ENDPOINT_TIMEOUT", "soon")
    assert main(["query", "who-bypasses-ukraine", "--kg", str(ROOT), "--endpoint", "http://127.0.0.1:1/q"]) == 2
    assert "REALPOLITIK_ENDPOINT_TIMEOUT='soon'" in capsys.readouterr().err
    monkeypatch.delenv("REALPOLITIK_ENDPOINT_TIMEOUT")
    assert main(["load", "--kg", str(ROOT), "--endpoint", "ftp://example.org/"]) == 2
    assert "not an http(s) URL" in capsys.readouterr().err
