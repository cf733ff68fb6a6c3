"""Perspectives: what OWL 2 RL entails from the claims of some claimants, in some modalities,
from some sources, rather than from everything the graph records.

Every fact in the facts graph has a reified statement in the evidence graph derived from
its evidence record(s) (``kg.evidence_quads``), and every record says who makes the claim
(``prov:wasAttributedTo``), how surely (``rp:hasModality``) and, for a passage of a
source, which source (``oa:hasTarget/oa:hasSource``); see docs/claims.md. A perspective is
a filter on records:

    everything            every record (the default: the graph as it is stored)
    author-stated         the sources' authors (``dcterms:creator``), modality stated
    <claimant>            one claimant's records, any modality (``european-commission``)
    source:<name>         the records quoting one source (``source:article``)

Background knowledge (``rp:BackgroundKnowledge``) is admitted by every perspective: it is
what the graph presumes in order to read any source. A fact with no record at all (one a
user added in Python as plain Turtle) is admitted only by ``everything``. ``--modality``
narrows any perspective to some modalities (background knowledge stays).

Reasoning under a perspective runs the engine over the ontology and the admitted facts
only, and puts the result into a store of its own beside the default one (ontology and
evidence graphs as they are, the admitted facts, their closure). When a perspective admits
every fact, its store *is* the default store: no second reasoning, no copy. Otherwise its
dataset and findings are cached on disk like the default closure, keyed by the graph's
fingerprint and what the perspective admits, so a repeated query only loads them.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import InputError, did_you_mean
from ..findings import Finding
from ..inference import DEFAULT_ENGINE, infer
from ..kg import EVIDENCE_GRAPH, FACTS_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, Layout, modality_iri, show_modality, slug, statement_iri
from ..rdf.namespaces import CONCEPT, DCTERMS, OA, PROV, RDF, RDFS, RP, SKOS, SOURCE
from ..rdf.terms import show_term
from . import Store
from .local import LocalStore

EVERYTHING = "everything"
AUTHOR_STATED = "author-stated"
SOURCE_PREFIX = "source:"


@dataclass(frozen=True)
class Record:
    """An evidence record as perspectives read it: who claims, how surely, from which source."""

    iri: str
    background: bool
    claimant: str | None
    modality: str | None
    sources: frozenset[str] = frozenset()
    quote: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Perspective:
    """A set of claimants, modalities and sources whose records reasoning admits (None: any).

    >>> commission = Perspective("european-commission", claimants=frozenset({"https://w3id.org/realpolitik/id/EuropeanCommission"}))
    >>> commission.narrowed(["stated"]).name
    'european-commission --modality stated'
    """

    name: str
    claimants: frozenset[str] | None = None
    modalities: frozenset[str] | None = None
    sources: frozenset[str] | None = None
    description: str = field(default="", compare=False)

    @property
    def admits_everything(self) -> bool:
        return self.claimants is None and self.modalities is None and self.sources is None

    def admits(self, record: Record) -> bool:
        """True when the record's facts are reasoned with under this perspective."""
        if record.background or self.admits_everything:
            return True
        if self.claimants is not None and record.claimant not in self.claimants:
            return False
        if self.modalities is not None and record.modality not in self.modalities:
            return False
        return self.sources is None or bool(record.sources & self.sources)

    def narrowed(self, modalities: Iterable[str]) -> Perspective:
        """This perspective with only the given modalities (names such as ``stated`` or IRIs)."""
        chosen = frozenset(modality_iri(m) for m in modalities)
        if not chosen:
            return self
        kept = chosen if self.modalities is None else self.modalities & chosen
        names = " ".join(f"--modality {show_modality(m)}" for m in sorted(chosen))
        return replace(self, name=f"{self.name} {names}", modalities=frozenset(kept))

    def key(self) -> str:
        """A stable text for the cache: what the perspective admits, not its name."""
        parts = [",".join(sorted(values)) if values is not None else "*" for values in (self.claimants, self.modalities, self.sources)]
        return "|".join(parts)

    def to_dict(self) -> dict[str, Any]:
        def listed(values: frozenset[str] | None) -> list[str] | None:
            return None if values is None else [show_term(ox.NamedNode(v)) for v in sorted(values)]

        return {"name": self.name, "claimants": listed(self.claimants), "modalities": listed(self.modalities),
                "sources": listed(self.sources), "description": self.description}


