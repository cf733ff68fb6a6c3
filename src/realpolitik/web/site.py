"""The static site: the workbench's own pages, fetched in-process and written as files.

The writer starts at the home page and follows every internal link, so the site holds
exactly the pages a visitor can reach, drawn by the same code as the server. Each page is
asked for with the ``x-realpolitik-site`` header, so that it leaves out what needs a
server (parameter forms, the live query editor). Paths become files (``/id/Turkey`` →
``id/Turkey.html``; a path with a query string gets a short hash of it) and every internal
link is rewritten relative to the page that holds it, so the folder works from a disk,
a web server or a sub-folder of one.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
import urllib.parse
from collections import deque
from pathlib import Path

from starlette.types import ASGIApp

from ..files import write_atomically
from .pages import SITE_HEADER

_LINK = re.compile(r'(href|src)="(/[^"]*)"')
_EXTENSIONS = {
    "text/html": ".html", "text/css": ".css", "text/javascript": ".js", "application/javascript": ".js",
    "application/json": ".json", "text/turtle": ".ttl", "application/n-triples": ".nt", "application/ld+json": ".jsonld",
    "application/rdf+xml": ".rdf", "application/sparql-results+json": ".srj", "application/sparql-results+xml": ".srx",
    "text/csv": ".csv", "text/tab-separated-values": ".tsv", "image/svg+xml": ".svg",
}


def file_for(url: str, media_type: str) -> str:
    """The site-relative file for an internal ``url`` (path and query) served as ``media_type``."""
    parts = urllib.parse.urlsplit(url)
    path = urllib.parse.unquote(parts.path)
    extension = _EXTENSIONS.get(media_type, "")
    if path == "/":
        stem = "index"
    else:
        stem = path.strip("/")
    if parts.query:
        stem += "--" + hashlib.sha256(parts.query.encode()).hexdigest()[:12]
    elif posixpath.splitext(stem)[1] and (not extension or stem.endswith(extension) or media_type != "text/html"):
        return stem  # it names its own format: /id/Turkey.ttl, /static/workbench.css
    return stem + extension


def crawl(app: ASGIApp, folder: Path, start: str = "/") -> list[Path]:
    """Fetch every page reachable from ``start`` and write it under ``folder``; returns the files written."""
    import warnings

    with warnings.catch_warnings():
        # Starlette's test client, which this uses in-process, asks for httpx2 where httpx 0.28 serves as well.
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    client = TestClient(app, headers={SITE_HEADER: "1", "accept": "text/html"})
    queue: deque[str] = deque([start])
    seen = {start}
    files: dict[str, str] = {}
    bodies: dict[str, tuple[bytes, str]] = {}
    while queue:
        url = queue.popleft()
        response = client.get(url, headers={"accept": "*/*"} if _looks_like_data(url) else {})
        if response.status_code != 200:
            continue
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        files[url] = file_for(url, media_type)
        bodies[url] = (response.content, media_type)
        if media_type == "text/html":
            for _, link in _LINK.findall(response.text):
                target = html.unescape(link).split("#", 1)[0]
                if target and target not in seen and _followed(target):
                    seen.add(target)
                    queue.append(target)
    written = []
    for url, (body, media_type) in bodies.items():
        name = files[url]
        if media_type == "text/html":
            body = _relative_links(body.decode("utf-8"), name, files).encode("utf-8")
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, body)
        written.append(path)
    return written


def _looks_like_data(url: str) -> bool:
    path = urllib.parse.urlsplit(url).path
    return path.startswith("/api/") or path.startswith("/static/") or bool(posixpath.splitext(path)[1])


def _followed(url: str) -> bool:
    """Internal links the site holds: everything but the live query endpoint's results."""
    path = urllib.parse.urlsplit(url).path
    return not (path == "/sparql" and "query=" in url)


def _relative_links(text: str, name: str, files: dict[str, str]) -> str:
    here = posixpath.dirname(name)

    def rewrite(match: re.Match[str]) -> str:
        attribute, link = match.group(1), html.unescape(match.group(2))
        target, _, fragment = link.partition("#")
        if target == "":
            return match.group(0)
        written = files.get(target)
        if written is None:
            return match.group(0)  # not part of the site (a form's action, say): left as it is
        relative = posixpath.relpath(written, here or ".")
        return f'{attribute}="{html.escape(relative + ("#" + fragment if fragment else ""), quote=True)}"'

    return _LINK.sub(rewrite, text)


__all__ = ["crawl", "file_for"]
