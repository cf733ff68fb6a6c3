"""A minimal SPARQL 1.1 Protocol server over the built store, with the library's query guard
(a stand-in for the web app's server, so that bench/load_test.py measures the guard):

    python bench/guarded_server.py [--port 7879] [--timeout 2] [--kg DIR]

GET or POST /query (``query=``) answers SPARQL results JSON. It shows how a server maps the
library's errors: QueryRefused 405 (update), 403 (federation), 400 (nesting); InputError
400; QueryTimeout 503; any other RealpolitikError 500. POST /update is 405. Listens on
127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.server
import sys
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import realpolitik  # noqa: E402
from realpolitik.errors import InputError, QueryRefused, RealpolitikError  # noqa: E402
from realpolitik.rdf.sparql import READ_ONLY  # noqa: E402
from realpolitik.errors import QueryTimeout  # noqa: E402

REFUSED_STATUS = {"update": 405, "federation": 403, "nesting": 400}


def make_handler(kg: realpolitik.KnowledgeGraph) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            self._answer(parts.path, urllib.parse.parse_qs(parts.query))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            self._answer(urllib.parse.urlsplit(self.path).path, urllib.parse.parse_qs(body))

        def _answer(self, path: str, form: dict[str, list[str]]) -> None:
            if path == "/update" or "update" in form:
                return self._send(405, "text/plain", READ_ONLY.format(word="update").encode())
            if path != "/query" or "query" not in form:
                return self._send(404, "text/plain", b"GET or POST /query with query=...")
            try:
                results = kg.store.query(form["query"][0])
            except QueryRefused as error:
                return self._send(REFUSED_STATUS[error.kind], "text/plain", str(error).encode())
            except QueryTimeout as error:
                return self._send(503, "text/plain", str(error).encode())
            except InputError as error:
                return self._send(400, "text/plain", str(error).encode())
            except RealpolitikError as error:
                return self._send(500, "text/plain", str(error).encode())
            self._send(200, "application/sparql-results+json", results.serialize("json"))

        def _send(self, status: int, media: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=7879)
    parser.add_argument("--timeout", type=float, default=2.0, help="query deadline in seconds (default 2)")
    parser.add_argument("--kg", default=None)
    args = parser.parse_args()
    kg = realpolitik.open(args.kg, persistent=True, timeout=args.timeout)
    kg.store.query("ASK { ?s ?p ?o }")  # start the first query worker before the threads do
    http.server.ThreadingHTTPServer.request_queue_size = 128  # 50 clients connect at once; the default backlog is 5
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(kg))
    server.daemon_threads = True
    print(f"guarded server on http://127.0.0.1:{args.port}/query (deadline {args.timeout:g} s)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        kg.close()


if __name__ == "__main__":
    main()
