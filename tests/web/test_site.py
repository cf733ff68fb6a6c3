"""``realpolitik site``: the workbench's pages as a static site, every internal link resolving."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

import pytest

from realpolitik.cli import main
from realpolitik.web import create_app
from realpolitik.web.site import crawl, file_for

_LINK = re.compile(r'(?:href|src)="([^"]*)"')


@pytest.fixture(scope="module")
def site(web_kg, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    crawl(create_app(web_kg), folder)
    return folder


def test_every_internal_link_resolves(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 300
    broken = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for link in _LINK.findall(text):
            link = html.unescape(link)
            if link.startswith(("http://", "https://", "#", "mailto:")):
                continue
            target = link.split("#", 1)[0]
            if target.startswith("/"):
                if target not in ("/sparql", "/questions/who-bypasses-ukraine") and not target.startswith("/api/questions/"):
                    broken.append((page.relative_to(site), link, "absolute"))  # only form actions stay absolute
                continue
            resolved = posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), target))
            if not (site / resolved).is_file():
                broken.append((page.relative_to(site), link, resolved))
    assert not broken[:20]


def test_the_site_holds_the_pages_and_the_rdf(site):
    for name in ("index.html", "questions.html", "questions/who-bypasses-ukraine.html", "questions/who-bypasses-ukraine/why/1.html",
                 "id/Turkey.html", "id/Turkey.ttl", "id/Turkey.jsonld", "source/article.html", "ontology.html", "ontology/bypasses.html",
                 "ontology.ttl", "static/workbench.css", "api/openapi.json"):
        assert (site / name).is_file(), name
    turkey = (site / "id/Turkey.html").read_text(encoding="utf-8")
    assert 'href="../static/workbench.css"' in turkey and 'href="../source/article.html#ev-turkstream"' in turkey
    assert "<form" not in (site / "questions/who-bypasses-ukraine.html").read_text(encoding="utf-8")  # no live form in a static page


@pytest.mark.parametrize(("url", "media", "expected"), [
    ("/", "text/html", "index.html"),
    ("/id/Turkey", "text/html", "id/Turkey.html"),
    ("/id/Turkey.ttl", "text/turtle", "id/Turkey.ttl"),
    ("/static/workbench.css", "text/css", "static/workbench.css"),
])
def test_file_names(url, media, expected):
    assert file_for(url, media) == expected
    with_query = file_for(url + "?a=1", media)
    assert "--" in with_query and with_query.endswith(posixpath.splitext(expected)[1]) and with_query != expected


def test_the_site_command_is_one_call(tmp_path, monkeypatch, web_kg):
    written = []
    monkeypatch.setattr("realpolitik.web.write_site", lambda folder, kg, **options: written.append((folder, kg, options)) or [])
    assert main(["site", str(tmp_path / "out"), "--kg", str(web_kg.layout.root)]) == 0
    assert written and written[0][0] == str(tmp_path / "out")
