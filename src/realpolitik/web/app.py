"""The ASGI application: routes, read-only guard, and errors as one line.

    /                               home: what the graph is, counts, links
    /questions, /questions/{name}   stored questions; /questions/{name}/why/{row} proves a row
    /why?s=…&p=…&o=…                the proof of one triple
    /id/{name} (/evidence, /statement, /concept, /graph, /dataset)
                                    entities and other resources at their own IRI's path:
                                    HTML, or Turtle / N-Triples / JSON-LD / RDF/XML by Accept or suffix
    /source/{name}                  a source's text with its quoted passages highlighted
    /ontology, /ontology/{term}     the ontology, and each class and property
    /sparql                         the SPARQL 1.1 Protocol (read-only); the query page for browsers
    /api/questions[/{name}], /api/openapi.json, /api
                                    the stored questions as an API, its OpenAPI document and page
    /static/…                       the style sheet and script, shipped in the wheel
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import InputError, QueryRefused, QueryTimeout
from ..knowledge_graph import KnowledgeGraph
from . import pages
from .workbench import RESOURCE_FOLDERS, Workbench

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# The only writes a client may send: a query by POST, which the SPARQL protocol allows.
_POST_ALLOWED = {"/sparql"}


class ReadOnly:
    """Refuse every write method with 405 and one line, before any route sees it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            method = scope["method"]
            if method not in _SAFE_METHODS and not (method == "POST" and scope["path"] in _POST_ALLOWED):
                allowed = "GET, HEAD, OPTIONS, POST" if scope["path"] in _POST_ALLOWED else "GET, HEAD, OPTIONS"
                response = PlainTextResponse(f"{method} is not allowed: this workbench is read-only ({scope['path']} answers {allowed})\n",
                                             status_code=405, headers={"Allow": allowed})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


# What the query guard's refusals and deadline mean over HTTP (``errors.QueryRefused``).
_REFUSED_STATUS = {"update": 405, "federation": 403, "nesting": 400}


async def _input_error(request: Request, error: Exception) -> Response:
    message = str(error)
    if isinstance(error, QueryTimeout):
        status = 503  # stopped at its deadline, its worker killed: the server goes on
    elif isinstance(error, QueryRefused):
        status = _REFUSED_STATUS.get(error.kind, 400)
    else:
        status = 400
    if request.url.path.startswith("/api/") or (request.url.path == "/sparql" and "text/html" not in request.headers.get("accept", "")):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=status)
        return PlainTextResponse(message + "\n", status_code=status)
    return pages.problem(request, status, message)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if error.status_code == 404:
        return pages.problem(request, 404, f"nothing here: {request.url.path} (the home page links to everything)")
    return PlainTextResponse(f"{error.detail}\n", status_code=error.status_code, headers=getattr(error, "headers", None))


def create_app(kg: KnowledgeGraph) -> ASGIApp:
    """The workbench over ``kg`` (open it read-only: ``realpolitik.open(path, persistent=True)``)."""
    routes: list[Any] = [
        Route("/", pages.home),
        Route("/questions", pages.questions),
        Route("/questions/{name}", pages.question_page),
        Route("/questions/{name}/why/{row:int}", pages.question_why),
        Route("/why", pages.why),
        Route("/source/{name:path}", pages.source),
        Route("/ontology", pages.ontology),
        Route("/ontology.{suffix}", pages.ontology),
        Route("/ontology/", pages.redirect_ontology_term),
        Route("/ontology/{name:path}", pages.term),
        Route("/sparql", pages.sparql, methods=["GET", "POST"]),
        Route("/api", pages.api_page),
        Route("/api/questions", pages.api_questions),
        Route("/api/questions/{name}", pages.api_question),
        Route("/api/openapi.json", pages.api_openapi),
        Mount("/static", StaticFiles(directory=pages.HERE / "static"), name="static"),
    ]
    routes += [Route(f"/{folder}/{{name:path}}", pages.resource) for folder in RESOURCE_FOLDERS if folder != "source"]
    routes.append(Route("/dataset", pages.resource))
    workbench = Workbench(kg)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # What every page shares is read in the background as the server starts (on a large graph
        # the counts take a while); a request that needs it before then waits for it.
        stop = threading.Event()
        warming = threading.Thread(target=workbench.warm, args=(stop,), name="workbench-warm", daemon=True)
        warming.start()
        yield
        # Stop it after the step it is in (a query has the store's deadline), before the caller closes the store under it.
        stop.set()
        warming.join()

    app = Starlette(routes=routes, exception_handlers={InputError: _input_error, QueryTimeout: _input_error, HTTPException: _http_error}, lifespan=lifespan)
    app.state.workbench = workbench
    return ReadOnly(app)
