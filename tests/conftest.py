"""Fixtures for every test: private cache and store folders, the project's knowledge graph
reasoned once per session, and real triple stores started once per session."""

from __future__ import annotations

import os
import tempfile

# Set before anything imports realpolitik, so subprocesses the tests start inherit it too:
# tests never read or write the user's own cache or store, nor use their credentials.
os.environ["REALPOLITIK_CACHE"] = tempfile.mkdtemp(prefix="realpolitik-test-cache-")
os.environ["REALPOLITIK_STORE"] = tempfile.mkdtemp(prefix="realpolitik-test-store-")
for variable in ("REALPOLITIK_ENDPOINT_USER", "REALPOLITIK_ENDPOINT_PASSWORD", "REALPOLITIK_ENDPOINT_TIMEOUT"):
    os.environ.pop(variable, None)

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

import realpolitik  # noqa: E402
from realpolitik.kg import ALL_GRAPHS, Layout  # noqa: E402
from realpolitik.knowledge_graph import KnowledgeGraph  # noqa: E402
from realpolitik.questions.catalogue import Catalogue, StoredQuestion  # noqa: E402
from realpolitik.stores.local import LocalStore  # noqa: E402
from realpolitik.stores.remote import RemoteStore, load_graphs  # noqa: E402

from helpers import CLEAN, ROOT, OxigraphServer, VirtuosoServer, WorkbenchServer, virtuoso_missing  # noqa: E402


@pytest.fixture(scope="session")
def layout() -> Layout:
    return Layout.at(ROOT)


@pytest.fixture(scope="session")
def kg(layout: Layout) -> KnowledgeGraph:
    """The project's knowledge graph, reasoned (read-only use: tests that edit open their own)."""
    return realpolitik.open(layout.root)


@pytest.fixture(scope="session")
def store(kg: KnowledgeGraph) -> LocalStore:
    assert isinstance(kg.store, LocalStore)
    return kg.store


@pytest.fixture(scope="session")
def stored_questions(layout: Layout) -> list[StoredQuestion]:
    return Catalogue(layout).all()


@pytest.fixture
def clean_copy(tmp_path: Path) -> Path:
    """A writable copy of the clean fixture graph, to break in one way."""
    target = tmp_path / "kg"
    shutil.copytree(CLEAN, target)
    return target


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-server"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory):
    missing = virtuoso_missing()
    if missing:
        pytest.skip(missing)
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    yield server
    server.stop()


# The servers with the graph loaded once (by the Graph Store Protocol), as a client to ask them.
@pytest.fixture(scope="session")
def oxigraph_endpoint(oxigraph_server: OxigraphServer, store: LocalStore) -> RemoteStore:
    endpoint = oxigraph_server.endpoint()
    load_graphs(endpoint, {graph: list(store.triples(graph)) for graph in ALL_GRAPHS})
    return endpoint


@pytest.fixture(scope="session")
def virtuoso_endpoint(virtuoso_server: VirtuosoServer, store: LocalStore) -> RemoteStore:
    endpoint = virtuoso_server.endpoint()
    load_graphs(endpoint, {graph: list(store.triples(graph)) for graph in ALL_GRAPHS})
    return endpoint


# The workbench (realpolitik.web): in-process over the persistent store, and as a real server.
@pytest.fixture(scope="session")
def web_kg(layout: Layout, tmp_path_factory: pytest.TempPathFactory):
    """The project's graph in its persistent embedded store, opened read-only as the workbench opens it."""
    kg = realpolitik.open(layout.root, persistent=tmp_path_factory.mktemp("web-store"))
    yield kg
    kg.close()


@pytest.fixture(scope="session")
def web(web_kg: KnowledgeGraph):
    """An ASGI test client of the workbench (plain requests, no browser)."""
    from starlette.testclient import TestClient

    from realpolitik.web import create_app

    with TestClient(create_app(web_kg)) as client:
        yield client


@pytest.fixture(scope="session")
def workbench_server(tmp_path_factory: pytest.TempPathFactory):
    """``realpolitik serve`` on 127.0.0.1 and a free port, for the browser tests."""
    server = WorkbenchServer(tmp_path_factory.mktemp("workbench"))
    server.start()
    yield server
    server.stop()
