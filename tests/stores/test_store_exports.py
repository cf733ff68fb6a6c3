"""Exports: every format parses back to the same graphs; the release folder and its description."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from realpolitik.cli import main
from realpolitik.errors import InputError
from realpolitik.kg import ALL_GRAPHS, ASSERTED_GRAPHS
from realpolitik.knowledge_graph.publishing import export_graphs, serialise, write_graphs, write_release
from realpolitik.questions.catalogue import Catalogue
from realpolitik.rdf.formats import RDF_FORMATS

from helpers import rdflib_graph

ROOT = Path(__file__).resolve().parents[2]
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "xml": "xml"}
QUAD_FORMATS = ("nq", "trig", "jsonld")


@pytest.mark.parametrize("inferred", [False, True], ids=["asserted", "closure"])
@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_every_export_parses_back_to_the_same_graphs(store, fmt, inferred):
    graphs = export_graphs(inferred)
    content = serialise(store, graphs, fmt)
    if fmt in QUAD_FORMATS:
        parsed = rdflib.Dataset()
        parsed.parse(data=content, format=RDFLIB_FORMATS[fmt])
        names = {str(context.identifier) for context in parsed.graphs() if len(context)}
        assert names == set(graphs)
        for graph in graphs:
            assert isomorphic(parsed.graph(rdflib.URIRef(graph)), rdflib_graph(store.triples(graph))), graph
    else:
        parsed = rdflib.Graph().parse(data=content, format=RDFLIB_FORMATS[fmt])
        merged = [triple for graph in graphs for triple in store.triples(graph)]
        assert isomorphic(parsed, rdflib_graph(merged))


def test_exports_load_into_oxigraph_too(store):
    for fmt in RDF_FORMATS:
        loaded = ox.Store()
        loaded.load(serialise(store, list(ALL_GRAPHS), fmt), format=RDF_FORMATS[fmt])
        assert len(loaded) >= len(set(store.triples(ALL_GRAPHS[1])))


def test_write_is_atomic_and_refuses_a_missing_folder(store, tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old")
    assert write_graphs(store, list(ASSERTED_GRAPHS), target) > 0
    assert target.read_text().startswith("@prefix")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # no temporary file left behind
    with pytest.raises(InputError, match="does not exist"):
        write_graphs(store, list(ASSERTED_GRAPHS), tmp_path / "missing" / "graph.ttl")


@pytest.fixture(scope="module")
def release(store, layout, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("release")
    write_release(store, folder, Catalogue(layout).all(), endpoint="http://127.0.0.1:7878/query")
    return folder


def test_release_has_every_format_asserted_and_closed(release):
    for stem in ("realpolitik", "realpolitik-closure"):
        for extension in (f.file_extension for f in RDF_FORMATS.values()):
            assert (release / f"{stem}.{extension}").stat().st_size > 0
    assert len(list((release / "queries").glob("*.rq"))) == len(Catalogue().names())


def test_release_description(release, store, layout):
    void = rdflib.Graph().parse(release / "void.ttl", format="turtle")
    VOID, DCT, SD, SH = (rdflib.Namespace(n) for n in ("http://rdfs.org/ns/void#", "http://purl.org/dc/terms/",
                                                      "http://www.w3.org/ns/sparql-service-description#", "http://www.w3.org/ns/shacl#"))
    dataset_iri = (release / "void.ttl").resolve().as_uri() + "#realpolitik"
    me = rdflib.URIRef(dataset_iri)
    assert (me, DCT.license, rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")) in void
    assert (me, VOID.exampleResource, rdflib.URIRef("https://w3id.org/realpolitik/id/Turkey")) in void
    assert (me, DCT.source, rdflib.URIRef("https://w3id.org/realpolitik/source/article")) in void
    assert (me, VOID.sparqlEndpoint, rdflib.URIRef("http://127.0.0.1:7878/query")) in void
    for graph in ALL_GRAPHS:
        (subset,) = void.subjects(SD.name, rdflib.URIRef(graph))
        assert int(void.value(subset, VOID.triples)) == len(store.triples(graph))
    assert int(void.value(me, VOID.classes)) > 20 and int(void.value(me, VOID.properties)) > 20
    assert len(set(void.objects(me, VOID.classPartition))) == int(void.value(me, VOID.classes))
    examples = set(void.subjects(rdflib.RDF.type, SH.SPARQLSelectExecutable))
    assert len(examples) == len(Catalogue(layout).names())
    # the dump links resolve to the files beside the description
    for dump in void.objects(me, VOID.dataDump):
        assert Path(urllib.parse.urlsplit(str(dump)).path).is_file()


def test_cli_export(tmp_path, capsys):
    out = tmp_path / "closure.nq"
    assert main(["export", "--kg", str(ROOT), "--rdf-format", "nq", "--inferred", "--output", str(out)]) == 0
    graphs = {quad.graph_name.value for quad in ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS)}
    assert graphs == set(ALL_GRAPHS)
    assert main(["export", "--kg", str(ROOT), "--output", str(tmp_path / "graph.ttl")]) == 0
    assert main(["export", "--kg", str(ROOT), "--output", str(tmp_path / "graph.unknown")]) == 2
    assert "cannot tell the RDF format" in capsys.readouterr().err
    assert main(["export", "--kg", str(ROOT), "--all", str(tmp_path / "release")]) == 0
    assert (tmp_path / "release" / "void.ttl").is_file()
