"""The Python API: a knowledge graph you open, ask, explain, validate, edit and publish.

    >>> import realpolitik
    >>> with realpolitik.open() as kg:
    ...     for row in kg.ask("who-bypasses-ukraine"):
    ...         print(row.actorLabel.value, row.label("actor"))
    Russia Russia
    Turkey Turkey

``open`` reads a knowledge-graph folder (``ontology/ data/ queries/``; by default the
working folder when it is one, else the bundled graph) and reasons over it, or reads the
cached closure; ``connect`` speaks to a remote SPARQL 1.1 store holding a loaded graph.
Both give a :class:`KnowledgeGraph`, which works the same over either kind of store.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..errors import EndpointError, InputError, QueryRefused, QueryTimeout, RealpolitikError
from ..findings import Finding, Location
from ..inference import DEFAULT_ENGINE, check_engine, engine_findings, infer, inferred_triples, materialise
from ..kg import (
    ALL_GRAPHS,
    EVIDENCE_GRAPH,
    FACTS_GRAPH,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
    Layout,
    evidence_quads,
)
from ..questions.ask import ask
from ..questions.catalogue import Catalogue, Parameter, StoredQuestion
from ..rdf.formats import RDF_FORMATS, parse_bytes
from ..rdf.namespaces import OWL, RDF, RP
from ..rdf.results import Results, Row
from ..rdf.terms import Term, parse_term
from ..stores import Store, labels_of, unknown_entity
from ..stores.local import DEFAULT_QUERY_TIMEOUT, LocalStore, check_timeout
from ..stores.memory import reason

if TYPE_CHECKING:
    from ..explanations import Explainer, Explanation, Proof, RowExplanation
    from ..kg.coverage import Coverage
    from ..kg.documents import AddedSource, NewEvidence
    from ..questions.competency import CheckResults, QuestionResult
    from ..stores.embedded import StoreBuild
    from ..stores.perspectives import EvidenceIndex, Perspective, RowClaims
    from ..stores.remote import LoadReport

# The formats ``add`` and ``remove`` read, by the names rdflib and pyoxigraph users know.
__all__ = [
    "open", "connect", "KnowledgeGraph", "Results", "Row", "StoredQuestion", "Parameter",
    "Finding", "Location", "Perspective", "RowClaims", "RealpolitikError", "InputError", "EndpointError",
    "QueryRefused", "QueryTimeout", "Coverage", "Explanation", "RowExplanation", "Proof", "QuestionResult", "CheckResults",
    "open_built", "stored_questions", "coverage", "add_source", "new_evidence", "validate", "build",
]

_DATA_FORMATS = {"turtle": "ttl", "ttl": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt", "trig": "trig", "nq": "nq", "nquads": "nq", "n-quads": "nq"}


def open(path: str | Path | None = None, *, engine: str | None = None, cache: bool = True, persistent: bool | str | Path = False,
         timeout: float | None = DEFAULT_QUERY_TIMEOUT, allow_federation: bool = False) -> KnowledgeGraph:
    """Open the knowledge graph in ``path`` (default: the working folder when it is one,
    else the bundled graph), reasoned with ``engine`` (``realpolitik``, the project's own
    engine, when None; or ``owlrl``).

    The graph is held in memory, read from the cache of reasoned graphs when its files
    have not changed (``cache=False`` reasons afresh). With ``persistent`` (True, or a
    store folder) it is the embedded on-disk Oxigraph store instead, built or rebuilt
    when the files have changed; such a graph is read-only.

    Every query must finish within ``timeout`` seconds (None: no limit), or it is stopped
    and raises QueryTimeout; queries with SERVICE clauses are refused unless
    ``allow_federation``.

    Raises InputError (``file:line:column``) when a file does not parse.
    """
    check_timeout(timeout)
    engine = check_engine(engine)
    layout = Layout.at(path)
    if persistent is not False:
        from ..stores.embedded import open_store

        folder = None if persistent is True else Path(persistent)
        store = open_store(layout, folder, engine=engine)
    else:
        reasoned = reason(layout, engine=engine, use_cache=cache)
        store = LocalStore(reasoned.store, reasoned.findings)
    store.timeout, store.allow_federation = timeout, allow_federation
    if persistent is not False:
        return KnowledgeGraph(store, layout=layout, engine=engine)
    kg = KnowledgeGraph(store, layout=layout, engine=engine, closure=reasoned.closure, editable=True)
    kg._use_cache = cache
    return kg


def connect(query_url: str, *, update_url: str | None = None, graph_store_url: str | None = None, questions: str | Path | None = None,
            allow_federation: bool = False) -> KnowledgeGraph:
    """The knowledge graph loaded into a remote SPARQL 1.1 store (see ``load_into``).

    Stored questions come from the knowledge-graph folder ``questions`` (default: the
    working folder when it is one, else the bundled graph). Credentials and timeout come
    from REALPOLITIK_ENDPOINT_USER, REALPOLITIK_ENDPOINT_PASSWORD and
    REALPOLITIK_ENDPOINT_TIMEOUT. Raises InputError for a URL that is not http(s).
    """
    from ..stores.remote import RemoteStore

    store = RemoteStore.from_environment(query_url, update_url, graph_store_url)
    store.allow_federation = allow_federation
    return KnowledgeGraph(store, layout=Layout.at(questions), engine=DEFAULT_ENGINE)


def open_built(path: str | Path | None = None, *, store: str | Path | None = None, engine: str | None = None,
               timeout: float | None = DEFAULT_QUERY_TIMEOUT, allow_federation: bool = False) -> KnowledgeGraph | None:
    """The graph in its embedded store when one has been built (``build``) in ``store``
    (default: the graph's own store folder), rebuilt first when the files have changed;
    None when no store was ever built there. What ``realpolitik query`` asks."""
    from ..stores.embedded import current_build, store_folder

    layout = Layout.at(path)
    if current_build(store_folder(layout, store)) is None:
        return None
    return open(layout.root, engine=engine, persistent=store or True, timeout=timeout, allow_federation=allow_federation)


# --- The folder: what needs no reasoned graph -----------------------------------------------
# The knowledge graph's files, read or written without opening (reasoning over) the graph.


def stored_questions(path: str | Path | None = None) -> Catalogue:
    """The stored questions of the knowledge graph in ``path`` (as for ``open``), read without reasoning."""
    return Catalogue(Layout.at(path))


def coverage(path: str | Path | None = None, *, source: str | None = None) -> list[Coverage]:
    """How the evidence records cover ``source`` (see ``KnowledgeGraph.coverage``), or each
    of the graph's sources in turn when it is None."""
    from ..kg.documents import source_files

    layout = Layout.at(path)
    return [_coverage(layout, name) for name in ([source] if source else sorted(source_files(layout)))]


def _coverage(layout: Layout, source: str) -> Coverage:
    from ..kg.coverage import coverage_of_source
    from ..kg.documents import find_source

    iri = source if source.startswith(("http://", "https://")) else find_source(layout, source)[0]
    return coverage_of_source(iri, layout.data_files)


def add_source(path: str | Path | None, file: str | Path, *, title: str, author: str, published: str | None = None,
               url: str | None = None, name: str | None = None) -> AddedSource:
    """Add the source document ``file`` to the knowledge graph in ``path``: its text byte for
    byte under ``data/sources/`` and its description (``kg.documents.add_source``)."""
    from ..kg.documents import add_source

    return add_source(Layout.at(path), file, title=title, author=author, published=published, url=url, name=name)


def new_evidence(path: str | Path | None, source: str, quote: str, *, prefix: str = "", suffix: str = "", record: str | None = None,
                 claimant: str | None = None, modality: str = "stated") -> NewEvidence:
    """Write an evidence record quoting ``quote`` from ``source``, checked against its text
    (``kg.documents.new_evidence``), into the knowledge graph in ``path``."""
    from ..kg.documents import new_evidence

    return new_evidence(Layout.at(path), source, quote, prefix=prefix, suffix=suffix, record=record, claimant=claimant, modality=modality)


def validate(path: str | Path | None = None, *, engine: str | None = None, cache: bool = True,
             checks: Iterable[str | Path] = ()) -> list[Finding]:
    """Every validation check over the knowledge graph in ``path``, most severe first; a
    file that does not parse is a finding here, where ``open`` would raise."""
    from ..validation import validate

    if isinstance(checks, str | Path):
        raise TypeError("checks: a list of folders, not one folder")
    return validate(Layout.at(path), engine=engine, use_cache=cache, checks=[Path(c) for c in checks])


def build(path: str | Path | None = None, *, store: str | Path | None = None, engine: str | None = None, force: bool = False) -> StoreBuild:
    """Build the embedded Oxigraph store of the knowledge graph in ``path`` in ``store``
    (default: its own store folder), unless it is current (``force`` rebuilds)."""
    from ..stores.embedded import build_store

    return build_store(Layout.at(path), store, engine=check_engine(engine), force=force)


class KnowledgeGraph:
    """A reasoned knowledge graph in a store, with its stored questions.

    Open one with :func:`open` or :func:`connect`; close it (or use ``with``) to release
    its store.
    """

    def __init__(
        self,
        store: Store,
        *,
        layout: Layout,
        engine: str = DEFAULT_ENGINE,
        closure: Any = None,
        editable: bool = False,
        perspective: Perspective | None = None,
        admitted: frozenset[str] | None = None,
    ) -> None:
        self.store = store
        self.layout = layout
        self.engine = engine
        self._perspective = perspective
        """The perspective this graph is reasoned under (``everything`` for a graph as opened)."""
        self._closure = closure
        self._editable = editable
        self._admitted = admitted
        self._views: dict[str, KnowledgeGraph] = {}
        # Which view answered a Results object, so that why() and claims() explain it there.
        self._answered_by: weakref.WeakKeyDictionary[Results, KnowledgeGraph] = weakref.WeakKeyDictionary()

    # --- asking ---------------------------------------------------------------------------

    @property
    def questions(self) -> Catalogue:
        """The stored questions, by name: ``kg.questions["who-bypasses-ukraine"].question``."""
        return Catalogue(self.layout)

    @property
    def findings(self) -> list[Finding]:
        """The inconsistencies reasoning found (empty for a consistent graph)."""
        return self.store.findings

    def ask(
        self,
        name: str,
        /,
        *,
        reasoning: bool = True,
        according_to: str | Perspective | None = None,
        modalities: Iterable[str] = (),
        claimants: bool = False,
        **params: str | Term,
    ) -> Results:
        """Answer the stored question ``name``; parameters by name, as RDF terms or as
        text (``country="rpd:Ukraine"`` or ``country="Ukraine"``).

        ``according_to`` names a perspective (``kg.perspectives``; default: everything) and
        ``modalities`` narrows it (``["stated"]``): the answer is then what follows from the
        ontology, background knowledge and that perspective's claims alone. ``claimants``
        adds a ``claimants`` column: whose claims, in which modality, each row rests on.

        Raises InputError for an unknown question, parameter, entity, perspective or modality.
        """
        view = self.under(according_to, modalities)
        results = view._labelled(ask(view.store, view.questions.get(name), dict(params), reasoning=reasoning))
        return self._answered(view, results, claimants)

    def sparql(
        self,
        text: str,
        *,
        reasoning: bool = True,
        according_to: str | Perspective | None = None,
        modalities: Iterable[str] = (),
        claimants: bool = False,
    ) -> Results:
        """Run an ad hoc SPARQL query (the project's prefixes rp:, rpd:, … are predeclared),
        under a perspective as in ``ask``.

        Raises InputError naming line and column for a syntax error.
        """
        view = self.under(according_to, modalities)
        return self._answered(view, view._labelled(view.store.query(text, reasoning=reasoning)), claimants)

    def _answered(self, view: KnowledgeGraph, results: Results, claimants: bool) -> Results:
        if claimants and results.variables:
            claims = [view.claims(row).to_text() for row in results]
            results = Results(
                results.variables + ["claimants"],
                [row + (ox.Literal(text),) for row, text in zip(results.rows, claims, strict=True)],
                query=results.query,
                bindings=results.bindings,
                labels=results.labels,
            )
        self._answered_by[results] = view
        view._answered_by[results] = view
        return results

    # --- perspectives ---------------------------------------------------------------------

    @property
    def perspective(self) -> Perspective:
        """The perspective this graph was reasoned under (``everything`` unless it is a view)."""
        if self._perspective is None:
            from ..stores.perspectives import EVERYTHING, Perspective

            self._perspective = Perspective(EVERYTHING)
        return self._perspective

    @perspective.setter
    def perspective(self, perspective: Perspective) -> None:
        self._perspective = perspective

    @property
    def perspectives(self) -> dict[str, Perspective]:
        """The named perspectives of this graph: ``everything`` (the default), ``author-stated``,
        one per claimant (``european-commission``) and one per source (``source:article``)."""
        from ..stores.perspectives import named_perspectives

        return named_perspectives(self.store)

    def under(self, according_to: str | Perspective | None = None, modalities: Iterable[str] = ()) -> KnowledgeGraph:
        """This graph reasoned under a perspective, as a read-only KnowledgeGraph of its own
        (``self`` for everything). Views are kept, so asking again costs only the query.

        Raises InputError for an unknown perspective or modality (with "did you mean").
        """
        modalities = list(modalities)
        if according_to is None and not modalities:
            return self
        from ..stores.perspectives import EvidenceIndex, choose, reason_under

        perspective = choose(self.store, according_to, modalities)
        if perspective.admits_everything:
            return self
        key = perspective.key()
        if key not in self._views:
            layout = None if self._edited else self.layout
            if self._evidence_index is None:
                self._evidence_index = EvidenceIndex(self.store)
            reasoned = reason_under(self.store, perspective, layout=layout, engine=self.engine, use_cache=self._use_cache,
                                    base_closure=self._closure, index=self._evidence_index)
            self._views[key] = KnowledgeGraph(
                reasoned.store, layout=self.layout, engine=self.engine, closure=reasoned.closure,
                perspective=perspective, admitted=reasoned.admitted_records,
            )
        view = self._views[key]
        view.perspective = perspective
        return view

    def claims(self, row: Row) -> RowClaims:
        """Whose claims ``row`` rests on: the records behind the asserted leaves of its
        proofs, with claimant and modality, and every minimal set of them that suffices."""
        view = self._answered_by.get(row.results, self)
        explainer = view._explainer()
        from ..stores.perspectives import row_claims

        return row_claims(explainer, explainer.explain_row(row))

    _use_cache = True
    _evidence_index: EvidenceIndex | None = None

    def unknown_entity(self, term: Term | str) -> str | None:
        """None when the graph describes ``term`` (a term, or written as on the command line:
        ``rpd:Turkey``); else the one line that says so, with the nearest names it does
        describe: ``unknown entity rpd:Rusia (did you mean rpd:Russia?)``.

        Raises InputError for text that is not a term.
        """
        if isinstance(term, str):
            try:
                term = parse_term(term)
            except ValueError as error:
                raise InputError(f"{term!r}: {error}") from None
        return unknown_entity(self.store, term)

    def _labelled(self, results: Results) -> Results:
        store = self.store
        results.labels = lambda terms: labels_of(store, terms)
        return results

    # --- explaining -----------------------------------------------------------------------

    def explain(
        self,
        subject: Term | str,
        predicate: Term | str,
        object: Term | str,
        *,
        according_to: str | Perspective | None = None,
        modalities: Iterable[str] = (),
    ) -> Explanation:
        """Whether the triple is asserted, inferred or not entailed, with its proof down to
        the evidence (each record with its claimant and modality), under a perspective as in
        ``ask``. Terms may be written as on the command line (``rpd:Turkey``, ``a``).

        Raises InputError for a term that cannot be read.
        """
        terms = []
        for role, value in (("subject", subject), ("predicate", predicate), ("object", object)):
            if isinstance(value, str):
                try:
                    value = ox.NamedNode(RDF + "type") if role == "predicate" and value == "a" else parse_term(value)
                except ValueError as error:
                    raise InputError(f"explain: {role} {value!r}: {error}") from None
            terms.append(value)
        subject_term, predicate_term, object_term = terms
        if isinstance(subject_term, ox.Literal) or not isinstance(predicate_term, ox.NamedNode):
            raise InputError("explain: the subject and predicate must be IRIs, not literals")
        triple = ox.Triple(subject_term, predicate_term, object_term)
        return self.under(according_to, modalities)._explainer().explain(triple)

    def why(self, row: Row) -> RowExplanation:
        """Why ``row`` (of ``ask`` or ``sparql``) is an answer: each triple it rests on, explained
        under the perspective it was asked under."""
        return self._answered_by.get(row.results, self)._explainer().explain_row(row)

    def why_all(self, results: Results) -> list[RowExplanation]:
        """``why`` for every row of ``results``."""
        return self._answered_by.get(results, self)._explainer().explain_answer(results)

    _kept_explainer: Explainer | None = None

    def _explainer(self) -> Explainer:
        # Kept between calls: without a closure (a graph read from the cache) the explainer
        # reasons once to recover derivations, which per row would cost a reasoning each.
        if self._kept_explainer is None:
            from ..explanations import Explainer

            self._kept_explainer = Explainer(self.store, self._closure, self._admitted)
        return self._kept_explainer

    # --- quality gates --------------------------------------------------------------------

    def validate(self, *, checks: list[str | Path] | None = None) -> list[Finding]:
        """Every validation check (shapes, consistency, evidence, vocabulary, report, OWL 2 RL
        profile), most severe first; ``checks`` adds folders of SPARQL report checks."""
        from ..validation import validate

        if self._edited:
            raise InputError("validate reads the knowledge graph's files; this graph was edited in Python since it was opened")
        return validate(self.layout, engine=self.engine, checks=[Path(c) for c in checks or []], store=self.store)

    def check(self) -> CheckResults:
        """Every stored question with expected answers, run with and without reasoning; a
        question that names its source (``#+ source: article``) runs under that source's
        perspective, so that other sources cannot change its answers. The results are a
        list of QuestionResult with ``.passed`` (all of them) and ``.table()``."""
        from ..questions.competency import check_questions

        return check_questions(self.store, self.questions.all(), store_for=self._store_for_question)

    def _store_for_question(self, query: StoredQuestion) -> Store:
        from ..questions.competency import source_perspective

        perspective = source_perspective(self.store, query)
        return self.store if perspective is None else self.under(perspective).store

    def stats(self) -> dict[str, int]:
        """Counts of terms, individuals, evidence records and triples, in a stable order."""

        def count(query: str) -> int:
            value = self.store.query(query)[0][0]
            return int(value.value) if isinstance(value, ox.Literal) else 0

        def kinds(graph: str, kind: str) -> int:
            return count(f"SELECT (COUNT(DISTINCT ?term) AS ?count) WHERE {{ GRAPH <{graph}> {{ ?term a <{kind}> FILTER isIRI(?term) }} }}")

        return {
            "classes": kinds(ONTOLOGY_GRAPH, OWL + "Class"),
            "object properties": kinds(ONTOLOGY_GRAPH, OWL + "ObjectProperty"),
            "datatype properties": kinds(ONTOLOGY_GRAPH, OWL + "DatatypeProperty"),
            "individuals": count(f"SELECT (COUNT(DISTINCT ?s) AS ?count) WHERE {{ GRAPH <{FACTS_GRAPH}> {{ ?s a ?class FILTER isIRI(?s) }} }}"),
            "article evidence records": kinds(EVIDENCE_GRAPH, RP + "ArticleEvidence"),
            "background knowledge records": kinds(EVIDENCE_GRAPH, RP + "BackgroundKnowledge"),
            "ontology triples": self.store.count(ONTOLOGY_GRAPH),
            "asserted fact triples": self.store.count(FACTS_GRAPH),
            "evidence triples": self.store.count(EVIDENCE_GRAPH),
            "inferred triples": self.store.count(INFERRED_GRAPH),
        }

    def coverage(self, source: str) -> Coverage:
        """How the evidence records cover ``source`` (``article``, ``src:article`` or its IRI):
        each sentence of its text with the records quoting it, or the note saying why it
        carries no fact. Reads the knowledge graph's files, not the store.

        Raises InputError for an unknown source (naming the known ones), a missing text
        file, or a file that does not parse.
        """
        return _coverage(self.layout, source)

    # --- publishing -----------------------------------------------------------------------

    def export(self, path: str | Path, *, format: str | None = None, inferred: bool = False) -> int:
        """Write the asserted graphs (and the inferred one with ``inferred``) to ``path``,
        in ``format`` (``ttl``, ``nt``, ``nq``, ``trig``, ``jsonld``, ``xml``; default:
        from the suffix). Returns the number of triples or quads written."""
        from .publishing import export_graphs, write_graphs

        return write_graphs(self.store, export_graphs(inferred), path, format)

    def export_closure(self, path: str | Path, *, inferred_path: str | Path | None = None, format: str | None = None) -> tuple[int, int]:
        """Write the ontology, the facts and their inferences to ``path`` and, with
        ``inferred_path``, the inferences alone there: both files or neither. Returns the
        number of triples in each (0 for no second file)."""
        from .publishing import write_graphs_together

        outputs = [(path, [ONTOLOGY_GRAPH, FACTS_GRAPH, INFERRED_GRAPH])]
        if inferred_path is not None:
            outputs.append((inferred_path, [INFERRED_GRAPH]))
        written = write_graphs_together(self.store, outputs, format)
        return written[0], written[1] if inferred_path is not None else 0

    def publish(self, folder: str | Path, *, endpoint: str | None = None) -> list[Path]:
        """Write a release folder: every format, the closure, the stored questions and a
        VoID/DCAT description naming ``endpoint``. Returns the files written."""
        from .publishing import write_release

        return write_release(self.store, folder, self.questions.all(), endpoint)

    def load_into(self, query_url: str, *, update_url: str | None = None, graph_store_url: str | None = None) -> LoadReport:
        """Replace the graphs of a remote SPARQL 1.1 store with this graph's, all or none.

        Raises EndpointError naming the step that failed; the store keeps its previous
        graphs then.
        """
        from ..stores.remote import RemoteStore, load_graphs

        target = RemoteStore.from_environment(query_url, update_url, graph_store_url)
        try:
            return load_graphs(target, {graph: list(self.store.triples(graph)) for graph in ALL_GRAPHS})
        finally:
            target.close()

    # --- editing --------------------------------------------------------------------------

    _edited = False

    def add(self, data: str | bytes, *, format: str = "turtle") -> None:
        """Add facts and reason again, so that every answer reflects them at once.

        Turtle and N-Triples triples are facts (with no evidence record); TriG and N-Quads
        follow the data folder's convention: a named graph holds the facts of the evidence
        record it is named after, the default graph describes records. Nothing is written
        to the knowledge graph's files. Raises InputError for data that does not parse or
        a graph that cannot be edited (a remote or persistent store).
        """
        self._edit(data, format, adding=True)

    def remove(self, data: str | bytes, *, format: str = "turtle") -> None:
        """Remove facts (and, for TriG, what evidence records said) and reason again.

        A fact that another evidence record still states stays.
        """
        self._edit(data, format, adding=False)

    def _edit(self, data: str | bytes, format: str, adding: bool) -> None:
        if not self._editable or not isinstance(self.store, LocalStore):
            raise InputError("this knowledge graph is read-only here: open it in memory (realpolitik.open(path)) to edit it")
        if format not in _DATA_FORMATS:
            raise InputError(f"unknown data format {format!r}; choose one of: {', '.join(sorted(set(_DATA_FORMATS)))}")
        name = _DATA_FORMATS[format]
        quads = parse_bytes(data.encode("utf-8") if isinstance(data, str) else data, RDF_FORMATS[name], f"<{'added' if adding else 'removed'} {format}>")
        store = self.store.store
        facts, evidence = ox.NamedNode(FACTS_GRAPH), ox.NamedNode(EVIDENCE_GRAPH)
        if name in ("ttl", "nt"):
            changed = [ox.Quad(q.subject, q.predicate, q.object, facts) for q in quads]
        else:
            changed = evidence_quads(quads, facts, evidence)
        before = set(self.store.triples(FACTS_GRAPH))
        if adding:
            store.extend(changed)
        else:
            for quad in changed:
                store.remove(quad)
            self.store.changed()
            self._restore_still_stated()
        after = set(self.store.triples(FACTS_GRAPH))
        self._edited = True
        self._views.clear()
        self._kept_explainer = None
        self._evidence_index = None
        self._reason_again(before, added=after - before, removed=before - after)
        self.store.changed()

    def _restore_still_stated(self) -> None:
        """Put back every fact whose reified statement another record still derives."""
        rows = self.store.query(
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{EVIDENCE_GRAPH}> {{ ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?record }} }}"
        )
        facts = ox.NamedNode(FACTS_GRAPH)
        assert isinstance(self.store, LocalStore)
        for s, p, o in rows.rows:
            if s is not None and isinstance(p, ox.NamedNode) and o is not None and not isinstance(s, ox.Literal):
                self.store.store.add(ox.Quad(s, p, o, facts))

    def _reason_again(self, before: set[ox.Triple], added: set[ox.Triple], removed: set[ox.Triple]) -> None:
        """Bring the inferred graph and the findings up to date with an edit of the facts.

        The project's engine updates its closure incrementally (semi-naive for additions,
        delete-rederive for removals); owlrl reasons over the whole graph again.
        """
        assert isinstance(self.store, LocalStore)
        graph = ox.NamedNode(INFERRED_GRAPH)
        store = self.store.store
        if self.engine != "realpolitik":
            inference = infer(list(self.store.triples(ONTOLOGY_GRAPH)) + list(self.store.triples(FACTS_GRAPH)), self.engine)
            inferred = set(inference.triples)
            for quad in list(store.quads_for_pattern(None, None, None, graph)):
                if quad.triple not in inferred:
                    store.remove(quad)
            store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in inferred)
            self.store.findings = inference.findings
            return
        if self._closure is None:  # opened from the cache: reason once over the graph as it was
            self._closure = materialise(list(self.store.triples(ONTOLOGY_GRAPH)) + list(before))
        change_added, change_removed = set(), set()
        for triples, method in ((removed, self._closure.remove), (added, self._closure.add)):
            if triples:
                change = method(triples)
                change_added |= set(change.added)
                change_removed |= set(change.removed)
        for triple in inferred_triples(change_removed - change_added):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
        store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in inferred_triples(change_added))
        self.store.findings = engine_findings(self._closure)

    # --- closing --------------------------------------------------------------------------

    def close(self) -> None:
        """Release the store (the database lock of a persistent store, a remote connection)."""
        self.store.close()
        gc.collect()  # pyoxigraph releases an on-disk database only when its Store is freed

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.layout.root} in {type(self.store).__name__}>"


def __getattr__(name: str) -> object:
    # The types of perspectives, proofs and coverage, for ``realpolitik.Perspective`` and the
    # like: imported when first asked for, as most commands never need them (importing the
    # engine and the explainer costs start-up time).
    if name in ("Perspective", "RowClaims"):
        from ..stores import perspectives

        return getattr(perspectives, name)
    if name in ("Explanation", "RowExplanation", "Proof"):
        from .. import explanations

        return getattr(explanations, name)
    if name == "Coverage":  # what ``KnowledgeGraph.coverage`` returns, for the commands that never ask for it
        from ..kg.coverage import Coverage

        return Coverage
    if name in ("QuestionResult", "CheckResults"):  # what ``KnowledgeGraph.check`` returns
        from ..questions import competency

        return getattr(competency, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