# --- reading the evidence graph ----------------------------------------------------------


def read_records(store: Store) -> dict[str, Record]:
    """Every evidence record of the store's evidence graph, by IRI."""
    rows = store.query(
        f"""SELECT ?record ?kind ?claimant ?modality ?source ?quote ?note WHERE {{ GRAPH <{EVIDENCE_GRAPH}> {{
              VALUES ?kind {{ <{RP}ArticleEvidence> <{RP}BackgroundKnowledge> }}
              ?record a ?kind .
              OPTIONAL {{ ?record <{PROV}wasAttributedTo> ?claimant }}
              OPTIONAL {{ ?record <{RP}hasModality> ?modality }}
              OPTIONAL {{ ?record <{OA}hasTarget> ?target . ?target <{OA}hasSource> ?source .
                          OPTIONAL {{ ?target <{OA}hasSelector>/<{OA}exact> ?quote }} }}
              OPTIONAL {{ ?record <{RDFS}comment> ?note }}
            }} }}""",
        prefixes=False,
    )
    found: dict[str, Record] = {}
    for record, kind, claimant, modality, source, quote, note in rows.rows:
        if not isinstance(record, ox.NamedNode) or kind is None:
            continue
        old = found.get(record.value)
        sources = frozenset({source.value} if isinstance(source, ox.NamedNode) else set())
        made = Record(
            record.value,
            background=kind.value == RP + "BackgroundKnowledge",
            claimant=claimant.value if isinstance(claimant, ox.NamedNode) else None,
            modality=modality.value if isinstance(modality, ox.NamedNode) else None,
            sources=sources | (old.sources if old else frozenset()),
            quote=(old.quote if old and old.quote else None) or (quote.value if isinstance(quote, ox.Literal) else None),
            note=note.value if isinstance(note, ox.Literal) else None,
        )
        found[record.value] = made
    return found


def _labels(store: Store, iris: set[str]) -> dict[str, str]:
    if not iris:
        return {}
    values = " ".join(f"<{iri}>" for iri in sorted(iris))
    rows = store.query(f"SELECT ?term ?label WHERE {{ VALUES ?term {{ {values} }} ?term <{RDFS}label> ?label }}", prefixes=False)
    labels: dict[str, str] = {}
    for term, label in rows.rows:
        if isinstance(term, ox.NamedNode) and isinstance(label, ox.Literal) and (term.value not in labels or label.language == "en"):
            labels[term.value] = label.value
    return labels


def source_authors(store: Store) -> dict[str, set[str]]:
    """{source IRI: the IRIs of its ``dcterms:creator``s} for every source with a text file."""
    rows = store.query(
        f"""SELECT ?source ?creator WHERE {{ GRAPH <{EVIDENCE_GRAPH}> {{
              ?source <{RP}textFile> ?file . OPTIONAL {{ ?source <{DCTERMS}creator> ?creator }} }} }}""",
        prefixes=False,
    )
    authors: dict[str, set[str]] = {}
    for source, creator in rows.rows:
        if isinstance(source, ox.NamedNode):
            authors.setdefault(source.value, set())
            if isinstance(creator, ox.NamedNode):
                authors[source.value].add(creator.value)
    return authors


