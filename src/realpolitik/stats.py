"""Counting what a knowledge graph holds."""

from __future__ import annotations

import pyoxigraph as ox

from .dataset import Dataset
from .vocabulary import EVIDENCE_GRAPH, FACTS_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, OWL, RDF, RP

_COUNT = """
SELECT (COUNT(DISTINCT ?term) AS ?count) WHERE {{ GRAPH <{graph}> {{ ?term <{type}> <{kind}> FILTER isIRI(?term) }} }}
"""


def statistics(dataset: Dataset) -> dict[str, int]:
    """Counts of terms, individuals, evidence records and triples, in a stable order."""

    def count(graph: str, kind: str) -> int:
        rows = dataset.store.query(_COUNT.format(graph=graph, type=RDF + "type", kind=kind))
        return int(next(iter(rows))["count"].value)

    def size(graph: str) -> int:
        return sum(1 for _ in dataset.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    individuals = dataset.store.query(
        f"SELECT (COUNT(DISTINCT ?s) AS ?count) WHERE {{ GRAPH <{FACTS_GRAPH}> {{ ?s a ?class FILTER isIRI(?s) }} }}"
    )
    return {
        "classes": count(ONTOLOGY_GRAPH, OWL + "Class"),
        "object properties": count(ONTOLOGY_GRAPH, OWL + "ObjectProperty"),
        "datatype properties": count(ONTOLOGY_GRAPH, OWL + "DatatypeProperty"),
        "individuals": int(next(iter(individuals))["count"].value),
        "article evidence records": count(EVIDENCE_GRAPH, RP + "ArticleEvidence"),
        "background knowledge records": count(EVIDENCE_GRAPH, RP + "BackgroundKnowledge"),
        "ontology triples": size(ONTOLOGY_GRAPH),
        "asserted fact triples": size(FACTS_GRAPH),
        "evidence triples": size(EVIDENCE_GRAPH),
        "inferred triples": size(INFERRED_GRAPH),
    }
