"""Public entry point: :func:`materialise` and the :class:`Closure` result."""

from __future__ import annotations

import gc
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from .encoding import (
    AVF,
    CHAIN,
    EQP,
    FIRST,
    FUNC,
    INV,
    MAXC,
    MAXQC,
    NOTHING,
    ONPROP,
    RANGE,
    REST,
    SAME,
    SCHEMA_PREDICATES,
    SPO,
    SYM,
    THING,
    TRANS,
    TYPE,
    VOCABULARY_IRIS,
    TermTable,
)
from .engine import Engine, ProgressFn
from .explain import ASSERTED, Annotate, Proof, build_proof
from .findings import Finding, find_inconsistencies
from .progress import TextProgress, default_progress
from .triple_index import TripleIndex

Triples = Graph | Iterable[tuple] | Iterable[ox.Triple]


@dataclass(frozen=True)
class Change:
    """What an edit did to ``Closure.inferred``: triples that joined it and left it."""

    added: set[tuple]
    removed: set[tuple]


class Closure:
    """The OWL 2 RL closure of a set of triples.

    Terms come back in the flavour they went in: pyoxigraph terms for
    pyoxigraph input, rdflib terms for rdflib input; triples are plain
    ``(s, p, o)`` tuples.

    ``inferred`` holds the entailed triples that were not in the input,
    restricted to plain RDF about the data: the subject is an IRI or blank
    node outside the rdf:/rdfs:/owl:/xsd: namespaces, the predicate is an
    IRI, and reflexive ``x owl:sameAs x`` is never produced.  Triples outside
    that (literal subjects, axioms about the vocabulary) still take part in
    reasoning and can be explained; ``inferred_triples(vocabulary=True)``
    includes the vocabulary axioms as well.

    ``add`` and ``remove`` edit the asserted triples and update the closure,
    its derivations and its findings in place (see their docstrings); the
    result then equals a fresh ``materialise`` of the edited triples, up to
    which of several equally short proofs is kept.
    """

    def __init__(self, engine: Engine, findings: list[Finding]) -> None:
        self._engine = engine
        self._terms = engine.terms
        self._store = engine.store
        self._derivations = engine.derivations
        self.findings: list[Finding] = findings

    @cached_property
    def inferred(self) -> set[tuple]:
        """Reported inferred triples (see class docstring)."""
        return self.inferred_triples()

    def inferred_triples(self, vocabulary: bool = False) -> set[tuple]:
        """Inferred triples with an IRI or blank-node subject and an IRI predicate.

        ``vocabulary=False`` (what ``inferred`` holds) leaves out triples whose
        subject is an rdf:, rdfs:, owl: or xsd: IRI (cls-thing, prp-ap, dt-type1,
        scm-* about owl:Thing...); ``True`` keeps them.
        """
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._decode_inferred(vocabulary)
        finally:
            if gc_was_enabled:
                gc.enable()

    def _decode_inferred(self, vocabulary: bool) -> set[tuple]:
        table = self._terms
        terms = table.terms
        skip = set(table.literals)
        for i, t in enumerate(terms):
            if not table.is_resource(t) or (not vocabulary and table.is_vocabulary(i)):
                skip.add(i)
        out: set[tuple] = set()
        add = out.add
        mask = 0xFFFFFFFF
        for p, d in self._derivations.by_pred.items():
            pt = terms[p]
            if not table.is_iri(pt):
                continue
            for k in d:
                s = k >> 32
                if s not in skip:
                    add((terms[s], pt, terms[k & mask]))
        return out

    def _encode(self, triple) -> tuple[int, int, int] | None:
        """Ids of a triple's terms; a literal unknown to the closure stands for
        any known literal with the same value."""
        ids = []
        for t in triple:
            i = self._terms.lookup(t)
            if i is None and self._terms.is_literal(t):
                i = self._engine.literals.same_value_id(t)
            if i is None:
                return None
            ids.append(i)
        return ids[0], ids[1], ids[2]

    def entails(self, triple) -> bool:
        """True if ``triple`` is asserted or inferred (or holds by datatype semantics)."""
        return self.step(triple) is not None

    def step(self, triple) -> tuple[str, tuple[tuple, ...]] | None:
        """The kept derivation of ``triple``: ``(rule, premise triples)``.

        ``("asserted", ())`` for an input triple, None when it is not entailed.
        Typings by value space with a datatype the input never names, equal
        and different literal values are answered from the values themselves
        (rule ``dt-type2``, ``dt-eq``, ``dt-diff`` with no premises).
        """
        triple = tuple(triple)
        t = self._encode(triple)
        if t is None or not self._store.has(*t):
            rule = self._engine.literals.holds(triple)
            return None if rule is None else (rule, ())
        d = self._derivations.get(t)
        if d is None:
            return ASSERTED, ()
        rule, premises = d
        return rule, tuple(self._terms.decode_triple(q) for q in premises)

    def rdf_list(self, head) -> tuple | None:
        """The members of the well-formed RDF list at ``head`` (a term), else None."""
        i = self._terms.lookup(head)
        items = None if i is None else self._engine.rdf_list(i)
        return None if items is None else tuple(self._terms.decode(x) for x in items)

    def explain(self, triple, annotate: Annotate | None = None) -> Proof | None:
        """Proof tree of ``triple`` down to asserted triples.

        Returns a leaf with rule ``"asserted"`` for an input triple and None
        when the triple is not entailed.  ``annotate(triple)`` is called for
        every asserted leaf; its string (e.g. a supporting quote) is kept as
        the leaf's ``note``.
        """
        return build_proof(self, tuple(triple), annotate)

    # -- incremental updates ---------------------------------------------------
    def add(self, triples: Iterable) -> Change:
        """Assert ``triples`` and bring the closure up to date without recomputing it.

        Semi-naive rounds start from the new triples, with the rules already
        compiled; new schema triples compile their rules as in a full run.
        Findings are recomputed.  An added triple that was inferred becomes
        asserted (it leaves ``inferred``).  Adding RDF list cells falls back
        to a full materialisation (lists are read once per run).
        Returns the triples that joined and left ``inferred``.
        """
        engine, store, terms = self._engine, self._store, self._terms
        before = len(terms.terms)
        encoded = terms.encode_triples(_plain(triples))
        fresh: dict[int, list[tuple[int, int]]] = {}
        now_asserted: list[tuple[int, int, int]] = []
        for t in dict.fromkeys(encoded):
            if store.has(*t):
                if t in self._derivations:
                    now_asserted.append(t)
            else:
                fresh.setdefault(t[1], []).append((t[0], t[2]))
        for s, p, o in now_asserted:
            self._derivations.discard(p, ((s, o),))
        for p, pairs in fresh.items():
            store.add_pairs(p, pairs)
        if FIRST in fresh or REST in fresh:
            return self._rematerialise(self._asserted())
        recorded: list[tuple[int, list[tuple[int, int]]]] = []
        engine.recorder = recorded
        try:
            engine.literals.axioms(engine.emit, [i for i in range(before, len(terms.terms))
                                                 if i in terms.literals],
                                   {i for t in encoded for i in t})
            delta: dict = dict(fresh)
            for p, pairs in engine._merge().items():
                delta.setdefault(p, []).extend(pairs)
            engine.extend(delta)
        finally:
            engine.recorder = None
        added = [(s, p, o) for p, pairs in recorded for s, o in pairs]
        return self._changed(added, now_asserted)

    def remove(self, triples: Iterable) -> Change:
        """Retract asserted ``triples`` and bring the closure up to date (DRed).

        Delete: every inferred triple with a derivation that uses a removed
        triple (transitively) is taken out.  Rederive: semi-naive rounds
        start from the remaining triples about the subjects and objects of
        what was taken out: every OWL 2 RL rule has a premise with the
        conclusion's subject as its subject or object (prp-inv: ``y p2 x``
        from ``x p1 y``; cls-avf: ``v type c`` from ``u p v``...), so this
        finds every one-step rederivation, and the rounds find the rest.  cls-oo, whose only premise is
        the schema triple, is re-emitted from the engine's record of it.
        Kept derivations stay valid: a triple not taken out has no premise
        that was.  Removing schema
        triples (or anything whose consequences include schema triples)
        falls back to a full materialisation, since rules compiled from them
        would have to be withdrawn.  Triples that are not asserted are
        ignored (an entailment cannot be retracted).
        Returns the triples that joined and left ``inferred``.
        """
        engine, store, terms = self._engine, self._store, self._terms
        removed: dict[int, list[tuple[int, int]]] = {}
        lookup = terms.lookup
        for a, b, c in _plain(triples):
            s, p, o = lookup(a), lookup(b), lookup(c)
            if s is None or p is None or o is None:
                continue
            if store.has(s, p, o) and (s, p, o) not in self._derivations:
                removed.setdefault(p, []).append((s, o))
        if not removed:
            return Change(set(), set())
        if self._touches_schema(removed):
            gone = {(s, p, o) for p, pairs in removed.items() for s, o in pairs}
            return self._rematerialise([t for t in self._asserted() if t not in gone])
        over = engine.overdelete(removed)
        if self._touches_schema(over):
            gone = {(s, p, o) for p, pairs in removed.items() for s, o in pairs}
            return self._rematerialise([t for t in self._asserted() if t not in gone])
        self._keep_supported(over, removed)
        for p, pairs in over.items():
            store.discard_pairs(p, pairs)
            self._derivations.discard(p, pairs)
        seed = self._seed(over)
        recorded: list[tuple[int, list[tuple[int, int]]]] = []
        engine.recorder = recorded
        try:
            for p, pairs in over.items():
                for s, o in pairs:
                    again = engine.static.get((s, p, o))
                    if again is not None:
                        engine.emit(s, p, o, *again)
            for p, pairs in engine._merge().items():
                seed.setdefault(p, []).extend(pairs)
            engine.extend(seed)
        finally:
            engine.recorder = None
        back = {(s, p, o) for p, pairs in recorded for s, o in pairs}
        was_asserted = {(s, p, o) for p, pairs in removed.items() for s, o in pairs}
        lost = [(s, p, o) for p, pairs in over.items() for s, o in pairs
                if (s, p, o) not in was_asserted and (s, p, o) not in back]
        return self._changed([t for t in back if t in was_asserted], lost)

    def _keep_supported(self, over: dict[int, set[tuple[int, int]]],
                        removed: dict[int, list[tuple[int, int]]]) -> None:
        """Take out of ``over`` the triples whose kept derivation still holds.

        Over-deletion follows every rule instance, so a hub's rdf:type is
        taken out as soon as one of the many triples that also give it is;
        if the derivation kept for it uses no over-deleted premise, it stands
        (a premise outside ``over`` stands: no instance using an over-deleted
        triple derives it; one let back earlier in this pass stands too).
        One pass, in no particular order, over rdf:type triples: what it
        misses is rederived.
        """
        derivations = self._derivations
        # rdf:type triples only: they are where one triple has many supports;
        # decoding every over-deleted triple's derivation cost more than it saved.
        for p, pairs in over.items():
            if p != TYPE:
                continue
            kept_asserted = set(removed.get(p, ()))
            for s, o in list(pairs):
                if (s, o) in kept_asserted:
                    continue
                d = derivations.get((s, p, o))
                if d is not None and all((q[0], q[2]) not in over.get(q[1], ()) for q in d[1]):
                    pairs.discard((s, o))

    def _seed(self, over: dict[int, set[tuple[int, int]]]) -> dict:
        """The stored triples that can be a premise of an over-deleted triple.

        Every OWL 2 RL rule has a premise with the conclusion's subject as its
        subject, or as its object only in: prp-rng and cls-avf (an rdf:type
        conclusion; the premise's property has a range or an allValuesFrom),
        prp-fp, cls-maxc2/maxqc3/4 and eq-sym (an owl:sameAs conclusion; the
        property is functional, max-restricted or owl:sameAs), prp-inv and
        prp-symp (exactly ``o q s`` for a conclusion ``s p o``) and eq-rep-s
        (``x owl:sameAs s``).  For a conclusion ``s p o`` that is neither an
        rdf:type nor an owl:sameAs, the premises about ``s`` are ``s q o``
        with q a sub-, equivalent or same property of p (prp-spo1, prp-eqp,
        eq-rep-p), ``s p o2`` with o2 the same as o (eq-rep-o), ``s rdf:type
        r`` (cls-hv1) and ``s q x`` with q transitive or the first link of a
        chain (prp-trp, prp-spo2).  For rdf:type and owl:sameAs conclusions
        every triple about ``s`` is taken.  Hubs (an alliance with thousands
        of members) thus only bring in what can matter.
        """
        store = self._store
        spo, pos = store.spo, store.pos
        reverse: dict[int, set[int]] = {}
        for p1, p2s in spo.get(INV, {}).items():
            for p2 in p2s:
                reverse.setdefault(p1, set()).add(p2)
                reverse.setdefault(p2, set()).add(p1)
        for p in store.subjects(TYPE, SYM):
            reverse.setdefault(p, set()).add(p)
        restricted = {p for r in spo.get(AVF, {}) for p in spo.get(ONPROP, {}).get(r, ())}
        into_type = set(spo.get(RANGE, {})) | restricted
        into_same = set(store.subjects(TYPE, FUNC)) | {SAME} | {
            p for r in list(spo.get(MAXC, {})) + list(spo.get(MAXQC, {}))
            for p in spo.get(ONPROP, {}).get(r, ())}
        open_ended = set(store.subjects(TYPE, TRANS))
        for head in (h for hs in spo.get(CHAIN, {}).values() for h in hs):
            links = self._engine.rdf_list(head)
            if links:
                open_ended.add(links[0])
        same_index = spo.get(SAME, {})

        def feeders(p: int) -> set[int]:
            out = set(store.subjects(SPO, p)) | set(store.subjects(EQP, p))
            out |= store.objects(p, EQP) | store.subjects(SAME, p) | store.objects(p, SAME)
            out.discard(p)
            return out

        whole: set[int] = set()  # subjects of rdf:type / owl:sameAs conclusions
        typed: set[int] = set()
        same: set[int] = set()
        partly: set[int] = set()  # subjects of other conclusions
        seed: dict[int, set[tuple[int, int]]] = {}
        for p, pairs in over.items():
            subjects = {s for s, _ in pairs}
            if p == TYPE:
                whole |= subjects
                typed |= subjects
                continue
            if p == SAME:
                whole |= subjects
                same |= subjects
                continue
            partly |= subjects
            for q in reverse.get(p, ()):  # y p x from x q y: exactly that triple
                sm = spo.get(q, {})
                found = [(o, s) for s, o in pairs if s in sm.get(o, ())]
                if found:
                    seed.setdefault(q, set()).update(found)
            for q in feeders(p):  # s p o from s q o
                sm = spo.get(q, {})
                found = [(s, o) for s, o in pairs if o in sm.get(s, ())]
                if found:
                    seed.setdefault(q, set()).update(found)
            sm = spo.get(p, {})
            for s, o in pairs:  # eq-rep-o: s p o2, o2 sameAs o
                for o2 in same_index.get(o, ()):
                    if o2 in sm.get(s, ()):
                        seed.setdefault(p, set()).add((s, o2))
        partly -= whole
        for p, sm in spo.items():
            found_p = seed.setdefault(p, set())
            about = whole | partly if p == TYPE or p in open_ended else whole
            for x in about:
                for o in sm.get(x, ()):
                    found_p.add((x, o))
            targets: set[int] = set()
            if p in into_type:
                targets |= typed
            if p in into_same:
                targets |= same
            if p == SAME:
                targets |= whole | partly  # eq-rep-s: x owl:sameAs s
            om = pos[p]
            for x in targets:
                for s in om.get(x, ()):
                    found_p.add((s, x))
        return {p: list(pairs) for p, pairs in seed.items() if pairs}

    @staticmethod
    def _touches_schema(by_pred: dict) -> bool:
        for p, pairs in by_pred.items():
            if p in SCHEMA_PREDICATES:
                return True
            if p == TYPE and any(o < len(VOCABULARY_IRIS) and o not in (THING, NOTHING)
                                 for _, o in pairs):
                return True
        return False

    def _asserted(self) -> list[tuple[int, int, int]]:
        derived = self._derivations
        return [(s, p, o) for p, sm in self._store.spo.items() for s, os_ in sm.items()
                for o in os_ if (s, p, o) not in derived]

    def _rematerialise(self, asserted: list[tuple[int, int, int]]) -> Change:
        """Full materialisation of ``asserted`` (encoded, same term table)."""
        old = {p: set(d) for p, d in self._derivations.by_pred.items()}
        store = TripleIndex()
        store.load(asserted)
        engine = Engine(self._terms, store)
        engine.literals.mentioned.update(self._engine.literals.mentioned)
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            engine.run(None)
        finally:
            if gc_was_enabled:
                gc.enable()
        self._engine, self._store, self._derivations = engine, store, engine.derivations
        new = {p: set(d) for p, d in self._derivations.by_pred.items()}
        mask = 0xFFFFFFFF
        added = [(k >> 32, p, k & mask) for p, ks in new.items() for k in ks - old.get(p, set())]
        lost = [(k >> 32, p, k & mask) for p, ks in old.items() for k in ks - new.get(p, set())]
        return self._changed(added, lost)

    def _changed(self, added: list[tuple[int, int, int]],
                 lost: list[tuple[int, int, int]]) -> Change:
        """Refresh findings and ``inferred``; the change in reported form."""
        engine = self._engine
        self.findings = find_inconsistencies(self._store, self._terms, engine.lists,
                                             self._derivations, engine.literals)
        change = Change({self._terms.decode_triple(t) for t in added if self._reported(t)},
                        {self._terms.decode_triple(t) for t in lost if self._reported(t)})
        cached = self.__dict__.get("inferred")
        if cached is not None:
            cached -= change.removed
            cached |= change.added
        return change

    def _reported(self, t: tuple[int, int, int]) -> bool:
        table = self._terms
        s = table.terms[t[0]]
        return (table.is_resource(s) and not table.is_vocabulary(t[0])
                and table.is_iri(table.terms[t[1]]) and not (t[1] == SAME and t[0] == t[2]))

    def triples(self) -> Iterator[tuple]:
        """Every triple of the closure, asserted and inferred, literal subjects included."""
        terms = self._terms.terms
        for p, sm in self._store.spo.items():
            pt = terms[p]
            for s, os_ in sm.items():
                st = terms[s]
                for o in os_:
                    yield st, pt, terms[o]

    def __len__(self) -> int:
        return len(self._store)


