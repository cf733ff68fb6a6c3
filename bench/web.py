"""Workbench figures: page latency on the article graph and on a generated graph of about 1M
closure triples, and a load test of concurrent clients mixing pages, the API and SPARQL.

    python bench/web.py                      # everything (about 5 minutes on a 2-core machine)
    python bench/web.py --triples 200000 --duration 20 --clients 20 --requests 50   # quicker

Every server is ``realpolitik serve`` (or, for the generated graph, the same application over
its store) in a child process bound to 127.0.0.1 on a free port, stopped by its process id at
the end. Latency is measured from a client in this process over HTTP with keep-alive, one
request at a time, after one warm-up request per page (caches the workbench fills once:
the closure for proofs, the source page). The load test runs for a fixed time with a fixed
number of clients and prints requests served, errors and the p50/p95/p99 latency.

The generated graph is N renamed copies of the article's facts, evidence and inferences
(copy 0 keeps the real IRIs; copy i suffixes every entity and evidence record with ``-i``,
and each reified statement gets the IRI a build gives its renamed triple), with the ontology shared: a renaming is an isomorphism of the facts, so the
renamed inferences are exactly the closure of the renamed facts and no reasoning has to run.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.kg import ONTOLOGY_GRAPH, Layout, statement_iri  # noqa: E402
from realpolitik.rdf.namespaces import EVIDENCE, RDF, RPD, STATEMENT  # noqa: E402

_RENAMED = (RPD, EVIDENCE, STATEMENT)
PAGES = ("home", "question", "entity", "source")


print = functools.partial(print, flush=True)  # figures appear as they come, also when redirected


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- the generated graph ------------------------------------------------------------------


def _rename(term, copy: int, statements: dict | None = None):
    """The term in copy ``copy``; a reified statement gets the IRI a build gives the renamed triple."""
    if copy == 0:
        return term
    if statements is not None and term in statements:
        subject, predicate, object_ = statements[term]
        return statement_iri(ox.Triple(_rename(subject, copy), predicate, _rename(object_, copy)))
    if isinstance(term, ox.NamedNode) and term.value.startswith(_RENAMED):
        return ox.NamedNode(f"{term.value}-{copy}")
    if isinstance(term, ox.BlankNode):
        return ox.BlankNode(f"{term.value}c{copy}")
    return term


def _statements(quads: list[ox.Quad]) -> dict:
    """{statement IRI: (subject, predicate, object)} of the reified statements among ``quads``."""
    parts: dict = {}
    for quad in quads:
        if quad.predicate.value in (RDF + "subject", RDF + "predicate", RDF + "object") and quad.subject.value.startswith(STATEMENT):
            parts.setdefault(quad.subject, {})[quad.predicate.value[len(RDF):]] = quad.object
    return {s: (p["subject"], p["predicate"], p["object"]) for s, p in parts.items() if len(p) == 3}


def generate_store(folder: Path, triples: int, article_store: Path) -> int:
    """Write a read-only-ready Oxigraph database in ``folder`` with at least ``triples`` quads; returns how many."""
    import realpolitik

    with realpolitik.open(ROOT, persistent=article_store) as kg:
        source = kg.store.store  # type: ignore[attr-defined]
        ontology = ox.NamedNode(ONTOLOGY_GRAPH)
        shared = list(source.quads_for_pattern(None, None, None, ontology))
        per_copy = [q for q in source.quads_for_pattern(None, None, None) if q.graph_name != ontology]
    # Quads with nothing to rename (a source's description, inferences about the ontology's terms)
    # are the same in every copy: they count once.
    statements = _statements(per_copy)
    varying = [q for q in per_copy if _rename(q.subject, 1) != q.subject or _rename(q.object, 1) != q.object]
    renamed = set(varying)
    constant = [q for q in per_copy if q not in renamed]
    store = ox.Store(str(folder))
    store.bulk_extend(shared + constant)
    total, copy = len(shared) + len(constant), 0
    while total < triples:
        store.bulk_extend(ox.Quad(_rename(q.subject, copy, statements), q.predicate, _rename(q.object, copy, statements), q.graph_name) for q in varying)
        total += len(varying)
        copy += 1
    store.flush()
    count = len(store)
    del store
    return count


def serve_generated(folder: str, port: int) -> None:
    """Serve the workbench over the generated database (a child process of this script)."""
    import uvicorn

    from realpolitik.knowledge_graph import KnowledgeGraph
    from realpolitik.stores.local import LocalStore
    from realpolitik.web import create_app

    kg = KnowledgeGraph(LocalStore(ox.Store.read_only(folder), []), layout=Layout.at(ROOT))
    uvicorn.run(create_app(kg), host="127.0.0.1", port=port, log_level="warning", access_log=False)


# --- servers ------------------------------------------------------------------------------


class Server:
    def __init__(self, command: list[str], port: int, log: Path) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)
        self.log = log

    def wait(self, seconds: float = 600) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.base + "/static/workbench.css", timeout=5).status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError("server did not come up")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


# --- measuring ----------------------------------------------------------------------------


def entity_paths(base: str, limit: int = 400) -> list[str]:
    query = f'SELECT DISTINCT ?e WHERE {{ GRAPH <https://w3id.org/realpolitik/graph/facts> {{ ?e a ?c }} FILTER(STRSTARTS(STR(?e), "{RPD}")) }} LIMIT {limit}'
    answer = httpx.get(base + "/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"}, timeout=120).json()
    return ["/id/" + b["e"]["value"][len(RPD):] for b in answer["results"]["bindings"]]


def page_urls(entities: list[str]) -> dict[str, list[str]]:
    return {
        "home": ["/"],
        "question": ["/questions/who-bypasses-ukraine", "/questions/who-are-the-partners-of-turkey", "/questions/which-states-are-sanctioned",
                     "/questions/who-buys-arms-from-russia"],
        "entity": entities,
        "source": ["/source/article"],
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def latencies(base: str, urls: dict[str, list[str]], requests: int) -> dict[str, dict[str, float]]:
    figures = {}
    with httpx.Client(base_url=base, headers={"accept": "text/html"}, timeout=60) as client:
        for page, choices in urls.items():
            first = time.perf_counter()
            assert client.get(choices[0]).status_code == 200, (page, choices[0])
            cold = time.perf_counter() - first
            times = []
            for index in range(requests):
                url = choices[index % len(choices)]
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, (url, response.status_code)
            figures[page] = {"first": cold * 1000, "median": statistics.median(times) * 1000, "p95": percentile(times, 0.95) * 1000}
    return figures


async def load(base: str, entities: list[str], clients: int, seconds: float) -> dict[str, float]:
    """``clients`` concurrent clients for ``seconds``, each choosing its next request at random from the mix."""
    sparql = urllib.parse.urlencode({"query": "SELECT ?state ?label WHERE { ?state a rp:SanctionedState ; rdfs:label ?label } ORDER BY ?label"})
    mix = [
        ("/", "text/html"), ("/questions", "text/html"), ("/questions/who-bypasses-ukraine", "text/html"),
        ("/questions/who-are-the-partners-of-turkey?actor=rpd%3ARussia", "text/html"), ("/source/article", "text/html"),
        ("/ontology/bypasses", "text/html"), ("/questions/who-bypasses-ukraine/why/1", "text/html"),
        ("/api/questions", "application/json"), ("/api/questions/who-bypasses-ukraine", "application/sparql-results+json"),
        (f"/sparql?{sparql}", "application/sparql-results+json"), ("/id/Turkey", "text/turtle"),
    ]
    times: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(number: int) -> None:
        nonlocal errors
        chooser = random.Random(number)
        async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as session:
            while time.perf_counter() < deadline:
                if chooser.random() < 0.35:
                    url, accept = chooser.choice(entities), "text/html"
                else:
                    url, accept = chooser.choice(mix)
                started = time.perf_counter()
                try:
                    response = await session.get(url, headers={"accept": accept})
                    if response.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                times.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    elapsed = time.perf_counter() - started
    return {"requests": len(times), "errors": errors, "seconds": elapsed, "per second": len(times) / elapsed,
            "p50": percentile(times, 0.5) * 1000, "p95": percentile(times, 0.95) * 1000, "p99": percentile(times, 0.99) * 1000}


def report(title: str, figures: dict[str, dict[str, float]], target: float) -> None:
    print(f"\n{title}")
    print(f"  {'page':<10} {'first ms':>9} {'median ms':>10} {'p95 ms':>8}  target p95 <= {target:.0f} ms")
    for page, row in figures.items():
        print(f"  {page:<10} {row['first']:>9.1f} {row['median']:>10.1f} {row['p95']:>8.1f}  {'ok' if row['p95'] <= target else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="quads in the generated graph (default 1,000,000; 0 skips it)")
    parser.add_argument("--requests", type=int, default=200, help="requests per page for the latency figures (default 200)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients in the load test (default 50)")
    parser.add_argument("--duration", type=float, default=60, help="seconds the load test runs (default 60; 0 skips it)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes of the article graph's server (default 1)")
    parser.add_argument("--serve-generated", nargs=2, metavar=("DB", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_generated:
        serve_generated(args.serve_generated[0], int(args.serve_generated[1]))
        return

    work = Path(tempfile.mkdtemp(prefix="realpolitik-bench-web-"))
    servers: list[Server] = []
    try:
        port = free_port()
        article = Server([sys.executable, "-m", "realpolitik.cli", "serve", "--kg", str(ROOT), "--store", str(work / "store"), "--port", str(port),
                          "--workers", str(args.workers)], port, work / "article.log")
        servers.append(article)
        print(f"article graph: server up in {article.wait():.1f} s (store built on first start)")
        entities = entity_paths(article.base)
        report(f"Article graph ({len(entities)} entities), {args.requests} requests per page, one at a time",
               latencies(article.base, page_urls(entities), args.requests), 50)
        if args.duration > 0:
            figures = asyncio.run(load(article.base, entities, args.clients, args.duration))
            print(f"\nLoad test, article graph: {args.clients} clients for {args.duration:.0f} s mixing pages, API, SPARQL and RDF "
                  f"({args.workers} server worker process{'es' if args.workers > 1 else ''})")
            print(f"  requests served {figures['requests']:,} ({figures['per second']:.0f}/s), errors {figures['errors']}, "
                  f"p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms, p99 {figures['p99']:.1f} ms")
        article.stop()

        if args.triples > 0:
            started = time.perf_counter()
            count = generate_store(work / "generated", args.triples, work / "store")
            print(f"\ngenerated graph: {count:,} quads ({count:,} triples across the four named graphs) written in {time.perf_counter() - started:.1f} s")
            port = free_port()
            generated = Server([sys.executable, __file__, "--serve-generated", str(work / "generated"), str(port)], port, work / "generated.log")
            servers.append(generated)
            print(f"generated graph: server up in {generated.wait():.1f} s")
            started = time.perf_counter()
            httpx.get(generated.base + "/", timeout=600)  # the home page's counts are read once, at the first request
            print(f"generated graph: counts for the home page read in {time.perf_counter() - started:.1f} s (once per server)")
            big_entities = entity_paths(generated.base, limit=2000)
            sample = random.Random(0).sample(big_entities, min(400, len(big_entities)))
            report(f"Generated graph ({count:,} quads), {args.requests} requests per page, one at a time",
                   latencies(generated.base, page_urls(sample), args.requests), 250)
            generated.stop()
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
