"""The IRIs and prefixes realpolitik's knowledge graph is written with."""

from __future__ import annotations

ONTOLOGY = "https://w3id.org/realpolitik/ontology"
RP = ONTOLOGY + "#"
RPD = "https://w3id.org/realpolitik/id/"
EVIDENCE = "https://w3id.org/realpolitik/evidence/"
STATEMENT = "https://w3id.org/realpolitik/statement/"
SOURCE = "https://w3id.org/realpolitik/source/"
GRAPH = "https://w3id.org/realpolitik/graph/"

# The named graphs of the built dataset: what the ontology says, what the sources and
# background knowledge say, why (evidence), and what OWL 2 RL reasoning adds.
ONTOLOGY_GRAPH = GRAPH + "ontology"
FACTS_GRAPH = GRAPH + "facts"
EVIDENCE_GRAPH = GRAPH + "evidence"
INFERRED_GRAPH = GRAPH + "inferred"
ASSERTED_GRAPHS = (ONTOLOGY_GRAPH, FACTS_GRAPH, EVIDENCE_GRAPH)
ALL_GRAPHS = ASSERTED_GRAPHS + (INFERRED_GRAPH,)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"

PREFIXES: dict[str, str] = {
    "rp": RP,
    "rpd": RPD,
    "ev": EVIDENCE,
    "src": SOURCE,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "oa": OA,
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "wd": "http://www.wikidata.org/entity/",
}

BUILTIN_NAMESPACES = (RDF, RDFS, OWL, XSD)


def shorten(iri: str) -> str:
    """Return ``prefix:local`` for an IRI under a known prefix, else ``<iri>``."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            if local and all(ch.isalnum() or ch in "_-." for ch in local):
                return f"{prefix}:{local}"
    return f"<{iri}>"


def expand(name: str) -> str:
    """Return the IRI for ``prefix:local`` or ``<iri>`` (or a bare absolute IRI).

    Raises ValueError when the prefix is unknown.
    """
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    if "://" in name or name.startswith("urn:"):
        return name
    prefix, colon, local = name.partition(":")
    if not colon or prefix not in PREFIXES:
        raise ValueError(f"unknown prefix in {name!r}; known prefixes: {', '.join(sorted(PREFIXES))}")
    return PREFIXES[prefix] + local
