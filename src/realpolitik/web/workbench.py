"""What the pages read from the knowledge graph: one read-only ``Workbench`` per served graph.

Everything that does not change while the store is open (counts, the stored questions,
each source's text and coverage, the engine's closure for proofs) is read once, when the
workbench opens; every page after that asks the store a few small SPARQL queries. The
store is the persistent embedded one, opened read-only, so any number of workers and
processes may read it at once.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from ..coverage import Coverage, coverage_of_source
from ..errors import InputError
from ..explanations import Explainer, Explanation
from ..kg import EVIDENCE_GRAPH, FACTS_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, statement_iri
from ..knowledge_graph import KnowledgeGraph
from ..questions.catalogue import StoredQuestion
from ..rdf.namespaces import OWL, RDF, RDFS, RP, RPD, SKOS, WIKIDATA, shorten
from ..rdf.terms import Term
from ..readable import ClassExpressions
from ..stores import labels_of, unknown_entity

T = TypeVar("T")

BASE = "https://w3id.org/realpolitik/"
"""IRIs under this base are served at their own path here (``/id/Turkey``)."""
RESOURCE_FOLDERS = ("id", "evidence", "statement", "source", "concept", "graph", "dataset")
ONTOLOGY_IRI = BASE + "ontology"

_TYPE = RDF + "type"
# Shown in an entity's header rather than among its statements.
HEADER_PROPERTIES = {RDF + "type", RDFS + "label", SKOS + "altLabel", SKOS + "prefLabel", SKOS + "definition", RDFS + "comment", SKOS + "exactMatch", SKOS + "closeMatch"}


def path_of(term: Any) -> str | None:
    """The path a term's page has here, or None for a term from elsewhere.

    ``rpd:Turkey`` is at ``/id/Turkey``; an ontology term ``rp:bypasses`` (a hash IRI,
    whose document is ``/ontology``) has its own page at ``/ontology/bypasses``.
    """
    if not isinstance(term, ox.NamedNode) or not term.value.startswith(BASE):
        return None
    rest = term.value[len(BASE):]
    if rest.startswith("ontology#"):
        return "/ontology/" + urllib.parse.quote(rest[len("ontology#"):], safe="")
    if rest == "ontology":
        return "/ontology"
    folder, _, local = rest.partition("/")
    if folder not in RESOURCE_FOLDERS:
        return None
    return "/" + folder + ("/" + urllib.parse.quote(local, safe="/") if local else "")


def iri_of(path: str) -> str:
    """The IRI a path here stands for (the inverse of ``path_of``)."""
    path = urllib.parse.unquote(path)
    if path.startswith("/ontology/"):
        return RP + path[len("/ontology/"):]
    return BASE + path.lstrip("/")


@dataclass(frozen=True)
class Statement:
    """One triple about an entity, as its page shows it."""

    subject: Term
    predicate: ox.NamedNode
    object: Term
    inferred: bool
    evidence: tuple[Evidence, ...] = ()

    @property
    def triple(self) -> ox.Triple:
        return ox.Triple(self.subject, self.predicate, self.object)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Evidence:
    """Why an asserted fact is in the graph: its evidence record, with the quote and its source
    for an article record, or the note of a background-knowledge record."""

    record: ox.NamedNode
    quote: str | None = None
    source: ox.NamedNode | None = None
    note: str | None = None


@dataclass
class Source:
    """A source document: its IRI, text and coverage by the evidence records' quotes."""

    iri: ox.NamedNode
    text: str
    coverage: Coverage
    quotes: dict[str, list[str]] = field(default_factory=dict)


