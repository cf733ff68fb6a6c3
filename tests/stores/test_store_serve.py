"""``realpolitik serve --oxigraph``: the built store, read-only, over the SPARQL 1.1 Protocol with a query page."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from realpolitik.cli import main
from realpolitik.errors import EndpointError
from realpolitik.questions.ask import ask
from realpolitik.questions.catalogue import Catalogue
from realpolitik.stores.remote import RemoteStore

from helpers import comparable_rows, free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    port = free_port()
    log = folder / "serve.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "realpolitik.cli", "serve", "--oxigraph", "--kg", str(ROOT), "--store", str(folder / "store"), "--port", str(port)],
        stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base + "/", process, 60, log)
    yield base, log
    stop(process)  # the server took the command's place, so this is its process id


def test_serves_the_stored_questions(served, store):
    base, log = served
    assert "read-only" in log.read_text() and f"{base}/query" in log.read_text()
    union = RemoteStore(base + "/query")
    for stored in Catalogue().all():
        assert comparable_rows(ask(union, stored)) == comparable_rows(ask(store, stored)), stored.name


def test_is_read_only_and_has_a_query_page(served):
    base, _ = served
    with pytest.raises(EndpointError, match="HTTP"):
        RemoteStore(base + "/query", update_url=base + "/update").update("INSERT DATA { <a:b> <a:b> <a:b> }")
    with urllib.request.urlopen(base + "/", timeout=10) as page:
        assert "html" in page.headers["Content-Type"]


def test_a_taken_port_is_one_line(served, capsys):
    base, _ = served
    port = base.rsplit(":", 1)[1]
    assert main(["serve", "--oxigraph", "--kg", str(ROOT), "--port", port]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and f"127.0.0.1:{port}: cannot listen there" in error
