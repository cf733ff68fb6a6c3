"""Public entry point: :func:`materialise` and the :class:`Closure` result."""

from __future__ import annotations

import gc
import itertools
from functools import cached_property
from typing import Iterable, Iterator, Union

import pyoxigraph as ox
from rdflib import Graph

from .engine import Engine, ProgressFn
from .explain import ASSERTED, Annotate, Proof, build_proof
from .findings import Finding, find_inconsistencies
from .progress import TextProgress, default_progress
from .triple_index import TripleIndex
from .encoding import TermTable

Triples = Union[Graph, Iterable[tuple]]


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

    def explain(self, triple, annotate: Annotate | None = None) -> Proof | None:
        """Proof tree of ``triple`` down to asserted triples.

        Returns a leaf with rule ``"asserted"`` for an input triple and None
        when the triple is not entailed.  ``annotate(triple)`` is called for
        every asserted leaf; its string (e.g. a supporting quote) is kept as
        the leaf's ``note``.
        """
        return build_proof(self, tuple(triple), annotate)

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
    if isinstance(triples, Graph):
        triples = triples.triples((None, None, None))
    triples = iter(triples)
    first = next(triples, None)
    terms = TermTable(oxigraph=first is None or _is_oxigraph(first))
    if first is not None:
        triples = itertools.chain((first,), triples)
        if isinstance(first, ox.Quad):
            triples = (q.triple for q in triples)
    store = TripleIndex()
    store.load(terms.encode_triples(triples))
    bar: TextProgress | None = None
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
        engine.release()
        if bar is not None:
            bar.close()
    findings = find_inconsistencies(store, terms, engine.lists, engine.derivations,
                                    engine.literals)
    return Closure(engine, findings)


def _is_oxigraph(triple) -> bool:
    if isinstance(triple, (ox.Triple, ox.Quad)):
        return True
    return isinstance(triple[0], (ox.NamedNode, ox.BlankNode, ox.Literal))
