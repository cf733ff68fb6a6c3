"""The VoID and DCAT description of a release: what the dataset holds and where to get it.

The description names the release's files with relative IRIs (``<realpolitik.ttl>``), so
it stays true wherever the folder is published: a Turtle parser resolves them against
the address ``void.ttl`` was read from. Example queries are the stored questions, as
SHACL SPARQL executables the way the SIB sparql-examples collections describe theirs.
"""

from __future__ import annotations

import pyoxigraph as ox

from .dataset import Dataset
from .queries import StoredQuery
from .vocabulary import ALL_GRAPHS, EVIDENCE_GRAPH, FACTS_GRAPH, INFERRED_GRAPH, ONTOLOGY, ONTOLOGY_GRAPH, PREFIXES, RDF, RDFS, RPD

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
SD = "http://www.w3.org/ns/sparql-service-description#"
SH = "http://www.w3.org/ns/shacl#"
SCHEMA = "https://schema.org/"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"

# The description is built with absolute IRIs under this placeholder, then written with
# the placeholder cut off, leaving IRIs relative to void.ttl itself.
_HERE = "http://release.realpolitik.invalid/"

_GRAPH_TITLES = {
    ONTOLOGY_GRAPH: "The OWL 2 RL ontology",
    FACTS_GRAPH: "The asserted facts",
    EVIDENCE_GRAPH: "The evidence: records, quotes and one reified statement per fact",
    INFERRED_GRAPH: "The triples OWL 2 RL reasoning adds",
}
_DUMP_TITLES = {
    "realpolitik": "The asserted graphs (ontology, facts, evidence)",
    "realpolitik-closure": "The asserted graphs with their OWL 2 RL inferences",
}


def describe(
    dataset: Dataset,
    distributions: list[tuple[str, str, str, int]],
    questions: list[StoredQuery],
    endpoint: str | None = None,
) -> bytes:
    """The Turtle of the release's description.

    ``distributions`` lists (file name, format name, stem, size in bytes) for each file
    of the release; ``endpoint`` is the SPARQL endpoint where the dataset is served, if any.
    """
    from .export import MEDIA_TYPES  # export imports this module

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def lit(value: object, datatype: str | None = None) -> ox.Literal:
        if isinstance(value, int):
            return ox.Literal(str(value), datatype=n("http://www.w3.org/2001/XMLSchema#integer"))
        return ox.Literal(str(value), datatype=n(datatype)) if datatype else ox.Literal(str(value), language="en")

    me = n(_HERE + "void.ttl#realpolitik")
    triples: list[ox.Triple] = []

    def add(subject: ox.NamedNode, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        triples.append(ox.Triple(subject, n(predicate), obj))

    union = dataset.default_graphs(reasoning=True)

    def count(query: str) -> int:
        return int(next(iter(dataset.store.query(query, default_graph=union)))[0].value)

    add(me, RDF + "type", n(VOID + "Dataset"))
    add(me, RDF + "type", n(DCAT + "Dataset"))
    add(me, DCTERMS + "title", lit("realpolitik: Russia, Turkey and Ukraine in 2022"))
    add(me, DCTERMS + "description", lit(
        "An open knowledge graph of the states, alliances, agreements and sanctions a 2022 article on "
        "Russia-Turkey-Ukraine relations describes, every fact with its evidence, and its OWL 2 RL closure."))
    add(me, DCTERMS + "license", n(LICENSE))
    for source in dataset.store.quads_for_pattern(None, n(RDF + "type"), n(SCHEMA + "NewsArticle"), n(EVIDENCE_GRAPH)):
        add(me, DCTERMS + "source", source.subject)
    add(me, VOID + "vocabulary", n(ONTOLOGY))
    add(me, VOID + "uriSpace", lit(RPD, "http://www.w3.org/2001/XMLSchema#string"))
    add(me, VOID + "exampleResource", n(RPD + "Turkey"))
    add(me, VOID + "triples", lit(count("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")))
    add(me, VOID + "distinctSubjects", lit(count("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")))
    add(me, VOID + "distinctObjects", lit(count("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }")))
    add(me, VOID + "properties", lit(count("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }")))
    add(me, VOID + "classes", lit(count("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c FILTER isIRI(?c) }")))
    if endpoint:
        add(me, VOID + "sparqlEndpoint", n(endpoint))

    for index, graph in enumerate(ALL_GRAPHS, start=1):
        part = n(f"{_HERE}void.ttl#graph-{graph.rsplit('/', 1)[-1]}")
        add(me, VOID + "subset", part)
        add(part, RDF + "type", n(VOID + "Dataset"))
        add(part, SD + "name", n(graph))
        add(part, DCTERMS + "title", lit(_GRAPH_TITLES[graph]))
        size = sum(1 for _ in dataset.store.quads_for_pattern(None, None, None, n(graph)))
        add(part, VOID + "triples", lit(size))

    classes = dataset.store.query(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class FILTER isIRI(?class) } GROUP BY ?class ORDER BY ?class",
        default_graph=union,
    )
    for index, row in enumerate(classes, start=1):
        part = n(f"{_HERE}void.ttl#class-{index}")
        add(me, VOID + "classPartition", part)
        add(part, VOID + "class", row["class"])
        add(part, VOID + "entities", lit(int(row["n"].value)))
    properties = dataset.store.query(
        "SELECT ?property (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?property ?o WHERE { ?s ?property ?o } } GROUP BY ?property ORDER BY ?property",
        default_graph=union,
    )
    for index, row in enumerate(properties, start=1):
        part = n(f"{_HERE}void.ttl#property-{index}")
        add(me, VOID + "propertyPartition", part)
        add(part, VOID + "property", row["property"])
        add(part, VOID + "triples", lit(int(row["n"].value)))

    for name, fmt, stem, size in distributions:
        file = n(_HERE + name)
        if fmt == "nq":
            add(me, VOID + "dataDump", file)
        distribution = n(f"{_HERE}void.ttl#{name}")
        add(me, DCAT + "distribution", distribution)
        add(distribution, RDF + "type", n(DCAT + "Distribution"))
        add(distribution, DCTERMS + "title", lit(_DUMP_TITLES[stem]))
        add(distribution, DCAT + "downloadURL", file)
        add(distribution, DCAT + "mediaType", n("https://www.iana.org/assignments/media-types/" + MEDIA_TYPES[fmt]))
        add(distribution, DCAT + "byteSize", lit(size))
        add(distribution, DCTERMS + "license", n(LICENSE))

    for stored in questions:
        example = n(f"{_HERE}queries/{stored.path.name}")
        add(example, RDF + "type", n(SH + "SPARQLExecutable"))
        add(example, RDF + "type", n(SH + "SPARQLSelectExecutable"))
        add(example, RDFS + "label", lit(stored.question))
        add(example, RDFS + "comment", lit(stored.summary))
        add(example, SH + "select", lit(stored.text, "http://www.w3.org/2001/XMLSchema#string"))
        add(example, SCHEMA + "target", n(endpoint) if endpoint else me)

    triples.sort(key=lambda triple: str(triple.subject))  # stable: one block per subject in the Turtle
    prefixes = {**PREFIXES, "void": VOID, "dcat": DCAT, "sd": SD, "sh": SH}
    text = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
    header = "# VoID and DCAT description of this release; relative IRIs name the files beside this one.\n"
    return (header + text.replace("<" + _HERE, "<")).encode("utf-8")