def source_name(iri: str) -> str:
    """The short name of a source: ``article`` for ``src:article``."""
    return iri[len(SOURCE):] if iri.startswith(SOURCE) else iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def named_perspectives(store: Store) -> dict[str, Perspective]:
    """The perspectives a graph offers, by name: everything, author-stated, one per claimant
    of a source's records and one per source (see the module docstring)."""
    records = read_records(store)
    authors = source_authors(store)
    claimants = {r.claimant for r in records.values() if not r.background and r.claimant}
    labels = _labels(store, claimants)
    creators = frozenset(a for names in authors.values() for a in names)
    perspectives = {
        EVERYTHING: Perspective(EVERYTHING, description="every record: all claimants, all modalities, all sources (the default)"),
        AUTHOR_STATED: Perspective(
            AUTHOR_STATED, claimants=creators, modalities=frozenset({CONCEPT + "stated"}),
            description="what the sources' authors state as fact in their own voice, with background knowledge",
        ),
    }
    for claimant in sorted(claimants):
        name = slug(labels.get(claimant) or source_name(claimant))
        while name in perspectives:
            name += "-claimant"
        shown = show_term(ox.NamedNode(claimant))
        perspectives[name] = Perspective(name, claimants=frozenset({claimant}), description=f"the claims of {shown}, in every modality, with background knowledge")
    for source in sorted(authors):
        name = SOURCE_PREFIX + source_name(source)
        perspectives[name] = Perspective(name, sources=frozenset({source}), description=f"every record quoting {show_term(ox.NamedNode(source))}, with background knowledge")
    return perspectives


def known_modalities(store: Store) -> list[str]:
    """The modality concepts of the ontology (the members of ``rpc:modalities``)."""
    rows = store.query(f"SELECT DISTINCT ?m WHERE {{ ?m <{SKOS}inScheme> <{CONCEPT}modalities> }}", prefixes=False)
    return sorted(m.value for (m,) in rows.rows if isinstance(m, ox.NamedNode))


def choose(store: Store, according_to: str | Perspective | None = None, modalities: Iterable[str] = ()) -> Perspective:
    """The perspective called ``according_to`` (default: everything), narrowed to ``modalities``.

    Raises InputError for an unknown perspective or modality, with "did you mean".
    """
    if isinstance(according_to, Perspective):
        perspective = according_to
    else:
        name = according_to or EVERYTHING
        offered = named_perspectives(store) if name != EVERYTHING else {EVERYTHING: Perspective(EVERYTHING)}
        if name not in offered:
            offered = named_perspectives(store)
        if name not in offered:
            raise InputError(f"unknown perspective {name!r}{did_you_mean(name, offered)}; 'realpolitik perspectives' lists them: {', '.join(offered)}")
        perspective = offered[name]
    modalities = list(modalities)
    if modalities:
        known = known_modalities(store)
        for modality in modalities:
            if modality_iri(modality) not in known:
                names = [show_modality(m) for m in known]
                raise InputError(f"unknown modality {modality!r}{did_you_mean(show_modality(modality_iri(modality)), names)}; choose from: {', '.join(names)}")
        perspective = perspective.narrowed(modalities)
    return perspective


# --- reasoning under a perspective --------------------------------------------------------


def fact_records(store: Store) -> dict[ox.Triple, set[str]]:
    """{fact: the records it is derived from} for every fact of the facts graph (an empty set for a fact with no record)."""
    derived: dict[str, set[str]] = {}
    if isinstance(store, LocalStore):
        # A fact's statement IRI is a hash of the fact (kg.statement_iri): one scan of the
        # derivations finds every record, without joining the reified statements in SPARQL.
        for quad in store.store.quads_for_pattern(None, ox.NamedNode(PROV + "wasDerivedFrom"), None, ox.NamedNode(EVIDENCE_GRAPH)):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
                derived.setdefault(quad.subject.value, set()).add(quad.object.value)
    else:
        rows = store.query(
            f"SELECT ?statement ?record WHERE {{ GRAPH <{EVIDENCE_GRAPH}> {{ ?statement <{PROV}wasDerivedFrom> ?record }} }}",
            prefixes=False,
        )
        for statement, record in rows.rows:
            if isinstance(statement, ox.NamedNode) and isinstance(record, ox.NamedNode):
                derived.setdefault(statement.value, set()).add(record.value)
    return {fact: derived.get(statement_iri(fact).value, set()) for fact in store.triples(FACTS_GRAPH)}


def admitted_facts(perspective: Perspective, facts: dict[ox.Triple, set[str]], records: dict[str, Record]) -> list[ox.Triple]:
    """The facts some record the perspective admits derives (all of them under everything)."""
    if perspective.admits_everything:
        return list(facts)
    admitted = {iri for iri, record in records.items() if perspective.admits(record)}
    return [fact for fact, derived in facts.items() if derived & admitted]


