"""Shared fixtures: the bundled knowledge graph, reasoned once per test session in a private cache."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Set before anything imports realpolitik, so subprocesses the tests start inherit it too:
# tests never read or write the user's own cache or store.
os.environ["REALPOLITIK_CACHE"] = tempfile.mkdtemp(prefix="realpolitik-test-cache-")
os.environ["REALPOLITIK_STORE"] = tempfile.mkdtemp(prefix="realpolitik-test-store-")

from realpolitik.dataset import Dataset, open_dataset  # noqa: E402
from realpolitik.kg import Layout  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def layout() -> Layout:
    return Layout.at(ROOT)


@pytest.fixture(scope="session")
def dataset(layout: Layout) -> Dataset:
    return open_dataset(layout)
