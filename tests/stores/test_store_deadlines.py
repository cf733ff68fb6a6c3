"""The endpoint client's timeout is a deadline for the whole request (issue 10): a server
that drips its answer a byte at a time, or never answers, is given up on in time, and a
timeout that is not a finite positive number is refused."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from realpolitik.cli import main
from realpolitik.errors import EndpointError, InputError
from realpolitik.stores.remote import RemoteStore

from helpers import FakeEndpoint

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("mode", ["drip", "hang"])
def test_a_slow_server_is_given_up_on_at_the_deadline(mode):
    with FakeEndpoint(mode, interval=0.2) as fake:
        store = RemoteStore(fake.url, timeout=1.5)
        started = time.monotonic()
        with pytest.raises(EndpointError, match=r"no complete answer within 1.5 s"):
            store.run("ASK {}", None)
        assert time.monotonic() - started < 3


def test_the_cli_gives_up_on_a_dripping_server_in_one_line(monkeypatch, capsys):
    with FakeEndpoint("drip", interval=0.3) as fake:
        monkeypatch.setenv("REALPOLITIK_ENDPOINT_TIMEOUT", "1")
        started = time.monotonic()
        assert main(["query", "who-bypasses-ukraine", "--kg", str(ROOT), "--endpoint", fake.url]) == 1
        assert time.monotonic() - started < 4
    assert capsys.readouterr().err == f"realpolitik: error: {fake.url}: no complete answer within 1 s (REALPOLITIK_ENDPOINT_TIMEOUT)\n"


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "-inf", "1e999", "soon", ""])
def test_bad_endpoint_timeouts_are_refused(monkeypatch, value):
    monkeypatch.setenv("REALPOLITIK_ENDPOINT_TIMEOUT", value)
    if value == "":
        assert RemoteStore.from_environment("http://127.0.0.1:1/q").timeout == 30
        return
    with pytest.raises(InputError, match="REALPOLITIK_ENDPOINT_TIMEOUT="):
        RemoteStore.from_environment("http://127.0.0.1:1/q")


@pytest.mark.parametrize("mode, message", [("html", "unexpected answer type 'text/html'"), ("garbage", "unreadable answer"), ("refuse", "HTTP 503")])
def test_an_endpoint_answering_garbage_is_one_error(mode, message, capsys):
    with FakeEndpoint(mode) as fake:
        assert main(["sparql", "ASK { ?s ?p ?o }", "--kg", str(ROOT), "--endpoint", fake.url]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and message in error and "Traceback" not in error