def materialise(triples: Triples, progress: ProgressFn | bool | None = None) -> Closure:
    """Compute the OWL 2 RL closure of ``triples``.

    ``triples`` is an iterable of ``pyoxigraph.Triple`` (or of (s, p, o)
    tuples of pyoxigraph terms), which keeps every literal as written, or an
    rdflib Graph or iterable of rdflib (s, p, o), for comparisons with owlrl.
    ``progress``: None shows a text bar on stderr when it is a terminal and
    the run exceeds 2 s; False disables it; a callable is called after every
    round as ``progress(round, triples_in_store, delta_size, elapsed_s)``.

    The result depends on the set of triples only, not on their order: terms
    are numbered in N-Triples order and loaded sorted, so the same input
    keeps the same proofs whether it comes from a parser or from a store.

    The cyclic garbage collector is paused during the run and restored
    afterwards.  The closure is millions of small sets and tuples without
    cycles; batch jobs can call ``gc.freeze()`` after this returns so the
    collector never rescans them (measured: halves the total time at 300k
    triples).  That is a process-wide choice, so it is left to the caller.
    """
    # The cyclic GC would rescan the millions of sets and tuples the store
    # holds every few thousand allocations; none of them form cycles, so it
    # is paused for the run (2x faster at 1M triples).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _materialise(triples, progress)
    finally:
        if gc_was_enabled:
            gc.enable()


