"""The scm-* rules: reasoning over the schema itself.

These are fixed joins triggered by the delta of vocabulary predicates
(rdfs:subClassOf, rdfs:subPropertyOf, rdfs:domain, ...).  Schemas are small,
so the restriction rules (scm-hv, scm-svf1/2, scm-avf1/2) simply rescan all
restrictions in any round that changes one of their inputs.

Reflexive conclusions follow owlrl: ``c rdfs:subClassOf c`` and the like come
from declarations (scm-cls, scm-op, scm-dp), while scm-sco / scm-spo skip
instances whose first premise or conclusion is reflexive; they add nothing.
scm-dp also fires for ``rdf:Property`` declarations, as in owlrl.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .encoding import (
    AVF,
    CLASS,
    DOMAIN,
    DTPROP,
    EQC,
    EQP,
    HASVALUE,
    INTER,
    NOTHING,
    OBJPROP,
    ONPROP,
    RANGE,
    RDFPROP,
    SCO,
    SPO,
    SVF,
    THING,
    TYPE,
    UNION,
)

if TYPE_CHECKING:
    from .engine import Engine

_DECLS = {CLASS, OBJPROP, DTPROP, RDFPROP}


def apply(eng: Engine, delta: dict) -> None:
    """Run the scm-* rules on this round's delta."""
    store = eng.store
    emit = eng.emit
    get = delta.get

    types = get(TYPE)
    if types:
        for s, o in types:
            if o in _DECLS:
                decl = ((s, TYPE, o),)
                if o == CLASS:
                    emit(s, SCO, s, "scm-cls", decl)
                    emit(s, EQC, s, "scm-cls", decl)
                    emit(s, SCO, THING, "scm-cls", decl)
                    emit(NOTHING, SCO, s, "scm-cls", decl)
                else:
                    rule = "scm-op" if o == OBJPROP else "scm-dp"
                    emit(s, SPO, s, rule, decl)
                    emit(s, EQP, s, rule, decl)

    for c1, c2 in get(SCO, ()):
        t = (c1, SCO, c2)
        if c1 != c2:
            for c3 in store.objects(c2, SCO):
                if c3 != c1:
                    emit(c1, SCO, c3, "scm-sco", (t, (c2, SCO, c3)))
            for c0 in store.subjects(SCO, c1):
                if c0 != c1 and c0 != c2:
                    emit(c0, SCO, c2, "scm-sco", ((c0, SCO, c1), t))
            for p in store.subjects(DOMAIN, c1):
                emit(p, DOMAIN, c2, "scm-dom1", ((p, DOMAIN, c1), t))
            for p in store.subjects(RANGE, c1):
                emit(p, RANGE, c2, "scm-rng1", ((p, RANGE, c1), t))
        if store.has(c2, SCO, c1):
            prem = (t, (c2, SCO, c1))
            emit(c1, EQC, c2, "scm-eqc2", prem)
            emit(c2, EQC, c1, "scm-eqc2", prem)

    for c1, c2 in get(EQC, ()):
        if c1 != c2:
            eqc = ((c1, EQC, c2),)
            emit(c1, SCO, c2, "scm-eqc1", eqc)
            emit(c2, SCO, c1, "scm-eqc1", eqc)

    for p1, p2 in get(SPO, ()):
        if p1 == p2:
            continue
        t = (p1, SPO, p2)
        for p3 in store.objects(p2, SPO):
            if p3 != p1:
                emit(p1, SPO, p3, "scm-spo", (t, (p2, SPO, p3)))
        for p0 in store.subjects(SPO, p1):
            if p0 != p1 and p0 != p2:
                emit(p0, SPO, p2, "scm-spo", ((p0, SPO, p1), t))
        for c in store.objects(p2, DOMAIN):
            emit(p1, DOMAIN, c, "scm-dom2", ((p2, DOMAIN, c), t))
        for c in store.objects(p2, RANGE):
            emit(p1, RANGE, c, "scm-rng2", ((p2, RANGE, c), t))
        if store.has(p2, SPO, p1):
            prem = (t, (p2, SPO, p1))
            emit(p1, EQP, p2, "scm-eqp2", prem)
            emit(p2, EQP, p1, "scm-eqp2", prem)

    for p1, p2 in get(EQP, ()):
        if p1 != p2:
            eqp = ((p1, EQP, p2),)
            emit(p1, SPO, p2, "scm-eqp1", eqp)
            emit(p2, SPO, p1, "scm-eqp1", eqp)

    for p, c1 in get(DOMAIN, ()):
        t = (p, DOMAIN, c1)
        for c2 in store.objects(c1, SCO):
            if c2 != c1:
                emit(p, DOMAIN, c2, "scm-dom1", (t, (c1, SCO, c2)))
        for p1 in store.subjects(SPO, p):
            if p1 != p:
                emit(p1, DOMAIN, c1, "scm-dom2", (t, (p1, SPO, p)))

    for p, c1 in get(RANGE, ()):
        t = (p, RANGE, c1)
        for c2 in store.objects(c1, SCO):
            if c2 != c1:
                emit(p, RANGE, c2, "scm-rng1", (t, (c1, SCO, c2)))
        for p1 in store.subjects(SPO, p):
            if p1 != p:
                emit(p1, RANGE, c1, "scm-rng2", (t, (p1, SPO, p)))

    for c, head in get(INTER, ()):
        for ci in eng.rdf_list(head) or ():
            emit(c, SCO, ci, "scm-int", ((c, INTER, head),))
    for c, head in get(UNION, ()):
        for ci in eng.rdf_list(head) or ():
            emit(ci, SCO, c, "scm-uni", ((c, UNION, head),))

    if any(k in delta for k in (HASVALUE, SVF, AVF, ONPROP, SCO, SPO)):
        _restrictions(eng)


