"""Remote triple stores: querying them over the SPARQL 1.1 Protocol and loading the graph into them.

Loading sends each named graph to a temporary graph first, with the Graph Store HTTP
Protocol (PUT) or, where the store has none, with SPARQL Update (INSERT DATA in
chunks), and only then moves every temporary graph onto its real name in one SPARQL
Update request. A failure before that last request leaves the store's previous graphs
whole.

Credentials come from the environment, never the command line:
REALPOLITIK_ENDPOINT_USER and REALPOLITIK_ENDPOINT_PASSWORD (HTTP basic or digest
authentication, whichever the store asks for). REALPOLITIK_ENDPOINT_TIMEOUT sets the
client timeout in seconds (default 30).
"""

from __future__ import annotations

import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import pyoxigraph as ox

from .answers import Answer, Term, answer_from, bind_parameters
from .errors import EndpointError, InputError
from .queries import StoredQuery
from .vocabulary import ALL_GRAPHS, ASSERTED_GRAPHS, XSD

USER_VARIABLE = "REALPOLITIK_ENDPOINT_USER"
PASSWORD_VARIABLE = "REALPOLITIK_ENDPOINT_PASSWORD"
TIMEOUT_VARIABLE = "REALPOLITIK_ENDPOINT_TIMEOUT"
DEFAULT_TIMEOUT = 30.0
# Blank nodes cannot cross requests (each request or document has its own), yet the
# inferred graph talks about blank nodes of the ontology and evidence graphs. Uploads
# therefore replace them with skolem IRIs, as RDF 1.1 (section 3.5) recommends.
SKOLEM = "https://w3id.org/realpolitik/.well-known/genid/"
_RESULTS_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


