"""Time `realpolitik query who-bypasses-ukraine` as a user runs it: cold, cached, and on a built store.

    python bench/query_timing.py [--runs 5] [--query NAME] [--engine realpolitik|owlrl]

Prints the median and range of the wall time of whole command runs (process start-up
included): the cold first run (empty reasoning cache, no store), the cached repeated run
(no store), and runs on the embedded store that `realpolitik build` writes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def realpolitik_command() -> list[str]:
    script = Path(sys.executable).parent / "realpolitik"
    return [str(script)] if script.exists() else [sys.executable, "-m", "realpolitik"]


def timed_run(cmd: list[str], cache: str, store: str | None = None) -> float:
    env = {**os.environ, "REALPOLITIK_CACHE": cache, "REALPOLITIK_STORE": store or tempfile.mkdtemp(prefix="rp-bench-nostore-")}
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="who-bypasses-ukraine")
    parser.add_argument("--engine", default="realpolitik", choices=("realpolitik", "owlrl"))
    args = parser.parse_args()
    cmd = realpolitik_command() + ["query", args.query, "--engine", args.engine]

    cold = [timed_run(cmd, tempfile.mkdtemp(prefix="rp-bench-cold-")) for _ in range(args.runs)]
    warm_cache = tempfile.mkdtemp(prefix="rp-bench-warm-")
    timed_run(cmd, warm_cache)
    cached = [timed_run(cmd, warm_cache) for _ in range(args.runs)]
    store = tempfile.mkdtemp(prefix="rp-bench-store-")
    subprocess.run(realpolitik_command() + ["build", "--engine", args.engine], check=True, capture_output=True,
                   env={**os.environ, "REALPOLITIK_CACHE": warm_cache, "REALPOLITIK_STORE": store})
    on_store = [timed_run(cmd, warm_cache, store) for _ in range(args.runs)]

    print(f"realpolitik query {args.query} --engine {args.engine}   ({args.runs} runs each, {os.cpu_count()} cores)")
    for name, times in (("cold (empty cache)", cold), ("cached", cached), ("built store", on_store)):
        print(f"  {name:<20} median {statistics.median(times):.3f} s   min {min(times):.3f} s   max {max(times):.3f} s")


if __name__ == "__main__":
    main()
