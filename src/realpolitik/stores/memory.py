"""The reasoned graph in memory: a knowledge graph's asserted named graphs plus the inferred
graph in an in-memory Oxigraph store, and its cache on disk.

Reasoning is the slow step, so its result is cached, keyed by a hash of every input
file, the engine and the package version. A repeated query then only reads one N-Quads
file into an in-memory Oxigraph store.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..findings import Finding
from ..inference import DEFAULT_ENGINE, check_engine, infer
from ..kg import FACTS_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, AssertedGraphs, Layout
from .local import LocalStore

CACHE_VARIABLE = "REALPOLITIK_CACHE"
_KEEP_CACHE_ENTRIES = 8


def cache_folder() -> Path:
    """Where reasoned datasets are cached: $REALPOLITIK_CACHE, else $XDG_CACHE_HOME/realpolitik
    (``~/.cache/realpolitik``)."""
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "realpolitik"


@dataclass
class Reasoned:
    """A knowledge graph with its inferences, in an in-memory Oxigraph store.

    ``closure`` is the engine's closure when this process reasoned (None when the
    dataset came from the cache or from owlrl).
    """

    layout: Layout
    store: ox.Store
    findings: list[Finding]
    engine: str
    from_cache: bool
    closure: Any = None


def open_memory(layout: Layout, engine: str = DEFAULT_ENGINE, use_cache: bool = True) -> LocalStore:
    """The reasoned knowledge graph as a store in memory (see ``reason``)."""
    reasoned = reason(layout, engine, use_cache)
    return LocalStore(reasoned.store, reasoned.findings)


def reason(layout: Layout, engine: str = DEFAULT_ENGINE, use_cache: bool = True) -> Reasoned:
    """Load a knowledge graph and its OWL 2 RL closure, reasoning only when the cache is stale.

    Raises InputError (with file:line:column) when an input file does not parse.
    """
    check_engine(engine)
    entry = cache_folder() / layout.fingerprint(engine)
    store = ox.Store()
    if use_cache and (entry / "dataset.nq").is_file() and (entry / "findings.json").is_file():
        # The entry is pyoxigraph's own dump, so parsing it leniently skips checks it has
        # passed once already (twice as fast: the largest share of a cached query's time).
        store.load(path=str(entry / "dataset.nq"), format=ox.RdfFormat.N_QUADS, lenient=True)
        findings = [Finding.from_dict(item) for item in json.loads((entry / "findings.json").read_text())]
        return Reasoned(layout, store, findings, engine, from_cache=True)

    asserted = AssertedGraphs(layout)
    store.extend(asserted.quads)
    inference = infer(asserted.triples(ONTOLOGY_GRAPH) + asserted.triples(FACTS_GRAPH), engine)
    inferred_graph = ox.NamedNode(INFERRED_GRAPH)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, inferred_graph) for t in inference.triples)
    if use_cache:
        _write_cache_entry(entry, store, inference.findings)
    return Reasoned(layout, store, inference.findings, engine, from_cache=False, closure=inference.closure)


def _write_cache_entry(entry: Path, store: ox.Store, findings: list[Finding]) -> None:
    """Write the entry to a temporary folder and move it into place, so a reader never sees half of it."""
    import tempfile

    entry.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=".partial-", dir=entry.parent))
    try:
        store.dump(str(temporary / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
        (temporary / "findings.json").write_text(json.dumps([f.to_dict() for f in findings]))
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
