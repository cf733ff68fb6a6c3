"""Fixtures for the store tests: private cache and store folders, the reasoned dataset, and
real triple stores (an Oxigraph server, Virtuoso where installed), each started once per session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Set before realpolitik is imported, so the tests and the commands they start never
# touch the user's own cache or store.
os.environ.setdefault("REALPOLITIK_CACHE", tempfile.mkdtemp(prefix="realpolitik-test-cache-"))
os.environ["REALPOLITIK_STORE"] = tempfile.mkdtemp(prefix="realpolitik-test-store-")
for variable in ("REALPOLITIK_ENDPOINT_USER", "REALPOLITIK_ENDPOINT_PASSWORD", "REALPOLITIK_ENDPOINT_TIMEOUT"):
    os.environ.pop(variable, None)

import pytest  # noqa: E402

from realpolitik.dataset import Dataset, open_dataset  # noqa: E402
from realpolitik.endpoint import load_graphs  # noqa: E402
from realpolitik.kg import Layout  # noqa: E402
from realpolitik.queries import Catalogue, StoredQuery  # noqa: E402
from realpolitik.vocabulary import ALL_GRAPHS  # noqa: E402

from servers import OxigraphServer, VirtuosoServer, virtuoso_missing  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def kg_layout() -> Layout:
    return Layout.at(ROOT)


@pytest.fixture(scope="session")
def reasoned(kg_layout: Layout) -> Dataset:
    return open_dataset(kg_layout)


@pytest.fixture(scope="session")
def stored_questions(kg_layout: Layout) -> list[StoredQuery]:
    return Catalogue(kg_layout).all()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-server"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    missing = virtuoso_missing()
    if missing:
        pytest.skip(missing)
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    yield server
    server.stop()


# The servers with the graph loaded once (by the Graph Store Protocol), as a client to ask them.
@pytest.fixture(scope="session")
def oxigraph_endpoint(oxigraph_server, reasoned):
    endpoint = oxigraph_server.endpoint()
    load_graphs(endpoint, {graph: reasoned.triples(graph) for graph in ALL_GRAPHS})
    return endpoint


@pytest.fixture(scope="session")
def virtuoso_endpoint(virtuoso_server, reasoned):
    endpoint = virtuoso_server.endpoint()
    load_graphs(endpoint, {graph: reasoned.triples(graph) for graph in ALL_GRAPHS})
    return endpoint
