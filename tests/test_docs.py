"""The Python walk-through (docs/python.md) and every docstring example run as written."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import realpolitik

from helpers import ROOT

OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def test_python_walk_through(monkeypatch):
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testfile(str(ROOT / "docs" / "python.md"), module_relative=False, optionflags=OPTIONS)
    assert tried > 20 and failures == 0


MODULES = sorted(
    info.name for info in pkgutil.walk_packages(realpolitik.__path__, "realpolitik.")
    if not info.name.endswith(("__main__", "pytest_plugin"))
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    failures, _ = doctest.testmod(importlib.import_module(name), optionflags=OPTIONS)
    assert failures == 0


def test_every_public_name_resolves_and_both_lists_agree():
    import realpolitik.knowledge_graph as api

    assert [name for name in realpolitik.__all__ if not hasattr(realpolitik, name)] == []
    assert set(realpolitik.__all__) - {"__version__"} == set(api.__all__)
    assert all(getattr(realpolitik, name) is getattr(api, name) for name in api.__all__)
