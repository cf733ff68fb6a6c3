"""A remote triple store: querying it over the SPARQL 1.1 Protocol and loading the graph into it.

Loading sends each named graph to a temporary graph first, with the Graph Store HTTP
Protocol (PUT, then POST in bounded chunks) or, where the store has none, with SPARQL
Update (INSERT DATA in chunks), and only then moves every temporary graph onto its real
name in one SPARQL Update request. A failure before that last request leaves the
store's previous graphs whole.

Credentials come from the environment, never the command line:
REALPOLITIK_ENDPOINT_USER and REALPOLITIK_ENDPOINT_PASSWORD (HTTP basic or digest
authentication, whichever the store asks for). REALPOLITIK_ENDPOINT_TIMEOUT sets the
deadline of each whole request in seconds (default 30).
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import pyoxigraph as ox

from ..errors import EndpointError, InputError
from ..findings import Finding
from ..kg import ALL_GRAPHS
from ..rdf.namespaces import RPD, XSD, prologue
from ..rdf.results import Results
from ..rdf.sparql import check_query, with_values
from ..rdf.terms import Term
from . import graphs

USER_VARIABLE = "REALPOLITIK_ENDPOINT_USER"
PASSWORD_VARIABLE = "REALPOLITIK_ENDPOINT_PASSWORD"
TIMEOUT_VARIABLE = "REALPOLITIK_ENDPOINT_TIMEOUT"
DEFAULT_TIMEOUT = 30.0
# Blank nodes cannot cross requests (each request or document has its own), yet the
# inferred graph talks about blank nodes of the ontology and evidence graphs. Uploads
# therefore replace them with skolem IRIs, as RDF 1.1 (section 3.5) recommends.
SKOLEM = "https://w3id.org/realpolitik/.well-known/genid/"
_RESULTS_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
# How many entity names a store is asked for when suggesting one: enough for any
# knowledge graph a person browses, without downloading a large store.
_ENTITY_LIMIT = 20000


@dataclass
class RemoteStore:
    """A remote SPARQL 1.1 store (meets the ``stores.Store`` protocol): its query URL, and
    where it takes updates and graph writes.

    ``update_url`` defaults to the query URL (the Protocol allows one URL for both);
    without ``graph_store_url`` graphs are loaded with SPARQL Update.
    """

    query_url: str
    update_url: str | None = None
    graph_store_url: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    findings: list[Finding] = field(default_factory=list)
    allow_federation: bool = False
    _client: httpx.Client | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_environment(cls, query_url: str, update_url: str | None = None, graph_store_url: str | None = None) -> RemoteStore:
        """A store with credentials and timeout from the environment variables.

        Raises InputError for a URL that is not http(s) or a timeout that is not a finite number above 0.
        """
        for url in (query_url, update_url, graph_store_url):
            if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise InputError(f"{url}: not an http(s) URL")
        raw = os.environ.get(TIMEOUT_VARIABLE, "")
        try:
            timeout = float(raw) if raw else DEFAULT_TIMEOUT
        except ValueError:
            raise InputError(f"{TIMEOUT_VARIABLE}={raw!r}: expected a number of seconds") from None
        if not math.isfinite(timeout) or timeout <= 0:
            raise InputError(f"{TIMEOUT_VARIABLE}={raw!r}: expected a finite number of seconds above 0")
        return cls(query_url, update_url, graph_store_url, timeout, os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE))

    # --- the Store protocol --------------------------------------------------------------

    def query(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        reasoning: bool = True,
        prefixes: bool = True,
        source: str = "<query>",
    ) -> Results:
        """Run a query with ``bindings`` as a VALUES block (stores differ in what else they take)."""
        check_query(text, source, allow_federation=self.allow_federation)
        sent = with_values(text, dict(bindings or {}))
        results = self.run(prologue() + sent if prefixes else sent, list(graphs(reasoning)))
        results.query, results.bindings = text, dict(bindings or {})
        return results

    def describes(self, term: Term) -> bool:
        return bool(self.run(f"ASK {{ {{ {term} ?p ?o }} UNION {{ ?s ?p {term} }} }}", list(ALL_GRAPHS)))

    def entities(self, namespace: str = RPD) -> list[ox.NamedNode]:
        literal = ox.Literal(namespace)
        text = f"SELECT DISTINCT ?entity WHERE {{ ?entity ?p ?o FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), {literal})) }} LIMIT {_ENTITY_LIMIT}"
        return [row[0] for row in self.run(text, list(ALL_GRAPHS)) if isinstance(row[0], ox.NamedNode)]

    def count(self, graph: str) -> int:
        results = self.run(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", None)
        value = results[0][0] if len(results) else None
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def triples(self, graph: str) -> list[ox.Triple]:
        results = self.run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", None)
        return list(results.triples or [])

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # --- the SPARQL 1.1 Protocol ---------------------------------------------------------

    def run(self, text: str, default_graphs: list[str] | None) -> Results:
        """Send a query as it is (form-encoded POST), ``default_graphs`` as ``default-graph-uri``.

        Raises EndpointError naming the URL and HTTP status.
        """
        form = [("query", text)] + [("default-graph-uri", g) for g in default_graphs or ()]
        response = self._send("POST", self.query_url, content=urllib.parse.urlencode(form).encode(),
                              headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": _RESULTS_ACCEPT})
        return _parse_results(self.query_url, response.content, response.headers.get("Content-Type", ""))

    def update(self, text: str) -> None:
        """Run a SPARQL Update request (form-encoded POST). Raises EndpointError."""
        url = self.update_url or self.query_url
        self._send("POST", url, content=urllib.parse.urlencode({"update": text}).encode(),
                   headers={"Content-Type": "application/x-www-form-urlencoded"})

    def put_graph(self, graph: str, triples: Iterable[ox.Triple], chunk_size: int = 20000) -> None:
        """Replace one named graph with the Graph Store HTTP Protocol: an empty PUT ?graph=…, then
        POST (add) the triples ``chunk_size`` at a time. Raises EndpointError."""
        if not self.graph_store_url:
            raise InputError("no Graph Store endpoint given")
        separator = "&" if "?" in self.graph_store_url else "?"
        url = self.graph_store_url + separator + urllib.parse.urlencode({"graph": graph})
        listed = list(triples)
        # An empty PUT first: it creates the graph, and lets digest authentication settle
        # on a small request (Virtuoso drops a large body sent before it has challenged).
        # Then bounded bodies, added with POST. N-Triples is Turtle too, and every store
        # takes text/turtle.
        turtle = {"Content-Type": "text/turtle; charset=utf-8"}
        self._send("PUT", url, content=b"", headers=turtle)
        for start in range(0, len(listed), chunk_size):
            body = "".join(f"{t} .\n" for t in listed[start:start + chunk_size]).encode("utf-8")
            self._send("POST", url, content=body, headers=turtle)

    def _send(self, method: str, url: str, *, content: bytes, headers: dict[str, str]) -> _Answer:
        """One HTTP request, answered in full within ``timeout`` seconds from now.

        httpx's timeouts bound each read, so a server that sends a byte a second would
        never trip them; the request therefore runs in a thread that the caller stops
        waiting for at the deadline (it only waits on the network, and ends at its own
        next read). Raises EndpointError.
        """
        deadline = time.monotonic() + self.timeout
        outcome: list[_Answer | BaseException] = []
        client = self._http()

        def attempt() -> None:
            try:
                with client.stream(method, url, content=content, headers=headers) as response:
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if time.monotonic() > deadline:
                            raise httpx.ReadTimeout("past the deadline")
                    outcome.append(_Answer(response.status_code, response.reason_phrase, response.headers, bytes(body)))
            except BaseException as error:  # handed to the waiting thread
                outcome.append(error)

        worker = threading.Thread(target=attempt, name="realpolitik-request", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive() or not outcome:
            self._client = None  # the abandoned thread still holds the old client; start afresh
            raise EndpointError(f"{_where(url)}: no complete answer within {self.timeout:g} s ({TIMEOUT_VARIABLE})")
        result = outcome[0]
        if isinstance(result, httpx.TimeoutException):
            raise EndpointError(f"{_where(url)}: no complete answer within {self.timeout:g} s ({TIMEOUT_VARIABLE})") from None
        if isinstance(result, httpx.ConnectError):
            raise EndpointError(f"{_where(url)}: cannot connect: {_reason(result)}") from None
        if isinstance(result, httpx.HTTPError | httpx.StreamError | OSError):  # a server that dies mid-answer
            raise EndpointError(f"{_where(url)}: connection failed: {_reason(result)}") from None
        if isinstance(result, BaseException):
            raise result
        if result.status_code >= 400:
            detail = _first_line(result.content)
            hint = f" (check {USER_VARIABLE} and {PASSWORD_VARIABLE})" if result.status_code in (401, 403) else ""
            raise EndpointError(f"{_where(url)}: HTTP {result.status_code} {result.reason_phrase}{hint}{': ' + detail if detail else ''}")
        return result

    def _http(self) -> httpx.Client:
        if self._client is None:
            auth: httpx.Auth | None = None
            if self.user:
                auth = _BasicOrDigest(self.user, self.password or "")
            self._client = httpx.Client(auth=auth, timeout=self.timeout, headers={"User-Agent": "realpolitik"}, trust_env=False)
        return self._client


@dataclass(frozen=True)
class _Answer:
    """A whole HTTP answer: status, headers and body."""

    status_code: int
    reason_phrase: str
    headers: httpx.Headers
    content: bytes


class _BasicOrDigest(httpx.Auth):
    """HTTP basic or digest authentication, whichever the server's challenge asks for;
    once digest has a challenge, httpx answers it on every later request unasked."""

    def __init__(self, user: str, password: str) -> None:
        self.basic = httpx.BasicAuth(user, password)
        self.digest = httpx.DigestAuth(user, password)
        self.scheme: str | None = None

    def auth_flow(self, request: httpx.Request) -> Any:
        if self.scheme == "basic":
            yield from self.basic.auth_flow(request)
            return
        if self.scheme == "digest":
            yield from self.digest.auth_flow(request)
            return
        response = yield request
        challenge = response.headers.get("WWW-Authenticate", "").lower() if response.status_code == 401 else ""
        if challenge.startswith("digest"):
            self.scheme = "digest"
            flow = self.digest.auth_flow(request)
            next(flow)
            yield flow.send(response)
        elif challenge.startswith("basic"):
            self.scheme = "basic"
            yield from self.basic.auth_flow(request)


def _reason(error: Exception) -> str:
    text = str(error) or type(error).__name__
    match = re.search(r"\] ([^\]]+)$", text)  # "[Errno 111] Connection refused"
    return match.group(1) if match else text


def _where(url: str) -> str:
    """The URL without its query string, which may hold a whole SPARQL text."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    text = re.sub(r"<[^>]+>", " ", text)  # HTML error pages
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:200] if lines else ""


