"""Content negotiation: the same path answers people with HTML and machines with RDF.

A linked-data browser (Pubby, LodView) answers an entity's own IRI by its ``Accept``
header; a suffix (``/id/Turkey.ttl``) names a format outright, as Datasette's ``.json``
does. Formats are RDF's media types; ``*/*`` and browsers' headers get HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..kg import EVIDENCE_GRAPH, FACTS_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH
from ..rdf.namespaces import PREFIXES

if TYPE_CHECKING:
    from ..knowledge_graph import KnowledgeGraph

# Format name -> (media type, pyoxigraph format); the suffix is the name.
RDF_MEDIA: dict[str, tuple[str, ox.RdfFormat]] = {
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdf": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
_BY_MEDIA = {media: name for name, (media, _) in RDF_MEDIA.items()}
_BY_MEDIA["application/x-turtle"] = "ttl"
_BY_MEDIA["text/n3"] = "ttl"
_BY_MEDIA["application/json"] = "jsonld"
HTML = "html"


def accepted(header: str | None, offered: list[str], default: str) -> str:
    """The offered media type the ``Accept`` header prefers (by q-value, then by its order), else ``default``.

    ``offered`` are media types; ``text/*`` and ``*/*`` match any of the kind.
    """
    if not header:
        return default
    best: tuple[float, int, int] | None = None
    chosen = default
    for position, item in enumerate(header.split(",")):
        media, *parameters = [part.strip() for part in item.split(";")]
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        media = media.lower()
        if media == "*/*":
            candidate = default
        elif media.endswith("/*"):
            candidate = next((o for o in offered if o.startswith(media[:-1])), "")
        else:
            candidate = media if media in offered else ""
        if not candidate:
            continue
        # An exact type outranks a wildcard of the same quality.
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        rank = (quality, specificity, -position)
        if best is None or rank > best:
            best, chosen = rank, candidate
    return chosen


def representation(accept: str | None, suffix: str | None) -> str:
    """``html`` or an RDF format name (``ttl``, ``nt``, ``jsonld``, ``rdf``) for a request."""
    if suffix:
        return suffix
    media = accepted(accept, ["text/html", "application/xhtml+xml", *_BY_MEDIA], "text/html")
    return _BY_MEDIA.get(media, HTML)


def split_suffix(name: str) -> tuple[str, str | None]:
    """(``Turkey``, ``ttl``) for ``Turkey.ttl``; the suffix is None when it names no format."""
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and (suffix in RDF_MEDIA or suffix == HTML):
        return stem, suffix
    return name, None


def describe(kg: KnowledgeGraph, iri: str, *, whole_ontology: bool = False) -> list[ox.Triple]:
    """What the graph says about ``iri``: every triple with it as subject or object (asserted
    and inferred), and what the blank nodes it points at say, to any depth (its
    restrictions, lists, quote selectors).

    With ``whole_ontology``, the ontology graph entire (the document of a hash IRI).
    """
    store = kg.store
    if whole_ontology:
        return list(store.triples(ONTOLOGY_GRAPH))
    term = ox.NamedNode(iri)
    graphs = [ox.NamedNode(g) for g in (ONTOLOGY_GRAPH, FACTS_GRAPH, EVIDENCE_GRAPH, INFERRED_GRAPH)]
    raw = getattr(store, "store", None)
    if not isinstance(raw, ox.Store):  # a remote store: what one query says, blank nodes one step deep
        rows = store.query("SELECT DISTINCT ?s ?p ?o WHERE { { BIND(?term AS ?s) ?s ?p ?o } UNION { ?s ?p ?term BIND(?term AS ?o) FILTER(!isBlank(?s)) } }",
                           bindings={"term": term}, prefixes=False)
        return [ox.Triple(s, p, o) for s, p, o in rows.rows if s is not None and isinstance(p, ox.NamedNode) and o is not None and not isinstance(s, ox.Literal)]
    # Pattern lookups rather than a property path: a path would walk on through named nodes.
    found: dict[ox.Triple, None] = {}
    for graph in graphs:
        found.update((quad.triple, None) for quad in raw.quads_for_pattern(term, None, None, graph))
        found.update((quad.triple, None) for quad in raw.quads_for_pattern(None, None, term, graph) if not isinstance(quad.subject, ox.BlankNode))
    frontier = [t.object for t in found if isinstance(t.object, ox.BlankNode)]
    seen: set[ox.BlankNode] = set()
    while frontier:
        node = frontier.pop()
        if node in seen:
            continue
        seen.add(node)
        for quad in raw.quads_for_pattern(node, None, None, None):
            found[quad.triple] = None
            if isinstance(quad.object, ox.BlankNode):
                frontier.append(quad.object)
    return list(found)


def serialize(triples: list[ox.Triple], name: str) -> tuple[bytes, str]:
    """The triples in format ``name`` with the project's prefixes, and the media type to send."""
    media, fmt = RDF_MEDIA[name]
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(triples, format=fmt, prefixes=prefixes) if prefixes else ox.serialize(triples, format=fmt)
    return body or b"", media + ("; charset=utf-8" if media.startswith("text/") or name == "nt" else "")
