"""The facts are faithful to the article and each points to its evidence."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from realpolitik.kg import EVIDENCE_GRAPH, FACTS_GRAPH, ONTOLOGY_GRAPH
from realpolitik.rdf.formats import parse_file
from realpolitik.rdf.namespaces import OA, OWL, PROV, RDF, RDFS, RP, RPD

ROOT = Path(__file__).resolve().parents[1]
SHARED_ARTICLE = ROOT.parent / "shared" / "sources" / "article.txt"


def test_evidence_document_is_the_article_byte_for_byte(layout):
    if not SHARED_ARTICLE.is_file():
        pytest.skip(f"no shared copy of the article at {SHARED_ARTICLE}")
    assert (layout.source_folder / "article.txt").read_bytes() == SHARED_ARTICLE.read_bytes()


def quotes(store) -> dict[str, str]:
    rows = store.store.query(
        f"SELECT ?record ?quote WHERE {{ ?record <{OA}hasTarget> / <{OA}hasSelector> / <{OA}exact> ?quote }}",
        default_graph=ox.NamedNode(EVIDENCE_GRAPH),
    )
    return {row["record"].value: row["quote"].value for row in rows}


def test_every_quote_occurs_verbatim_in_the_article(store, layout):
    article = (layout.source_folder / "article.txt").read_text(encoding="utf-8")
    found = quotes(store)
    assert len(found) >= 25
    for record, quote in found.items():
        assert quote in article, f"{record}: quote not in the article: {quote!r}"


def test_every_fact_graph_is_an_evidence_record(layout):
    described: dict[str, set[str]] = {}
    graphs: set[str] = set()
    for path in layout.data_files:
        for quad in parse_file(path):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                if quad.predicate.value == RDF + "type":
                    described.setdefault(quad.subject.value, set()).add(quad.object.value)
            else:
                graphs.add(quad.graph_name.value)
    assert graphs
    for graph in graphs:
        kinds = described.get(graph, set())
        assert kinds & {RP + "ArticleEvidence", RP + "BackgroundKnowledge"}, f"{graph} is not described as evidence"


def test_every_fact_has_evidence_and_background_is_marked(store):
    facts = set(store.triples(FACTS_GRAPH))
    rows = store.store.query(
        f"""SELECT ?s ?p ?o ?kind WHERE {{
              ?statement <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o ; <{PROV}wasDerivedFrom> ?record .
              ?record a ?kind . FILTER (?kind IN (<{RP}ArticleEvidence>, <{RP}BackgroundKnowledge>)) }}""",
        default_graph=ox.NamedNode(EVIDENCE_GRAPH),
    )
    evidenced = {ox.Triple(r["s"], r["p"], r["o"]) for r in rows}
    assert facts and facts <= evidenced


def test_background_knowledge_is_kept_apart_from_article_claims(store):
    turkey_in_nato = ox.Triple(ox.NamedNode(RPD + "Turkey"), ox.NamedNode(RP + "memberOf"), ox.NamedNode(RPD + "NATO"))
    s, p, o = turkey_in_nato
    rows = store.store.query(
        f"SELECT ?kind WHERE {{ ?st <{RDF}subject> {s} ; <{RDF}predicate> {p} ; <{RDF}object> {o} ; <{PROV}wasDerivedFrom> ?r . ?r a ?kind }}",
        default_graph=ox.NamedNode(EVIDENCE_GRAPH),
    )
    assert {r["kind"].value for r in rows} == {RP + "BackgroundKnowledge"}


def declared_terms(store) -> set[str]:
    kinds = {OWL + k for k in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")}
    return {t.subject.value for t in store.triples(ONTOLOGY_GRAPH) if t.predicate.value == RDF + "type" and t.object.value in kinds}


def test_every_class_and_property_used_in_data_is_declared(store):
    declared = declared_terms(store)
    for triple in store.triples(FACTS_GRAPH):
        predicate = triple.predicate.value
        if predicate.startswith(RP):
            assert predicate in declared, predicate
        if predicate == RDF + "type":
            assert triple.object.value in declared, triple.object.value


def test_every_class_and_property_used_in_queries_is_declared(store, layout):
    declared = declared_terms(store)
    for path in layout.query_folder.glob("*.rq"):
        body = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
        for local in re.findall(r"\brp:([A-Za-z][\w]*)", body):
            assert RP + local in declared, f"{path.name}: rp:{local} is not declared"


def test_wikidata_links_are_the_known_ones(store):
    expected = {
        "Russia": "Q159", "Turkey": "Q43", "Ukraine": "Q212", "UnitedStates": "Q30", "India": "Q668", "Hungary": "Q28",
        "NATO": "Q7184", "EuropeanUnion": "Q458", "EuropeanCommission": "Q8880", "RussianRuble": "Q41044", "USDollar": "Q4917",
    }
    links = {
        t.subject.value[len(RPD):]: t.object.value.rsplit("/", 1)[1]
        for t in store.triples(FACTS_GRAPH)
        if t.predicate.value == "http://www.w3.org/2004/02/skos/core#exactMatch"
    }
    for entity, qid in expected.items():
        assert links.get(entity) == qid, entity


def test_every_entity_has_a_label(store):
    facts = store.triples(FACTS_GRAPH)
    labelled = {t.subject for t in facts if t.predicate.value == RDFS + "label"}
    typed = {t.subject for t in facts if t.predicate.value == RDF + "type"}
    assert typed <= labelled, typed - labelled
