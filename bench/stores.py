"""Figures for the triple stores (a script, not a timed test):

    python bench/stores.py [--triples 100000] [--runs 3] [--skip-servers]

1. ``realpolitik build`` for the article graph: with the reasoning cache warm (the store
   alone) and cold (a fresh cache, so OWL 2 RL reasoning included, as a whole command run).
2. Upload time of the article graph and of the generated graph to an Oxigraph server and to
   Virtuoso (where installed), by the Graph Store Protocol and by SPARQL Update.
3. Each stored question on the generated graph (bench/generate_stores.py): the embedded
   Oxigraph store against rdflib in memory, median of ``--runs``.

Servers are started on 127.0.0.1 with free ports in temporary folders, as the tests start them.
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(HERE)]

import rdflib  # noqa: E402
from generate_stores import generated_dataset  # noqa: E402

from realpolitik.kg import ALL_GRAPHS, Layout  # noqa: E402
from realpolitik.knowledge_graph.publishing import serialise  # noqa: E402
from realpolitik.questions.ask import ask, bind_parameters  # noqa: E402
from realpolitik.questions.catalogue import Catalogue  # noqa: E402
from realpolitik.stores.embedded import build_store, open_store  # noqa: E402
from realpolitik.stores.memory import open_memory  # noqa: E402
from realpolitik.stores.remote import load_graphs  # noqa: E402

from helpers import OxigraphServer, VirtuosoServer, to_rdflib, virtuoso_missing  # noqa: E402


def seconds(action, runs: int = 1) -> float:
    """The median wall time of ``runs`` calls of ``action``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build_figures(layout: Layout, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        warm = seconds(lambda: build_store(layout, folder, force=True), runs)
        print(f"build, reasoning cache warm (in process):      {warm:.3f} s")
        command = [sys.executable, "-m", "realpolitik.cli", "build", "--kg", str(ROOT), "--store", str(Path(folder) / "cold")]

        def cold() -> None:
            with tempfile.TemporaryDirectory() as cache:
                subprocess.run(command + ["--force"], check=True, capture_output=True, env={**os.environ, "REALPOLITIK_CACHE": cache})

        print(f"realpolitik build, cold cache (whole command): {seconds(cold, runs):.3f} s")


def upload_figures(graphs_by_name: dict[str, dict], runs: int) -> None:
    servers = [("Oxigraph server", OxigraphServer(Path(tempfile.mkdtemp(prefix="bench-oxigraph-"))))]
    if virtuoso_missing():
        print(f"Virtuoso: skipped ({virtuoso_missing()})")
    else:
        servers.append(("Virtuoso 7", VirtuosoServer(Path(tempfile.mkdtemp(prefix="bench-virtuoso-")))))
    for label, server in servers:
        server.start()
        try:
            for graph_label, graphs in graphs_by_name.items():
                for graph_store in (True, False):
                    endpoint = server.endpoint(graph_store)
                    endpoint.timeout = 300
                    took = seconds(lambda: load_graphs(endpoint, graphs), runs)
                    method = "Graph Store PUT" if graph_store else "SPARQL Update"
                    print(f"upload {graph_label:>16} to {label:<15} by {method:<15}: {took:.3f} s")
        finally:
            server.stop()


def query_figures(layout: Layout, triples: int, runs: int) -> None:
    generated = generated_dataset(triples, layout)
    size = len(generated.store)
    with tempfile.TemporaryDirectory() as folder:
        build_store(layout, folder, dataset=generated, force=True)
        embedded = open_store(layout, folder, rebuild=False)
        memory = rdflib.Dataset(default_union=True)
        memory.parse(data=serialise(generated, list(ALL_GRAPHS), "nq"), format="nquads")
        print(f"\nstored questions on the generated graph ({size} quads), median of {runs} runs:")
        print(f"{'question':<48} {'embedded':>10} {'rdflib':>10} {'ratio':>7}")
        totals = [0.0, 0.0]
        for stored in Catalogue(layout).all():
            bindings = bind_parameters(generated, stored, {})
            initial = {rdflib.Variable(k): to_rdflib(v) for k, v in bindings.items()}
            fast = seconds(lambda: ask(embedded, stored), runs)
            slow = seconds(lambda: list(memory.query(stored.text, initBindings=initial)), runs)
            totals[0] += fast
            totals[1] += slow
            print(f"{stored.name:<48} {fast * 1000:>8.1f}ms {slow * 1000:>8.1f}ms {slow / fast:>6.1f}x")
        print(f"{'all ' + str(len(Catalogue(layout).names())) + ' questions':<48} {totals[0] * 1000:>8.1f}ms {totals[1] * 1000:>8.1f}ms {totals[1] / totals[0]:>6.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description="Figures for the triple stores.")
    parser.add_argument("--triples", type=int, default=100_000, help="size of the generated graph (default 100000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median is shown (default 3)")
    parser.add_argument("--skip-servers", action="store_true", help="leave out the upload figures")
    args = parser.parse_args()
    os.environ.setdefault("REALPOLITIK_CACHE", tempfile.mkdtemp(prefix="bench-cache-"))
    layout = Layout.at(ROOT)
    build_figures(layout, args.runs)
    if not args.skip_servers:
        article = open_memory(layout)
        big = generated_dataset(args.triples, layout)
        upload_figures({
            "article graph": {g: article.triples(g) for g in ALL_GRAPHS},
            f"{len(big.store)} triples": {g: big.triples(g) for g in ALL_GRAPHS},
        }, runs=1)
    query_figures(layout, args.triples, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
