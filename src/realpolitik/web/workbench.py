"""What the pages read from the knowledge graph: one read-only ``Workbench`` per served graph.

Everything that does not change while the store is open (counts, the stored questions,
each source's text and coverage, the engine's closure for proofs) is read once, when the
workbench opens; every page after that asks the store a few small SPARQL queries. The
store is the persistent embedded one, opened read-only, so any number of workers and
processes may read it at once.
"""

from __future__ import annotations

import functools
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

import pyoxigraph as ox

from ..errors import InputError, did_you_mean
from ..explanations import Explainer, Explanation
from ..explanations.words import ClassExpressions
from ..kg import EVIDENCE_GRAPH, FACTS_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, statement_iri
from ..knowledge_graph import Coverage, KnowledgeGraph, StoredQuestion
from ..rdf.namespaces import OA, OWL, PROV, RDF, RDFS, RP, RPD, SKOS, STATEMENT, WIKIDATA, shorten
from ..rdf.results import Results
from ..rdf.terms import Term

T = TypeVar("T")

# Namespaces whose terms the graph never labels: the W3C's own (their labels would be the ontology's).
_UNLABELLED = (RDF, RDFS, OWL, "http://www.w3.org/2001/XMLSchema#", "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/oa#", "http://www.w3.org/ns/org#", STATEMENT)
_TERM = re.compile(r"\?term\b")

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
    return _path_of_iri(term.value) if isinstance(term, ox.NamedNode) else None


@functools.lru_cache(maxsize=65536)
def _path_of_iri(iri: str) -> str | None:
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE):]
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
    """A source document: its IRI and its coverage by the evidence records' quotes (with its text)."""

    iri: ox.NamedNode
    coverage: Coverage


