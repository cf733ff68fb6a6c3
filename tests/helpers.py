"""What the tests share: paths, the clean fixture graph and its planted defects, real triple
stores (an Oxigraph server and Virtuoso 7, each on 127.0.0.1 with free ports, in a
temporary folder, started as a child process and stopped by its process id), comparing
answer rows across stores, tiny Turtle graphs for the engine's rule tests, and running
the W3C OWL 2 RL conformance cases."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from realpolitik.rdf.terms import from_rdflib, to_rdflib, to_rdflib_triples  # noqa: F401 (for the tests)
from realpolitik.stores.embedded import oxigraph_server
from realpolitik.stores.remote import SKOLEM, RemoteStore

ROOT = Path(__file__).resolve().parents[1]
CLEAN = Path(__file__).resolve().parent / "fixtures" / "clean"

# One defect each, planted in a copy of the clean fixture graph: (file, old text, new text).
DEFECTS: dict[str, tuple[str, str, str]] = {
    "disjointness-clash": (
        "data/entities.trig",
        'rpd:NATO a rp:Alliance ; rdfs:label "NATO"@en .',
        'rpd:NATO a rp:Alliance , rp:State ; rdfs:label "NATO"@en .    # defect: a state and an alliance at once',
    ),
    "profile-violation": (
        "ontology/realpolitik.ttl",
        None,  # appended
        "\n# Defect: an existential restriction as a superclass is outside OWL 2 RL.\n"
        "rp:Purchase rdfs:subClassOf [ a owl:Restriction ; owl:onProperty rp:seller ; owl:someValuesFrom rp:Actor ] .\n",
    ),
    "quote-not-in-article": (
        "data/article-facts.trig",
        'oa:exact "Turkey also purchased S-400 missile from Moscow, despite criticized from the United states ."',
        'oa:exact "Turkey also bought S-400 missiles from Moscow, despite criticism from the United States."',
    ),
    "shape-violation": ("data/article-facts.trig", "        rp:seller rpd:Russia ;\n", ""),
    "undeclared-property": (
        "data/entities.trig",
        "rpd:Turkey rp:memberOf rpd:NATO .",
        "rpd:Turkey rp:memberof rpd:NATO .    # defect: rp:memberof is not declared",
    ),
    "wrong-expected-answer": ("queries/who-sold-s400-to-turkey.rq", "#+   - {seller: rpd:Russia}", "#+   - {seller: rpd:Turkey}"),
}
_PLANTED = Path(tempfile.mkdtemp(prefix="realpolitik-test-defects-"))


def planted(defect: str) -> Path:
    """A copy of the clean fixture graph with one defect of ``DEFECTS`` planted (made once per session)."""
    target = _PLANTED / defect
    if not target.is_dir():
        shutil.copytree(CLEAN, target)
        file, old, new = DEFECTS[defect]
        path = target / file
        text = path.read_text(encoding="utf-8")
        if old is None:
            text += new
        else:
            assert text.count(old) == 1, f"{defect}: {old!r} must occur once in {file}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return target


def rdflib_graph(triples) -> rdflib.Graph:
    graph = rdflib.Graph()
    for triple in to_rdflib_triples(triples):
        graph.add(triple)
    return graph


def comparable_rows(answer) -> list[tuple[str, ...]]:
    """An answer's rows as sorted tuples of N-Triples strings, blank nodes and skolem IRIs alike shown as _:b."""

    def show(term: object) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.BlankNode) or (isinstance(term, ox.NamedNode) and term.value.startswith(SKOLEM)):
            return "_:b"
        return str(term)

    return sorted(tuple(show(term) for term in row) for row in answer.rows)


VIRTUOSO = "virtuoso-t"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float, log: Path | None = None) -> None:
    """Poll ``url`` until it answers at all (any HTTP status), or fail with the server's log."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
    stop(process)
    raise RuntimeError(f"server at {url} did not come up (exit {process.poll()}):\n{tail}")


def stop(process: subprocess.Popen) -> None:
    """Stop a server we started, by its process id: politely, then for good."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


class Server:
    """A server the tests run on a free port of this machine, its files in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def launch(self, command: list[str], log: Path, ready: str, seconds: float, *, cwd: Path | None = None, server_log: Path | None = None) -> None:
        """Start ``command`` (its output appended to ``log``) and wait until ``base + ready`` answers."""
        self.process = subprocess.Popen(command, cwd=cwd, stdout=log.open("ab"), stderr=subprocess.STDOUT)
        wait_until_up(self.base + ready, self.process, seconds, server_log or log)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None


class OxigraphServer(Server):
    """``oxigraph serve`` (read-write) over a database in ``folder``."""

    def start(self) -> None:
        self.port = free_port()
        command = [oxigraph_server(), "serve", "--location", str(self.folder / "db"), "--bind", f"127.0.0.1:{self.port}"]
        self.launch(command, self.folder / "server.log", "/", 30)

    def endpoint(self, graph_store: bool = True) -> RemoteStore:
        return RemoteStore(self.base + "/query", self.base + "/update", self.base + "/store" if graph_store else None, timeout=30)

    def cli_options(self, graph_store: bool = True) -> list[str]:
        options = ["--endpoint", self.base + "/query", "--update", self.base + "/update"]
        return options + (["--graph-store", self.base + "/store"] if graph_store else [])


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
AllowOSCalls = 0
DirsAllowed = ., {db}
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}/vsp
MaxClientConnections = 10
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
"""


