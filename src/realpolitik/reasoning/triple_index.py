"""Integer triple store with the two hash indexes the rules join on.

``spo[p][s]`` is the set of objects and ``pos[p][o]`` the set of subjects of
predicate ``p``.  Every OWL 2 RL rule body joins on a bound predicate (rules
never range over predicates except the eq-rep-* rules, which walk the small
list of predicates), so indexing by predicate first keeps each lookup to two
dict probes.  Plain dicts and sets are used because in pure Python they are
the fastest structures available; anything cleverer costs interpreter time.
"""

from __future__ import annotations

from collections.abc import Iterator

_EMPTY: frozenset = frozenset()


class TripleIndex:
    """Set of integer triples indexed by p->s->{o} and p->o->{s}."""

    __slots__ = ("pos", "size", "spo")

    def __init__(self) -> None:
        self.spo: dict[int, dict[int, set[int]]] = {}
        self.pos: dict[int, dict[int, set[int]]] = {}
        self.size = 0

    def load(self, triples) -> None:
        """Bulk insert of encoded triples (duplicates allowed), inlined."""
        spo, pos = self.spo, self.pos
        n = 0
        for s, p, o in triples:
            sm = spo.get(p)
            if sm is None:
                sm = spo[p] = {}
                pos[p] = {}
            os_ = sm.get(s)
            if os_ is None:
                sm[s] = {o}
            elif o in os_:
                continue
            else:
                os_.add(o)
            om = pos[p]
            ss = om.get(o)
            if ss is None:
                om[o] = {s}
            else:
                ss.add(s)
            n += 1
        self.size += n

    def add_pairs(self, p: int, pairs) -> None:
        """Bulk insert of (s, o) pairs known to be absent (the round merge)."""
        sm = self.spo.get(p)
        if sm is None:
            sm = self.spo[p] = {}
            self.pos[p] = {}
        om = self.pos[p]
        n = 0
        for s, o in pairs:
            os_ = sm.get(s)
            if os_ is None:
                sm[s] = {o}
            else:
                os_.add(o)
            ss = om.get(o)
            if ss is None:
                om[o] = {s}
            else:
                ss.add(s)
            n += 1
        self.size += n

    def discard_pairs(self, p: int, pairs) -> None:
        """Remove (s, o) pairs of predicate ``p`` that are present."""
        sm = self.spo.get(p)
        if sm is None:
            return
        om = self.pos[p]
        n = 0
        for s, o in pairs:
            os_ = sm.get(s)
            if os_ is None or o not in os_:
                continue
            os_.discard(o)
            if not os_:
                del sm[s]
            ss = om[o]
            ss.discard(s)
            if not ss:
                del om[o]
            n += 1
        self.size -= n

    def has(self, s: int, p: int, o: int) -> bool:
        """Membership test."""
        sm = self.spo.get(p)
        if sm is None:
            return False
        os_ = sm.get(s)
        return os_ is not None and o in os_

    def objects(self, s: int, p: int) -> set[int] | frozenset:
        """Objects of ``(s, p, ?)``; an empty set when none (do not mutate)."""
        sm = self.spo.get(p)
        if sm is None:
            return _EMPTY
        return sm.get(s, _EMPTY)

    def subjects(self, p: int, o: int) -> set[int] | frozenset:
        """Subjects of ``(?, p, o)``; an empty set when none (do not mutate)."""
        om = self.pos.get(p)
        if om is None:
            return _EMPTY
        return om.get(o, _EMPTY)

    def pairs(self, p: int) -> Iterator[tuple[int, int]]:
        """All (s, o) of predicate ``p``."""
        sm = self.spo.get(p)
        if sm:
            for s, os_ in sm.items():
                for o in os_:
                    yield s, o

    def __len__(self) -> int:
        return self.size

    def list_cells(self, first: int, rest: int) -> dict[int, tuple[int, int]]:
        """Snapshot of well-formed list cells: node -> (first, rest).

        Taken from the asserted triples before reasoning: eq-rep-o may later
        give a cell a second rdf:first, which must not break list reading.
        """
        firsts = self.spo.get(first, {})
        rests = self.spo.get(rest, {})
        cells = {}
        for node, fs in firsts.items():
            rs = rests.get(node)
            if len(fs) == 1 and rs is not None and len(rs) == 1:
                cells[node] = (next(iter(fs)), next(iter(rs)))
        return cells


def read_list(cells: dict[int, tuple[int, int]], head: int, nil: int) -> list[int] | None:
    """Items of the RDF list at ``head``; None if malformed or cyclic."""
    items: list[int] = []
    seen: set[int] = set()
    node = head
    while node != nil:
        cell = cells.get(node)
        if cell is None or node in seen:
            return None
        seen.add(node)
        items.append(cell[0])
        node = cell[1]
    return items
