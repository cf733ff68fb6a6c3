"""The namespaces and prefixes realpolitik reads and writes: one table for every module.

    >>> shorten("https://w3id.org/realpolitik/id/Turkey")
    'rpd:Turkey'
    >>> expand("rp:bypasses")
    'https://w3id.org/realpolitik/ontology#bypasses'
"""

from __future__ import annotations

# realpolitik's own: the ontology's terms, entities, evidence records, reified statements,
# source documents and the named graphs of a built dataset.
ONTOLOGY = "https://w3id.org/realpolitik/ontology"
RP = ONTOLOGY + "#"
RPD = "https://w3id.org/realpolitik/id/"
EVIDENCE = "https://w3id.org/realpolitik/evidence/"
STATEMENT = "https://w3id.org/realpolitik/statement/"
SOURCE = "https://w3id.org/realpolitik/source/"
GRAPH = "https://w3id.org/realpolitik/graph/"
CONCEPT = "https://w3id.org/realpolitik/concept/"

# The W3C's and other well-known vocabularies.
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
DCTERMS = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
WIKIDATA = "http://www.wikidata.org/entity/"
SH = "http://www.w3.org/ns/shacl#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SD = "http://www.w3.org/ns/sparql-service-description#"
VANN = "http://purl.org/vocab/vann/"

PREFIXES: dict[str, str] = {
    "rp": RP,
    "rpd": RPD,
    "ev": EVIDENCE,
    "src": SOURCE,
    "rpc": CONCEPT,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "oa": OA,
    "dcterms": DCTERMS,
    "org": ORG,
    "schema": SCHEMA,
    "wd": WIKIDATA,
}

# The vocabularies whose terms reasoning never reports facts about (axiomatic triples).
BUILTIN_NAMESPACES = (RDF, RDFS, OWL, XSD)

# Terms from these vocabularies may be used in data/ without being declared in the
# project's ontology: they describe evidence, sources and labels, not the domain.
STANDARD_NAMESPACES = (RDF, RDFS, OWL, XSD, SKOS, PROV, OA, DCTERMS, SCHEMA, "http://schema.org/", SH, VANN, ORG, VOID, DCAT)


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


def prologue() -> str:
    """``PREFIX`` lines for every known prefix, for a query sent where they are not predeclared."""
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