def virtuoso_missing() -> str | None:
    """Why Virtuoso tests cannot run here, or None when they can."""
    if shutil.which(VIRTUOSO) is None:
        return "Virtuoso is not installed (apt-get install virtuoso-opensource)"
    return None


class VirtuosoServer(Server):
    """Virtuoso 7 open source on a fresh database in ``folder`` (user dba, password dba); ``port`` is its HTTP port."""

    user = password = "dba"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.sql_port = free_port()

    def start(self) -> None:
        (self.folder / "vsp").mkdir(exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_VIRTUOSO_INI.format(db=self.folder, sql_port=self.sql_port, http_port=self.port))
        self.launch([VIRTUOSO, "+foreground", "+configfile", str(ini)], self.folder / "stdout.log", "/sparql?query=ASK%7B%7D", 120,
                    cwd=self.folder, server_log=self.folder / "virtuoso.log")

    def endpoint(self, graph_store: bool = True) -> RemoteStore:
        return RemoteStore(
            self.base + "/sparql", self.base + "/sparql-auth",
            self.base + "/sparql-graph-crud-auth" if graph_store else None,
            timeout=60, user=self.user, password=self.password,
        )

    def cli_options(self, graph_store: bool = True) -> list[str]:
        options = ["--endpoint", self.base + "/sparql", "--update", self.base + "/sparql-auth"]
        return options + (["--graph-store", self.base + "/sparql-graph-crud-auth"] if graph_store else [])


# --- Tiny Turtle graphs for the engine's tests ------------------------------------------

EX = "http://ex/"
PREFIXES = f"""
@prefix : <{EX}> .
@prefix rdf: <{RDF}> .
@prefix rdfs: <{RDFS}> .
@prefix owl: <{OWL}> .
@prefix xsd: <{XSD}> .
"""
_NS = {":": EX, "rdf:": str(RDF), "rdfs:": str(RDFS), "owl:": str(OWL), "xsd:": str(XSD)}


def graph(ttl: str) -> Graph:
    """Parse a Turtle snippet written with the usual prefixes."""
    return Graph().parse(data=PREFIXES + ttl, format="turtle")


def term(text: str):
    """``:a`` / ``owl:Thing`` / ``"1"^^xsd:integer`` / ``"x"`` to an rdflib term."""
    if text.startswith('"'):
        lex, _, dt = text[1:].partition('"')
        return Literal(lex, datatype=term(dt[2:]) if dt.startswith("^^") else None)
    for prefix, ns in _NS.items():
        if text.startswith(prefix):
            return URIRef(ns + text[len(prefix):])
    raise ValueError(text)


def triple(text: str) -> tuple:
    """``":a rdf:type :C"`` to an rdflib triple."""
    s, p, o = text.split()
    return term(s), term(p), term(o)


# --- The W3C OWL 2 RL conformance cases ---------------------------------------------------
# Running one W3C OWL 2 test case (profile RL, RDF-Based semantics).
#
# Shared by the pytest cases (``test_owl2_rl.py``, the engine) and the bench
# script (``bench/conformance.py``, the engine and owlrl).  The cases are read
# from ``owl2_rl_rdf_based.json`` beside this file (see ``make_data.py``).
#
# A test passes when every kind it carries holds:
#
# * ConsistencyTest: reasoning over the premise reports no inconsistency;
# * InconsistencyTest: it reports at least one;
# * PositiveEntailmentTest: every conclusion triple is in the closure (the
#   ontology header ``x rdf:type owl:Ontology`` aside), blank nodes of the
#   conclusion read as existential variables;
# * NegativeEntailmentTest: the non-conclusion is not entailed in that sense.

CONFORMANCE_DATA = Path(__file__).resolve().parent / "conformance" / "owl2_rl_rdf_based.json"
_ONTOLOGY = "http://www.w3.org/2002/07/owl#Ontology"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def load_conformance_cases() -> list[dict]:
    """Every test case: id, kinds, description, premise, conclusion / nonconclusion."""
    return json.loads(CONFORMANCE_DATA.read_text())


def parse_ntriples(ntriples: str) -> list[ox.Triple]:
    """N-Triples text as pyoxigraph triples (lexical forms as written)."""
    return [q.triple for q in ox.parse(ntriples.encode(), format=ox.RdfFormat.N_TRIPLES)]


