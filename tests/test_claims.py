"""Every evidence record says who makes its claim and how surely; predictions, hedges and reported claims are marked."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest

from realpolitik.kg import EVIDENCE_GRAPH, ONTOLOGY_GRAPH
from realpolitik.rdf.namespaces import EVIDENCE, PROV, RDF, RP, RPD, SKOS, SOURCE

CONCEPT = "https://w3id.org/realpolitik/concept/"
AUTHOR = RPD + "SodhiGautam"
EDITORS = RPD + "RealpolitikContributors"


def records(store) -> dict[str, dict[str, list[str]]]:
    """{record: {property: [values]}} for every article and background record."""
    rows = store.store.query(
        f"""SELECT ?record ?property ?value WHERE {{
              VALUES ?kind {{ <{RP}ArticleEvidence> <{RP}BackgroundKnowledge> }}
              ?record a ?kind ; ?property ?value }}""",
        default_graph=ox.NamedNode(EVIDENCE_GRAPH),
    )
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        found[row["record"].value][row["property"].value].append(row["value"].value)
    return found


@pytest.fixture(scope="module")
def described(store):
    return records(store)


def claim(described, name: str) -> tuple[str, str]:
    record = described[EVIDENCE + name]
    (claimant,) = record[PROV + "wasAttributedTo"]
    (modality,) = record[RP + "hasModality"]
    return claimant[len(RPD):], modality[len(CONCEPT):]


def test_every_record_has_one_claimant_and_one_modality(described, store):
    modalities = {
        t.subject.value
        for t in store.triples(ONTOLOGY_GRAPH)
        if t.predicate.value == SKOS + "inScheme" and t.object.value == CONCEPT + "modalities"
    }
    assert modalities == {CONCEPT + m for m in ("stated", "reported", "predicted", "hedged", "opinion")}
    assert len(described) >= 40
    for record, properties in described.items():
        assert len(properties[PROV + "wasAttributedTo"]) == 1, record
        assert len(properties[RP + "hasModality"]) == 1 and properties[RP + "hasModality"][0] in modalities, record


def test_claimants(described):
    by_claimant: dict[str, set[str]] = defaultdict(set)
    for record in described:
        by_claimant[claim(described, record[len(EVIDENCE):])[0]].add(record[len(EVIDENCE):])
    assert by_claimant["EuropeanCommission"] == {"commission-report-claims", "airspace-and-oligarchs", "citizenship-criticism-claims"}
    assert by_claimant["HungarianCommissioner"] == {"commissioner-concern-claims"}
    assert len(by_claimant["SodhiGautam"]) == 31
    assert len(by_claimant["RealpolitikContributors"]) == 8
    assert set(by_claimant) == {"EuropeanCommission", "HungarianCommissioner", "SodhiGautam", "RealpolitikContributors"}


def test_reported_claims_are_others_and_name_their_source(described):
    for record, properties in described.items():
        claimant, modality = claim(described, record[len(EVIDENCE):])
        assert (modality == "reported") == (claimant not in ("SodhiGautam", "RealpolitikContributors")), record
        if claimant == "EuropeanCommission":
            assert properties[PROV + "hadPrimarySource"] == [RPD + "CommissionReportOnTurkey"], record


@pytest.mark.parametrize(
    ("record", "modality"),
    [
        ("mediation-aims", "predicted"),
        ("indispensable-intermediary", "predicted"),
        ("ukraine-turkey-partners", "predicted"),
        ("ukraine-questions-turkey", "predicted"),
        ("russia-partnership-ad-hoc", "predicted"),
        ("trade-boom", "hedged"),
        ("not-yet-friends", "hedged"),
        ("bilateral-trade", "stated"),
        ("turkey-buys-s400", "stated"),
    ],
)
def test_predictions_and_hedges_are_marked(described, record, modality):
    assert claim(described, record)[1] == modality


def test_background_knowledge_is_the_editors_statement(described):
    for record, properties in described.items():
        if RP + "BackgroundKnowledge" in properties[RDF + "type"]:
            assert claim(described, record[len(EVIDENCE):]) == ("RealpolitikContributors", "stated")


def test_the_source_names_its_author_and_says_its_date_is_unknown(store):
    source = ox.NamedNode(SOURCE + "article")
    about = {(t.predicate.value, t.object.value) for t in store.triples(EVIDENCE_GRAPH) if t.subject == source}
    assert ("http://purl.org/dc/terms/creator", AUTHOR) in about
    assert (PROV + "wasAttributedTo", AUTHOR) in about
    assert not any(p == "http://purl.org/dc/terms/issued" for p, _ in about)
    assert any(p == "http://www.w3.org/2000/01/rdf-schema#comment" and "Publication date unknown" in o for p, o in about)


def test_claimed_by_is_gone(layout):
    for path in layout.ontology_files + layout.data_files + sorted(layout.query_folder.glob("*.rq")):
        assert "claimedBy" not in path.read_text(encoding="utf-8"), path
