"""The ontology is one a reviewing ontology engineer would accept."""

from __future__ import annotations

import rdflib
from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, SKOS

from realpolitik.rdf.namespaces import ONTOLOGY, RP

rp = rdflib.Namespace(RP)


def ontology_graph(layout) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in layout.ontology_files:
        graph.parse(path, format="turtle")
    return graph


def own_terms(graph: rdflib.Graph, kind: URIRef) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(RP))


def test_ontology_metadata(layout):
    graph = ontology_graph(layout)
    ontology = URIRef(ONTOLOGY)
    assert (ontology, RDF.type, OWL.Ontology) in graph
    assert str(graph.value(ontology, OWL.versionIRI)).startswith(ONTOLOGY + "/")
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator, DCTERMS.created, OWL.versionInfo):
        assert graph.value(ontology, predicate) is not None, predicate


def test_every_term_has_one_english_label_and_a_definition(layout):
    graph = ontology_graph(layout)
    terms = own_terms(graph, OWL.Class) + own_terms(graph, OWL.ObjectProperty) + own_terms(graph, OWL.DatatypeProperty)
    assert len(terms) > 80
    for term in terms:
        labels = list(graph.objects(term, RDFS.label))
        assert len(labels) == 1 and labels[0].language == "en", term
        definitions = list(graph.objects(term, SKOS.definition))
        assert len(definitions) == 1 and len(str(definitions[0])) > 20, term


def test_labels_are_unique(layout):
    graph = ontology_graph(layout)
    labels = [str(o) for s, o in graph.subject_objects(RDFS.label) if str(s).startswith(RP)]
    assert len(labels) == len(set(labels))


def test_object_properties_have_domain_or_range(layout):
    graph = ontology_graph(layout)
    for prop in own_terms(graph, OWL.ObjectProperty):
        assert graph.value(prop, RDFS.domain) or graph.value(prop, RDFS.range), prop


def test_property_characteristics(layout):
    graph = ontology_graph(layout)
    assert (rp.partnerOf, RDF.type, OWL.SymmetricProperty) in graph
    for prop, inverse in [(rp.memberOf, rp.hasMember), (rp.partyTo, rp.hasParty), (rp.imposedBy, rp.imposes), (rp.target, rp.targetedBy)]:
        assert (prop, OWL.inverseOf, inverse) in graph
    chain = graph.value(rp.bypasses, OWL.propertyChainAxiom)
    assert list(rdflib.collection.Collection(graph, chain)) == [rp.partyTo, rp.routeBypasses]
    assert (rp.signedUpTo, RDFS.subPropertyOf, rp.partyTo) in graph


def test_property_chains_use_only_named_properties(layout):
    # owlrl applies a chain only when every link is a named property.
    graph = ontology_graph(layout)
    for prop, chain in graph.subject_objects(OWL.propertyChainAxiom):
        links = list(rdflib.collection.Collection(graph, chain))
        assert all(isinstance(link, URIRef) for link in links), prop
        assert prop not in links, f"self-referential chain on {prop} may stop owlrl terminating"


def test_top_classes_are_disjoint(layout):
    graph = ontology_graph(layout)
    member_lists = [list(rdflib.collection.Collection(graph, m)) for m in graph.objects(None, OWL.members)]
    assert any(rp.Actor in members and rp.Sanction in members and rp.Act in members for members in member_lists)


def test_alignments_to_w3c_and_schema_vocabularies(layout):
    graph = ontology_graph(layout)
    assert (rp.Organisation, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in graph
    assert (rp.Act, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Activity")) in graph
    assert (rp.Person, RDFS.subClassOf, URIRef("https://schema.org/Person")) in graph
    assert (rp.memberOf, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#memberOf")) in graph


def test_no_owl_same_as_anywhere(layout):
    # owl:sameAs to Wikidata would duplicate every answer under reasoning.
    for path in layout.ontology_files + layout.data_files:
        assert "owl:sameAs" not in path.read_text(encoding="utf-8"), path


def test_defined_classes(layout):
    graph = ontology_graph(layout)
    definition = graph.value(rp.NatoMemberState, OWL.equivalentClass)
    members = list(rdflib.collection.Collection(graph, graph.value(definition, OWL.intersectionOf)))
    restriction = members[1]
    assert graph.value(restriction, OWL.hasValue) == URIRef("https://w3id.org/realpolitik/id/NATO")
    # someValuesFrom classes are defined on the subclass side, as OWL 2 RL requires.
    assert (None, RDFS.subClassOf, rp.SanctionedState) in graph
    assert graph.value(rp.SanctionedState, OWL.equivalentClass) is None


rpc = rdflib.Namespace("https://w3id.org/realpolitik/concept/")


def test_the_ontology_declares_the_individual_its_defined_class_needs(layout):
    graph = ontology_graph(layout)
    nato = URIRef("https://w3id.org/realpolitik/id/NATO")
    assert (nato, RDF.type, OWL.NamedIndividual) in graph
    assert (nato, RDF.type, rp.Alliance) in graph


def test_modelling_review_fixes(layout):
    graph = ontology_graph(layout)
    # Payer and payee are parties; partnerships and "partner of" are connected.
    assert (rp.payer, RDFS.subPropertyOf, rp.hasParty) in graph
    assert (rp.payee, RDFS.subPropertyOf, rp.hasParty) in graph
    assert (rp.relationBetween, OWL.inverseOf, rp.inRelationship) in graph
    chain = graph.value(rp.partnerOf, OWL.propertyChainAxiom)
    assert list(rdflib.collection.Collection(graph, chain)) == [rp.partnerIn, rp.partnerFor]
    # Laws are documents, not sanctions; goals are not arrangements; money and networks are not items.
    assert (rp.SanctionsLaw, RDFS.subClassOf, rp.Law) in graph and (rp.Law, RDFS.subClassOf, rp.Document) in graph
    assert (rp.TradeGoal, RDFS.subClassOf, rp.Goal) in graph
    assert (rp.Currency, RDFS.subClassOf, rp.Item) not in graph
    assert (rp.PaymentNetwork, RDFS.subClassOf, rp.Infrastructure) in graph
    # One pattern for kinds: concepts, not single-use subclasses or an instance named like its class.
    assert (rp.DualUseGoods, RDF.type, OWL.Class) not in graph
    assert not [c for c in graph.subjects(RDFS.subClassOf, rp.Risk)]
    # The definition of "does not align with" says it is inferred, as its chain makes it.
    assert graph.value(rp.doesNotAlignWith, OWL.propertyChainAxiom) is not None
    assert "Inferred, never asserted" in str(graph.value(rp.doesNotAlignWith, SKOS.definition))
    assert graph.value(rp.claimedBy, RDF.type) is None


def test_every_concept_is_labelled_defined_and_in_its_scheme(layout):
    graph = ontology_graph(layout)
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    assert {rpc.modalities, rpc.qualities, rpc.objectives, rpc["risk-kinds"], rpc["goods-kinds"], rpc["no-fact-reasons"]} <= schemes
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 25
    for concept in concepts:
        assert str(concept).startswith(str(rpc)), concept
        (label,) = graph.objects(concept, RDFS.label)
        assert graph.value(concept, SKOS.prefLabel) == label and label.language == "en", concept
        assert len(str(graph.value(concept, SKOS.definition))) > 20, concept
        assert graph.value(concept, SKOS.inScheme) in schemes, concept
    for cls in (rp.Modality, rp.Quality, rp.Objective, rp.RiskKind, rp.GoodsKind, rp.NoFactReason):
        assert (cls, RDFS.subClassOf, SKOS.Concept) in graph
