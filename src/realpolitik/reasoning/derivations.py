"""One derivation per inferred triple: the rule and its premise triples.

Rounds are strict (a round only reads the store as it was when the round
started, new triples become visible to the next round), so the round in
which a triple is first derived equals the height of its shortest proof.
Keeping the first derivation therefore keeps a proof of minimal depth, and
since every premise was derived in an earlier round, following premises
always terminates at asserted triples.

Storage is per predicate, ``{packed (s, o): packed derivation}``, both
plain ints.  While a round runs, rules write readable tuples
``(rule, ((s, p, o), ...))`` into the round's map; the merge packs them.
Ints are not tracked by the cyclic garbage collector whereas tuples are:
at a million triples, keeping ~10 million small tuples alive cost more
collector time once the GC was back on than the whole packing does, and
packing halves the memory of the derivations as well.

Layout of a packed derivation: bits 0-7 rule index, bits 8-15 number of
premises, then 96 bits per premise (s | p << 32 | o << 64).  Term ids stay
far below 2**32 in any graph that fits in memory.
"""

from __future__ import annotations

Triple = tuple[int, int, int]
Derivation = tuple[str, tuple[Triple, ...]]

_MASK = 0xFFFFFFFF


class Derivations:
    """Map from encoded inferred triple to its single kept derivation."""

    __slots__ = ("_rule_index", "by_pred", "rules")

    def __init__(self) -> None:
        self.by_pred: dict[int, dict[int, int]] = {}
        self.rules: list[str] = []
        self._rule_index: dict[str, int] = {}

    def merge(self, p: int, new: dict[tuple[int, int], Derivation]) -> None:
        """Pack and add one round's derivations for predicate ``p``."""
        d = self.by_pred.get(p)
        if d is None:
            d = self.by_pred[p] = {}
        index = self._rule_index
        rules = self.rules
        for (s, o), (rule, premises) in new.items():
            r = index.get(rule)
            if r is None:
                r = index[rule] = len(rules)
                rules.append(rule)
            v = r | (len(premises) << 8)
            shift = 16
            for a, b, c in premises:
                v |= (a | (b << 32) | (c << 64)) << shift
                shift += 96
            d[(s << 32) | o] = v

    def get(self, t: Triple) -> Derivation | None:
        """Derivation of ``t`` or None when ``t`` was not inferred."""
        d = self.by_pred.get(t[1])
        if d is None:
            return None
        v = d.get((t[0] << 32) | t[2])
        if v is None:
            return None
        rule = self.rules[v & 0xFF]
        n = (v >> 8) & 0xFF
        v >>= 16
        premises = []
        for _ in range(n):
            premises.append((v & _MASK, (v >> 32) & _MASK, (v >> 64) & _MASK))
            v >>= 96
        return rule, tuple(premises)

    def discard(self, p: int, pairs) -> None:
        """Forget the derivations of the (s, o) pairs of predicate ``p``."""
        d = self.by_pred.get(p)
        if d is not None:
            for s, o in pairs:
                d.pop((s << 32) | o, None)

    def __contains__(self, t: Triple) -> bool:
        d = self.by_pred.get(t[1])
        return d is not None and ((t[0] << 32) | t[2]) in d

    def __len__(self) -> int:
        return sum(len(d) for d in self.by_pred.values())
