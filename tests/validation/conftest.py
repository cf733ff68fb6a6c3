"""Shared fixtures for the validation tests: the fixture graphs, and a reasoning cache of their own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


from validation_support import FIXTURES


@pytest.fixture(autouse=True, scope="session")
def _reasoning_cache(tmp_path_factory: pytest.TempPathFactory):
    """Cache reasoned datasets in a folder of the test session's own, never in the user's cache."""
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("REALPOLITIK_CACHE", str(tmp_path_factory.mktemp("cache")))
    yield
    monkeypatch.undo()


@pytest.fixture
def clean_copy(tmp_path: Path) -> Path:
    """A writable copy of the clean fixture graph, to break in one way."""
    target = tmp_path / "kg"
    shutil.copytree(FIXTURES / "clean", target)
    return target
