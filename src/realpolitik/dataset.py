"""The reasoned dataset: asserted named graphs plus the inferred graph, cached on disk.

Reasoning is the slow step, so its result is cached, keyed by a hash of every input
file, the engine and the package version. A repeated query then only reads one N-Quads
file into an in-memory Oxigraph store.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .inference import DEFAULT_ENGINE, Finding, infer
from .kg import AssertedGraphs, Layout
from .vocabulary import ALL_GRAPHS, ASSERTED_GRAPHS, FACTS_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH

_KEEP_CACHE_ENTRIES = 8


def cache_folder() -> Path:
    """Where reasoned datasets are cached: $REALPOLITIK_CACHE, else the XDG cache folder."""
    if os.environ.get("REALPOLITIK_CACHE"):
        return Path(os.environ["REALPOLITIK_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "realpolitik"


@dataclass
class Dataset:
    """A knowledge graph with its inferences, in an in-memory Oxigraph store.

    The store holds the named graphs of ``vocabulary.ALL_GRAPHS``; ``default_graphs``
    says which of them a query sees, with or without reasoning.
    """

    layout: Layout
    store: ox.Store
    findings: list[Finding]
    engine: str
    from_cache: bool

    @staticmethod
    def default_graphs(reasoning: bool = True) -> list[ox.NamedNode]:
        """The graphs a query's default graph is the union of."""
        return [ox.NamedNode(g) for g in (ALL_GRAPHS if reasoning else ASSERTED_GRAPHS)]

    def triples(self, graph: str) -> list[ox.Triple]:
        """The triples of one named graph."""
        return [q.triple for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]


def open_dataset(layout: Layout | None = None, engine: str = DEFAULT_ENGINE, use_cache: bool = True) -> Dataset:
    """Load a knowledge graph and its OWL 2 RL closure, reasoning only when the cache is stale.

    Raises InputError (with file:line:column) when an input file does not parse.
    """
    layout = layout or Layout.at()
    key = layout.fingerprint(engine)
    entry = cache_folder() / key
    store = ox.Store()
    if use_cache and (entry / "dataset.nq").is_file() and (entry / "findings.json").is_file():
        store.load(path=str(entry / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
        findings = [finding_from_json(item) for item in json.loads((entry / "findings.json").read_text())]
        return Dataset(layout, store, findings, engine, from_cache=True)

    asserted = AssertedGraphs(layout)
    store.extend(asserted.quads)
    inference = infer(asserted.triples(ONTOLOGY_GRAPH) + asserted.triples(FACTS_GRAPH), engine)
    inferred_graph = ox.NamedNode(INFERRED_GRAPH)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, inferred_graph) for t in inference.triples)
    if use_cache:
        _write_cache_entry(entry, store, inference.findings)
    return Dataset(layout, store, inference.findings, engine, from_cache=False)


def _write_cache_entry(entry: Path, store: ox.Store, findings: list[Finding]) -> None:
    """Write the entry to a temporary folder and move it into place, so a reader never sees half of it."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=".partial-", dir=entry.parent))
    try:
        store.dump(str(temporary / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
        (temporary / "findings.json").write_text(json.dumps([finding_to_json(f) for f in findings]))
        try:
            temporary.rename(entry)
        except OSError:
            pass  # another process wrote the same entry first; theirs is as good as ours
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    _prune(entry.parent)


def _prune(folder: Path) -> None:
    entries = sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.stat().st_mtime)
    for old in entries[:-_KEEP_CACHE_ENTRIES]:
        shutil.rmtree(old, ignore_errors=True)


def finding_to_json(finding: Finding) -> dict:
    return {"rule": finding.rule, "message": finding.message, "triples": [str(t) for t in finding.triples]}


def finding_from_json(item: dict) -> Finding:
    triples = tuple(
        ox.Quad(q.subject, q.predicate, q.object).triple
        for line in item["triples"]
        for q in ox.parse(line.encode() + b" .\n", format=ox.RdfFormat.N_TRIPLES)
    )
    return Finding(item["rule"], item["message"], triples)