def _parse_results(url: str, body: bytes, content_type: str) -> Results:
    media = content_type.split(";")[0].strip().lower()
    try:
        if media in ("application/sparql-results+json", "application/json"):
            return _canonical(Results.parse(body, "json"))
        if media in ("application/sparql-results+xml", "application/xml"):
            return _canonical(Results.parse(body, "xml"))
        if media in ("application/n-triples", "text/turtle", "text/plain"):
            return Results(triples=[quad.triple for quad in ox.parse(body, format=ox.RdfFormat.TURTLE)])
    except (SyntaxError, ValueError) as error:
        raise EndpointError(f"{url}: unreadable answer ({media}): {str(error).splitlines()[0]}") from None
    raise EndpointError(f"{url}: unexpected answer type {media or 'none'!r}")


_BOOLEAN = ox.NamedNode(XSD + "boolean")
_CANONICAL_BOOLEANS = {"1": "true", "0": "false"}


def _canonical(results: Results) -> Results:
    """The results with xsd:boolean values in their canonical form.

    "1" and "0" are valid spellings of true and false, and Virtuoso, which keeps booleans
    as integers, answers with them; every other store says "true" and "false".
    """

    def canonical(term: Term | None) -> Term | None:
        if isinstance(term, ox.Literal) and term.datatype == _BOOLEAN and term.value in _CANONICAL_BOOLEANS:
            return ox.Literal(_CANONICAL_BOOLEANS[term.value], datatype=_BOOLEAN)
        return term

    results.rows = [tuple(canonical(term) for term in row) for row in results.rows]
    return results


