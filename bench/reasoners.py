"""Time owlrl, reasonable and the realpolitik engine on synthetic graphs.

    python bench/reasoners.py --sizes 1k,10k,100k [--owlrl-max 100k] [--compare 10k]

Every measurement runs in its own subprocess (``--worker``), so peak memory
is that process's ``resource.getrusage(RUSAGE_SELF).ru_maxrss``; the input
triples are generated inside the worker before the clock starts, and the
report gives both the peak and the growth over the peak reached once the
input was built.  What is timed:

* owlrl: ``DeductiveClosure(OWLRL_Semantics).expand(graph)`` on a prebuilt
  rdflib Graph (building the Graph is not timed);
* reasonable: ``PyReasoner().from_graph(triples)`` + ``reason()`` (it has no
  other way to take rdflib terms; the conversion is part of its load);
* engine: ``materialise(triples)`` + decoding ``closure.inferred`` to rdflib;
* engine-ox: the same on pyoxigraph triples (the project's own reading path;
  the conversion from the generator's rdflib terms is not timed).

``REALPOLITIK_BENCH_SRC=/path/to/src`` runs the engine from another source
tree (e.g. an earlier commit's, to measure what a change costs).

"inferred" counts new triples after the filter of
``realpolitik.inference.is_junk`` (IRI/bnode subjects outside
the rdf/rdfs/owl/xsd vocabularies, no reflexive sameAs), for all three.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, os.environ.get("REALPOLITIK_BENCH_SRC", str(HERE.parent / "src")))

from generate import generate, parse_size  # noqa: E402
from rdflib import Literal  # noqa: E402
from rdflib.namespace import XSD  # noqa: E402

XSD_STRING = XSD.string


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _engine(triples: list) -> set:
    from realpolitik.reasoning import materialise
    return materialise(triples, progress=False).inferred


def _owlrl(triples: list) -> tuple[set, float]:
    import owlrl
    from rdflib import Graph

    from realpolitik.inference import is_junk
    g = Graph()
    for t in triples:
        g.add(t)
    before = set(g)
    t0 = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    took = time.perf_counter() - t0
    return {t for t in set(g) - before if not is_junk(t)}, took


def _reasonable(triples: list) -> set:
    import reasonable

    from realpolitik.inference import is_junk
    r = reasonable.PyReasoner()
    r.from_graph(triples)
    out = r.reason()
    given = set(triples)
    # reasonable hands plain literals back typed xsd:string; undo that so
    # asserted label triples do not count as inferred.
    result = set()
    for s, p, o in out:
        if isinstance(o, Literal) and o.datatype == XSD_STRING and not o.language:
            o = Literal(str(o))
        t = (s, p, o)
        if t not in given and not is_junk(t):
            result.add(t)
    return result


def worker(name: str, size: int, seed: int) -> dict:
    """Run one reasoner once in this process and return its measurements."""
    triples = generate(size, seed)
    if name == "engine-ox":
        from realpolitik.terms import from_rdflib_triple
        triples = [from_rdflib_triple(t) for t in triples]
    base = _rss_mb()
    t0 = time.perf_counter()
    if name in ("engine", "engine-ox"):
        inferred = _engine(triples)
        took = time.perf_counter() - t0
    elif name == "owlrl":
        inferred, took = _owlrl(triples)
    elif name == "reasonable":
        inferred = _reasonable(triples)
        took = time.perf_counter() - t0
    else:
        raise SystemExit(f"unknown reasoner {name}")
    return {"reasoner": name, "size": size, "seconds": round(took, 3),
            "peak_mb": round(_rss_mb()), "input_mb": round(base), "inferred": len(inferred)}


def compare(size: int, seed: int) -> dict:
    """Where reasonable and the engine disagree, by the engine's rule id."""
    from realpolitik.reasoning import materialise
    triples = generate(size, seed)
    closure = materialise(triples, progress=False)
    mine = closure.inferred
    theirs = _reasonable(triples)
    missing: Counter = Counter()
    examples: dict[str, str] = {}
    for t in sorted(mine - theirs):
        rule = closure.explain(t).rule
        missing[rule] += 1
        examples.setdefault(rule, " ".join(x.n3() for x in t))
    extra = Counter(str(t[1]) for t in theirs - mine)
    return {"size": size, "engine": len(mine), "reasonable": len(theirs),
            "missed_by_reasonable": dict(missing), "only_in_reasonable": dict(extra),
            "examples_missed": examples}


def run_worker(name: str, size: int, seed: int, timeout: float) -> dict | None:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", name,
           "--size", str(size), "--seed", str(seed)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"reasoner": name, "size": size, "error": f"timeout {timeout:.0f}s"}
    if done.returncode != 0:
        return {"reasoner": name, "size": size, "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _have_reasonable() -> bool:
    try:
        import reasonable  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="benchmark OWL 2 RL reasoners")
    ap.add_argument("--sizes", default="1k,10k,100k")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--owlrl-max", default="100k", help="skip owlrl above this size")
    ap.add_argument("--compare", default="10k", help="size for the reasonable diff ('' = skip)")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--json", help="also write all results to this file")
    ap.add_argument("--reasoners", default="engine,engine-ox,owlrl,reasonable",
                    help="which to run (reasonable only when installed)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker == "compare":
        print(json.dumps(compare(args.size, args.seed)))
        return
    if args.worker:
        print(json.dumps(worker(args.worker, args.size, args.seed)))
        return

    owlrl_max = parse_size(args.owlrl_max)
    names = [n for n in args.reasoners.split(",")
             if n != "reasonable" or _have_reasonable()]
    results = []
    print(f"{'size':>8} {'reasoner':>11} {'time s':>9} {'peak MB':>8} {'input MB':>8} "
          f"{'inferred':>10} {'time/engine':>11}")
    for size in [parse_size(s) for s in args.sizes.split(",")]:
        row = {}
        for name in names:
            if name == "owlrl" and size > owlrl_max:
                continue
            r = run_worker(name, size, args.seed, args.timeout)
            row[name] = r
            results.append(r)
        eng = (row.get("engine") or row.get("engine-ox") or {}).get("seconds")
        for name, r in row.items():
            if "error" in r:
                print(f"{size:>8} {name:>11} {r['error']}")
                continue
            ratio = r["seconds"] / eng if eng else float("nan")
            print(f"{size:>8} {name:>11} {r['seconds']:>9.2f} {r['peak_mb']:>8} "
                  f"{r['input_mb']:>8} {r['inferred']:>10} {ratio:>10.1f}x", flush=True)
    diff = None
    if args.compare and _have_reasonable():
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "compare",
               "--size", str(parse_size(args.compare)), "--seed", str(args.seed)]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
        diff = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"\nreasonable vs engine at {diff['size']} triples: engine {diff['engine']}, "
              f"reasonable {diff['reasonable']} inferred")
        print(f"  missed by reasonable, by the engine's rule: {diff['missed_by_reasonable']}")
        print(f"  only in reasonable, by predicate: {diff['only_in_reasonable']}")
        for rule, ex in diff["examples_missed"].items():
            print(f"  e.g. {rule}: {ex}")
    if args.json:
        Path(args.json).write_text(json.dumps({"runs": results, "reasonable_diff": diff},
                                              indent=2))


if __name__ == "__main__":
    main()