class Workbench:
    """The read-only view of one knowledge graph that the web pages are drawn from."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.store = kg.store
        self.layout = kg.layout
        self._explain_lock = threading.Lock()
        self._render_lock = threading.Lock()
        # The embedded store's own pyoxigraph Store, for index lookups (None for a remote store).
        raw = getattr(self.store, "store", None)
        self._raw: ox.Store | None = raw if isinstance(raw, ox.Store) else None
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
                coverage = self.kg.coverage(source.value)
            except InputError:
                continue
            found[path] = Source(source, coverage)
        return found

    # --- labels ---------------------------------------------------------------------------

    # --- entities -------------------------------------------------------------------------

    def unknown(self, term: ox.NamedNode) -> str | None:
        """None when the graph describes ``term``; else "unknown entity rpd:X (did you mean rpd:Y?)",
        as ``KnowledgeGraph.unknown_entity`` says it, from names read once and compared only with
        those of about the same length and first letter (a large graph has many)."""
        if self.store.describes(term):
            return None
        if not term.value.startswith(RPD):
            return self.kg.unknown_entity(term)
        local = term.value[len(RPD):]
        near = [name for name in self.entity_names if abs(len(name) - len(local)) <= 3 and name[:1].lower() == local[:1].lower()]
        hint = did_you_mean(local, near, quote="")
        return f"unknown entity {shorten(term.value)}" + hint.replace("did you mean ", "did you mean rpd:")

    @cached_property
    def entity_names(self) -> list[str]:
        """The local names of the data's entities (the typed subjects of the facts graph)."""
        rows = self.store.query(f'SELECT DISTINCT ?entity WHERE {{ GRAPH <{FACTS_GRAPH}> {{ ?entity a ?class }} FILTER(STRSTARTS(STR(?entity), "{RPD}")) }}', prefixes=False)
        return sorted(row[0].value[len(RPD):] for row in rows.rows if isinstance(row[0], ox.NamedNode))

    def warm(self, stop: threading.Event | None = None) -> None:
        """Read what the pages read once (counts, questions, sources, entity names), so that
        no visitor waits for it; ``stop`` ends it between one and the next."""
        for name in ("stats", "class_counts", "questions", "sources", "dataset", "entity_names", "ontology_terms"):
            if stop is not None and stop.is_set():
                return
            getattr(self, name)

    def _about(self, subjects: Iterable[Any], predicate: str | None = None, graph: str | None = None) -> list[ox.Quad]:
        """The quads with each of ``subjects`` as subject (and ``predicate``, in ``graph``, when given).

        On the embedded store these are index lookups: about 80 µs a subject whatever the
        graph's size, where a SPARQL query with a VALUES block of 100 terms took 27 ms on
        100k quads and grew with the graph (Oxigraph scanned the pattern and joined the
        block late), and one UNION branch per term took 70 ms. Another store gets one query.
        """
        wanted = list(dict.fromkeys(t for t in subjects if isinstance(t, (ox.NamedNode, ox.BlankNode))))
        p = ox.NamedNode(predicate) if predicate else None
        g = ox.NamedNode(graph) if graph else None
        if self._raw is not None:
            return [quad for subject in wanted for quad in self._raw.quads_for_pattern(subject, p, None, g)]
        return self._query_quads(wanted, p, g, subject_side=True)

    def _pointing(self, objects: Iterable[Any], predicate: str, graph: str | None = None) -> list[ox.Quad]:
        """The quads with each of ``objects`` as object and ``predicate`` as predicate (lookups, as ``_about``)."""
        wanted = list(dict.fromkeys(t for t in objects if isinstance(t, ox.NamedNode)))
        p, g = ox.NamedNode(predicate), (ox.NamedNode(graph) if graph else None)
        if self._raw is not None:
            return [quad for value in wanted for quad in self._raw.quads_for_pattern(None, p, value, g)]
        return self._query_quads(wanted, p, g, subject_side=False)

    def _query_quads(self, terms: list[Any], predicate: ox.NamedNode | None, graph: ox.NamedNode | None, *, subject_side: bool) -> list[ox.Quad]:
        iris = [t for t in terms if isinstance(t, ox.NamedNode)]  # a blank node cannot be named in a query to another store
        if not iris:
            return []
        p = str(predicate) if predicate else "?p"
        pattern = f"?term {p} ?other" if subject_side else f"?other {p} ?term"
        where = f"GRAPH {graph} {{ {pattern} }}" if graph else f"GRAPH ?g {{ {pattern} }}"
        rows = self.store.query(f"SELECT * WHERE {{ VALUES ?term {{ {' '.join(str(i) for i in iris)} }} {where} }}", prefixes=False).to_dicts()
        quads = []
        for row in rows:
            name = graph or row["g"]
            pred = predicate or row["p"]
            subject, object_ = (row["term"], row["other"]) if subject_side else (row["other"], row["term"])
            quads.append(ox.Quad(subject, pred, object_, name))  # type: ignore[arg-type]
        return quads

    def _ask_one(self, template: str, term: Any) -> Results:
        return self.store.query(_TERM.sub(str(term), template), prefixes=True)

    def labels(self, terms: Iterable[Any]) -> dict[Any, str]:
        """The label of each IRI among ``terms`` (English first; those without one are left out)."""
        found: dict[Any, str] = {}
        english: set[Any] = set()
        rest = []
        for term in terms:  # the ontology's terms are labelled in memory; only the data's are asked for
            labels = self.ontology_about(term).get(RDFS + "label") if term in self._ontology_index[0] else None
            if labels:
                found[term] = next((label.value for label in labels if isinstance(label, ox.Literal) and label.language == "en"), labels[0].value)
            elif not (isinstance(term, ox.NamedNode) and term.value.startswith(_UNLABELLED)):
                rest.append(term)
        for quad in self._about(rest, RDFS + "label"):
            label, term = quad.object, quad.subject
            if isinstance(label, ox.Literal) and term not in english:
                found[term] = label.value
                if label.language == "en":
                    english.add(term)
        return found

    def values(self, term: Term, predicate: str) -> list[Term]:
        rows = self._ask_one(f"SELECT DISTINCT ?value WHERE {{ ?term <{predicate}> ?value }}", term)
        return [row[0] for row in rows.rows if row[0] is not None]

    def kinds(self, term: Term) -> tuple[list[ox.NamedNode], list[ox.NamedNode]]:
        """The named classes ``term`` is asserted to belong to, and those only inferred."""
        rows = self._ask_one("SELECT DISTINCT ?class ?graph WHERE { GRAPH ?graph { ?term a ?class } FILTER(isIRI(?class)) }", term)
        asserted = sorted({c for c, g in rows.rows if isinstance(c, ox.NamedNode) and g is not None and g.value != INFERRED_GRAPH}, key=str)
        inferred = sorted({c for c, g in rows.rows if isinstance(c, ox.NamedNode) and g is not None and g.value == INFERRED_GRAPH} - set(asserted), key=str)
        return asserted, [c for c in inferred if c.value != OWL + "Thing"]

    def statements(self, term: Term, *, incoming: bool, limit: int = 500, evidence_graph: bool = False) -> list[Statement]:
        """The facts and inferences with ``term`` as subject (or object, when ``incoming``),
        asserted ones with their evidence; with ``evidence_graph``, what the evidence graph
        says too (for records, statements and sources)."""
        pattern = "?other ?predicate ?term" if incoming else "?term ?predicate ?other"
        graphs = [FACTS_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH] + ([EVIDENCE_GRAPH] if evidence_graph else [])
        rows = self._ask_one(f"SELECT ?predicate ?other ?graph WHERE {{ GRAPH ?graph {{ {pattern} }} }} LIMIT {limit * 8}", term)
        wanted = set(graphs)
        found: dict[tuple[Any, Any], bool] = {}
        for predicate, other, graph in rows.rows:
            if not isinstance(predicate, ox.NamedNode) or other is None or graph is None or graph.value not in wanted:
                continue
            if isinstance(other, ox.BlankNode) and incoming:
                continue  # a blank node pointing here is part of a description shown elsewhere
            key = (predicate, other)
            found[key] = found.get(key, True) and graph.value == INFERRED_GRAPH
        asserted = [(other, p, term) if incoming else (term, p, other) for (p, other), inferred in found.items() if not inferred]
        evidence = self.evidence_of(ox.Triple(*t) for t in asserted if not isinstance(t[0], ox.Literal))
        result = []
        for (predicate, other), inferred in sorted(found.items(), key=lambda item: (str(item[0][0]), str(item[0][1])))[:limit]:
            subject, object_ = (other, term) if incoming else (term, other)
            triple = None if inferred or isinstance(subject, ox.Literal) else ox.Triple(subject, predicate, object_)
            result.append(Statement(subject, predicate, object_, inferred, tuple(evidence.get(triple, ())) if triple is not None else ()))
        return result

    def evidence_of(self, triples: Iterable[ox.Triple]) -> dict[ox.Triple, list[Evidence]]:
        """The evidence of each asserted fact among ``triples`` (ontology axioms have none)."""
        by_statement = {statement_iri(t): t for t in triples}
        derived = self._about(by_statement, PROV + "wasDerivedFrom", EVIDENCE_GRAPH)
        records = self.records({quad.object for quad in derived})
        found: dict[ox.Triple, list[Evidence]] = {}
        for quad in sorted(derived, key=lambda quad: str(quad.object)):
            if quad.object in records:
                found.setdefault(by_statement[quad.subject], []).append(records[quad.object])  # type: ignore[index]
        return found

    def records(self, records: Iterable[Any]) -> dict[Any, Evidence]:
        """Each evidence record's quote and source, or its background note (read once per record)."""
        cache: dict[Any, Evidence] = self.__dict__.setdefault("_records", {})
        records = list(records)
        missing = [r for r in records if isinstance(r, ox.NamedNode) and r not in cache]
        if missing:
            found: dict[Any, Evidence] = {r: Evidence(r) for r in missing}
            targets = self._about(missing, OA + "hasTarget", EVIDENCE_GRAPH)
            about_targets = self._about({q.object for q in targets}, None, EVIDENCE_GRAPH)
            selectors = self._about({q.object for q in about_targets if q.predicate.value == OA + "hasSelector"}, OA + "exact", EVIDENCE_GRAPH)
            exact: dict[Any, Any] = {q.subject: q.object for q in selectors}
            for target in targets:
                facts = [q for q in about_targets if q.subject == target.object]
                quote = next((exact[q.object] for q in facts if q.predicate.value == OA + "hasSelector" and q.object in exact), None)
                source = next((q.object for q in facts if q.predicate.value == OA + "hasSource"), None)
                if quote is not None:
                    found[target.subject] = _evidence(target.subject, quote, source, None)  # type: ignore[arg-type]
            described = self._about(missing, None, EVIDENCE_GRAPH)
            background = {q.subject for q in described if q.predicate.value == _TYPE and q.object == ox.NamedNode(RP + "BackgroundKnowledge")}
            for quad in described:
                if quad.subject in background and quad.predicate.value == RDFS + "comment" and found[quad.subject].quote is None:
                    found[quad.subject] = _evidence(quad.subject, None, None, quad.object)  # type: ignore[arg-type]
            with self._render_lock:
                cache.update(found)
        return {r: cache[r] for r in records if r in cache}

    def roles(self, nodes: Iterable[Term]) -> dict[Term, dict[str, list[Term]]]:
        """The asserted facts of each node, {node: {property IRI: [values]}}, and its classes (asserted or inferred) under ``rdf:type``."""
        nodes = [n for n in nodes if isinstance(n, ox.NamedNode)]
        quads = self._about(nodes, None, FACTS_GRAPH) + self._about(nodes, _TYPE, INFERRED_GRAPH)
        found: dict[Term, dict[str, list[Term]]] = {}
        for quad in sorted(quads, key=lambda quad: (str(quad.subject), str(quad.predicate), str(quad.object))):
            values = found.setdefault(quad.subject, {}).setdefault(quad.predicate.value, [])  # type: ignore[arg-type]
            if quad.object not in values:
                values.append(quad.object)  # type: ignore[arg-type]
        return found

    def record_facts(self, records: Iterable[Any]) -> dict[Any, list[ox.Triple]]:
        """The facts each evidence record supports."""
        derived = self._pointing(records, PROV + "wasDerivedFrom", EVIDENCE_GRAPH)
        parts: dict[Any, dict[str, Any]] = {}
        for quad in self._about({q.subject for q in derived}, None, EVIDENCE_GRAPH):
            if quad.predicate.value in (RDF + "subject", RDF + "predicate", RDF + "object"):
                parts.setdefault(quad.subject, {})[quad.predicate.value[len(RDF):]] = quad.object
        found: dict[Any, list[ox.Triple]] = {}
        for quad in derived:
            triple = parts.get(quad.subject, {})
            s, p, o = triple.get("subject"), triple.get("predicate"), triple.get("object")
            if s is not None and isinstance(p, ox.NamedNode) and o is not None and not isinstance(s, ox.Literal):
                found.setdefault(quad.object, []).append(ox.Triple(s, p, o))
        return {record: sorted(triples, key=str) for record, triples in found.items()}

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
        """(entity, label) for the entities of any of ``kinds`` (class IRIs), or of the data namespace
        (read once per set of kinds: a question's form offers the same choices every time)."""
        key = (tuple(sorted(kinds)), limit)
        return self.rendered(("entities", key), lambda: self._entities(list(key[0]), limit))

    def _entities(self, kinds: list[str], limit: int) -> list[tuple[ox.NamedNode, str]]:
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