class EvidenceIndex:
    """A store's records and the records of each fact, read once for every perspective."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @cached_property
    def records(self) -> dict[str, Record]:
        return read_records(self.store)

    @cached_property
    def facts(self) -> dict[ox.Triple, set[str]]:
        return fact_records(self.store)

    @cached_property
    def every_fact_has_a_record(self) -> bool:
        """True when no fact lacks a record (checked by counting, without reading the facts)."""
        if "facts" in self.__dict__ or not isinstance(self.store, LocalStore):
            return all(self.facts.values())
        statements = sum(1 for _ in self.store.store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), ox.NamedNode(RDF + "Statement"), ox.NamedNode(EVIDENCE_GRAPH)))
        return statements == self.store.count(FACTS_GRAPH)


@dataclass
class Reasoned:
    """A perspective's store (a LocalStore), with the engine's closure when this process reasoned."""

    perspective: Perspective
    store: Store
    closure: Any = None
    admitted_records: frozenset[str] | None = None  # None: every record
    shares_default: bool = False


def reason_under(
    base: Store,
    perspective: Perspective,
    *,
    layout: Layout | None = None,
    engine: str = DEFAULT_ENGINE,
    use_cache: bool = True,
    base_closure: Any = None,
    index: EvidenceIndex | None = None,
) -> Reasoned:
    """The graph of ``base`` reasoned under ``perspective``.

    ``layout`` names the folder whose fingerprint keys the disk cache (pass None for a
    graph edited in Python, which is not cached); ``index`` is the base's records and fact
    derivations when the caller keeps them. Raises InputError for an unknown engine.
    """
    index = index or EvidenceIndex(base)
    records = index.records
    admitted_records = None if perspective.admits_everything else frozenset(iri for iri, r in records.items() if perspective.admits(r))
    if admitted_records is None or (len(admitted_records) == len(records) and index.every_fact_has_a_record):
        return Reasoned(perspective, base, base_closure, admitted_records, shares_default=True)
    entry = None
    if layout is not None and use_cache:
        from .memory import cache_folder

        entry = cache_folder() / "perspectives" / layout.fingerprint(engine, "perspective", perspective.key())
    if entry is not None and (entry / "dataset.nq").is_file() and (entry / "findings.json").is_file():
        store = ox.Store()
        store.load(path=str(entry / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
        findings = [Finding.from_dict(item) for item in json.loads((entry / "findings.json").read_text())]
        return Reasoned(perspective, LocalStore(store, findings), None, admitted_records)

    facts = index.facts
    admitted = admitted_facts(perspective, facts, records)
    if len(admitted) == len(facts):
        return Reasoned(perspective, base, base_closure, admitted_records, shares_default=True)
    ontology = base.triples(ONTOLOGY_GRAPH)
    inference = infer(ontology + admitted, engine)
    store = ox.Store()
    graph = {name: ox.NamedNode(name) for name in (ONTOLOGY_GRAPH, FACTS_GRAPH, EVIDENCE_GRAPH, INFERRED_GRAPH)}
    for name in (ONTOLOGY_GRAPH, EVIDENCE_GRAPH):
        if isinstance(base, LocalStore):
            # Copied as N-Triples inside Oxigraph: several times faster than term by term through Python.
            dumped = base.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph[name])
            store.load(dumped, format=ox.RdfFormat.N_TRIPLES, to_graph=graph[name])
        else:
            store.extend(ox.Quad(t.subject, t.predicate, t.object, graph[name]) for t in (ontology if name == ONTOLOGY_GRAPH else base.triples(name)))
    store.extend(ox.Quad(t.subject, t.predicate, t.object, graph[FACTS_GRAPH]) for t in admitted)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, graph[INFERRED_GRAPH]) for t in inference.triples)
    if entry is not None:
        _write_entry(entry, store, inference.findings)
    return Reasoned(perspective, LocalStore(store, inference.findings), inference.closure, admitted_records)


_KEEP_ENTRIES = 16


def _write_entry(entry: Path, store: ox.Store, findings: list[Finding]) -> None:
    """Write a perspective's dataset and findings into a temporary folder, then rename it into
    place, so that a reader never sees half an entry; keep the newest entries only."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=".partial-", dir=entry.parent))
    try:
        store.dump(str(temporary / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
        (temporary / "findings.json").write_text(json.dumps([f.to_dict() for f in findings]))
        try:
            temporary.rename(entry)
        except OSError:
            pass  # another process wrote the same entry first; theirs is as good as ours
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    entries = sorted((p for p in entry.parent.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.stat().st_mtime)
    for old in entries[:-_KEEP_ENTRIES]:
        shutil.rmtree(old, ignore_errors=True)


# --- which claims an answer rests on -------------------------------------------------------


@dataclass(frozen=True)
class RowClaims:
    """The claims one answer row rests on.

    ``records`` are every record that states an asserted leaf of the row's proofs (the
    engine keeps one derivation per triple, so these are the leaves of that proof, not of
    every proof there is); ``minimal_sets`` are the minimal sets of those records that
    still state every leaf (a leaf several records state can come from any of them).
    """

    records: tuple[Record, ...]
    minimal_sets: tuple[frozenset[str], ...]

    @property
    def claimants(self) -> frozenset[tuple[str | None, str | None]]:
        """Every (claimant IRI, modality IRI) of the records."""
        return frozenset((r.claimant, r.modality) for r in self.records)

    @property
    def needs_several_claimants(self) -> bool:
        """True when no minimal set comes from one claimant: the answer needs claims of two
        or more claimants together (background knowledge not counted)."""
        by_iri = {r.iri: r for r in self.records}
        return bool(self.minimal_sets) and all(
            len({by_iri[iri].claimant for iri in chosen if not by_iri[iri].background}) >= 2 for chosen in self.minimal_sets
        )

    def to_text(self) -> str:
        """``rpd:EuropeanCommission (reported); rpd:RealpolitikContributors (stated)``, with
        `` [needs several claimants together]`` when it does."""
        shown = sorted(f"{show_term(ox.NamedNode(c)) if c else 'no claimant'} ({show_modality(m)})" for c, m in self.claimants)
        return "; ".join(shown) + ("  [needs several claimants together]" if self.needs_several_claimants else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "claimants": [{"claimant": c, "modality": m} for c, m in sorted(self.claimants, key=str)],
            "records": [r.iri for r in self.records],
            "minimal_record_sets": [sorted(chosen) for chosen in self.minimal_sets],
            "needs_several_claimants": self.needs_several_claimants,
        }


def minimal_hitting_sets(alternatives: Iterable[frozenset[str]], limit: int = 256) -> list[frozenset[str]]:
    """Every minimal set holding at least one member of each set in ``alternatives`` (at most ``limit``).

    >>> sorted(sorted(s) for s in minimal_hitting_sets([frozenset("a"), frozenset("ab"), frozenset("bc")]))
    [['a', 'b'], ['a', 'c']]
    """
    sets: set[frozenset[str]] = {frozenset()}
    for options in sorted(set(alternatives), key=len):
        grown: set[frozenset[str]] = set()
        for chosen in sets:
            if chosen & options:
                grown.add(chosen)
            else:
                grown.update(chosen | {option} for option in options)
        sets = {s for s in grown if not any(other < s for other in grown)}
        if len(sets) > limit:
            sets = set(sorted(sets, key=lambda s: (len(s), sorted(s)))[:limit])
    return sorted(sets, key=lambda s: (len(s), sorted(s)))


def row_claims(explainer: Any, explanation: Any) -> RowClaims:
    """The claims an explained row (``explanations.RowExplanation``) rests on, from its proofs' asserted leaves."""
    alternatives: list[frozenset[str]] = []
    records: dict[str, Record] = {}
    for because in explanation.because:
        if because.proof is None:
            continue
        for leaf in because.proof.leaves():
            triple = ox.Triple(*leaf.triple)
            if explainer.is_axiom(triple):
                continue
            found = explainer.records_for(triple)
            records.update((r.iri, r) for r in found)
            if found:
                alternatives.append(frozenset(r.iri for r in found))
    return RowClaims(tuple(records[iri] for iri in sorted(records)), tuple(minimal_hitting_sets(alternatives)))
