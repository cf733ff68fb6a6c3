"""The reasoned graph in memory: a knowledge graph's asserted named graphs plus the inferred
graph in an in-memory Oxigraph store, and its cache on disk.

Reasoning is the slow step, so its result is cached, keyed by a hash of every input
file, the engine and the package version. A repeated query then only reads one N-Quads
file into an in-memory Oxigraph store.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox

from ..files import process_alive as pid_alive
from ..files import remove_tree
from ..findings import Finding
from ..inference import check_engine, infer
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


class Reasoned(NamedTuple):
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


def open_memory(layout: Layout, engine: str | None = None, use_cache: bool = True) -> LocalStore:
    """The reasoned knowledge graph as a store in memory (see ``reason``)."""
    reasoned = reason(layout, engine, use_cache)
    return LocalStore(reasoned.store, reasoned.findings)


def reason(layout: Layout, engine: str | None = None, use_cache: bool = True) -> Reasoned:
    """Load a knowledge graph and its OWL 2 RL closure, reasoning only when the cache is stale.

    A cache that cannot be read or written (missing, read-only, full, damaged) is never
    fatal: a warning says so once, and the graph is reasoned without it.

    Raises InputError (with file:line:column) when an input file does not parse, or for an
    unknown engine (None: the default).
    """
    engine = check_engine(engine)
    entry = cache_folder() / layout.fingerprint(engine) if use_cache else None
    if entry is not None:
        try:
            _remove_leftovers(entry.parent)
        except OSError:
            pass  # a cache folder that cannot be listed: reading the entry will say so
        cached = _read_cache_entry(entry)
        if cached is not None:
            store, findings = cached
            return Reasoned(layout, store, findings, engine, from_cache=True)

    store = ox.Store()
    asserted = AssertedGraphs(layout)
    store.extend(asserted.quads)
    inference = infer(asserted.triples(ONTOLOGY_GRAPH) + asserted.triples(FACTS_GRAPH), engine)
    inferred_graph = ox.NamedNode(INFERRED_GRAPH)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, inferred_graph) for t in inference.triples)
    if entry is not None:
        _write_cache_entry(entry, store, inference.findings)
    return Reasoned(layout, store, inference.findings, engine, from_cache=False, closure=inference.closure)


_warned = False


def warn_once(message: str) -> None:
    """Say on stderr, once per process, that the cache is not used (a cache problem is never fatal)."""
    global _warned
    if not _warned:
        _warned = True
        print(f"realpolitik: warning: {message}; working without the cache", file=sys.stderr)


def _checksum(dataset: bytes, findings: bytes) -> str:
    return hashlib.sha256(hashlib.sha256(dataset).digest() + hashlib.sha256(findings).digest()).hexdigest()


def _read_cache_entry(entry: Path) -> tuple[ox.Store, list[Finding]] | None:
    """The cached dataset and findings, or None when there is no entry or it cannot be
    trusted (an entry whose checksum does not match is removed, to be written afresh)."""
    try:
        if not entry.exists():
            return None
        if not entry.is_dir():
            warn_once(f"the cache entry {entry} is damaged (it is not a folder) and is rebuilt")
            _remove(entry)
            return None
        dataset = (entry / "dataset.nq").read_bytes()
        findings = (entry / "findings.json").read_bytes()
        expected = (entry / "checksum").read_text(encoding="ascii").strip()
    except FileNotFoundError:
        _remove(entry)  # an entry of an older version, or one a writer left unfinished: rebuilt
        return None
    except (OSError, UnicodeError) as error:
        warn_once(f"cannot read the cache entry {entry}: {error.strerror if isinstance(error, OSError) else error}")
        _remove(entry)
        return None
    try:
        if _checksum(dataset, findings) != expected:
            raise ValueError("its checksum does not match")
        store = ox.Store()
        # The checksum says this is pyoxigraph's own dump, unchanged: parsing it leniently
        # skips checks it has passed once already (twice as fast, the largest share of a
        # cached query's time).
        store.load(dataset, format=ox.RdfFormat.N_QUADS, lenient=True)
        return store, [Finding.from_dict(item) for item in json.loads(findings)]
    except (ValueError, SyntaxError, KeyError, TypeError, RuntimeError) as error:
        warn_once(f"the cache entry {entry} is damaged ({str(error).splitlines()[0] if str(error) else type(error).__name__}) and is rebuilt")
        _remove(entry)
        return None


def _write_cache_entry(entry: Path, store: ox.Store, findings: list[Finding]) -> None:
    """Write the entry to a temporary folder and move it into place, so a reader never sees
    half of it; the checksum, written last, covers both files."""
    import tempfile

    temporary: Path | None = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(entry.parent)
        temporary = Path(tempfile.mkdtemp(prefix=f".partial-{os.getpid()}-", dir=entry.parent))
        dataset = store.dump(format=ox.RdfFormat.N_QUADS) or b""
        findings_json = json.dumps([f.to_dict() for f in findings]).encode("utf-8")
        (temporary / "dataset.nq").write_bytes(dataset)
        (temporary / "findings.json").write_bytes(findings_json)
        (temporary / "checksum").write_text(_checksum(dataset, findings_json) + "\n", encoding="ascii")
        try:
            temporary.rename(entry)
        except OSError:
            pass  # another process wrote the same entry first; theirs is as good as ours
        _prune(entry.parent)
    except OSError as error:
        warn_once(f"cannot write the cache in {entry.parent}: {error.strerror or error}")
    finally:
        if temporary is not None:
            remove_tree(temporary)


def _remove(entry: Path) -> None:
    try:
        if entry.is_dir() and not entry.is_symlink():
            remove_tree(entry)
        else:
            entry.unlink(missing_ok=True)
    except OSError:
        pass


def _remove_leftovers(folder: Path) -> None:
    """Remove the temporary folders of writers that died (killed mid-write): their names carry their process id."""
    for partial in folder.glob(".partial-*"):
        if not process_alive(partial.name):
            remove_tree(partial)


def process_alive(name: str) -> bool:
    """Whether the process whose id a ``.partial-<pid>-…`` name carries is still running (True when unsure)."""
    parts = name.split("-")
    if len(parts) < 3 or not parts[1].isdigit():
        return False  # an older name without a process id: a leftover
    return pid_alive(int(parts[1]))


def _prune(folder: Path) -> None:
    entries = sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.stat().st_mtime)
    for old in entries[:-_KEEP_CACHE_ENTRIES]:
        remove_tree(old)