# --- Loading graphs into a remote store -----------------------------------------------


@dataclass
class LoadReport:
    """What a load sent: triples per graph, the method, and how long it took."""

    graphs: dict[str, int]
    method: str
    seconds: float
    removed_leftovers: int = 0


def skolemise(triples: Iterable[ox.Triple], labels: dict[Any, str] | None = None) -> list[ox.Triple]:
    """The distinct triples with each blank node replaced by a skolem IRI made from its
    content (``skolem_labels`` of these triples, or ``labels`` computed over a larger set,
    such as every graph of a load, which share blank nodes)."""
    listed = list(triples)
    labels = skolem_labels(listed) if labels is None else labels

    def term(node: Any) -> Any:
        return ox.NamedNode(SKOLEM + labels[node]) if isinstance(node, ox.BlankNode) else node

    return list(dict.fromkeys(ox.Triple(term(t.subject), t.predicate, term(t.object)) for t in listed))


def skolem_labels(triples: Iterable[ox.Triple]) -> dict[Any, str]:
    """A name for each blank node of ``triples``, made from what they say about it.

    A blank node's name is a hash of its triples, refined (colour refinement) until the
    hashes tell apart every node the graph's shape can: the same triples give the same
    names in every load and every process, so two loads of one version are identical,
    and a load never mixes in nodes of another.
    """
    listed = list(triples)
    blank = {term for t in listed for term in (t.subject, t.object) if isinstance(term, ox.BlankNode)}
    if not blank:
        return {}
    touching = [t for t in listed if t.subject in blank or t.object in blank]
    label = _refine(touching, {node: "" for node in blank})
    # Nodes the refinement cannot tell apart are alike (an automorphism maps one onto the
    # other): single one out, refine again, until every node has a label of its own. Which
    # one is singled out does not change the resulting set of triples.
    while True:
        groups: dict[str, list[Any]] = {}
        for node, name in label.items():
            groups.setdefault(name, []).append(node)
        tied = sorted(name for name, members in groups.items() if len(members) > 1)
        if not tied:
            return label
        chosen = min(groups[tied[0]], key=str)
        label = _refine(touching, {**label, chosen: label[chosen] + "*"})


