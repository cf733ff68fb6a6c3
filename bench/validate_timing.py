"""Time `realpolitik validate` on the article graph, with a warm reasoning cache and cold.

A script, not a test: run it with the project's interpreter and read the figures.

    python bench/validate_timing.py [--kg DIR] [--runs N] [--triples N]

Each run is a fresh process (`python -m realpolitik.cli validate`), so the figures include
interpreter start-up and imports, as a user or CI sees them. "Cold" gives each run an
empty cache folder, so reasoning runs afresh; "warm" reuses one cache filled beforehand.
The target is 3 s or less for both on the article graph.

``--triples N`` times a generated knowledge graph of about N asserted quads instead: copies
of the article's data files, each copy with its own entities and evidence records (the
quotes stay the same, so every check still has real work to do).
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

TARGET_SECONDS = 3.0
_RENAMED = ("https://w3id.org/realpolitik/id/", "https://w3id.org/realpolitik/evidence/")


def generated_kg(source: Path, triples: int, folder: Path) -> Path:
    """A knowledge graph folder of about ``triples`` data quads, copies of ``source``'s data files."""
    import shutil

    import pyoxigraph as ox

    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")

    def rename(term, copy: int, predicate=None):
        if predicate == label:  # labels must stay unique, or the report checks flag every copy
            return ox.Literal(f"{term.value} ({copy})", language=term.language)
        if isinstance(term, ox.NamedNode) and term.value.startswith(_RENAMED):
            return ox.NamedNode(f"{term.value}-{copy}")
        if isinstance(term, ox.BlankNode):
            return ox.BlankNode(f"{term.value}c{copy}")
        return term

    shutil.copytree(source / "ontology", folder / "ontology")
    shutil.copytree(source / "data" / "sources", folder / "data" / "sources")
    quads = [q for path in sorted((source / "data").glob("*.trig")) for q in ox.parse(path=str(path))]
    copies = max(1, triples // len(quads))
    for copy in range(copies):
        renamed = (
            ox.Quad(rename(q.subject, copy), q.predicate, rename(q.object, copy, q.predicate), rename(q.graph_name, copy) if isinstance(q.graph_name, ox.NamedNode) else q.graph_name)
            for q in quads
        )
        ox.serialize(renamed, str(folder / "data" / f"copy-{copy:04d}.trig"), ox.RdfFormat.TRIG)
    return folder


def time_validate(kg: Path, cache: Path) -> float:
    """Seconds one `realpolitik validate` process takes, with ``cache`` as its reasoning cache."""
    environment = {**os.environ, "REALPOLITIK_CACHE": str(cache)}
    command = [sys.executable, "-m", "realpolitik.cli", "validate", "--kg", str(kg), "--fail-on", "error"]
    start = time.perf_counter()
    completed = subprocess.run(command, env=environment, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        sys.exit(f"validate failed (exit {completed.returncode}): {completed.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kg", type=Path, default=Path(__file__).resolve().parents[1], help="knowledge graph folder (default: this checkout)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default: 5)")
    parser.add_argument("--triples", type=int, help="time a generated graph of about this many data quads instead")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        if args.triples:
            args.kg = generated_kg(args.kg, args.triples, Path(folder) / "generated")
        warm_cache = Path(folder) / "warm"
        time_validate(args.kg, warm_cache)  # fill the cache
        warm = [time_validate(args.kg, warm_cache) for _ in range(args.runs)]
        cold = [time_validate(args.kg, Path(folder) / f"cold-{run}") for run in range(args.runs)]

    print(f"realpolitik validate on {args.kg} ({args.runs} runs each, seconds)")
    for name, times in (("warm cache", warm), ("cold (reasoning afresh)", cold)):
        verdict = "ok" if statistics.median(times) <= TARGET_SECONDS else f"over the {TARGET_SECONDS:g} s target"
        print(f"  {name:24} median {statistics.median(times):.2f}  min {min(times):.2f}  max {max(times):.2f}  {verdict}")


if __name__ == "__main__":
    main()
