"""Compare the start-up cost of checkouts: `realpolitik --version` and a cached stored question.

    python bench/startup.py [--runs 15] [--instructions] [--strip-header-key source] NAME=CHECKOUT ...

Each CHECKOUT is a folder with its own ``.venv`` (``git worktree add --detach /tmp/old REV``,
then ``python3 -m venv .venv && .venv/bin/pip install -e .`` in it). Every checkout answers
the same question over the same graph: a copy of this checkout's ``ontology/ data/
queries/`` in a temporary folder. An older checkout may reject a ``#+`` header key added
since; ``--strip-header-key KEY`` deletes those header lines from the copy.

The runs are whole processes, interleaved (one of each checkout in turn, so that the
machine's load falls on all alike), after two warm-up runs each that fill the reasoning
cache and the bytecode caches. Prints the median, minimum and maximum wall time of each.
``--instructions`` also counts the instructions of one run of each under callgrind
(valgrind), which the machine's load does not change. A checkout without ``--version``
(before it existed) is timed with ``--help``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "who-bypasses-ukraine"


def graph_copy(strip: list[str]) -> Path:
    """The graph every checkout reads: this checkout's, with the header keys in ``strip`` removed."""
    folder = Path(tempfile.mkdtemp(prefix="rp-startup-kg-"))
    for part in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / part, folder / part)
    for query in (folder / "queries").glob("*.rq"):
        text = query.read_text(encoding="utf-8")
        for key in strip:
            text = re.sub(rf"^#\+ {re.escape(key)}:.*\n", "", text, flags=re.MULTILINE)
        query.write_text(text, encoding="utf-8")
    return folder


def commands(checkout: Path, kg: Path) -> dict[str, list[str]]:
    script = str(checkout / ".venv" / "bin" / "realpolitik")
    version = subprocess.run([script, "--version"], capture_output=True, text=True)
    first = "--version" if version.returncode == 0 else "--help"
    return {first: [script, first], "query": [script, "query", QUESTION, "--kg", str(kg)]}


def run(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)}: exit {result.returncode}: {result.stderr.strip()}")
    return elapsed


def instructions(command: list[str], env: dict[str, str]) -> int:
    """The instructions callgrind counts for one run (the parent process only)."""
    python = str(Path(command[0]).parent / "python")
    result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", python, *command],
                            capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    found = re.search(r"Collected : (\d+)", result.stderr)
    if not found:
        sys.exit(f"callgrind printed no count for {' '.join(command)}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="+", metavar="NAME=CHECKOUT")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--instructions", action="store_true", help="also count instructions under callgrind")
    parser.add_argument("--strip-header-key", action="append", default=[], metavar="KEY")
    args = parser.parse_args()

    kg = graph_copy(args.strip_header_key)
    # The bytecode caches are part of what a user has; this environment may have turned them off.
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {**base, "REALPOLITIK_CACHE": tempfile.mkdtemp(prefix="rp-startup-cache-"), "REALPOLITIK_STORE": tempfile.mkdtemp(prefix="rp-startup-store-")}
    cases: dict[str, list[str]] = {}
    for item in args.checkouts:
        name, _, folder = item.partition("=")
        for kind, command in commands(Path(folder).resolve(), kg).items():
            cases[f"{name} {kind}"] = command
    for command in cases.values():
        run(command, env)
        run(command, env)
    times: dict[str, list[float]] = {case: [] for case in cases}
    for _ in range(args.runs):
        for case, command in cases.items():
            times[case].append(run(command, env))

    print(f"whole-process wall time, {args.runs} interleaved runs each, {os.cpu_count()} cores, question {QUESTION} (cached)")
    for case, values in times.items():
        counted = f"   {instructions(cases[case], env) / 1e6:,.0f} M instructions" if args.instructions else ""
        print(f"  {case:<28} median {statistics.median(values) * 1000:4.0f} ms   min {min(values) * 1000:4.0f}   max {max(values) * 1000:4.0f}{counted}")
    shutil.rmtree(kg)


if __name__ == "__main__":
    main()
