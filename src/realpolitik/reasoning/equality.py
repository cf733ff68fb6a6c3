"""The eq-* rules that derive triples: eq-sym, eq-trans, eq-rep-s/p/o.

eq-ref is not materialised: ``x owl:sameAs x`` would be added for every
term in the graph and never licenses anything else.  The inconsistency
rules eq-diff1..3 are in :mod:`.findings`.  The whole module is skipped
when the store holds no owl:sameAs triple.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .encoding import SAME

if TYPE_CHECKING:
    from .engine import Engine

_EMPTY: frozenset = frozenset()


def apply(eng: Engine, delta: dict) -> None:
    """Run the equality rules on this round's delta."""
    store = eng.store
    same = store.spo.get(SAME)
    if not same:
        return
    emit = eng.emit
    spo = store.spo
    pos = store.pos

    literals = eng.terms.literals
    # The new sameAs triple joined with everything already stored.
    for x, y in delta.get(SAME, ()):
        if x == y:
            continue
        if x in literals:
            eng.literals.expand(emit, x)
        st = (x, SAME, y)
        emit(y, SAME, x, "eq-sym", (st,))
        for z in store.objects(y, SAME):
            emit(x, SAME, z, "eq-trans", (st, (y, SAME, z)))
        for w in store.subjects(SAME, x):
            emit(w, SAME, y, "eq-trans", ((w, SAME, x), st))
        for p, sm in list(spo.items()):
            for o in sm.get(x, _EMPTY):
                emit(y, p, o, "eq-rep-s", (st, (x, p, o)))
            for s in pos[p].get(x, _EMPTY):
                emit(s, p, y, "eq-rep-o", (st, (s, p, x)))
        for s, o in list(store.pairs(x)):
            emit(s, y, o, "eq-rep-p", (st, (s, x, o)))

    # New triples whose terms already have stored synonyms.
    for p, pairs in delta.items():
        psyn = same.get(p, _EMPTY)
        for s, o in pairs:
            t = (s, p, o)
            for s2 in same.get(s, _EMPTY):
                emit(s2, p, o, "eq-rep-s", ((s, SAME, s2), t))
            for o2 in same.get(o, _EMPTY):
                emit(s, p, o2, "eq-rep-o", ((o, SAME, o2), t))
            for p2 in psyn:
                emit(s, p2, o, "eq-rep-p", ((p, SAME, p2), t))
