"""The workbench: the knowledge graph's web face, as a server or as a static site.

    >>> from realpolitik.web import create_app          # an ASGI application
    >>> app = create_app(realpolitik.open(persistent=True))  # doctest: +SKIP

``serve`` runs it with uvicorn over the persistent embedded store (read-only, so any
number of readers may share it); ``write_site`` writes the same pages as files.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..files import check_port
from .app import create_app

__all__ = ["create_app", "serve", "worker_app", "write_site"]


# A server answers many people: a query that takes longer than this is stopped (503).
DEFAULT_SERVE_TIMEOUT = 10.0


def serve(kg_path: str | Path | None = None, *, host: str = "127.0.0.1", port: int = 8000, store: str | Path | None = None,
          engine: str | None = None, workers: int = 1, timeout: float = DEFAULT_SERVE_TIMEOUT) -> None:
    """Serve the workbench for the knowledge graph in ``kg_path`` (default: the working folder
    when it is one, else the bundled graph), reasoned with ``engine`` (None: ``open``'s
    default), on ``host:port`` until interrupted. Every query is stopped after ``timeout``
    seconds (503), freeing its worker.

    The persistent store is built first when it is missing or stale. Raises InputError when
    the port is taken or a file of the graph does not parse.
    """
    import uvicorn

    from ..knowledge_graph import open as open_graph

    check_port(host, port)
    kg = open_graph(kg_path, engine=engine, persistent=store or True, timeout=timeout)  # builds the store when it is missing or stale
    shown = f"[{host}]" if ":" in host else host
    print(f"realpolitik workbench for {kg.layout.describe()}: http://{shown}:{port}/ (SPARQL at /sparql, read-only; "
          f"{workers} worker process{'es' if workers > 1 else ''}; Ctrl-C stops)", file=sys.stderr, flush=True)
    if workers <= 1:
        uvicorn.run(create_app(kg), host=host, port=port, log_level="warning", access_log=False)
        return
    # Several processes, each opening the built store read-only (safe for any number of readers).
    kg.close()
    os.environ[_WORKER_GRAPH] = json.dumps({"kg": str(kg.layout.root), "store": str(store) if store else None, "engine": engine, "timeout": timeout})
    uvicorn.run("realpolitik.web:worker_app", factory=True, host=host, port=port, workers=workers, log_level="warning", access_log=False)


_WORKER_GRAPH = "REALPOLITIK_WEB_GRAPH"


def worker_app() -> object:
    """The application in one of ``serve``'s worker processes: the graph named by the parent, read-only."""
    from ..knowledge_graph import open as open_graph

    graph = json.loads(os.environ[_WORKER_GRAPH])
    return create_app(open_graph(graph["kg"], engine=graph["engine"], persistent=graph["store"] or True, timeout=graph["timeout"]))


def write_site(folder: str | Path, kg_path: str | Path | None = None, *, store: str | Path | None = None, engine: str | None = None) -> list[Path]:
    """Write the workbench's pages as a static site in ``folder`` (HTML plus each resource's
    RDF files and the style sheet), every internal link relative so the folder can be
    published anywhere. Returns the files written."""
    from ..knowledge_graph import open as open_graph
    from .site import crawl

    kg = open_graph(kg_path, engine=engine, persistent=store or True)
    try:
        return crawl(create_app(kg), Path(folder))
    finally:
        kg.close()
