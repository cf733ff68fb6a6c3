"""Regenerate ``owl2_rl_rdf_based.json`` from the OWL Working Group's test export.

    python tests/conformance/make_data.py /path/to/owl2-test-cases/all.rdf

Selects every approved test case with ``test:profile test:RL`` and
``test:semantics test:RDF-BASED`` and stores, per test, its identifier, its
kinds, its description and its premise / conclusion / non-conclusion
ontologies converted from RDF/XML to N-Triples with pyoxigraph, which keeps
lexical forms as written (``"01"^^xsd:integer`` stays ``01``).  The tests read
only the JSON file, never the export.  Licence: see ``LICENCE.md`` here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyoxigraph as ox
import rdflib

TEST = rdflib.Namespace("http://www.w3.org/2007/OWL/testOntology#")
KINDS = ("ConsistencyTest", "InconsistencyTest", "PositiveEntailmentTest",
         "NegativeEntailmentTest")
ONTOLOGIES = {"premise": TEST.rdfXmlPremiseOntology,
              "conclusion": TEST.rdfXmlConclusionOntology,
              "nonconclusion": TEST.rdfXmlNonConclusionOntology}


# Three tests exist only in functional syntax; these are their RDF graphs under
# the OWL 2 mapping to RDF graphs (translated by hand, one line per axiom).
FUNCTIONAL_ONLY = {
    "functionality-clash": """
        <> a owl:Ontology .
        :a a owl:NamedIndividual .
        :hasAge a owl:DatatypeProperty , owl:FunctionalProperty .
        :a a [ a owl:Restriction ; owl:onProperty :hasAge ; owl:hasValue "18"^^xsd:integer ] .
        :a a [ a owl:Restriction ; owl:onProperty :hasAge ; owl:hasValue "19"^^xsd:integer ] .
    """,
    "Plus and Minus Zero are Distinct": """
        <> a owl:Ontology .
        :Meg a owl:NamedIndividual .
        :numberOfChildren a owl:DatatypeProperty .
        :Meg :numberOfChildren "+0.0"^^xsd:float .
        :Meg :numberOfChildren "-0.0"^^xsd:float .
        :numberOfChildren a owl:FunctionalProperty .
    """,
    "string-integer-clash": """
        <> a owl:Ontology .
        :a a owl:NamedIndividual .
        :hasAge a owl:DatatypeProperty .
        :hasAge rdfs:range xsd:integer .
        :a a [ a owl:Restriction ; owl:onProperty :hasAge ; owl:hasValue "aString"^^xsd:string ] .
    """,
}
_PREFIXES = """@prefix : <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def turtle_to_ntriples(turtle: str) -> str:
    """Turtle (with the prefixes above) as sorted N-Triples lines."""
    triples = ox.parse((_PREFIXES + turtle).encode(), format=ox.RdfFormat.TURTLE,
                       base_iri="http://example.org/ontology")
    return "".join(sorted(f"{t} .\n" for t in triples))


def to_ntriples(rdfxml: str) -> str:
    """RDF/XML text as sorted N-Triples lines, lexical forms untouched."""
    triples = ox.parse(rdfxml.encode(), format=ox.RdfFormat.RDF_XML,
                       base_iri="http://example.org/")
    return "".join(sorted(f"{t} .\n" for t in triples))


def main(export: Path, out: Path) -> None:
    graph = rdflib.Graph().parse(export, format="xml")
    cases = []
    for case in sorted(graph.subjects(TEST.profile, TEST.RL)):
        if (case, TEST.semantics, TEST["RDF-BASED"]) not in graph:
            continue
        entry = {
            "id": str(graph.value(case, TEST.identifier)),
            "kinds": sorted(k for k in KINDS if (case, rdflib.RDF.type, TEST[k]) in graph),
            "description": " ".join(str(graph.value(case, TEST.description) or "").split()),
        }
        for key, prop in ONTOLOGIES.items():
            text = graph.value(case, prop)
            if text is not None:
                entry[key] = to_ntriples(str(text))
        if entry["id"] in FUNCTIONAL_ONLY:
            entry["premise"] = turtle_to_ntriples(FUNCTIONAL_ONLY[entry["id"]])
            entry["premise_note"] = "functional syntax only; RDF mapping by hand"
        cases.append(entry)
    cases.sort(key=lambda c: c["id"])
    out.write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(cases)} test cases written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).with_name("owl2_rl_rdf_based.json"))