def _refine(touching: list[ox.Triple], label: dict[Any, str]) -> dict[Any, str]:
    """Colour refinement: relabel each blank node by a hash of its label and its edges'
    labels, until the number of distinct labels stops growing."""
    distinct = len(set(label.values()))
    while True:
        signatures: dict[Any, list[str]] = {node: [] for node in label}
        for t in touching:
            if t.subject in label:
                signatures[t.subject].append(f"> {t.predicate} {'_:' + label[t.object] if t.object in label else t.object}")
            if t.object in label:
                signatures[t.object].append(f"< {t.predicate} {'_:' + label[t.subject] if t.subject in label else t.subject}")
        label = {node: hashlib.sha256("\n".join([label[node], *sorted(lines)]).encode()).hexdigest()[:32] for node, lines in signatures.items()}
        if len(set(label.values())) == distinct:
            return label
        distinct = len(set(label.values()))


# A load's temporary graphs are named ``<graph>-loading-<unix time>-<token>``. Ones older
# than this are leftovers of a load that failed or was killed, and the next load drops
# them; younger ones may belong to a load still running.
_LEFTOVER_SECONDS = 600
_LOADING = re.compile(r"-loading-(?:(\d+)-)?[0-9a-f]+$")


def leftover_graphs(store: RemoteStore, graphs: Iterable[str], now: float | None = None) -> list[str]:
    """The temporary graphs that earlier loads of ``graphs`` left in the store. Raises EndpointError."""
    now = time.time() if now is None else now
    names = list(graphs)
    tests = " || ".join(f"STRSTARTS(STR(?g), {ox.Literal(name + '-loading-')})" for name in names)
    rows = store.run(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({tests}) }}", None).rows
    found = []
    for (graph,) in rows:
        if not isinstance(graph, ox.NamedNode):
            continue
        match = _LOADING.search(graph.value)
        if match and (match.group(1) is None or now - int(match.group(1)) > _LEFTOVER_SECONDS):
            found.append(graph.value)
    return sorted(found)