def _materialise(triples: Triples, progress: ProgressFn | bool | None) -> Closure:
    stream: Iterator[Any] = iter(triples.triples((None, None, None)) if isinstance(triples, Graph) else triples)
    first = next(stream, None)
    terms = TermTable(oxigraph=first is None or _is_oxigraph(first))
    if first is not None:
        stream = itertools.chain((first,), stream)
        if isinstance(first, ox.Quad):
            stream = (q.triple for q in stream)
    store = TripleIndex()
    store.load(terms.canonicalise(terms.encode_triples(stream)))
    bar: TextProgress | None = None
    fn: ProgressFn | None
    if progress is None:
        bar = default_progress()
        fn = bar
    elif progress is False or progress is True:
        bar = default_progress() if progress else None
        fn = bar
    else:
        fn = progress
    engine = Engine(terms, store)
    try:
        engine.run(fn)
    finally:
        if bar is not None:
            bar.close()
    findings = find_inconsistencies(store, terms, engine.lists, engine.derivations,
                                    engine.literals)
    return Closure(engine, findings)


def _is_oxigraph(triple) -> bool:
    if isinstance(triple, (ox.Triple, ox.Quad)):
        return True
    return isinstance(triple[0], (ox.NamedNode, ox.BlankNode, ox.Literal))


def _plain(triples: Iterable) -> Iterator[tuple]:
    """Triples as (s, p, o) tuples, whether given as tuples, Triples or Quads."""
    for t in triples:
        yield tuple(t.triple) if isinstance(t, ox.Quad) else tuple(t)