def _restrictions(eng: Engine) -> None:
    """scm-hv, scm-svf1/2, scm-avf1/2 over all restrictions (schema-sized)."""
    store = eng.store
    emit = eng.emit
    onprop = store.spo.get(ONPROP)
    if not onprop:
        return
    for c1, props1 in list(onprop.items()):
        for p1 in props1:
            op1 = (c1, ONPROP, p1)
            for i in store.objects(c1, HASVALUE):
                for c2 in store.subjects(HASVALUE, i):
                    for p2 in store.objects(c2, ONPROP):
                        if store.has(p1, SPO, p2):
                            emit(c1, SCO, c2, "scm-hv",
                                 ((c1, HASVALUE, i), op1, (c2, HASVALUE, i),
                                  (c2, ONPROP, p2), (p1, SPO, p2)))
            for filler, rule1, rule2 in ((SVF, "scm-svf1", "scm-svf2"),
                                         (AVF, "scm-avf1", "scm-avf2")):
                for y1 in store.objects(c1, filler):
                    f1 = (c1, filler, y1)
                    # scm-svf1 / scm-avf1: same property, y1 <= y2
                    for y2 in store.objects(y1, SCO):
                        for c2 in store.subjects(filler, y2):
                            if p1 in store.objects(c2, ONPROP):
                                emit(c1, SCO, c2, rule1,
                                     (f1, op1, (c2, filler, y2), (c2, ONPROP, p1),
                                      (y1, SCO, y2)))
                    # scm-svf2 / scm-avf2: same filler, p1 <= p2
                    for c2 in store.subjects(filler, y1):
                        for p2 in store.objects(c2, ONPROP):
                            if store.has(p1, SPO, p2):
                                prem = (f1, op1, (c2, filler, y1), (c2, ONPROP, p2),
                                        (p1, SPO, p2))
                                if filler == SVF:
                                    emit(c1, SCO, c2, rule2, prem)
                                else:
                                    emit(c2, SCO, c1, rule2, prem)
