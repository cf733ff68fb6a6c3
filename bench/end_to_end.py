"""End to end on a large N-Triples file: parse + reason + write, beside reasonable.

    python bench/end_to_end.py [--size 1M] [--seed 0] [--file /tmp/e2e-1M.nt]

Writes the synthetic graph (``generate.py``) as N-Triples once, then, each
in a fresh subprocess (peak memory = its ``ru_maxrss``):

* engine: pyoxigraph parses the file (lexical forms as written), the engine
  materialises (``materialise`` + ``closure.inferred``), pyoxigraph writes the
  inferred triples as N-Triples, as ``realpolitik.inference`` hands them to
  the store;
* reasonable: ``PyReasoner.load_file`` (its own parser, on the same file
  named .ttl) then ``reason()``;
  it writes nothing.

This is the library path of ``realpolitik reason`` / ``build`` without the
folder layout (sources, evidence graphs), which is being reorganised.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def engine(path: str) -> dict:
    import pyoxigraph as ox

    from realpolitik.reasoning import materialise

    t0 = time.perf_counter()
    triples = [q.triple for q in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES)]
    t1 = time.perf_counter()
    closure = materialise(triples, progress=False)
    inferred = closure.inferred
    t2 = time.perf_counter()
    out = path + ".inferred.nt"
    ox.serialize((ox.Triple(*t) for t in inferred), output=out, format=ox.RdfFormat.N_TRIPLES)
    t3 = time.perf_counter()
    os.unlink(out)
    return {"who": "engine", "parse": t1 - t0, "reason": t2 - t1, "write": t3 - t2,
            "total": t3 - t0, "triples": len(triples), "inferred": len(inferred),
            "peak_mb": _peak_mb()}


def reasonable(path: str) -> dict:
    import reasonable as rs

    turtle = path[:-3] + ".ttl"  # N-Triples is Turtle; reasonable goes by the file name
    if not os.path.exists(turtle):
        os.link(path, turtle)
    t0 = time.perf_counter()
    r = rs.PyReasoner()
    r.load_file(turtle)
    t1 = time.perf_counter()
    closure = r.reason()
    t2 = time.perf_counter()
    return {"who": "reasonable", "parse": t1 - t0, "reason": t2 - t1, "write": 0.0,
            "total": t2 - t0, "triples": None, "inferred": len(closure), "peak_mb": _peak_mb()}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1M")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--file")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps({"engine": engine, "reasonable": reasonable}[args.worker](args.file)))
        return

    from generate import generate, parse_size

    path = args.file or f"/tmp/e2e-{args.size}-{args.seed}.nt"
    if not Path(path).exists():
        with open(path, "w") as out:
            for s, p, o in generate(parse_size(args.size), args.seed):
                out.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")
    print(f"{path}: {Path(path).stat().st_size / 1e6:.0f} MB")
    print(f"{'':>10} {'parse s':>8} {'reason s':>9} {'write s':>8} {'total s':>8} "
          f"{'peak MB':>8} {'inferred':>10}")
    for who in ("engine", "reasonable"):
        done = subprocess.run([sys.executable, __file__, "--worker", who, "--file", path],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"{who:>10} failed: {done.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{who:>10} {r['parse']:>8.1f} {r['reason']:>9.1f} {r['write']:>8.1f} "
              f"{r['total']:>8.1f} {r['peak_mb']:>8.0f} {r['inferred']:>10,}", flush=True)


if __name__ == "__main__":
    main()
