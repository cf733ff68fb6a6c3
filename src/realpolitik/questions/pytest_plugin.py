"""A pytest plugin: competency questions and must-be-inconsistent graphs as test items.

Registered through the ``pytest11`` entry point, so installing realpolitik enables it.
It collects:

* stored questions (``.rq`` files with a ``#+`` header and ``expected:`` rows) named
  ``cq_*.rq`` or ``test_*.rq``, or lying in a folder named by the ini option
  ``realpolitik_queries``: each passes when ``realpolitik check`` would pass it
  (see ``realpolitik.questions.competency``);
* graphs named ``inconsistent_*.ttl`` or ``inconsistent_*.trig``: added to the knowledge
  graph's ontology and facts, they must make OWL 2 RL reasoning report at least one
  inconsistency.

Questions are asked of the knowledge graph named by the ini option ``realpolitik_kg``
(relative to the ini file), else of the rootdir when it is one, else of the bundled
graph; ``realpolitik_engine`` picks the reasoner (default owlrl).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..errors import RealpolitikError, display_path
from ..inference import infer
from ..kg import FACTS_GRAPH, ONTOLOGY_GRAPH, AssertedGraphs, Layout, bundled_root
from ..rdf.formats import parse_file
from ..stores import Store
from ..stores.local import LocalStore
from ..stores.memory import open_memory
from ..stores.perspectives import reason_under
from .catalogue import StoredQuestion, read_question
from .competency import check_question, source_perspective

_STORES = pytest.StashKey[dict[tuple[str, str], LocalStore]]()
_VIEWS = pytest.StashKey[dict[tuple[str, str, str], Store]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("realpolitik_kg", "knowledge graph folder (ontology/, data/) that competency questions are asked of", default="")
    parser.addini("realpolitik_queries", "folders whose *.rq files are collected as competency questions", type="paths", default=[])
    parser.addini("realpolitik_engine", "OWL 2 RL reasoner for competency questions and inconsistency graphs", default="owlrl")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_STORES] = {}
    config.stash[_VIEWS] = {}


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    name = file_path.name
    if file_path.suffix == ".rq":
        folders = [Path(folder).resolve() for folder in parent.config.getini("realpolitik_queries")]
        if name.startswith(("cq_", "test_")) or file_path.resolve().parent in folders:
            return QuestionFile.from_parent(parent, path=file_path)
    if file_path.suffix in (".ttl", ".trig") and name.startswith("inconsistent_"):
        return InconsistentGraphFile.from_parent(parent, path=file_path)
    return None


def _layout(config: pytest.Config) -> Layout:

    configured = config.getini("realpolitik_kg")
    if configured:
        base = config.inipath.parent if config.inipath else config.rootpath
        return Layout.at(base / configured)
    root = config.rootpath
    if (root / "ontology").is_dir() and (root / "data").is_dir():
        return Layout.at(root)
    return Layout.at(bundled_root())


def _store(config: pytest.Config) -> LocalStore:
    """The reasoned knowledge graph, opened once per session (and per knowledge graph and engine)."""
    layout, engine = _layout(config), config.getini("realpolitik_engine")
    key = (str(layout.root), engine)
    cache = config.stash[_STORES]
    if key not in cache:
        cache[key] = open_memory(layout, engine=engine)
    return cache[key]


def _question_store(config: pytest.Config, query: StoredQuestion) -> Store:
    """The store a question is checked in: under its source's perspective when it names one."""
    base = _store(config)
    perspective = source_perspective(base, query)
    if perspective is None:
        return base
    layout, engine = _layout(config), config.getini("realpolitik_engine")
    key = (str(layout.root), engine, perspective.key())
    views = config.stash[_VIEWS]
    if key not in views:
        views[key] = reason_under(base, perspective, layout=layout, engine=engine).store
    return views[key]


class CompetencyFailure(AssertionError):
    """A competency question or inconsistency graph that did not behave as expected; the message says how."""


class _OneLineFailures:
    # A user's mistake (a bad header, an unknown entity) or a failed expectation is shown
    # as its message alone: a traceback into realpolitik would only hide it.
    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, (RealpolitikError, CompetencyFailure)):
            return str(excinfo.value)
        return super().repr_failure(excinfo)  # type: ignore[misc]


class QuestionFile(_OneLineFailures, pytest.File):
    """A ``.rq`` stored question: one test item."""

    def collect(self):
        query = read_question(self.path)
        yield QuestionItem.from_parent(self, name=query.name, query=query)


class QuestionItem(_OneLineFailures, pytest.Item):
    """Passes when the question returns its expected answers as ``realpolitik check`` requires."""

    def __init__(self, *, query, **kwargs) -> None:
        super().__init__(**kwargs)
        self.query = query

    def runtest(self) -> None:
        store = _question_store(self.config, self.query)
        result = check_question(store, self.query)
        if not result.passed:
            raise CompetencyFailure(result.account)

    def reportinfo(self):
        return self.path, 0, f"competency question: {self.query.question}"


class InconsistentGraphFile(_OneLineFailures, pytest.File):
    """An ``inconsistent_*.ttl``/``.trig`` graph: one test item."""

    def collect(self):
        yield InconsistentGraphItem.from_parent(self, name=self.path.name)


class InconsistentGraphItem(_OneLineFailures, pytest.Item):
    """Passes when reasoning over the knowledge graph plus this graph finds an inconsistency."""

    def runtest(self) -> None:
        layout = _layout(self.config)
        asserted = AssertedGraphs(layout)
        added = [quad.triple for quad in parse_file(self.path)]
        inference = infer(asserted.triples(ONTOLOGY_GRAPH) + asserted.triples(FACTS_GRAPH) + added, self.config.getini("realpolitik_engine"))
        if not inference.findings:
            raise CompetencyFailure(
                f"{display_path(self.path)}: expected at least one inconsistency when its {len(added)} triples are added to "
                f"{display_path(layout.root)}, but {inference.engine} reasoning found none"
            )

    def reportinfo(self):
        return self.path, 0, f"must be inconsistent: {self.path.name}"