def graph_entailed(pattern: Iterable[ox.Triple], closure_triples: Iterable[tuple],
                   holds: Callable[[tuple], bool]) -> bool:
    """True when ``pattern`` maps into the closure (blank nodes as variables).

    ``closure_triples`` supplies candidate bindings; ``holds(triple)``
    decides a ground triple (so literal values compare by value).
    """
    wanted = [tuple(t) for t in pattern
              if not (t.predicate.value == _TYPE and isinstance(t.object, ox.NamedNode)
                      and t.object.value == _ONTOLOGY)]
    ground = [t for t in wanted if not any(isinstance(x, ox.BlankNode) for x in t)]
    if not all(holds(t) for t in ground):
        return False
    open_ = [t for t in wanted if any(isinstance(x, ox.BlankNode) for x in t)]
    if not open_:
        return True
    by_predicate: dict = {}
    for s, p, o in closure_triples:
        by_predicate.setdefault(p, []).append((s, o))

    def bind(term, binding):
        return binding.get(term, term) if isinstance(term, ox.BlankNode) else term

    def search(i: int, binding: dict) -> bool:
        if i == len(open_):
            return True
        s, p, o = (bind(x, binding) for x in open_[i])
        if not isinstance(s, ox.BlankNode) and not isinstance(o, ox.BlankNode) \
                and not isinstance(p, ox.BlankNode):
            return holds((s, p, o)) and search(i + 1, binding)
        for cs, co in by_predicate.get(p, ()):
            b = dict(binding)
            ok = True
            for var, value in ((s, cs), (o, co)):
                if isinstance(var, ox.BlankNode):
                    if b.setdefault(var, value) != value:
                        ok = False
                elif var != value and not holds((cs, p, var) if var is o else (var, p, co)):
                    ok = False
            if ok and search(i + 1, b):
                return True
        return False

    return search(0, {})


# The made-up second source of the multi-source tests (never part of the shipped graph).
SECOND_SOURCE = Path(__file__).resolve().parent / "fixtures" / "second-source"


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the ``realpolitik`` command of this environment; the result has stdout and stderr as text."""
    import sys

    script = Path(sys.executable).parent / "realpolitik"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "realpolitik"]
    return subprocess.run(command + [str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=300)


def copy_project_graph(target: Path) -> Path:
    """A writable copy of the project's own knowledge graph (ontology, data, queries) in ``target``."""
    for part in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / part, target / part)
    return target


class FakeEndpoint:
    """A misbehaving HTTP server on 127.0.0.1, in a thread, answering every request one way:

    ``drip``     a 200 whose body comes one byte every ``interval`` seconds (at most 600 bytes)
    ``html``     a 200 with an HTML page, whatever was asked
    ``garbage``  a 200 claiming SPARQL results JSON, with bytes that are not
    ``refuse``   a 503 with a one-line reason
    ``hang``     reads the request and never answers (until stopped)
    """

    def __init__(self, mode: str, interval: float = 0.5) -> None:
        import http.server
        import threading

        self.mode, self.interval = mode, interval
        self.stopping = threading.Event()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                fake.requests += 1
                if fake.mode == "hang":
                    fake.stopping.wait(60)
                    return
                if fake.mode == "refuse":
                    self._send(503, "text/plain", b"down for maintenance\n")
                elif fake.mode == "html":
                    self._send(200, "text/html", b"<html><body><h1>Welcome</h1><p>It works!</p></body></html>\n")
                elif fake.mode == "garbage":
                    self._send(200, "application/sparql-results+json", b"\x00\xff{not json")
                elif fake.mode == "drip":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.send_header("Content-Length", "600")
                    self.end_headers()
                    for _ in range(600):
                        if fake.stopping.wait(fake.interval):
                            return
                        try:
                            self.wfile.write(b" ")
                            self.wfile.flush()
                        except OSError:
                            return

            def _send(self, status: int, media: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

        self.requests = 0
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeEndpoint:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


class WorkbenchServer(Server):
    """``realpolitik serve`` (the workbench) over the project's graph, its store in ``folder``."""

    def start(self) -> None:
        command = [sys.executable, "-m", "realpolitik.cli", "serve", "--kg", str(ROOT), "--store", str(self.folder / "store"), "--port", str(self.port)]
        self.launch(command, self.folder / "serve.log", "/", 120)


CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def browser_missing() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not Path(path).is_file():
            return f"{path} is not installed (apt-get install {package})"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


def chromium(width: int = 1280, height: int = 1000):
    """Headless Chromium driven by Debian's chromedriver (never one Selenium would download),
    with a fresh profile and no network of its own."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="realpolitik-chromium-"))
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def screenshot_folder() -> Path:
    """Where the browser tests put their screenshots: $REALPOLITIK_SCREENSHOTS, else tests/web/screenshots/."""
    folder = Path(os.environ.get("REALPOLITIK_SCREENSHOTS") or Path(__file__).resolve().parent / "web" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
