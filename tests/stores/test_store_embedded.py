"""The embedded store: built once, opened read-only, rebuilt when an input changes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from realpolitik.cli import main
from realpolitik.errors import InputError
from realpolitik.kg import ALL_GRAPHS, FACTS_GRAPH, INFERRED_GRAPH, Layout
from realpolitik.questions.ask import ask
from realpolitik.stores.embedded import build_store, current_build, default_store_folder, open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(layout, store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    return build_store(layout, folder, dataset=store)


def test_build_holds_every_named_graph_of_the_dataset(built, store):
    on_disk = ox.Store.read_only(str(built.database))
    for graph in ALL_GRAPHS:
        name = ox.NamedNode(graph)
        assert set(on_disk.quads_for_pattern(None, None, None, name)) == set(store.store.quads_for_pattern(None, None, None, name))
        assert built.graph_sizes[graph] > 0


def test_a_current_store_is_not_rebuilt(built, layout):
    again = build_store(layout, built.folder.parent)
    assert not again.rebuilt and again.folder == built.folder


def test_queries_on_the_store_answer_as_in_memory(built, layout, store, stored_questions):
    store = open_store(layout, built.folder.parent, rebuild=False)
    for stored in stored_questions:
        assert ask(store, stored).rows == ask(store, stored).rows, stored.name


def test_graph_queries_tell_asserted_from_inferred(built, layout):
    store = open_store(layout, built.folder.parent, rebuild=False)
    ask = "ASK {{ GRAPH <{}> {{ rpd:Turkey rp:bypasses rpd:Ukraine }} }}"
    assert store.query(ask.format(INFERRED_GRAPH)).boolean is True
    assert store.query(ask.format(FACTS_GRAPH)).boolean is False
    assert store.query("ASK { rpd:Turkey rp:bypasses rpd:Ukraine }", reasoning=False).boolean is False


def test_many_readers_at_once(built, layout):
    """Read-only opens take no lock: this process and another can read the same build together."""
    held = open_store(layout, built.folder.parent, rebuild=False)
    code = (
        "import pyoxigraph as ox, sys; s = ox.Store.read_only(sys.argv[1]);"
        "print(sum(1 for _ in s.quads_for_pattern(None, None, None)))"
    )
    other = subprocess.run([sys.executable, "-c", code, str(built.database)], capture_output=True, text=True, check=True)
    assert int(other.stdout) == sum(built.graph_sizes.values())
    assert sum(1 for _ in held.store.quads_for_pattern(None, None, None)) == int(other.stdout)


def test_a_changed_input_rebuilds_the_store(tmp_path):
    kg = tmp_path / "kg"
    for part in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / part, kg / part)
    layout = Layout.at(kg)
    folder = tmp_path / "store"
    first = build_store(layout, folder)
    with (kg / "data" / "background.trig").open("a") as handle:
        handle.write("\n<https://w3id.org/realpolitik/evidence/test-extra> { <https://w3id.org/realpolitik/id/Turkey> "
                     "<http://www.w3.org/2000/01/rdf-schema#comment> \"added by a test\" . }\n")
    with pytest.raises(InputError, match="out of date"):
        open_store(layout, folder, rebuild=False)
    store = open_store(layout, folder)
    assert current_build(folder).folder != first.folder
    assert store.query('ASK { rpd:Turkey rdfs:comment "added by a test" }').boolean is True


def test_cli_build_then_query_uses_the_store(tmp_path, capsys):
    folder = tmp_path / "store"
    assert main(["build", "--kg", str(ROOT), "--store", str(folder)]) == 0
    assert "4 named graphs" in capsys.readouterr().err
    assert current_build(folder) is not None
    assert main(["query", "who-bypasses-ukraine", "--kg", str(ROOT), "--store", str(folder), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "https://w3id.org/realpolitik/id/Ukraine,https://w3id.org/realpolitik/id/Russia,Russia",
        "https://w3id.org/realpolitik/id/Ukraine,https://w3id.org/realpolitik/id/Turkey,Turkey",
    ]
    graph_query = f"SELECT ?actor WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?actor rp:bypasses rpd:Ukraine }} }} ORDER BY ?actor"
    assert main(["sparql", graph_query, "--kg", str(ROOT), "--store", str(folder), "--format", "tsv"]) == 0
    inferred = capsys.readouterr().out.split()
    assert {"<https://w3id.org/realpolitik/id/Russia>", "<https://w3id.org/realpolitik/id/Turkey>"} <= set(inferred[1:])


def test_catalogue_queries_all_run_on_a_fresh_default_store(layout, stored_questions, tmp_path, monkeypatch):
    monkeypatch.setenv("REALPOLITIK_STORE", str(tmp_path / "default"))
    store = open_store(layout)  # no build yet: open_store builds it
    assert current_build(default_store_folder(layout)) is not None
    assert all(ask(store, stored).rows for stored in stored_questions)