def load_graphs(store: RemoteStore, named_graphs: dict[str, list[ox.Triple]], chunk_size: int = 1000) -> LoadReport:
    """Replace each named graph in the store with ``named_graphs[name]``, all or none.

    First the store must show that it speaks the protocol: it lists the temporary graphs
    earlier failed or killed loads left behind, and drops them, with SPARQL Update at the
    Update URL (a store that takes no updates there is refused before anything is sent).
    Every graph is then sent to a temporary graph (Graph Store PUT when the store has a
    Graph Store URL, else INSERT DATA in chunks of ``chunk_size`` triples); one Update
    request moves them all into place; and the triple count of every graph is read back
    and compared. On failure the temporary graphs are dropped (as far as the store still
    answers) and EndpointError says which step failed.
    """
    started = time.perf_counter()
    token = f"{int(time.time())}-{uuid.uuid4().hex[:12]}"
    temporary = {graph: f"{graph}-loading-{token}" for graph in named_graphs}
    method = "graph-store" if store.graph_store_url else "update"
    labels = skolem_labels(t for triples in named_graphs.values() for t in triples)  # the graphs share blank nodes
    skolemised = {graph: skolemise(triples, labels) for graph, triples in named_graphs.items()}
    step = "checking"
    try:
        leftovers = leftover_graphs(store, named_graphs)
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in leftovers) or f"DROP SILENT GRAPH <{next(iter(temporary.values()))}>")
        step = "sending"
        for graph, triples in skolemised.items():
            if method == "graph-store":
                store.put_graph(temporary[graph], triples)
            else:
                store.update(f"DROP SILENT GRAPH <{temporary[graph]}>")
                for start in range(0, len(triples), chunk_size):
                    chunk = "\n".join(f"{t} ." for t in triples[start:start + chunk_size])
                    store.update(f"INSERT DATA {{ GRAPH <{temporary[graph]}> {{\n{chunk}\n}} }}")
        moves = [f"MOVE <{temporary[g]}> TO <{g}>" if skolemised[g] else f"DROP SILENT GRAPH <{g}>" for g in named_graphs]
        step = "moving"
        store.update(" ;\n".join(moves))
    except EndpointError as error:
        if step != "checking":
            _drop_quietly(store, list(temporary.values()))
        if step == "checking":
            raise EndpointError(f"{error} (nothing was sent: the store must answer SPARQL queries at the query URL and take SPARQL Update at --update)") from None
        if step == "moving":
            raise EndpointError(f"{error} (failed while moving the new graphs into place: check the store)") from None
        raise EndpointError(f"{error} (load abandoned; the store's previous graphs are unchanged)") from None
    for graph, triples in skolemised.items():
        found = store.count(graph)
        if found != len(triples):
            raise EndpointError(f"{_where(store.query_url)}: graph <{graph}> holds {found} triples after the load, not the {len(triples)} sent: "
                                "the store did not take the load (or another load replaced it meanwhile)")
    return LoadReport({g: len(t) for g, t in skolemised.items()}, method, time.perf_counter() - started, removed_leftovers=len(leftovers))


def _drop_quietly(store: RemoteStore, names: list[str]) -> None:
    """Drop the temporary graphs of a failed load, as far as the store still answers."""
    try:
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in names))
    except EndpointError:
        pass  # the store is gone; the next load finds these and drops them
