"""Compilation of schema triples into data rules (prp-*, cls-*, cax-*).

For every schema axiom present in the store, one closure specialised to
that axiom is built (one per subClassOf edge, per domain, per inverse pair,
per property chain, per restriction...).  A closure is triggered by the
delta of one predicate (``("pred", p, fn)`` gets a list of (s, o) pairs) or,
for ``rdf:type`` triples, of one class (``("class", c, fn)`` gets a list of
subjects).  Axioms absent from the schema cost nothing at run time, and
schema triples inferred during materialisation (scm-* rules) compile new
closures in the round they appear.

Hot closures test membership against the store index and the round's new
map inline instead of calling ``Engine.emit``: building the premise tuple
only for genuinely new triples is the main saving of the inner loops.

RDF lists (chains, intersections, unions, keys, oneOf) are read from the
store when the axiom's head triple is compiled.  Only the head triple (e.g.
``p owl:propertyChainAxiom _:l``) is recorded as a premise; the rdf:first /
rdf:rest cells are not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .encoding import (
    AVF,
    CHAIN,
    DOMAIN,
    EQC,
    EQP,
    FUNC,
    HASKEY,
    HASVALUE,
    INTER,
    INV,
    INVFUNC,
    MAXC,
    MAXQC,
    ONCLASS,
    ONEOF,
    ONPROP,
    RANGE,
    SAME,
    SCO,
    SPO,
    SVF,
    SYM,
    THING,
    TRANS,
    TYPE,
    UNION,
)

if TYPE_CHECKING:
    from .engine import Engine

_EMPTY: frozenset = frozenset()
_NONE: dict = {}


def _list(eng: Engine, head: int) -> list[int] | None:
    return eng.rdf_list(head)


def _int_value(eng: Engine, i: int) -> int | None:
    return eng.terms.int_value(i)


# ---------------------------------------------------------------------------
# generic closure builders
# ---------------------------------------------------------------------------
def class_to_class(eng: Engine, rule: str, c1: int, c2: int, axiom: tuple) -> None:
    """x type c1 -> x type c2 (cax-sco, cax-eqc1/2, cls-uni, cls-int2)."""
    if c1 == c2:
        return

    def fire(xs: list[int]) -> None:
        sm, nd = eng.sink(TYPE)
        for x in xs:
            os_ = sm.get(x)
            if (os_ is None or c2 not in os_) and (x, c2) not in nd:
                nd[(x, c2)] = (rule, (axiom, (x, TYPE, c1)))

    eng.install((rule, c1, c2, axiom), [("class", c1, fire)],
                lambda: eng.run_class_full(c1, fire))


def pred_to_pred(eng: Engine, rule: str, p1: int, p2: int, axiom: tuple,
                 inverse: bool) -> None:
    """x p1 y -> x p2 y (prp-spo1, prp-eqp1/2) or y p2 x (prp-inv1/2, prp-symp)."""
    if p1 == p2 and not inverse:
        return

    def fire(pairs: list[tuple[int, int]]) -> None:
        sm, nd = eng.sink(p2)
        if inverse:
            for s, o in pairs:
                os_ = sm.get(o)
                if (os_ is None or s not in os_) and (o, s) not in nd:
                    nd[(o, s)] = (rule, (axiom, (s, p1, o)))
        else:
            for s, o in pairs:
                os_ = sm.get(s)
                if (os_ is None or o not in os_) and (s, o) not in nd:
                    nd[(s, o)] = (rule, (axiom, (s, p1, o)))

    eng.install((rule, p1, p2, axiom), [("pred", p1, fire)],
                lambda: eng.run_pred_full(p1, fire))


def pred_to_type(eng: Engine, rule: str, p: int, c: int, axiom: tuple,
                 of_object: bool) -> None:
    """x p y -> x type c (prp-dom) or y type c (prp-rng)."""

    def fire(pairs: list[tuple[int, int]]) -> None:
        sm, nd = eng.sink(TYPE)
        for s, o in pairs:
            x = o if of_object else s
            os_ = sm.get(x)
            if (os_ is None or c not in os_) and (x, c) not in nd:
                nd[(x, c)] = (rule, (axiom, (s, p, o)))

    eng.install((rule, p, c), [("pred", p, fire)], lambda: eng.run_pred_full(p, fire))


# ---------------------------------------------------------------------------
# property rules
# ---------------------------------------------------------------------------
def transitive(eng: Engine, p: int) -> None:
    """prp-trp: x p y, y p z -> x p z."""
    axiom = (p, TYPE, TRANS)
    spo, pos = eng.store.spo, eng.store.pos

    def fire(pairs: list[tuple[int, int]]) -> None:
        sm, nd = eng.sink(p)
        # joins read the store; sm is only the "already known" test (see Engine.sink)
        st = spo.get(p, _NONE)
        om = pos.get(p, _NONE)
        for x, y in pairs:
            for z in st.get(y, _EMPTY):
                os_ = sm.get(x)
                if (os_ is None or z not in os_) and (x, z) not in nd:
                    nd[(x, z)] = ("prp-trp", (axiom, (x, p, y), (y, p, z)))
            for w in om.get(x, _EMPTY):
                os_ = sm.get(w)
                if (os_ is None or y not in os_) and (w, y) not in nd:
                    nd[(w, y)] = ("prp-trp", (axiom, (w, p, x), (x, p, y)))

    eng.install(("prp-trp", p), [("pred", p, fire)], lambda: eng.run_pred_full(p, fire))


def functional(eng: Engine, p: int, inverse: bool) -> None:
    """prp-fp: x p y1, x p y2 -> y1 sameAs y2; prp-ifp the mirror image."""
    rule = "prp-ifp" if inverse else "prp-fp"
    axiom = (p, TYPE, INVFUNC if inverse else FUNC)
    store = eng.store

    def fire(pairs: list[tuple[int, int]]) -> None:
        emit = eng.emit
        for s, o in pairs:
            if inverse:
                for s2 in store.subjects(p, o):
                    if s2 != s:
                        prem = (axiom, (s, p, o), (s2, p, o))
                        emit(s, SAME, s2, rule, prem)
                        emit(s2, SAME, s, rule, prem)
            else:
                for o2 in store.objects(s, p):
                    if o2 != o:
                        prem = (axiom, (s, p, o), (s, p, o2))
                        emit(o, SAME, o2, rule, prem)
                        emit(o2, SAME, o, rule, prem)

    eng.install((rule, p), [("pred", p, fire)], lambda: eng.run_pred_full(p, fire))


def chain(eng: Engine, p: int, head: int) -> None:
    """prp-spo2: p owl:propertyChainAxiom (p1 ... pn), any n >= 1."""
    links = _list(eng, head)
    if not links:
        return
    axiom = (p, CHAIN, head)
    store = eng.store
    n = len(links)

    def make(k: int) -> Callable:
        pk = links[k]

        def fire(pairs: list[tuple[int, int]]) -> None:
            sm, nd = eng.sink(p)
            for a, b in pairs:
                starts: dict[int, tuple] = {a: ()}
                for i in range(k - 1, -1, -1):
                    pi = links[i]
                    nxt: dict[int, tuple] = {}
                    for node, path in starts.items():
                        for prev in store.subjects(pi, node):
                            if prev not in nxt:
                                nxt[prev] = ((prev, pi, node),) + path
                    starts = nxt
                    if not starts:
                        break
                if not starts:
                    continue
                ends: dict[int, tuple] = {b: ()}
                for i in range(k + 1, n):
                    pi = links[i]
                    nxt = {}
                    for node, path in ends.items():
                        for succ in store.objects(node, pi):
                            if succ not in nxt:
                                nxt[succ] = path + ((node, pi, succ),)
                    ends = nxt
                    if not ends:
                        break
                if not ends:
                    continue
                mid = ((a, pk, b),)
                for st, pre in starts.items():
                    os_ = sm.get(st)
                    for en, post in ends.items():
                        if (os_ is None or en not in os_) and (st, en) not in nd:
                            nd[(st, en)] = ("prp-spo2", (axiom,) + pre + mid + post)

        return fire

    fires = [make(k) for k in range(n)]
    # One full pass over the first link finds every chain instance.
    eng.install(("prp-spo2", p, head),
                [("pred", links[k], fires[k]) for k in range(n)],
                lambda: eng.run_pred_full(links[0], fires[0]))


def has_key(eng: Engine, c: int, head: int) -> None:
    """prp-key: instances of c agreeing on every key property are sameAs."""
    keys = _list(eng, head)
    if not keys:
        return
    axiom = (c, HASKEY, head)
    store = eng.store

    def check(xs) -> None:
        for x in xs:
            if c not in store.objects(x, TYPE):
                continue
            cands: set[int] | None = None
            for pk in keys:
                found: set[int] = set()
                for z in store.objects(x, pk):
                    found.update(store.subjects(pk, z))
                cands = found if cands is None else cands & found
                if not cands:
                    break
            if not cands:
                continue
            for y in cands:
                if y == x or c not in store.objects(y, TYPE):
                    continue
                prem = [axiom, (x, TYPE, c), (y, TYPE, c)]
                for pk in keys:
                    z = next(iter(store.objects(x, pk) & store.objects(y, pk)))
                    prem += [(x, pk, z), (y, pk, z)]
                eng.emit(x, SAME, y, "prp-key", tuple(prem))
                eng.emit(y, SAME, x, "prp-key", tuple(prem))

    triggers: list = [("class", c, check)]
    for pk in set(keys):
        triggers.append(("pred", pk, lambda pairs: check({s for s, _ in pairs})))
    eng.install(("prp-key", c, head), triggers,
                lambda: check(list(store.subjects(TYPE, c))))


# ---------------------------------------------------------------------------
# class expressions
# ---------------------------------------------------------------------------
def intersection(eng: Engine, c: int, head: int) -> None:
    """cls-int1 (all members -> c) and cls-int2 (c -> each member)."""
    members = _list(eng, head)
    if not members:
        return
    axiom = (c, INTER, head)
    store = eng.store
    for ci in members:
        class_to_class(eng, "cls-int2", c, ci, axiom)
    need = tuple(dict.fromkeys(members))

    def fire(xs: list[int]) -> None:
        types = store.spo[TYPE]
        for y in xs:
            ts = types.get(y, _EMPTY)
            if all(ci in ts for ci in need):
                eng.emit(y, TYPE, c, "cls-int1",
                         (axiom,) + tuple((y, TYPE, ci) for ci in need))

    eng.install(("cls-int1", c, head), [("class", ci, fire) for ci in need],
                lambda: eng.run_class_full(need[0], fire))


def union(eng: Engine, c: int, head: int) -> None:
    """cls-uni: y type ci (a member) -> y type c."""
    axiom = (c, UNION, head)
    for ci in _list(eng, head) or ():
        class_to_class(eng, "cls-uni", ci, c, axiom)


def one_of(eng: Engine, c: int, head: int) -> None:
    """cls-oo: each enumerated individual is an instance of c."""
    axiom = (c, ONEOF, head)
    for y in _list(eng, head) or ():
        # No data premise triggers cls-oo again: remember it for rederivation.
        eng.static[(y, TYPE, c)] = ("cls-oo", (axiom,))
        eng.emit(y, TYPE, c, "cls-oo", (axiom,))


def restriction(eng: Engine, x: int) -> None:
    """Compile every rule of restriction x (svf, avf, hv, maxc, maxqc)."""
    store = eng.store
    for p in list(store.objects(x, ONPROP)):
        onp = (x, ONPROP, p)
        for y in list(store.objects(x, SVF)):
            some_values(eng, x, p, y, onp)
        for y in list(store.objects(x, AVF)):
            all_values(eng, x, p, y, onp)
        for v in list(store.objects(x, HASVALUE)):
            has_value(eng, x, p, v, onp)
        for n in list(store.objects(x, MAXC)):
            if _int_value(eng, n) == 1:
                max_one(eng, x, p, None, (x, MAXC, n), onp)
        for n in list(store.objects(x, MAXQC)):
            if _int_value(eng, n) == 1:
                for cc in list(store.objects(x, ONCLASS)):
                    max_one(eng, x, p, cc, (x, MAXQC, n), onp)


def some_values(eng: Engine, r: int, p: int, y: int, onp: tuple) -> None:
    """cls-svf1 (filler y) and cls-svf2 (filler owl:Thing)."""
    svf = (r, SVF, y)
    store = eng.store
    if y == THING:
        def fire_p(pairs: list[tuple[int, int]]) -> None:
            sm, nd = eng.sink(TYPE)
            for u, v in pairs:
                os_ = sm.get(u)
                if (os_ is None or r not in os_) and (u, r) not in nd:
                    nd[(u, r)] = ("cls-svf2", (svf, onp, (u, p, v)))

        eng.install(("cls-svf2", r, p), [("pred", p, fire_p)],
                    lambda: eng.run_pred_full(p, fire_p))
        return

    def fire_pred(pairs: list[tuple[int, int]]) -> None:
        sm, nd = eng.sink(TYPE)
        types = store.spo.get(TYPE, _NONE)
        for u, v in pairs:
            os_ = sm.get(u)
            if (os_ is None or r not in os_) and (u, r) not in nd:
                vt = types.get(v)
                if vt is not None and y in vt:
                    nd[(u, r)] = ("cls-svf1", (svf, onp, (u, p, v), (v, TYPE, y)))

    def fire_class(vs: list[int]) -> None:
        sm, nd = eng.sink(TYPE)
        for v in vs:
            for u in store.subjects(p, v):
                os_ = sm.get(u)
                if (os_ is None or r not in os_) and (u, r) not in nd:
                    nd[(u, r)] = ("cls-svf1", (svf, onp, (u, p, v), (v, TYPE, y)))

    eng.install(("cls-svf1", r, p, y), [("pred", p, fire_pred), ("class", y, fire_class)],
                lambda: eng.run_pred_full(p, fire_pred))


def all_values(eng: Engine, r: int, p: int, y: int, onp: tuple) -> None:
    """cls-avf: u type r, u p v -> v type y."""
    avf = (r, AVF, y)
    store = eng.store

    def fire_class(us: list[int]) -> None:
        sm, nd = eng.sink(TYPE)
        for u in us:
            for v in store.objects(u, p):
                os_ = sm.get(v)
                if (os_ is None or y not in os_) and (v, y) not in nd:
                    nd[(v, y)] = ("cls-avf", (avf, onp, (u, TYPE, r), (u, p, v)))

    def fire_pred(pairs: list[tuple[int, int]]) -> None:
        sm, nd = eng.sink(TYPE)
        types = store.spo.get(TYPE, _NONE)
        for u, v in pairs:
            ut = types.get(u)
            if ut is None or r not in ut:
                continue
            os_ = sm.get(v)
            if (os_ is None or y not in os_) and (v, y) not in nd:
                nd[(v, y)] = ("cls-avf", (avf, onp, (u, TYPE, r), (u, p, v)))

    eng.install(("cls-avf", r, p, y), [("class", r, fire_class), ("pred", p, fire_pred)],
                lambda: eng.run_class_full(r, fire_class))


def has_value(eng: Engine, r: int, p: int, v: int, onp: tuple) -> None:
    """cls-hv1 (u type r -> u p v) and cls-hv2 (u p v -> u type r)."""
    hv = (r, HASVALUE, v)

    def fire_class(us: list[int]) -> None:
        sm, nd = eng.sink(p)
        for u in us:
            os_ = sm.get(u)
            if (os_ is None or v not in os_) and (u, v) not in nd:
                nd[(u, v)] = ("cls-hv1", (hv, onp, (u, TYPE, r)))

    def fire_pred(pairs: list[tuple[int, int]]) -> None:
        sm, nd = eng.sink(TYPE)
        for u, o in pairs:
            if o != v:
                continue
            os_ = sm.get(u)
            if (os_ is None or r not in os_) and (u, r) not in nd:
                nd[(u, r)] = ("cls-hv2", (hv, onp, (u, p, v)))

    def full() -> None:
        fire_class(list(eng.store.subjects(TYPE, r)))
        fire_pred([(u, v) for u in eng.store.subjects(p, v)])

    eng.install(("cls-hv", r, p, v), [("class", r, fire_class), ("pred", p, fire_pred)], full)


def max_one(eng: Engine, r: int, p: int, cc: int | None, card: tuple,
            onp: tuple) -> None:
    """cls-maxc2, cls-maxqc3 (onClass cc) and cls-maxqc4 (onClass owl:Thing)."""
    store = eng.store
    extra: tuple[tuple[int, int, int], ...]
    if cc is None:
        rule, extra = "cls-maxc2", ()
    elif cc == THING:
        rule, extra, cc = "cls-maxqc4", ((r, ONCLASS, THING),), None
    else:
        rule, extra = "cls-maxqc3", ((r, ONCLASS, cc),)

    def qualified(y: int) -> bool:
        return cc is None or cc in store.objects(y, TYPE)

    def check(u: int, y1s) -> None:
        if r not in store.objects(u, TYPE):
            return
        ys = [y for y in store.objects(u, p) if qualified(y)]
        for y1 in y1s:
            if not qualified(y1):
                continue
            for y2 in ys:
                if y2 == y1:
                    continue
                prem: tuple = (card, onp) + extra + ((u, TYPE, r), (u, p, y1), (u, p, y2))
                if cc is not None:
                    prem += ((y1, TYPE, cc), (y2, TYPE, cc))
                eng.emit(y1, SAME, y2, rule, prem)
                eng.emit(y2, SAME, y1, rule, prem)

    def fire_class(us: list[int]) -> None:
        for u in us:
            check(u, store.objects(u, p))

    def fire_pred(pairs: list[tuple[int, int]]) -> None:
        for u, y in pairs:
            check(u, (y,))

    triggers: list[tuple[str, int, Callable]] = [("class", r, fire_class),
                                                 ("pred", p, fire_pred)]
    if cc is not None:
        def fire_qual(ys: list[int]) -> None:
            for y in ys:
                for u in store.subjects(p, y):
                    check(u, (y,))
        triggers.append(("class", cc, fire_qual))
    eng.install((rule, r, p, cc), triggers, lambda: eng.run_class_full(r, fire_class))


# ---------------------------------------------------------------------------
# dispatch of schema deltas to the compilers above
# ---------------------------------------------------------------------------
_RESTRICTION_PREDS = (ONPROP, SVF, AVF, HASVALUE, MAXC, MAXQC, ONCLASS)
_CHARACTERISTICS = frozenset((SYM, TRANS, FUNC, INVFUNC))


def compile_delta(eng: Engine, delta: dict) -> None:
    """Compile the data rules made possible by this round's schema triples."""
    get = delta.get
    for c1, c2 in get(SCO, ()):
        class_to_class(eng, "cax-sco", c1, c2, (c1, SCO, c2))
    for c1, c2 in get(EQC, ()):
        class_to_class(eng, "cax-eqc1", c1, c2, (c1, EQC, c2))
        class_to_class(eng, "cax-eqc2", c2, c1, (c1, EQC, c2))
    for p, c in get(DOMAIN, ()):
        pred_to_type(eng, "prp-dom", p, c, (p, DOMAIN, c), of_object=False)
    for p, c in get(RANGE, ()):
        pred_to_type(eng, "prp-rng", p, c, (p, RANGE, c), of_object=True)
    for p1, p2 in get(SPO, ()):
        pred_to_pred(eng, "prp-spo1", p1, p2, (p1, SPO, p2), inverse=False)
    for p1, p2 in get(EQP, ()):
        pred_to_pred(eng, "prp-eqp1", p1, p2, (p1, EQP, p2), inverse=False)
        pred_to_pred(eng, "prp-eqp2", p2, p1, (p1, EQP, p2), inverse=False)
    for p1, p2 in get(INV, ()):
        pred_to_pred(eng, "prp-inv1", p1, p2, (p1, INV, p2), inverse=True)
        pred_to_pred(eng, "prp-inv2", p2, p1, (p1, INV, p2), inverse=True)
    for s, o in get(TYPE, ()):
        if o not in _CHARACTERISTICS:
            continue
        if o == SYM:
            pred_to_pred(eng, "prp-symp", s, s, (s, TYPE, SYM), inverse=True)
        elif o == TRANS:
            transitive(eng, s)
        elif o == FUNC:
            functional(eng, s, inverse=False)
        elif o == INVFUNC:
            functional(eng, s, inverse=True)
    for p, head in get(CHAIN, ()):
        chain(eng, p, head)
    for c, head in get(HASKEY, ()):
        has_key(eng, c, head)
    for c, head in get(INTER, ()):
        intersection(eng, c, head)
    for c, head in get(UNION, ()):
        union(eng, c, head)
    for c, head in get(ONEOF, ()):
        one_of(eng, c, head)
    touched: set[int] = set()
    for pred in _RESTRICTION_PREDS:
        for x, _ in get(pred, ()):
            touched.add(x)
    for x in touched:
        restriction(eng, x)
