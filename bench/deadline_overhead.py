"""What the query deadline costs on the fast path (issue 10): each stored question without
parameters, run in this process (no deadline) and through a query worker (the deadline),
median of ``--runs``; and the one-off cost of forking the first worker.

    python bench/deadline_overhead.py [--runs 200] [--persistent]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import realpolitik  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--persistent", action="store_true", help="the embedded on-disk store instead of the in-memory one")
    args = parser.parse_args()
    kg = realpolitik.open(ROOT, persistent=args.persistent or False, timeout=60)
    questions = [q for q in kg.questions.all() if not q.params]
    store = kg.store
    started = time.perf_counter()
    store.query("ASK { ?s ?p ?o }")
    first = time.perf_counter() - started
    rows = []
    for question in questions:
        timings = {}
        for mode, timeout in (("in-process", None), ("worker", 60.0)):
            store.timeout = timeout
            samples = []
            for _ in range(args.runs):
                began = time.perf_counter()
                store.query(question.text, prefixes=False)
                samples.append(time.perf_counter() - began)
            timings[mode] = statistics.median(samples) * 1000
        rows.append((question.name, timings["in-process"], timings["worker"]))
    print(f"first query (forks the worker): {first * 1000:.1f} ms")
    print(f"{'question':48} {'in-process ms':>14} {'worker ms':>10} {'overhead ms':>12}")
    for name, direct, worker in rows:
        print(f"{name:48} {direct:14.3f} {worker:10.3f} {worker - direct:12.3f}")
    overheads = [worker - direct for _, direct, worker in rows]
    print(f"median overhead {statistics.median(overheads):.3f} ms, max {max(overheads):.3f} ms over {len(rows)} questions")
    kg.close()


if __name__ == "__main__":
    main()
