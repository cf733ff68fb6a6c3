"""Public entry point: :func:`materialise` and the :class:`Closure` result."""

from __future__ import annotations

import gc
from functools import cached_property
from typing import Iterable, Union

from rdflib import BNode, Graph, URIRef

from .engine import Engine, ProgressFn
from .explain import ASSERTED, Annotate, Proof, build_proof
from .findings import Finding, find_inconsistencies
from .progress import TextProgress, default_progress
from .triple_index import TripleIndex
from .encoding import TermTable

Triples = Union[Graph, Iterable[tuple]]


class Closure:
    """The OWL 2 RL closure of a set of triples.

    ``inferred`` holds the entailed triples that were not in the input,
    restricted to plain RDF about the data: the subject is an IRI or blank
    node outside the rdf:/rdfs:/owl:/xsd: namespaces, the predicate is an
    IRI, and reflexive ``x owl:sameAs x`` is never produced.  Triples outside
    that (literal subjects, axioms about the vocabulary) still take part in
    reasoning and can be explained, they are just not reported.
    """

    def __init__(self, engine: Engine, findings: list[Finding]) -> None:
        self._terms = engine.terms
        self._store = engine.store
        self._derivations = engine.derivations
        self.findings: list[Finding] = findings

    @cached_property
    def inferred(self) -> set[tuple]:
        """Reported inferred triples as rdflib terms (see class docstring)."""
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._decode_inferred()
        finally:
            if gc_was_enabled:
                gc.enable()

    def _decode_inferred(self) -> set[tuple]:
        terms = self._terms.terms
        skip = set(self._terms.literals)
        for i, t in enumerate(terms):
            if not isinstance(t, (URIRef, BNode)) or self._terms.is_vocabulary(i):
                skip.add(i)
        out: set[tuple] = set()
        add = out.add
        mask = 0xFFFFFFFF
        for p, d in self._derivations.by_pred.items():
            pt = terms[p]
            if not isinstance(pt, URIRef):
                continue
            for k in d:
                s = k >> 32
                if s not in skip:
                    add((terms[s], pt, terms[k & mask]))
        return out

    def entails(self, triple: tuple) -> bool:
        """True if ``triple`` (rdflib terms) is asserted or inferred."""
        ids = [self._terms.lookup(t) for t in triple]
        return None not in ids and self._store.has(*ids)

    def step(self, triple: tuple) -> tuple[str, tuple[tuple, ...]] | None:
        """The kept derivation of ``triple``: ``(rule, premise triples)``.

        ``("asserted", ())`` for an input triple, None when it is not entailed.
        """
        ids = [self._terms.lookup(t) for t in triple]
        if None in ids:
            return None
        t = (ids[0], ids[1], ids[2])
        if not self._store.has(*t):
            return None
        d = self._derivations.get(t)
        if d is None:
            return ASSERTED, ()
        rule, premises = d
        return rule, tuple(self._terms.decode_triple(q) for q in premises)

    def explain(self, triple: tuple, annotate: Annotate | None = None) -> Proof | None:
        """Proof tree of ``triple`` down to asserted triples.

        Returns a leaf with rule ``"asserted"`` for an input triple and None
        when the triple is not entailed.  ``annotate(triple)`` is called for
        every asserted leaf; its string (e.g. a supporting quote) is kept as
        the leaf's ``note``.
        """
        return build_proof(self, triple, annotate)

    def __len__(self) -> int:
        return len(self._store)


def materialise(triples: Triples, progress: ProgressFn | bool | None = None) -> Closure:
    """Compute the OWL 2 RL closure of ``triples``.

    ``triples`` is an rdflib Graph or any iterable of rdflib (s, p, o).
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
    terms = TermTable()
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
    findings = find_inconsistencies(store, terms, engine.lists,
                                    lambda t: t in engine.derivations)
    return Closure(engine, findings)
