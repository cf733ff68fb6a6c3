"""Loading into real stores and asking every stored question everywhere: rdflib in memory, the
embedded Oxigraph store, an Oxigraph server and Virtuoso 7 must give the same rows."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from realpolitik.cli import main
from realpolitik.errors import InputError
from realpolitik.kg import ALL_GRAPHS
from realpolitik.knowledge_graph.publishing import serialise
from realpolitik.questions.ask import ask, bind_parameters, compare_expected
from realpolitik.questions.catalogue import Catalogue
from realpolitik.rdf.results import Results
from realpolitik.rdf.sparql import with_values
from realpolitik.stores.embedded import build_store, open_store

from helpers import comparable_rows, from_rdflib, to_rdflib

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = Catalogue().names()


def graph_sizes(endpoint) -> dict[str, int]:
    rows = endpoint.run("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", []).rows
    return {g.value: int(n.value) for g, n in rows if g.value in ALL_GRAPHS}


@pytest.fixture(scope="session")
def rdflib_dataset(store) -> rdflib.Dataset:
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=serialise(store, list(ALL_GRAPHS), "nq"), format="nquads")
    return dataset


@pytest.fixture(scope="session")
def embedded(layout, store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("embedded")
    build_store(layout, folder, dataset=store)
    return open_store(layout, folder, rebuild=False)


def run_on_rdflib(dataset: rdflib.Dataset, store, stored) -> Results:
    bindings = bind_parameters(store, stored, {})
    result = dataset.query(stored.text, initBindings={rdflib.Variable(k): to_rdflib(v) for k, v in bindings.items()})
    variables = [str(v) for v in result.vars]
    return Results(variables, [tuple(from_rdflib(row[v]) for v in variables) for row in result])


STORES = ["rdflib", "embedded", "oxigraph-server", "virtuoso"]


@pytest.mark.parametrize("name", QUESTIONS)
@pytest.mark.parametrize("where", STORES)
def test_every_stored_question_answers_the_same_everywhere(where, name, request, store):
    stored = Catalogue().get(name)
    reference = ask(store, stored)
    if where == "rdflib":
        answer = run_on_rdflib(request.getfixturevalue("rdflib_dataset"), store, stored)
    elif where == "embedded":
        answer = ask(request.getfixturevalue("embedded"), stored)
    else:
        endpoint = request.getfixturevalue("oxigraph_endpoint" if where == "oxigraph-server" else "virtuoso_endpoint")
        answer = ask(endpoint, stored)
    assert compare_expected(stored, answer) == ([], [])
    assert answer.variables == reference.variables
    assert comparable_rows(answer) == comparable_rows(reference)


@pytest.mark.parametrize("where", ["oxigraph_endpoint", "virtuoso_endpoint"])
def test_without_reasoning_remote_stores_see_the_asserted_graphs_only(where, request, store):
    endpoint = request.getfixturevalue(where)
    for name in ("who-bypasses-ukraine", "who-are-the-partners-of-turkey", "who-bought-s400-from-whom"):
        stored = Catalogue().get(name)
        assert comparable_rows(ask(endpoint, stored, reasoning=False)) == comparable_rows(ask(store, stored, reasoning=False))


@pytest.mark.parametrize("where", ["oxigraph_endpoint", "virtuoso_endpoint"])
def test_parameters_are_bound_remotely_as_locally(where, request, store):
    endpoint = request.getfixturevalue(where)
    stored = Catalogue().get("who-are-the-partners-of-turkey")
    remote = ask(endpoint, stored, {"actor": "Russia"})
    assert comparable_rows(remote) == comparable_rows(ask(store, stored, {"actor": "Russia"}))
    with pytest.raises(InputError, match="unknown entity rpd:Rusia.*did you mean rpd:Russia"):
        ask(endpoint, stored, {"actor": "Rusia"})


@pytest.mark.parametrize("where", ["oxigraph_endpoint", "virtuoso_endpoint"])
def test_a_hostile_literal_stays_one_term(where, request):
    endpoint = request.getfixturevalue(where)
    nasty = ox.Literal('x" } } ; DROP ALL ; # \\ \n { "y', language="en")
    text = with_values("SELECT ?value WHERE { }", {"value": nasty})
    assert endpoint.query(text).rows == [(nasty,)]
    assert sum(graph_sizes(endpoint).values()) > 0


def test_values_go_to_the_start_of_the_where_clause():
    term = ox.NamedNode("https://w3id.org/realpolitik/id/Turkey")
    assert with_values("SELECT * { ?x ?p ?o }", {"x": term}) == "SELECT * { VALUES (?x) { (<https://w3id.org/realpolitik/id/Turkey>) }  ?x ?p ?o }"
    construct = with_values("# where {\nCONSTRUCT { ?x a ?c } WHERE { ?x a ?c }", {"x": term})
    assert construct.index("VALUES") > construct.index("WHERE")
    sub = with_values("SELECT ?x WHERE { SELECT ?x WHERE { ?x a ?c } }", {"x": term})
    ox.Store().query(sub)
    with pytest.raises(InputError):
        with_values("INSERT DATA { <a:b> <a:b> <a:b> }", {"x": term})


@pytest.mark.parametrize("server", ["oxigraph_server", "virtuoso_server"])
@pytest.mark.parametrize("graph_store", [True, False], ids=["graph-store", "update"])
def test_cli_load_replaces_the_graphs(server, graph_store, request, store, monkeypatch, capsys):
    running = request.getfixturevalue(server)
    request.getfixturevalue(server.replace("server", "endpoint"))  # loaded once already: this is a reload
    if server == "virtuoso_server":
        monkeypatch.setenv("REALPOLITIK_ENDPOINT_USER", running.user)
        monkeypatch.setenv("REALPOLITIK_ENDPOINT_PASSWORD", running.password)
    assert main(["load", "--kg", str(ROOT)] + running.cli_options(graph_store)) == 0
    assert "loaded 3857 triples into 4 named graphs" in capsys.readouterr().err.replace(str(sum(len(store.triples(g)) for g in ALL_GRAPHS)), "3857")
    sizes = graph_sizes(running.endpoint())
    assert sizes == {graph: len(store.triples(graph)) for graph in ALL_GRAPHS}
    leftovers = running.endpoint().run("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER CONTAINS(STR(?g), '-loading-') }", [])
    assert leftovers.rows == []


@pytest.mark.parametrize("server", ["oxigraph_server", "virtuoso_server"])
def test_cli_query_and_sparql_on_an_endpoint(server, request, capsys):
    running = request.getfixturevalue(server)
    request.getfixturevalue(server.replace("server", "endpoint"))
    url = running.cli_options()[1]
    assert main(["query", "who-bypasses-ukraine", "--kg", str(ROOT), "--format", "json"]) == 0
    local = json.loads(capsys.readouterr().out)
    assert main(["query", "who-bypasses-ukraine", "--kg", str(ROOT), "--format", "json", "--endpoint", url]) == 0
    assert json.loads(capsys.readouterr().out) == local
    assert main(["sparql", "SELECT ?state WHERE { ?state a rp:SanctionedState }", "--kg", str(ROOT), "--format", "csv", "--endpoint", url]) == 0
    assert capsys.readouterr().out.split() == ["state", "https://w3id.org/realpolitik/id/Russia"]
    assert main(["sparql", "ASK { rpd:Russia a rp:SanctionedState }", "--kg", str(ROOT), "--no-reasoning", "--endpoint", url]) == 0
    assert capsys.readouterr().out.strip() == "no"


@pytest.mark.parametrize("where", ["oxigraph_endpoint", "virtuoso_endpoint"])
def test_a_large_graph_goes_up_in_bounded_chunks(where, request):
    """Several megabytes to one graph: Virtuoso drops the connection on a body that size unless
    it comes in chunks, authenticated up front."""
    endpoint = request.getfixturevalue(where)
    predicate = ox.NamedNode("https://w3id.org/realpolitik/ontology#benchmarkValue")
    triples = [ox.Triple(ox.NamedNode(f"https://w3id.org/realpolitik/id/test-{i}"), predicate, ox.Literal(f"value {i} " + "x" * 100))
               for i in range(30000)]
    scratch = "https://w3id.org/realpolitik/graph/test-large"
    endpoint.put_graph(scratch, triples, chunk_size=10000)
    count = endpoint.run(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{scratch}> {{ ?s ?p ?o }} }}", []).rows[0][0]
    endpoint.update(f"DROP SILENT GRAPH <{scratch}>")  # Virtuoso: graphs made by PUT were never "created"
    assert int(count.value) == len(triples)
