"""Load test (issue 10): concurrent clients for a fixed time against a SPARQL server on this
machine, mixing stored questions, ad hoc queries, a runaway query and a deeply nested one.

    python bench/load_test.py [--clients 50] [--seconds 60] [--url http://127.0.0.1:PORT/query] [--no-runaway]

Without ``--url`` it starts bench/guarded_server.py (the library's query guard, deadline 2 s)
on a free port and stops it afterwards. Bounded: 127.0.0.1 only, at most 64 clients and 120
seconds. Client 0 sends a runaway query (a three-way cartesian product) every 10 s, client
1 a query nested 3,000 levels every 5 s; every other client loops over the stored
questions and a few ad hoc queries. Reports requests, errors and p50/p95/p99 of the normal
queries, what became of the runaway and nested ones, whether the server survived, and the
server's CPU use in the 3 s after the load ended (a runaway still running would show).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
NESTED = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
AD_HOC = [
    "PREFIX rp: <https://w3id.org/realpolitik/ontology#> SELECT ?state WHERE { ?state a rp:State } ORDER BY ?state",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(LANG(?label) = 'en') } LIMIT 20",
]


def stored_questions() -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from realpolitik.kg import Layout
    from realpolitik.questions.catalogue import Catalogue
    from realpolitik.rdf.namespaces import prologue

    texts = []
    for question in Catalogue(Layout.at(ROOT)).all():
        if not question.params:
            texts.append(prologue() + question.text)
    return texts


def ask(url: str, query: str, timeout: float = 30) -> tuple[int, float]:
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                              "Accept": "application/sparql-results+json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except (urllib.error.URLError, OSError):
        status = 0
    return status, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and its children that were reaped, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and its live children (the query workers)."""
    total = cpu_seconds(pid)
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            total += cpu_seconds(int(child))
        except OSError:
            pass
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--url", help="a server on 127.0.0.1 (default: start bench/guarded_server.py)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--no-runaway", action="store_true", help="leave out the runaway and nested queries (the baseline)")
    args = parser.parse_args()
    clients, seconds = min(args.clients, 64), min(args.seconds, 120)

    server = None
    url = args.url
    if url is None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen([sys.executable, str(HERE / "guarded_server.py"), "--port", str(port), "--timeout", "2"],
                                  stderr=subprocess.PIPE, text=True)
        assert server.stderr is not None
        server.stderr.readline()  # "guarded server on …": up
        url = f"http://127.0.0.1:{port}/query"
    if urllib.parse.urlsplit(url).hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("load tests run against 127.0.0.1 only")

    questions = stored_questions()
    normal: list[float] = []
    outcomes: dict[str, dict[int, int]] = {"normal": {}, "runaway": {}, "nested": {}}
    runaway_times: list[float] = []
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def record(kind: str, status: int, took: float) -> None:
        with lock:
            outcomes[kind][status] = outcomes[kind].get(status, 0) + 1
            if kind == "normal" and status == 200:
                normal.append(took)
            if kind == "runaway":
                runaway_times.append(took)

    def client(number: int) -> None:
        index = number
        while time.monotonic() < end:
            if number == 0 and not args.no_runaway:
                record("runaway", *ask(url, RUNAWAY))
                time.sleep(max(0.0, min(10.0, end - time.monotonic())))
            elif number == 1 and not args.no_runaway:
                record("nested", *ask(url, NESTED))
                time.sleep(max(0.0, min(5.0, end - time.monotonic())))
            else:
                mix = questions + AD_HOC
                record("normal", *ask(url, mix[index % len(mix)]))
                index += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    alive = ask(url, "ASK { ?s ?p ?o }")[0] == 200
    idle_cpu = None
    if server is not None:
        before = tree_cpu_seconds(server.pid)
        time.sleep(3)
        idle_cpu = tree_cpu_seconds(server.pid) - before
        server.terminate()
        server.wait(timeout=30)

    requests = sum(sum(counts.values()) for counts in outcomes.values())
    expected = {"normal": {200}, "runaway": {503}, "nested": {400}}
    errors = sum(count for kind, counts in outcomes.items() for status, count in counts.items() if status not in expected[kind])
    figures = {
        "clients": clients, "seconds": round(elapsed, 1), "requests": requests, "errors": errors,
        "requests_per_second": round(requests / elapsed, 1),
        "normal_ms": {"p50": round(percentile(normal, 0.50) * 1000, 1), "p95": round(percentile(normal, 0.95) * 1000, 1),
                      "p99": round(percentile(normal, 0.99) * 1000, 1), "mean": round(statistics.mean(normal) * 1000, 1) if normal else None},
        "statuses": {kind: {str(k): v for k, v in sorted(counts.items())} for kind, counts in outcomes.items()},
        "runaway_stopped_after_s": [round(t, 2) for t in runaway_times],
        "server_alive_after": alive,
        "server_cpu_s_in_3_s_after": None if idle_cpu is None else round(idle_cpu, 2),
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
