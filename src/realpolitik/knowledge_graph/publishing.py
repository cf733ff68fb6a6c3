"""Publishing the graph: its named graphs in the standard RDF formats, and release folders
with a VoID and DCAT description of what the dataset holds and where to get it.

The description names the release's files with relative IRIs (``<realpolitik.ttl>``), so
it stays true wherever the folder is published: a Turtle parser resolves them against
the address ``void.ttl`` was read from. Its title, description, licence and example
resource come from the knowledge graph's own ``void:Dataset`` (``data/dataset.ttl``).
Example queries are the stored questions, as SHACL SPARQL executables the way the SIB
sparql-examples collections describe theirs.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..files import write_all_atomically, write_atomically
from ..kg import (
    ALL_GRAPHS,
    ASSERTED_GRAPHS,
    EVIDENCE_GRAPH,
    FACTS_GRAPH,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
)
from ..questions.catalogue import StoredQuestion
from ..rdf.formats import RDF_FORMATS, format_for
from ..rdf.namespaces import (
    DCAT,
    DCTERMS,
    ONTOLOGY,
    PREFIXES,
    RDF,
    RDFS,
    RPD,
    SCHEMA,
    SD,
    SH,
    VOID,
    XSD,
)
from ..stores import Store

# The description is built with absolute IRIs under this placeholder, then written with
# the placeholder cut off, leaving IRIs relative to void.ttl itself.
_HERE = "http://release.realpolitik.invalid/"
_GRAPH_TITLES = {
    ONTOLOGY_GRAPH: "The OWL 2 RL ontology",
    FACTS_GRAPH: "The asserted facts",
    EVIDENCE_GRAPH: "The evidence: records, quotes and one reified statement per fact",
    INFERRED_GRAPH: "The triples OWL 2 RL reasoning adds",
}
_DUMPS = {
    "realpolitik": (ASSERTED_GRAPHS, "The asserted graphs (ontology, facts, evidence)"),
    "realpolitik-closure": (ALL_GRAPHS, "The asserted graphs with their OWL 2 RL inferences"),
}


def export_graphs(inferred: bool) -> list[str]:
    """The named graphs an export holds: the asserted ones, and the inferred one when asked."""
    return list(ALL_GRAPHS if inferred else ASSERTED_GRAPHS)


def serialise(store: Store, graphs: list[str], fmt: str) -> bytes:
    """The named graphs ``graphs`` in format ``fmt``: as named graphs in a quad format,
    merged into one graph (duplicates removed) in a triple format."""
    rdf_format = RDF_FORMATS[fmt]
    if rdf_format.supports_datasets:
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for graph in graphs for t in store.triples(graph)]
        return ox.serialize(quads, format=rdf_format, prefixes=PREFIXES if fmt == "trig" else None) or b""
    triples = list(dict.fromkeys(t for graph in graphs for t in store.triples(graph)))
    return ox.serialize(triples, format=rdf_format, prefixes=PREFIXES if fmt in ("ttl", "xml") else None) or b""


def write_graphs(store: Store, graphs: list[str], path: str | Path, fmt: str | None = None) -> int:
    """Write ``graphs`` to ``path`` atomically; return the number of triples or quads written."""
    content = serialise(store, graphs, format_for(path, fmt))
    write_atomically(path, content)
    return sum(store.count(graph) for graph in graphs)


def write_graphs_together(store: Store, outputs: list[tuple[str | Path, list[str]]], fmt: str | None = None) -> list[int]:
    """Write each (path, graphs) of ``outputs``, all files or none; return the triples or quads written to each.

    Raises InputError naming the first path that cannot be written; no file is changed then.
    """
    contents = [(path, serialise(store, graphs, format_for(path, fmt))) for path, graphs in outputs]
    write_all_atomically(contents)
    return [sum(store.count(graph) for graph in graphs) for _, graphs in outputs]


def write_release(store: Store, folder: str | Path, questions: list[StoredQuestion], endpoint: str | None = None) -> list[Path]:
    """Write a release folder: every format, asserted and with inferences, the stored
    questions and a VoID/DCAT description (``void.ttl``). Returns the files written.

    All files or none are written. Raises InputError when the folder cannot be made or a
    file cannot be written (a full disk).
    """
    target = Path(folder)
    try:
        (target / "queries").mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{target}: cannot create the release folder: {error.strerror}") from None
    files: list[tuple[str | Path, bytes]] = []
    distributions: list[tuple[str, str, str, int]] = []
    for stem, (graphs, _) in _DUMPS.items():
        for fmt, rdf_format in RDF_FORMATS.items():
            path = target / f"{stem}.{rdf_format.file_extension}"
            content = serialise(store, list(graphs), fmt)
            files.append((path, content))
            distributions.append((path.name, fmt, stem, len(content)))
    for question in questions:
        files.append((target / "queries" / question.path.name, question.text.encode("utf-8")))
    files.append((target / "void.ttl", describe(store, distributions, questions, endpoint)))
    write_all_atomically(files)  # a release is whole or not written: a full disk leaves the old one
    return [Path(path) for path, _ in files]


def describe(store: Store, distributions: list[tuple[str, str, str, int]], questions: list[StoredQuestion], endpoint: str | None = None) -> bytes:
    """The Turtle of a release's description.

    ``distributions`` lists (file name, format name, dump stem, size in bytes) for each
    file of the release; ``endpoint`` is the SPARQL endpoint where the dataset is served.
    """
    me = ox.NamedNode(_HERE + "void.ttl#realpolitik")
    triples: list[ox.Triple] = []

    def add(subject: ox.NamedNode, predicate: str, value: ox.NamedNode | ox.Literal | str | int) -> None:
        if isinstance(value, int):
            value = ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
        elif isinstance(value, str):
            value = ox.Literal(value, language="en")
        triples.append(ox.Triple(subject, ox.NamedNode(predicate), value))

    def count(query: str) -> int:
        value = store.query(query)[0][0]
        return int(value.value) if isinstance(value, ox.Literal) else 0

    add(me, RDF + "type", ox.NamedNode(VOID + "Dataset"))
    add(me, RDF + "type", ox.NamedNode(DCAT + "Dataset"))
    own = store.query(f"SELECT ?p ?o WHERE {{ GRAPH <{EVIDENCE_GRAPH}> {{ ?dataset a <{VOID}Dataset> ; ?p ?o }} }}")
    for predicate, value in own.rows:
        if isinstance(predicate, ox.NamedNode) and predicate.value != RDF + "type" and value is not None and not isinstance(value, ox.BlankNode):
            triples.append(ox.Triple(me, predicate, value))
    sources = store.query(f"SELECT DISTINCT ?source WHERE {{ GRAPH <{EVIDENCE_GRAPH}> {{ ?source a <{SCHEMA}NewsArticle> }} }} ORDER BY ?source")
    for (source,) in sources.rows:
        if isinstance(source, ox.NamedNode):
            add(me, DCTERMS + "source", source)
    add(me, VOID + "vocabulary", ox.NamedNode(ONTOLOGY))
    add(me, VOID + "uriSpace", ox.Literal(RPD))
    add(me, VOID + "triples", count("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"))
    add(me, VOID + "distinctSubjects", count("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"))
    add(me, VOID + "distinctObjects", count("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"))
    add(me, VOID + "properties", count("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"))
    add(me, VOID + "classes", count("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c FILTER isIRI(?c) }"))
    if endpoint:
        add(me, VOID + "sparqlEndpoint", ox.NamedNode(endpoint))

    for graph in ALL_GRAPHS:
        part = ox.NamedNode(f"{_HERE}void.ttl#graph-{graph.rsplit('/', 1)[-1]}")
        add(me, VOID + "subset", part)
        add(part, RDF + "type", ox.NamedNode(VOID + "Dataset"))
        add(part, SD + "name", ox.NamedNode(graph))
        add(part, DCTERMS + "title", _GRAPH_TITLES[graph])
        add(part, VOID + "triples", store.count(graph))

    partitions = (
        ("class", VOID + "classPartition", VOID + "class", VOID + "entities",
         "SELECT ?term (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?term FILTER isIRI(?term) } GROUP BY ?term ORDER BY ?term"),
        ("property", VOID + "propertyPartition", VOID + "property", VOID + "triples",
         "SELECT ?term (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?term ?o WHERE { ?s ?term ?o } } GROUP BY ?term ORDER BY ?term"),
    )
    for kind, link, term_property, size_property, query in partitions:
        for index, (term, entities) in enumerate(store.query(query).rows, start=1):
            part = ox.NamedNode(f"{_HERE}void.ttl#{kind}-{index}")
            add(me, link, part)
            if isinstance(term, ox.NamedNode) and isinstance(entities, ox.Literal):
                add(part, term_property, term)
                add(part, size_property, int(entities.value))

    for name, fmt, stem, size in distributions:
        file = ox.NamedNode(_HERE + name)
        if fmt == "nq":
            add(me, VOID + "dataDump", file)
        distribution = ox.NamedNode(f"{_HERE}void.ttl#{name}")
        add(me, DCAT + "distribution", distribution)
        add(distribution, RDF + "type", ox.NamedNode(DCAT + "Distribution"))
        add(distribution, DCTERMS + "title", _DUMPS[stem][1])
        add(distribution, DCAT + "downloadURL", file)
        add(distribution, DCAT + "mediaType", ox.NamedNode("https://www.iana.org/assignments/media-types/" + RDF_FORMATS[fmt].media_type))
        add(distribution, DCAT + "byteSize", size)
        for predicate, licence in own.rows:
            if predicate == ox.NamedNode(DCTERMS + "license") and isinstance(licence, ox.NamedNode):
                add(distribution, DCTERMS + "license", licence)

    for question in questions:
        example = ox.NamedNode(f"{_HERE}queries/{question.path.name}")
        add(example, RDF + "type", ox.NamedNode(SH + "SPARQLExecutable"))
        add(example, RDF + "type", ox.NamedNode(SH + "SPARQLSelectExecutable"))
        add(example, RDFS + "label", question.question)
        add(example, RDFS + "comment", question.summary)
        add(example, SH + "select", ox.Literal(question.text))
        add(example, SCHEMA + "target", ox.NamedNode(endpoint) if endpoint else me)

    triples.sort(key=lambda triple: str(triple.subject))  # stable: one block per subject in the Turtle
    prefixes = {**PREFIXES, "void": VOID, "dcat": DCAT, "sd": SD, "sh": SH}
    text = (ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b"").decode("utf-8")
    header = "# VoID and DCAT description of this release; relative IRIs name the files beside this one.\n"
    return (header + text.replace("<" + _HERE, "<")).encode("utf-8")