@dataclass
class Endpoint:
    """A remote SPARQL 1.1 store: its query URL, and where it takes updates and graph writes.

    ``update_url`` defaults to the query URL (the Protocol allows one URL for both);
    without ``graph_store_url`` graphs are loaded with SPARQL Update.
    """

    query_url: str
    update_url: str | None = None
    graph_store_url: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    # The graphs whose union a query's default graph is; None leaves it to the store.
    default_graphs: list[str] | None = field(default_factory=lambda: list(ALL_GRAPHS))
    _cached_opener: urllib.request.OpenerDirector | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_environment(cls, query_url: str, update_url: str | None = None, graph_store_url: str | None = None) -> "Endpoint":
        """An endpoint with credentials and timeout from the environment variables.

        Raises InputError for a URL that is not http(s) or a timeout that is not a number.
        """
        for url in (query_url, update_url, graph_store_url):
            if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise InputError(f"{url}: not an http(s) URL")
        raw = os.environ.get(TIMEOUT_VARIABLE, "")
        try:
            timeout = float(raw) if raw else DEFAULT_TIMEOUT
        except ValueError:
            raise InputError(f"{TIMEOUT_VARIABLE}={raw!r}: expected a number of seconds") from None
        return cls(query_url, update_url, graph_store_url, timeout, os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE))

    # --- the SPARQL 1.1 Protocol -------------------------------------------------------

    def query(self, text: str, default_graphs: list[str] | None = None) -> Answer:
        """Run a query (form-encoded POST) and return its answer.

        ``default_graphs`` (else the endpoint's own setting) go out as
        ``default-graph-uri``. Raises EndpointError naming the URL and HTTP status.
        """
        graphs = default_graphs if default_graphs is not None else self.default_graphs
        form = [("query", text)] + [("default-graph-uri", g) for g in graphs or ()]
        body, content_type = self._send("POST", self.query_url, urllib.parse.urlencode(form).encode(),
                                        {"Content-Type": "application/x-www-form-urlencoded", "Accept": _RESULTS_ACCEPT})
        return _parse_answer(self.query_url, body, content_type)

    def update(self, text: str) -> None:
        """Run a SPARQL Update request (form-encoded POST). Raises EndpointError."""
        url = self.update_url or self.query_url
        self._send("POST", url, urllib.parse.urlencode({"update": text}).encode(),
                   {"Content-Type": "application/x-www-form-urlencoded"})

    def put_graph(self, graph: str, triples: Iterable[ox.Triple], chunk_size: int = 20000) -> None:
        """Replace one named graph with the Graph Store HTTP Protocol: an empty PUT ?graph=…, then
        POST (add) the triples ``chunk_size`` at a time. Raises EndpointError."""
        if not self.graph_store_url:
            raise InputError("no Graph Store endpoint given")
        separator = "&" if "?" in self.graph_store_url else "?"
        url = self.graph_store_url + separator + urllib.parse.urlencode({"graph": graph})
        triples = list(triples)
        # An empty PUT first: it creates the graph, and lets authentication settle on a
        # small request (see _PreemptiveDigestAuthHandler). Then bounded bodies, added with
        # POST. N-Triples is Turtle too, and every store takes text/turtle.
        turtle = {"Content-Type": "text/turtle; charset=utf-8"}
        self._send("PUT", url, b"", turtle)
        for start in range(0, len(triples), chunk_size):
            body = "".join(f"{t} .\n" for t in triples[start:start + chunk_size]).encode("utf-8")
            self._send("POST", url, body, turtle)

    def quads_for_pattern(self, subject: Term | None, predicate: Term | None = None, object: Term | None = None,
                          graph_name: object = None) -> Iterator[ox.Quad]:
        """The triples of the default graph that match, like ``pyoxigraph.Store.quads_for_pattern``."""
        parts = [str(term) if term is not None else f"?{name}" for name, term in (("s", subject), ("p", predicate), ("o", object))]
        answer = self.query(f"SELECT * WHERE {{ {' '.join(parts)} }}")
        for record in answer.records():
            yield ox.Quad(record.get("s", subject), record.get("p", predicate), record.get("o", object))

    def _send(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> tuple[bytes, str]:
        request = urllib.request.Request(url, data=body, method=method, headers={"User-Agent": "realpolitik", **headers})
        try:
            with self._opener().open(request, timeout=self.timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            detail = _first_line(error.read())
            hint = f" (check {USER_VARIABLE} and {PASSWORD_VARIABLE})" if error.code in (401, 403) else ""
            raise EndpointError(f"{_where(url)}: HTTP {error.code} {error.reason}{hint}{': ' + detail if detail else ''}") from None
        except (socket.timeout, TimeoutError):
            raise EndpointError(f"{_where(url)}: no answer within {self.timeout:g} s") from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise EndpointError(f"{_where(url)}: no answer within {self.timeout:g} s") from None
            text = getattr(reason, "strerror", None) or str(reason)
            raise EndpointError(f"{_where(url)}: cannot connect: {text}") from None
        except (ConnectionError, OSError) as error:  # a server that dies mid-answer
            raise EndpointError(f"{_where(url)}: connection failed: {error.strerror or error}") from None

    def _opener(self) -> urllib.request.OpenerDirector:
        if self._cached_opener is None:
            if not self.user:
                self._cached_opener = urllib.request.build_opener()
            else:
                passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                for url in {self.query_url, self.update_url, self.graph_store_url} - {None}:
                    passwords.add_password(None, url, self.user, self.password or "")
                self._cached_opener = urllib.request.build_opener(
                    urllib.request.HTTPBasicAuthHandler(passwords), _PreemptiveDigestAuthHandler(passwords))
        return self._cached_opener


class _PreemptiveDigestAuthHandler(urllib.request.HTTPDigestAuthHandler):
    """Digest authentication that, once it has a challenge, answers it before being asked.

    urllib sends every request unauthenticated first and resends it after the 401. With a
    large body that fails: Virtuoso answers 401 and closes the connection while the body is
    still being sent ("Broken pipe"). Reusing the server's nonce avoids the first round.
    """

    challenge: dict[str, str] | None = None

    def retry_http_digest_auth(self, req, auth):
        token, challenge = auth.split(" ", 1)
        if token.lower() == "digest":
            self.challenge = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(challenge)))
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req):
        if self.challenge is not None and not req.has_header("Authorization"):
            authorization = self.get_authorization(req, self.challenge)
            if authorization:
                req.add_unredirected_header("Authorization", f"Digest {authorization}")
        return req

    https_request = http_request