class Workbench:
    """The read-only view of one knowledge graph that the web pages are drawn from."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.store = kg.store
        self.layout = kg.layout
        self._explain_lock = threading.Lock()
        self._render_lock = threading.Lock()
        self._rendered: dict[tuple[Any, ...], Any] = {}

    # --- read once ------------------------------------------------------------------------

    def rendered(self, key: tuple[Any, ...], render: Callable[[], T]) -> T:
        """The page ``render`` makes, made once per ``key``: for the big pages that depend on
        nothing but the graph (a source, the whole ontology), which never changes while open."""
        with self._render_lock:
            if key not in self._rendered:
                self._rendered[key] = render()
            return self._rendered[key]

    @cached_property
    def stats(self) -> dict[str, int]:
        return self.kg.stats()

    @cached_property
    def questions(self) -> dict[str, StoredQuestion]:
        return {question.name: question for question in self.kg.questions.all()}

    @cached_property
    def explainer(self) -> Explainer:
        return self.kg._explainer()

    @cached_property
    def ontology_triples(self) -> list[ox.Triple]:
        return list(self.store.triples(ONTOLOGY_GRAPH))

    @cached_property
    def words(self) -> ClassExpressions:
        """Blank-node class expressions in words, named terms by their short names."""
        return ClassExpressions(self.ontology_triples, name=short_name)

    @cached_property
    def dataset(self) -> dict[str, str]:
        rows = self.store.query(
            "SELECT ?title ?description WHERE { ?dataset a <http://rdfs.org/ns/void#Dataset> ; dcterms:title ?title OPTIONAL { ?dataset dcterms:description ?description } } LIMIT 1"
        )
        if not rows.rows:
            return {"title": self.layout.root.name, "description": ""}
        title, description = rows.rows[0]
        return {"title": title.value if title else "", "description": description.value if description else ""}

    @cached_property
    def class_counts(self) -> list[tuple[ox.NamedNode, int, int]]:
        """(class, asserted members, members with inferences) for each class of the ontology's namespace that has members."""
        rows = self.store.query(
            f"""SELECT ?class (COUNT(DISTINCT ?asserted) AS ?stated) (COUNT(DISTINCT ?member) AS ?all) WHERE {{
                  {{ GRAPH <{FACTS_GRAPH}> {{ ?member a ?class }} BIND(?member AS ?asserted) }}
                  UNION {{ GRAPH <{INFERRED_GRAPH}> {{ ?member a ?class }} }}
                  FILTER(isIRI(?class) && STRSTARTS(STR(?class), "{RP}") && isIRI(?member))
                }} GROUP BY ?class ORDER BY DESC(?all) ?class""",
            prefixes=False,
        )
        return [(row[0], int(row[1].value), int(row[2].value)) for row in rows.rows if isinstance(row[0], ox.NamedNode)]  # type: ignore[union-attr]

    @cached_property
    def sources(self) -> dict[str, Source]:
        """The sources with a text file, by the path of their page."""
        rows = self.store.query(f"SELECT DISTINCT ?source WHERE {{ GRAPH <{EVIDENCE_GRAPH}> {{ ?source <{RP}textFile> ?file }} }} ORDER BY ?source", prefixes=False)
        found: dict[str, Source] = {}
        for (source,) in rows.rows:
            path = path_of(source)
            if not isinstance(source, ox.NamedNode) or path is None:
                continue
            try:
                coverage = coverage_of_source(source.value, self.layout.data_files)
            except InputError:
                continue
            text = "".join(_source_text(self.layout.data_files, source.value))
            from ..coverage import read_quotes

            found[path] = Source(source, text, coverage, read_quotes(self.layout.data_files, source.value))
        return found

    # --- labels ---------------------------------------------------------------------------

    def labels(self, terms: Iterable[Any]) -> dict[Any, str]:
        """The label of each IRI among ``terms`` (those without one are left out)."""
        return labels_of(self.store, {t for t in terms if isinstance(t, ox.NamedNode)})

    # --- entities -------------------------------------------------------------------------

    def unknown(self, term: ox.NamedNode) -> str | None:
        """None when the graph describes ``term``; else "unknown entity … (did you mean …?)"."""
        return unknown_entity(self.store, term)

    def values(self, term: Term, predicate: str) -> list[Term]:
        rows = self.store.query("SELECT DISTINCT ?value WHERE { ?term ?predicate ?value }", bindings={"term": term, "predicate": ox.NamedNode(predicate)}, prefixes=False)
        return [row[0] for row in rows.rows if row[0] is not None]

    def kinds(self, term: Term) -> tuple[list[ox.NamedNode], list[ox.NamedNode]]:
        """The named classes ``term`` is asserted to belong to, and those only inferred."""
        rows = self.store.query(
            "SELECT DISTINCT ?class ?graph WHERE { GRAPH ?graph { ?term a ?class } FILTER(isIRI(?class)) }",
            bindings={"term": term},
            prefixes=False,
        )
        asserted = sorted({c for c, g in rows.rows if isinstance(c, ox.NamedNode) and g is not None and g.value != INFERRED_GRAPH}, key=str)
        inferred = sorted({c for c, g in rows.rows if isinstance(c, ox.NamedNode) and g is not None and g.value == INFERRED_GRAPH} - set(asserted), key=str)
        return asserted, [c for c in inferred if c.value != OWL + "Thing"]

    def statements(self, term: Term, *, incoming: bool, limit: int = 500, evidence_graph: bool = False) -> list[Statement]:
        """The facts and inferences with ``term`` as subject (or object, when ``incoming``),
        asserted ones with their evidence; with ``evidence_graph``, what the evidence graph
        says too (for records, statements and sources)."""
        pattern = "?other ?predicate ?term" if incoming else "?term ?predicate ?other"
        graphs = [FACTS_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH] + ([EVIDENCE_GRAPH] if evidence_graph else [])
        rows = self.store.query(
            f"""SELECT ?predicate ?other ?graph WHERE {{ GRAPH ?graph {{ {pattern} }}
                  FILTER(?graph IN ({", ".join(f"<{g}>" for g in graphs)})) }}
                ORDER BY ?predicate ?other LIMIT {limit * 2}""",
            bindings={"term": term},
            prefixes=False,
        )
        found: dict[tuple[Any, Any], bool] = {}
        for predicate, other, graph in rows.rows:
            if not isinstance(predicate, ox.NamedNode) or other is None or graph is None:
                continue
            if isinstance(other, ox.BlankNode) and not incoming:
                pass  # a class expression: shown in words
            elif isinstance(other, ox.BlankNode):
                continue
            key = (predicate, other)
            found[key] = found.get(key, True) and graph.value == INFERRED_GRAPH
        evidence = self.evidence_about(term, incoming=incoming)
        result = []
        for (predicate, other), inferred in list(found.items())[:limit]:
            subject, object_ = (other, term) if incoming else (term, other)
            result.append(Statement(subject, predicate, object_, inferred, tuple(evidence.get((subject, predicate, object_), ()))))
        return result

    def evidence_about(self, term: Term, *, incoming: bool) -> dict[tuple[Any, Any, Any], list[Evidence]]:
        """The evidence of every fact with ``term`` as subject (or object), by (s, p, o)."""
        role = "rdf:object" if incoming else "rdf:subject"
        rows = self.store.query(
            f"""SELECT ?s ?p ?o ?record ?quote ?source ?note WHERE {{ GRAPH <{EVIDENCE_GRAPH}> {{
                  ?statement {role} ?term ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?record .
                  OPTIONAL {{ ?record oa:hasTarget ?target . ?target oa:hasSelector/oa:exact ?quote . OPTIONAL {{ ?target oa:hasSource ?source }} }}
                  OPTIONAL {{ ?record a rp:BackgroundKnowledge ; rdfs:comment ?note }}
                }} }} ORDER BY ?record""",
            bindings={"term": term},
        )
        found: dict[tuple[Any, Any, Any], list[Evidence]] = {}
        for s, p, o, record, quote, source, note in rows.rows:
            if isinstance(record, ox.NamedNode):
                found.setdefault((s, p, o), []).append(_evidence(record, quote, source, note))
        return found

    def evidence_of(self, triples: Iterable[ox.Triple]) -> dict[ox.Triple, list[Evidence]]:
        """The evidence of each asserted fact among ``triples`` (ontology axioms have none)."""
        by_statement = {statement_iri(t): t for t in triples}
        if not by_statement:
            return {}
        values = " ".join(str(s) for s in by_statement)
        rows = self.store.query(
            f"""SELECT ?statement ?record ?quote ?source ?note WHERE {{ VALUES ?statement {{ {values} }} GRAPH <{EVIDENCE_GRAPH}> {{
                  ?statement prov:wasDerivedFrom ?record .
                  OPTIONAL {{ ?record oa:hasTarget ?target . ?target oa:hasSelector/oa:exact ?quote . OPTIONAL {{ ?target oa:hasSource ?source }} }}
                  OPTIONAL {{ ?record a rp:BackgroundKnowledge ; rdfs:comment ?note }}
                }} }} ORDER BY ?record"""
        )
        found: dict[ox.Triple, list[Evidence]] = {}
        for statement, record, quote, source, note in rows.rows:
            if isinstance(record, ox.NamedNode):
                found.setdefault(by_statement[statement], []).append(_evidence(record, quote, source, note))  # type: ignore[index]
        return found

    def roles(self, nodes: Iterable[Term]) -> dict[Term, dict[str, list[Term]]]:
        """The asserted facts of each node, {node: {property IRI: [values]}}, and its classes under ``rdf:type``."""
        nodes = [n for n in nodes if isinstance(n, ox.NamedNode)]
        if not nodes:
            return {}
        values = " ".join(str(n) for n in nodes)
        rows = self.store.query(
            f"""SELECT ?node ?p ?o WHERE {{ VALUES ?node {{ {values} }}
                  {{ GRAPH <{FACTS_GRAPH}> {{ ?node ?p ?o }} }} UNION {{ GRAPH <{INFERRED_GRAPH}> {{ ?node a ?o BIND(rdf:type AS ?p) }} }}
                }} ORDER BY ?node ?p ?o"""
        )
        found: dict[Term, dict[str, list[Term]]] = {}
        for node, p, o in rows.rows:
            if node is not None and isinstance(p, ox.NamedNode) and o is not None:
                found.setdefault(node, {}).setdefault(p.value, []).append(o)
        return found

    def evidence_record(self, record: ox.NamedNode) -> list[ox.Triple]:
        """The facts an evidence record supports."""
        rows = self.store.query(
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{EVIDENCE_GRAPH}> {{ ?statement prov:wasDerivedFrom ?record ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }} }} ORDER BY ?s ?p ?o",
            bindings={"record": record},
        )
        return [ox.Triple(s, p, o) for s, p, o in rows.rows if s is not None and isinstance(p, ox.NamedNode) and o is not None and not isinstance(s, ox.Literal)]

    @cached_property
    def record_facts(self) -> dict[str, list[ox.Triple]]:
        """Every evidence record's facts, by record IRI (for the source pages)."""
        rows = self.store.query(
            f"SELECT ?record ?s ?p ?o WHERE {{ GRAPH <{EVIDENCE_GRAPH}> {{ ?statement prov:wasDerivedFrom ?record ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }} }} ORDER BY ?record ?s ?p ?o"
        )
        found: dict[str, list[ox.Triple]] = {}
        for record, s, p, o in rows.rows:
            if record is not None and s is not None and isinstance(p, ox.NamedNode) and o is not None and not isinstance(s, ox.Literal):
                found.setdefault(record.value, []).append(ox.Triple(s, p, o))
        return found

    # --- ontology -------------------------------------------------------------------------

    @cached_property
    def ontology_terms(self) -> dict[str, list[ox.NamedNode]]:
        """The ontology's own terms by kind: classes, object, datatype and annotation properties."""
        kinds = {"classes": OWL + "Class", "object properties": OWL + "ObjectProperty", "datatype properties": OWL + "DatatypeProperty", "annotation properties": OWL + "AnnotationProperty"}
        found: dict[str, list[ox.NamedNode]] = {}
        by_kind: dict[str, set[ox.NamedNode]] = {}
        for triple in self.ontology_triples:
            if triple.predicate.value == _TYPE and isinstance(triple.subject, ox.NamedNode) and triple.subject.value.startswith(RP):
                by_kind.setdefault(triple.object.value, set()).add(triple.subject)  # type: ignore[union-attr]
        for name, kind in kinds.items():
            found[name] = sorted(by_kind.get(kind, set()), key=lambda t: t.value.lower())
        return found

    @cached_property
    def _ontology_index(self) -> tuple[dict[Any, dict[str, list[Any]]], dict[Any, dict[str, list[Any]]]]:
        forward: dict[Any, dict[str, list[Any]]] = {}
        backward: dict[Any, dict[str, list[Any]]] = {}
        for triple in self.ontology_triples:
            forward.setdefault(triple.subject, {}).setdefault(triple.predicate.value, []).append(triple.object)
            backward.setdefault(triple.object, {}).setdefault(triple.predicate.value, []).append(triple.subject)
        return forward, backward

    def ontology_about(self, term: Any) -> dict[str, list[Any]]:
        """The ontology's triples about ``term``, {predicate IRI: [objects]}."""
        return self._ontology_index[0].get(term, {})

    def ontology_pointing_at(self, term: Any, predicate: str) -> list[Any]:
        """Subjects of ontology triples ``?x predicate term`` (sub-classes, sub-properties …)."""
        return list(self._ontology_index[1].get(term, {}).get(predicate, []))

    def superclasses(self, term: ox.NamedNode, predicate: str = RDFS + "subClassOf") -> list[ox.NamedNode]:
        """Named super-terms along ``predicate`` (asserted, not inferred)."""
        return sorted({o for o in self.ontology_about(term).get(predicate, []) if isinstance(o, ox.NamedNode)}, key=str)

    def direct_supers(self, term: ox.NamedNode, predicate: str = RDFS + "subClassOf") -> list[ox.NamedNode]:
        """The nearest named super-terms of ``term``, asserted or inferred (so a defined class
        gets the classes its definition puts it under): those no other super-term lies under."""
        rows = self.store.query(
            f"SELECT DISTINCT ?super WHERE {{ ?term <{predicate}> ?super FILTER(isIRI(?super) && ?super != ?term && ?super != <{OWL}Thing>) }}",
            bindings={"term": term},
            prefixes=False,
        )
        supers = {row[0] for row in rows.rows if isinstance(row[0], ox.NamedNode)}
        if not supers:
            return []
        values = " ".join(str(s) for s in supers)
        pairs = self.store.query(f"SELECT ?lower ?upper WHERE {{ VALUES ?lower {{ {values} }} ?lower <{predicate}> ?upper FILTER(?lower != ?upper) }}", prefixes=False)
        above = {(lower, upper) for lower, upper in pairs.rows}
        indirect = {upper for lower, upper in above if upper in supers and (upper, lower) not in above}
        return sorted(supers - indirect, key=str)

    def members(self, kind: ox.NamedNode, limit: int = 200) -> tuple[list[Term], list[Term]]:
        """Members of a class: asserted, and only inferred."""
        rows = self.store.query(
            f"SELECT DISTINCT ?member ?graph WHERE {{ GRAPH ?graph {{ ?member a ?class }} FILTER(isIRI(?member) && ?graph IN (<{FACTS_GRAPH}>, <{INFERRED_GRAPH}>)) }} LIMIT {limit * 2}",
            bindings={"class": kind},
            prefixes=False,
        )
        asserted = {m for m, g in rows.rows if m is not None and g is not None and g.value == FACTS_GRAPH}
        inferred = {m for m, g in rows.rows if m is not None and g is not None and g.value == INFERRED_GRAPH} - asserted
        return sorted(asserted, key=str)[:limit], sorted(inferred, key=str)[:limit]

    # --- explaining -----------------------------------------------------------------------

    def explain(self, triple: ox.Triple) -> Explanation:
        # The engine's closure is built once, on first use; a lock keeps two requests from building it twice.
        with self._explain_lock:
            explainer = self.explainer
            explainer.closure  # noqa: B018
        return explainer.explain(triple)

    def entities(self, kinds: Iterable[str] = (), limit: int = 500) -> list[tuple[ox.NamedNode, str]]:
        """(entity, label) for the entities of any of ``kinds`` (class IRIs), or of the data namespace."""
        kinds = list(kinds)
        if kinds:
            values = " ".join(f"<{k}>" for k in kinds)
            query = f"SELECT DISTINCT ?entity ?label WHERE {{ VALUES ?class {{ {values} }} ?entity a ?class FILTER(isIRI(?entity)) OPTIONAL {{ ?entity rdfs:label ?label }} }} LIMIT {limit}"
        else:
            query = f'SELECT DISTINCT ?entity ?label WHERE {{ GRAPH <{FACTS_GRAPH}> {{ ?entity a ?class }} FILTER(STRSTARTS(STR(?entity), "{RPD}")) OPTIONAL {{ ?entity rdfs:label ?label }} }} LIMIT {limit}'
        found: dict[ox.NamedNode, str] = {}
        for entity, label in self.store.query(query).rows:
            if isinstance(entity, ox.NamedNode) and (entity not in found or (isinstance(label, ox.Literal) and label.language == "en")):
                found[entity] = label.value if isinstance(label, ox.Literal) else shorten(entity.value)
        return sorted(found.items(), key=lambda item: item[1].lower())


