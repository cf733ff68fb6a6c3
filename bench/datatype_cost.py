"""What datatype reasoning costs the engine on the synthetic graph.

    python bench/datatype_cost.py [--size 1M] [--rounds 2]

In one process, on the same pyoxigraph triples, materialises alternately
with the dt-* rules on and off (off: no literal values, so no dt-type2,
dt-eq, dt-diff or dt-not-type; dt-type1 and prp-ap are not emitted either),
``--rounds`` times each, and reports the best time of each and the time
spent inside the datatype code in the "on" runs.  Alternating in one
process keeps other load on the machine from landing on one side only.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1M")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)

    from generate import generate, parse_size

    from realpolitik.reasoning import literals, materialise
    from realpolitik.terms import from_rdflib_triple

    triples = [from_rdflib_triple(t) for t in generate(parse_size(args.size), 0)]
    lits = {t.object for t in triples if type(t.object).__name__ == "Literal"}
    print(f"{len(triples):,} triples, {len(lits):,} distinct literals")

    original = literals.LiteralValues.axioms
    spent = [0.0]

    def timed(self, *a, **k):
        t = time.perf_counter()
        try:
            return original(self, *a, **k)
        finally:
            spent[0] += time.perf_counter() - t

    def off(self, *a, **k):
        return None

    best = {"on": float("inf"), "off": float("inf")}
    for _ in range(args.rounds):
        for mode in ("on", "off"):
            literals.LiteralValues.axioms = timed if mode == "on" else off
            spent[0] = 0.0
            gc.collect()
            t = time.perf_counter()
            closure = materialise(triples, progress=False)
            n = len(closure.inferred)
            took = time.perf_counter() - t
            print(f"  datatypes {mode:>3}: {took:6.1f} s, {n:,} inferred"
                  + (f", {spent[0]:.2f} s in the dt-* axioms" if mode == "on" else ""),
                  flush=True)
            best[mode] = min(best[mode], took)
            del closure
    literals.LiteralValues.axioms = original
    cost = best["on"] / best["off"] - 1
    print(f"best of {args.rounds}: on {best['on']:.1f} s, off {best['off']:.1f} s: "
          f"datatype reasoning costs {cost:+.1%}")


if __name__ == "__main__":
    main()