def _where(url: str) -> str:
    """The URL without its query string, which may hold a whole SPARQL text."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    text = re.sub(r"<[^>]+>", " ", text)  # HTML error pages
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:200] if lines else ""


def _parse_answer(url: str, body: bytes, content_type: str) -> Answer:
    media = content_type.split(";")[0].strip().lower()
    try:
        if media in ("application/sparql-results+json", "application/json"):
            return _canonical(answer_from(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)))
        if media in ("application/sparql-results+xml", "application/xml"):
            return _canonical(answer_from(ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)))
        if media in ("application/n-triples", "text/turtle", "text/plain"):
            return Answer(triples=list(ox.parse(body, format=ox.RdfFormat.TURTLE)))
    except (SyntaxError, ValueError) as error:
        raise EndpointError(f"{url}: unreadable answer ({media}): {str(error).splitlines()[0]}") from None
    raise EndpointError(f"{url}: unexpected answer type {media or 'none'!r}")


_BOOLEAN = ox.NamedNode(XSD + "boolean")
_CANONICAL_BOOLEANS = {"1": "true", "0": "false"}


def _canonical(answer: Answer) -> Answer:
    """The answer with xsd:boolean values in their canonical form.

    "1" and "0" are valid spellings of true and false, and Virtuoso, which keeps booleans
    as integers, answers with them; every other store says "true" and "false".
    """

    def canonical(term: Term | None) -> Term | None:
        if isinstance(term, ox.Literal) and term.datatype == _BOOLEAN and term.value in _CANONICAL_BOOLEANS:
            return ox.Literal(_CANONICAL_BOOLEANS[term.value], datatype=_BOOLEAN)
        return term

    answer.rows = [tuple(canonical(term) for term in row) for row in answer.rows]
    return answer


# --- Stored questions on a remote store -----------------------------------------------


def run_stored_remote(endpoint: Endpoint, query: StoredQuery, given: dict[str, str] | None = None, reasoning: bool = True) -> Answer:
    """Answer a stored question on a remote store, parameters bound as a VALUES block of RDF terms.

    Raises InputError for a bad parameter and EndpointError when the store fails.
    """
    bindings = bind_parameters(endpoint, query, given or {})
    text = with_values(query.text, bindings)
    return endpoint.query(text, default_graphs=list(ALL_GRAPHS if reasoning else ASSERTED_GRAPHS))


_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>\"\"\"(?:[^\\]|\\.)*?\"\"\"|'''(?:[^\\]|\\.)*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<variable>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
      | (?P<word>[A-Za-z_][\w\-.]*(?::[\w\-.]*)?|:[\w\-.]*)
      | (?P<open>\{) | (?P<close>\}) | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


def with_values(text: str, bindings: dict[str, Term]) -> str:
    """The query with ``bindings`` as a VALUES block at the start of its WHERE clause.

    Each term is written in its N-Triples form, so nothing the user typed reaches the
    query text unparsed. Raises InputError when the query has no WHERE clause to bind in.
    """
    if not bindings:
        return text
    for name, term in bindings.items():
        if not re.fullmatch(r"\w+", name) or isinstance(term, ox.BlankNode):
            raise InputError(f"cannot bind ?{name} to {term!r}")
    variables = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    block = f" VALUES ({variables}) {{ ({values}) }} "
    tokens = [(m.lastgroup, m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    tokens = [t for t in tokens if t[0] not in ("comment",) and not (t[0] == "other" and t[3].isspace())]
    opening = _where_brace(tokens)
    if opening is None:
        raise InputError("cannot bind parameters: the query has no WHERE clause")
    position = tokens[opening][2]
    following = tokens[opening + 1] if opening + 1 < len(tokens) else None
    if following and following[0] == "word" and following[3].upper() == "SELECT":
        # The WHERE clause is a sub-select: bind around it, in a group of its own.
        closing = _matching_brace(tokens, opening)
        end = tokens[closing][1]
        rewritten = text[:position] + block + "{" + text[position:end] + "}" + text[end:]
    else:
        rewritten = text[:position] + block + text[position:]
    try:
        ox.Store().query(rewritten)
    except SyntaxError as error:
        raise InputError(f"cannot bind parameters in this query: {str(error).splitlines()[0]}") from None
    return rewritten


def _where_brace(tokens: list[tuple[str, int, int, str]]) -> int | None:
    """The index of the brace that opens the outermost WHERE clause."""
    depth = 0
    after_form = False
    for index, (kind, _, _, value) in enumerate(tokens):
        if kind == "open":
            if depth == 0 and after_form:
                return index
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0:
            word = value.upper()
            if word == "WHERE":
                after_form = True
            elif word in ("SELECT", "ASK", "DESCRIBE"):
                after_form = True  # WHERE is optional after these
            elif word == "CONSTRUCT":
                after_form = False  # the first group is the template
    return None


def _matching_brace(tokens: list[tuple[str, int, int, str]], opening: int) -> int:
    depth = 0
    for index in range(opening, len(tokens)):
        if tokens[index][0] == "open":
            depth += 1
        elif tokens[index][0] == "close":
            depth -= 1
            if depth == 0:
                return index
    raise InputError("cannot bind parameters: unbalanced braces in the query")


# --- Loading graphs into a remote store -----------------------------------------------


@dataclass
class LoadReport:
    """What a load sent: triples per graph, the method, and how long it took."""

    graphs: dict[str, int]
    method: str
    seconds: float


def skolemise(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples with each blank node replaced by its skolem IRI (the same one for the same node)."""

    def term(node):
        return ox.NamedNode(SKOLEM + node.value) if isinstance(node, ox.BlankNode) else node

    return [ox.Triple(term(t.subject), t.predicate, term(t.object)) for t in triples]