def short_name(term: Any) -> str:
    """An ontology term or entity by its local name (``partyTo``, ``NATO``), other IRIs by prefixed name, literals quoted."""
    if isinstance(term, ox.NamedNode):
        for namespace in (RP, RPD):
            if term.value.startswith(namespace) and "/" not in term.value[len(namespace):]:
                return term.value[len(namespace):]
        return shorten(term.value)
    if isinstance(term, ox.Literal):
        return f'"{term.value}"'
    return str(term)


def wikidata_links(values: Iterable[Term]) -> list[ox.NamedNode]:
    return [v for v in values if isinstance(v, ox.NamedNode) and v.value.startswith(WIKIDATA)]


def _evidence(record: ox.NamedNode, quote: Any, source: Any, note: Any) -> Evidence:
    return Evidence(
        record,
        quote.value if isinstance(quote, ox.Literal) else None,
        source if isinstance(source, ox.NamedNode) else None,
        note.value if isinstance(note, ox.Literal) else None,
    )


def _source_text(data_files: list[Path], source: str) -> list[str]:
    """The text of ``source``: the file its description names with rp:textFile."""
    from ..rdf.formats import parse_file

    for path in data_files:
        for quad in parse_file(path):
            if quad.subject == ox.NamedNode(source) and quad.predicate.value == RP + "textFile" and isinstance(quad.object, ox.Literal):
                return [(path.parent / quad.object.value).read_text(encoding="utf-8")]
    return [""]

