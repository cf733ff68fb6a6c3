"""One derivation per inferred triple: the rule and its premise triples.

Rounds are strict (a round only reads the store as it was when the round
started, new triples become visible to the next round), so the round in
which a triple is first derived equals the height of its shortest proof.
Keeping the first derivation therefore keeps a proof of minimal depth, and
since every premise was derived in an earlier round, following premises
always terminates at asserted triples.

Derivations are kept per predicate as ``{(s, o): (rule, premises)}`` so that
a whole round's new triples can be merged with one ``dict.update`` each.
"""

from __future__ import annotations

from typing import Iterator

Triple = tuple[int, int, int]
Derivation = tuple[str, tuple[Triple, ...]]


class Derivations:
    """Map from encoded inferred triple to its single kept derivation."""

    __slots__ = ("by_pred",)

    def __init__(self) -> None:
        self.by_pred: dict[int, dict[tuple[int, int], Derivation]] = {}

    def merge(self, p: int, new: dict[tuple[int, int], Derivation]) -> None:
        """Add one round's derivations for predicate ``p`` (keys are new)."""
        d = self.by_pred.get(p)
        if d is None:
            self.by_pred[p] = dict(new)
        else:
            d.update(new)

    def get(self, t: Triple) -> Derivation | None:
        """Derivation of ``t`` or None when ``t`` was not inferred."""
        d = self.by_pred.get(t[1])
        if d is None:
            return None
        return d.get((t[0], t[2]))

    def __contains__(self, t: Triple) -> bool:
        return self.get(t) is not None

    def triples(self) -> Iterator[Triple]:
        """Every inferred triple."""
        for p, d in self.by_pred.items():
            for s, o in d:
                yield s, p, o

    def __len__(self) -> int:
        return sum(len(d) for d in self.by_pred.values())