def load_graphs(endpoint: Endpoint, graphs: dict[str, list[ox.Triple]], chunk_size: int = 1000) -> LoadReport:
    """Replace each named graph in the store with ``graphs[name]``, all or none.

    Every graph is first sent to a temporary graph (Graph Store PUT when the endpoint
    has a Graph Store URL, else INSERT DATA in chunks of ``chunk_size`` triples); one
    Update request then moves them all into place. On failure the temporary graphs are
    dropped (as far as the store still answers) and EndpointError says which step
    failed; the previous graphs are left as they were.
    """
    started = time.perf_counter()
    token = uuid.uuid4().hex[:12]
    temporary = {graph: f"{graph}-loading-{token}" for graph in graphs}
    method = "graph-store" if endpoint.graph_store_url else "update"
    step = "sending"
    try:
        for graph, triples in graphs.items():
            triples = skolemise(triples)
            if method == "graph-store":
                endpoint.put_graph(temporary[graph], triples)
            else:
                endpoint.update(f"DROP SILENT GRAPH <{temporary[graph]}>")
                for start in range(0, len(triples), chunk_size):
                    chunk = "\n".join(f"{t} ." for t in triples[start:start + chunk_size])
                    endpoint.update(f"INSERT DATA {{ GRAPH <{temporary[graph]}> {{\n{chunk}\n}} }}")
        moves = [f"MOVE <{temporary[g]}> TO <{g}>" if graphs[g] else f"DROP SILENT GRAPH <{g}>" for g in graphs]
        step = "moving"
        endpoint.update(" ;\n".join(moves))
    except EndpointError as error:
        for name in temporary.values():
            try:
                endpoint.update(f"DROP SILENT GRAPH <{name}>")
            except EndpointError:
                break  # the store is gone; the temporary graphs stay, under names no query uses
        if step == "moving":
            raise EndpointError(f"{error} (failed while moving the new graphs into place: check the store)") from None
        raise EndpointError(f"{error} (load abandoned; the store's previous graphs are unchanged)") from None
    return LoadReport({g: len(t) for g, t in graphs.items()}, method, time.perf_counter() - started)
