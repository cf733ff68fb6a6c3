"""Inconsistencies (the OWL 2 RL rules whose head is ``false``) as findings.

They run once over the final closure: they add no triples, so nothing
needs them during the fixpoint, and one pass over the finished store is
simpler and cheaper than checking every delta.  Nothing is raised and no
``err:`` triples are written; each violation becomes a :class:`Finding`.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from .datatypes import INVALID, member_types
from .encoding import (
    ALLDIFF,
    ALLDISJCLS,
    ALLDISJPROP,
    ASSPROP,
    ASYM,
    COMPL,
    DIFF,
    DISJ,
    DISTINCT,
    IRREFL,
    MAXC,
    MAXQC,
    MEMBERS,
    NIL,
    NOTHING,
    ONCLASS,
    ONPROP,
    PDW,
    SAME,
    SRCIND,
    TGTIND,
    TGTVAL,
    THING,
    TYPE,
)
from .triple_index import read_list

if TYPE_CHECKING:
    from .derivations import Derivations
    from .encoding import TermTable
    from .literals import LiteralValues
    from .triple_index import TripleIndex


@dataclass(frozen=True)
class Finding:
    """One inconsistency: the rule id (e.g. ``"cax-dw"``), a readable
    message and the triples (rdflib terms) that together violate it."""

    rule: str
    message: str
    triples: tuple[tuple, ...]


def find_inconsistencies(store: TripleIndex, terms: TermTable, lists: dict,
                         derivations: Derivations, literals: LiteralValues) -> list[Finding]:
    """Check every false-headed rule against the closed store.

    ``lists`` are the asserted list cells (see ``TripleIndex.list_cells``);
    ``derivations`` tell derived triples from asserted ones; ``literals``
    holds the literals' values (dt-diff, dt-not-type).  A triple with a
    literal subject (``1 owl:sameAs 2``) cannot be written in RDF, so a
    finding names the asserted triples it was derived from instead.
    """
    out: list[Finding] = []
    seen: set = set()
    dec = terms.decode
    is_literal = terms.literals.__contains__

    def inferred(t: tuple[int, int, int]) -> bool:
        return t in derivations

    def support(t: tuple[int, int, int]) -> list[tuple[int, int, int]]:
        """``t`` itself, or for a literal-subject triple the asserted leaves of its proof."""
        if not is_literal(t[0]):
            return [t]
        leaves: list[tuple[int, int, int]] = []
        todo, done = [t], {t}
        while todo:
            q = todo.pop()
            d = derivations.get(q)
            if d is None:
                leaves.append(q)
                continue
            for premise in d[1]:
                if premise not in done:
                    done.add(premise)
                    todo.append(premise)
        return sorted(leaves)

    def report(rule: str, message: str, *triples: tuple[int, int, int]) -> None:
        key = (rule, frozenset(triples))
        if key in seen:
            return
        seen.add(key)
        named = list(dict.fromkeys(q for t in triples for q in support(t)))
        rdf = tuple(tuple(dec(i) for i in t) for t in named)
        out.append(Finding(rule, message, rdf))

    n3 = terms.n3

    objects, subjects, has = store.objects, store.subjects, store.has

    def lst(head: int) -> list[int]:
        return read_list(lists, head, NIL) or []

    int_of = terms.int_value

    # eq-diff1; eq-rep-* copies differentFrom onto every synonym, so report
    # each unordered pair once and x != x only when it was asserted.
    for x, y in list(store.pairs(DIFF)):
        if x == y and inferred((x, DIFF, y)):
            continue
        if x == y or has(x, SAME, y):
            if x > y and has(y, DIFF, x):
                continue
            sa = () if x == y else ((x, SAME, y),)
            report("eq-diff1", f"{n3(x)} is both the same as and different from {n3(y)}",
                   *sa, (x, DIFF, y))
    # eq-diff2 / eq-diff3
    for prop, rule in ((MEMBERS, "eq-diff2"), (DISTINCT, "eq-diff3")):
        for x in subjects(TYPE, ALLDIFF):
            for head in objects(x, prop):
                for zi, zj in combinations(lst(head), 2):
                    if zi != zj and has(zi, SAME, zj):
                        report(rule, f"{n3(zi)} and {n3(zj)} are declared all-different "
                               "but are the same", (x, TYPE, ALLDIFF), (x, prop, head),
                               (zi, SAME, zj))
    # prp-irp, prp-asyp
    for p in subjects(TYPE, IRREFL):
        for x, y in list(store.pairs(p)):
            if x == y:
                report("prp-irp", f"irreflexive property {n3(p)} relates {n3(x)} to itself",
                       (p, TYPE, IRREFL), (x, p, x))
    for p in subjects(TYPE, ASYM):
        for x, y in list(store.pairs(p)):
            if has(y, p, x):
                a, b = sorted((x, y))
                report("prp-asyp", f"asymmetric property {n3(p)} holds both ways between "
                       f"{n3(a)} and {n3(b)}", (p, TYPE, ASYM), (a, p, b), (b, p, a))
    # prp-pdw, prp-adp
    def disjoint_props(rule: str, p1: int, p2: int, *schema) -> None:
        for x, y in list(store.pairs(p1)):
            if has(x, p2, y):
                report(rule, f"disjoint properties {n3(p1)} and {n3(p2)} both relate "
                       f"{n3(x)} to {n3(y)}", *schema, (x, p1, y), (x, p2, y))
    for p1, p2 in list(store.pairs(PDW)):
        disjoint_props("prp-pdw", p1, p2, (p1, PDW, p2))
    for x in subjects(TYPE, ALLDISJPROP):
        for head in objects(x, MEMBERS):
            for pi, pj in combinations(lst(head), 2):
                disjoint_props("prp-adp", pi, pj, (x, TYPE, ALLDISJPROP), (x, MEMBERS, head))
    # prp-npa1 / prp-npa2
    for x, i1 in list(store.pairs(SRCIND)):
        for p in objects(x, ASSPROP):
            for target, rule in ((TGTIND, "prp-npa1"), (TGTVAL, "prp-npa2")):
                for i2 in objects(x, target):
                    if has(i1, p, i2):
                        report(rule, f"negative assertion violated: {n3(i1)} {n3(p)} {n3(i2)}",
                               (x, SRCIND, i1), (x, ASSPROP, p), (x, target, i2), (i1, p, i2))
    # cls-nothing2
    for x in subjects(TYPE, NOTHING):
        report("cls-nothing2", f"{n3(x)} is an instance of owl:Nothing", (x, TYPE, NOTHING))
    # cls-com, cax-dw, cax-adc
    def disjoint_classes(rule: str, what: str, c1: int, c2: int, *schema) -> None:
        both = subjects(TYPE, c1) & subjects(TYPE, c2)
        for x in sorted(both):
            report(rule, f"{n3(x)} is in both {what} classes {n3(c1)} and {n3(c2)}",
                   *schema, (x, TYPE, c1), (x, TYPE, c2))
    for c1, c2 in list(store.pairs(COMPL)):
        disjoint_classes("cls-com", "complementary", c1, c2, (c1, COMPL, c2))
    for c1, c2 in list(store.pairs(DISJ)):
        disjoint_classes("cax-dw", "disjoint", c1, c2, (c1, DISJ, c2))
    for x in subjects(TYPE, ALLDISJCLS):
        for head in objects(x, MEMBERS):
            for ci, cj in combinations(lst(head), 2):
                disjoint_classes("cax-adc", "disjoint", ci, cj,
                                 (x, TYPE, ALLDISJCLS), (x, MEMBERS, head))
    # cls-maxc1, cls-maxqc1, cls-maxqc2
    for r, n in list(store.pairs(MAXC)):
        if int_of(n) == 0:
            for p in objects(r, ONPROP):
                for u in subjects(TYPE, r):
                    for y in objects(u, p):
                        report("cls-maxc1", f"{n3(u)} has a {n3(p)} value but is "
                               f"restricted to none", (r, MAXC, n), (r, ONPROP, p),
                               (u, TYPE, r), (u, p, y))
    for r, n in list(store.pairs(MAXQC)):
        if int_of(n) == 0:
            for p in objects(r, ONPROP):
                for c in objects(r, ONCLASS):
                    for u in subjects(TYPE, r):
                        for y in objects(u, p):
                            if c == THING:
                                report("cls-maxqc2", f"{n3(u)} has a {n3(p)} value but is "
                                       "restricted to none", (r, MAXQC, n), (r, ONPROP, p),
                                       (r, ONCLASS, c), (u, TYPE, r), (u, p, y))
                            elif has(y, TYPE, c):
                                report("cls-maxqc1", f"{n3(u)} has a {n3(p)} value in "
                                       f"{n3(c)} but is restricted to none", (r, MAXQC, n),
                                       (r, ONPROP, p), (r, ONCLASS, c), (u, TYPE, r),
                                       (u, p, y), (y, TYPE, c))
    # dt-diff with eq-diff1: two literals of different values made the same
    same = store.spo.get(SAME, {})
    values = literals.values
    for x in sorted(values):
        kx = values[x]
        if kx is None or kx is INVALID:
            continue
        for y in sorted(same.get(x, ())):
            ky = values.get(y)
            # each pair once, in an order that does not depend on term ids
            if ky is not None and ky is not INVALID and ky != kx and n3(x) < n3(y):
                report("dt-diff", f"{n3(x)} and {n3(y)} are different values, but are "
                       "inferred to be the same (dt-diff with eq-diff1)", (x, SAME, y))
    # dt-not-type: a literal outside the value space of a datatype it is typed with
    types = store.spo.get(TYPE, {})
    typings = derivations.by_pred.get(TYPE, {})
    dt_type2 = derivations.rules.index("dt-type2") if "dt-type2" in derivations.rules else -1

    def from_value_space(lit: int, dt: int) -> bool:
        """True when ``lit rdf:type dt`` came from dt-type2 (so holds by construction)."""
        v = typings.get((lit << 32) | dt)
        return v is not None and (v & 0xFF) == dt_type2

    def uses(lit: int) -> list[tuple[int, int, int]]:
        return sorted((s, p, lit) for p, om in store.pos.items() if p != SAME
                      for s in om.get(lit, ()))

    for i in sorted(values):
        key = values[i]
        if key is None:
            continue
        if key is INVALID:
            datatype = terms.literal_parts(dec(i))[1]
            report("dt-not-type", f"literal {n3(i)} is not a valid <{datatype}>", *uses(i))
            continue
        members: tuple[str, ...] | None = None
        for dt in sorted(types.get(i, ())):
            iri = literals.datatype_ids.get(dt)
            if iri is None or from_value_space(i, dt):
                continue
            if members is None:
                members = member_types(key)
            if iri not in members:
                report("dt-not-type", f"literal {n3(i)} is not in the value space of {n3(dt)}",
                       (i, TYPE, dt), *uses(i))
    return out
