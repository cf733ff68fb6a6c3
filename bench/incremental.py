"""Incremental updates on a large closure: Closure.add / Closure.remove.

    python bench/incremental.py [--size 1M] [--edits 1000] [--seed 0]

Generates the synthetic graph (``generate.py``), holds out ``--edits``
random instance triples and one schema axiom (``rp:State rdfs:subClassOf
rp:Actor``), materialises the rest, then times: adding the instance triples,
removing them again, adding the schema axiom, removing it (a schema removal
falls back to a full materialisation).  Each edit includes recomputing the
findings.  The inferred counts after each step are printed beside those of a
full materialisation, as a check.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from generate import RP, generate, parse_size  # noqa: E402
from rdflib.namespace import OWL, RDF, RDFS  # noqa: E402

VOCABULARY = (str(RDF), str(RDFS), str(OWL))


def _instance(triple: tuple) -> bool:
    s, p, o = triple
    if str(p).startswith(VOCABULARY) and p != RDF.type:
        return False
    return not (p == RDF.type and str(o).startswith(VOCABULARY))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1M")
    ap.add_argument("--edits", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    from realpolitik.reasoning import materialise
    from realpolitik.reasoning.findings import find_inconsistencies

    # the generator may repeat a triple; hold out triples that are asserted once
    triples = list(dict.fromkeys(generate(parse_size(args.size), args.seed)))
    axiom = (RP.State, RDFS.subClassOf, RP.Actor)
    assert axiom in triples
    candidates = [i for i, t in enumerate(triples) if _instance(t)]
    held_idx = set(random.Random(args.seed).sample(candidates, args.edits))
    held = [triples[i] for i in sorted(held_idx)]
    rest = [t for i, t in enumerate(triples) if i not in held_idx and t != axiom]
    del triples

    t0 = time.perf_counter()
    full_count = _count(rest + held)
    full_time = time.perf_counter() - t0
    with_axiom = _count(rest + [axiom])

    t0 = time.perf_counter()
    closure = materialise(rest, progress=False)
    base_count = len(closure.inferred)
    base_time = time.perf_counter() - t0
    gc.freeze()  # as a long-running process would after loading
    engine = closure._engine
    t0 = time.perf_counter()
    find_inconsistencies(closure._store, closure._terms, engine.lists, closure._derivations,
                         engine.literals)
    findings_time = time.perf_counter() - t0
    print(f"asserted {len(rest) + len(held) + 1:,}; full materialisation without the axiom "
          f"{full_time:.1f} s, {full_count:,} inferred")
    print(f"materialised without the held-out triples: {base_time:.1f} s, {base_count:,} "
          f"inferred; findings pass alone {findings_time:.2f} s")

    def step(label: str, edit, items: list, expect: int) -> None:
        t = time.perf_counter()
        change = edit(items)
        took = time.perf_counter() - t
        count = len(closure.inferred)
        print(f"{label:<34} {took:7.2f} s  +{len(change.added):,} -{len(change.removed):,} "
              f"inferred {count:,} ({'ok' if count == expect else f'expected {expect:,}'})")

    step(f"add {len(held):,} instance triples", closure.add, held, full_count)
    step(f"remove {len(held):,} instance triples", closure.remove, held, base_count)
    step("add 1 schema axiom", closure.add, [axiom], with_axiom)
    step("remove 1 schema axiom (full rerun)", closure.remove, [axiom], base_count)
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


def _count(triples: list) -> int:
    """Inferred count of a full materialisation (the check, not timed)."""
    from realpolitik.reasoning import materialise

    closure = materialise(triples, progress=False)
    n = len(closure.inferred)
    del closure
    gc.collect()
    return n


if __name__ == "__main__":
    main()
