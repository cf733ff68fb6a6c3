"""The SPARQL 1.1 Protocol, read-only: queries by GET or POST, answers in every W3C results format.

    GET  /sparql?query=…                              the query in the URL
    POST /sparql  (application/x-www-form-urlencoded)  query=… in the body
    POST /sparql  (application/sparql-query)            the query as the body

The default graph is the union of the knowledge graph's graphs with its inferences;
``reasoning=false`` (this workbench's own parameter) leaves the inferences out. Updates
(``update=``, ``application/sparql-update``, or an update sent as a query) are refused
with 403 and one line; a query that does not parse gets 400 and one line naming the
line and column.
"""

from __future__ import annotations

import re
import urllib.parse

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ..errors import InputError
from ..rdf.results import Results
from .negotiation import RDF_MEDIA, accepted, serialize

RESULTS_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_FORMAT_BY_MEDIA = {media: name for name, media in RESULTS_MEDIA.items()} | {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_COMMENT = re.compile(r"#[^\n]*")

READ_ONLY = "this SPARQL endpoint is read-only: SPARQL Update is not allowed here"


def is_update(text: str) -> bool:
    """True when ``text`` is a SPARQL Update rather than a query."""
    return _UPDATE.match(_COMMENT.sub("", text)) is not None


def results_format(request: Request) -> str:
    """The results format a request asks for: ``format=`` (json, xml, csv, tsv), else its Accept header (JSON by default)."""
    named = request.query_params.get("format")
    if named in RESULTS_MEDIA:
        return named
    media = accepted(request.headers.get("accept"), list(_FORMAT_BY_MEDIA), RESULTS_MEDIA["json"])
    return _FORMAT_BY_MEDIA.get(media, "json")


def results_response(results: Results, request: Request, *, filename: str | None = None) -> Response:
    """A query's results in the requested W3C format (a CONSTRUCT's triples as Turtle or N-Triples)."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'} if filename else {}
    if results.triples is not None:
        name = "nt" if accepted(request.headers.get("accept"), ["text/turtle", "application/n-triples"], "text/turtle") == "application/n-triples" else "ttl"
        body, media = serialize(results.triples, name)
        return Response(body, media_type=media, headers=headers)
    fmt = results_format(request)
    media = RESULTS_MEDIA[fmt] + ("; charset=utf-8" if fmt in ("csv", "tsv") else "")
    return Response(results.serialize(fmt), media_type=media, headers=headers)


async def query_text(request: Request) -> tuple[str | None, bool]:
    """The query a protocol request carries, and whether it is an update (refused).

    Raises InputError for a POST whose content type the protocol does not define.
    """
    if request.method == "GET":
        if "update" in request.query_params:
            return None, True
        return request.query_params.get("query"), False
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/sparql-update":
        return None, True
    if media == "application/sparql-query":
        return (await request.body()).decode("utf-8", "replace"), False
    if media in ("application/x-www-form-urlencoded", ""):
        # Parsed here: the protocol's forms are URL-encoded, and Starlette's form parser needs another package.
        form = urllib.parse.parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
        if "update" in form:
            return None, True
        values = form.get("query")
        return (values[0] if values else None), False
    raise InputError(f"unsupported content type {media!r}: send application/sparql-query or a form with query=")


def reasoning_wanted(request: Request) -> bool:
    return request.query_params.get("reasoning", "true").lower() not in ("false", "0", "no", "off")


def refuse_update() -> Response:
    return PlainTextResponse(READ_ONLY + "\n", status_code=403)


__all__ = ["RDF_MEDIA", "RESULTS_MEDIA", "is_update", "query_text", "results_response"]
