"""Deterministic synthetic geopolitics graphs for benchmarking the reasoner.

``generate(n, seed)`` returns exactly ``n`` asserted rdflib triples: a small
OWL schema (below) followed by instance data about states, regions,
alliances, agreements, pipeline projects and sanctions.  Run as a script to
write N-Triples: ``python bench/generate.py 10k -o /tmp/10k.nt``.

Schema exercised: subclass edges, inverse pairs (memberOf/hasMember,
partyTo/hasParty, imposes/imposedBy, targets/targetedBy), a symmetric
property (partnerOf), a transitive one (locatedIn over a region hierarchy),
a sub-property (routeBypasses <= bypasses), a property chain
(partyTo o routeBypasses <= bypasses), domains and ranges, a hasValue class
(member of alliance 0), a someValuesFrom class (state targeted by some
sanction) and a disjointness (State / Alliance).
"""

from __future__ import annotations

import argparse
import random
import sys

from rdflib import BNode, Literal, Namespace
from rdflib.namespace import OWL, RDF, RDFS

RP = Namespace("https://w3id.org/realpolitik/ontology#")
SYN = Namespace("https://w3id.org/realpolitik/synthetic/")


def _list(items: list, out: list) -> BNode:
    head = node = BNode()
    for i, item in enumerate(items):
        out.append((node, RDF.first, item))
        nxt = RDF.nil if i == len(items) - 1 else BNode()
        out.append((node, RDF.rest, nxt))
        node = nxt
    return head


def schema() -> list[tuple]:
    """The rp: ontology used by the generated data."""
    t: list[tuple] = []
    for c in ("State", "Alliance", "Agreement", "Project", "Sanction", "Region", "Actor",
              "Instrument", "AllianceMember", "SanctionedState"):
        t.append((RP[c], RDF.type, OWL.Class))
    t += [
        (RP.State, RDFS.subClassOf, RP.Actor),
        (RP.Alliance, RDFS.subClassOf, RP.Actor),
        (RP.Agreement, RDFS.subClassOf, RP.Instrument),
        (RP.Project, RDFS.subClassOf, RP.Instrument),
        (RP.State, OWL.disjointWith, RP.Alliance),
    ]
    for p in ("memberOf", "hasMember", "partyTo", "hasParty", "partnerOf", "locatedIn",
              "routeBypasses", "bypasses", "imposes", "imposedBy", "targets", "targetedBy"):
        t.append((RP[p], RDF.type, OWL.ObjectProperty))
    t += [
        (RP.memberOf, OWL.inverseOf, RP.hasMember),
        (RP.partyTo, OWL.inverseOf, RP.hasParty),
        (RP.imposes, OWL.inverseOf, RP.imposedBy),
        (RP.targets, OWL.inverseOf, RP.targetedBy),
        (RP.partnerOf, RDF.type, OWL.SymmetricProperty),
        (RP.locatedIn, RDF.type, OWL.TransitiveProperty),
        (RP.routeBypasses, RDFS.subPropertyOf, RP.bypasses),
        (RP.memberOf, RDFS.domain, RP.State),
        (RP.memberOf, RDFS.range, RP.Alliance),
        (RP.partyTo, RDFS.domain, RP.State),
        (RP.imposes, RDFS.domain, RP.Actor),
        (RP.imposes, RDFS.range, RP.Sanction),
        (RP.targets, RDFS.domain, RP.Sanction),
        (RP.targets, RDFS.range, RP.State),
        (RP.routeBypasses, RDFS.domain, RP.Project),
        (RP.routeBypasses, RDFS.range, RP.State),
        (RP.partnerOf, RDFS.domain, RP.State),
    ]
    t.append((RP.bypasses, OWL.propertyChainAxiom, _list([RP.partyTo, RP.routeBypasses], t)))
    hv = BNode()
    t += [(hv, RDF.type, OWL.Restriction), (hv, OWL.onProperty, RP.memberOf),
          (hv, OWL.hasValue, SYN["alliance/0"]), (RP.AllianceMember, OWL.equivalentClass, hv)]
    svf = BNode()
    t += [(svf, RDF.type, OWL.Restriction), (svf, OWL.onProperty, RP.targetedBy),
          (svf, OWL.someValuesFrom, RP.Sanction), (RP.SanctionedState, OWL.equivalentClass, svf),
          (RP.SanctionedState, RDFS.subClassOf, RP.State)]
    return t


def generate(n: int, seed: int = 0) -> list[tuple]:
    """Exactly ``n`` triples (schema first); same ``n`` and ``seed``, same graph."""
    rng = random.Random(seed)
    out = schema()
    if n <= len(out):
        return out[:n]
    # Entity counts scale with n; ratios chosen so each kind of axiom fires.
    n_regions = max(8, n // 400)
    n_states = max(10, n // 25)
    n_alliances = max(3, n // 2000)
    regions = [SYN[f"region/{i}"] for i in range(n_regions)]
    states = [SYN[f"state/{i}"] for i in range(n_states)]
    alliances = [SYN[f"alliance/{i}"] for i in range(n_alliances)]
    # Fixed skeleton: region tree (depth ~log4), states with a region,
    # alliances.  Then a stream of events until n triples.
    for i, r in enumerate(regions):
        out.append((r, RDF.type, RP.Region))
        if i:
            out.append((r, RP.locatedIn, regions[(i - 1) // 4]))
    for i, a in enumerate(alliances):
        out += [(a, RDF.type, RP.Alliance), (a, RDFS.label, Literal(f"Alliance {i}"))]
    for i, s in enumerate(states):
        out += [(s, RDF.type, RP.State), (s, RDFS.label, Literal(f"State {i}")),
                (s, RP.locatedIn, rng.choice(regions))]
    counters = {"agreement": 0, "project": 0, "sanction": 0}
    while len(out) < n:
        k = rng.random()
        if k < 0.25:
            out.append((rng.choice(states), RP.memberOf, rng.choice(alliances)))
        elif k < 0.45:
            out.append((rng.choice(states), RP.partnerOf, rng.choice(states)))
        elif k < 0.65:
            i = counters["agreement"] = counters["agreement"] + 1
            a = SYN[f"agreement/{i}"]
            out.append((a, RDF.type, RP.Agreement))
            for s in rng.sample(states, 2):
                out.append((s, RP.partyTo, a))
        elif k < 0.85:
            i = counters["project"] = counters["project"] + 1
            p = SYN[f"project/{i}"]
            out += [(p, RDF.type, RP.Project), (p, RP.locatedIn, rng.choice(states)),
                    (p, RP.routeBypasses, rng.choice(states)),
                    (p, RP.hasParty, rng.choice(states))]
        else:
            i = counters["sanction"] = counters["sanction"] + 1
            sc = SYN[f"sanction/{i}"]
            out += [(rng.choice(states), RP.imposes, sc), (sc, RP.targets, rng.choice(states))]
    return out[:n]


def parse_size(text: str) -> int:
    """'10k' -> 10000, '1M' -> 1000000, '2500' -> 2500."""
    text = text.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if mult > 1 else text) * mult)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("size", help="asserted triples, e.g. 1k, 10k, 100k, 1M")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-o", "--output", help="N-Triples file (default stdout)")
    args = ap.parse_args(argv)
    triples = generate(parse_size(args.size), args.seed)
    stream = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    with stream:
        for s, p, o in triples:
            stream.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")


if __name__ == "__main__":
    main()
