"""The embedded store: the reasoned dataset in a persistent Oxigraph store on disk.

``build_store`` writes the four named graphs (ontology, facts, evidence, inferred) into
a fresh Oxigraph store and then publishes it, so queries never reason or parse again
until an input file changes. A store folder looks like this:

    STORE/CURRENT                     the name of the published build, e.g. 3f2a…
    STORE/<build>/oxigraph/           the Oxigraph (RocksDB) database of that build
    STORE/<build>/build.json          its input fingerprint, engine, counts and findings

Each knowledge-graph folder has its own store folder by default (under the user's data
folder, named by a hash of the knowledge graph's path), so that stores of different
graphs never replace each other. A build is written under a fresh name and published by replacing CURRENT atomically,
so a reader sees either the old build or the new one, never half of one. Published
builds are never written again, which is what makes it safe for any number of
processes (``realpolitik query``, ``realpolitik serve``) to open them read-only at once:
Oxigraph's read-write mode takes an exclusive lock, and its read-only mode is only safe
while nobody writes. The previous build is kept so that a reader or server that opened
it before a rebuild goes on working; older ones are removed.

Across processes: one build at a time, under an exclusive lock on ``STORE/.lock``
(a process that finds the store stale waits there, then finds it current and builds
nothing); each open store holds a shared lock on its build's ``reader.lock``, and a
build is only removed once nobody holds that. A temporary ``.partial-<pid>-…`` folder
whose process is gone (a killed build) is removed by the next build.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import json
import os
import sys
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from ..errors import InputError, RealpolitikError, display_path
from ..files import check_port, remove_tree, write_atomically
from ..findings import Finding
from ..inference import DEFAULT_ENGINE
from ..kg import ALL_GRAPHS, Layout
from .local import LocalStore
from .memory import Reasoned, process_alive, reason

STORE_VARIABLE = "REALPOLITIK_STORE"

# Part of the fingerprint, so that a change in how stores are laid out forces a rebuild.
_STORE_FORMAT = "oxigraph-store-1"
_KEEP_BUILDS = 2


def default_store_folder(layout: Layout | None = None) -> Path:
    """Where ``realpolitik build`` puts the store of ``layout``: a folder of its own under
    $REALPOLITIK_STORE, else under the user's data folder (``~/.local/share/realpolitik/stores``
    honouring $XDG_DATA_HOME), named after the knowledge graph's folder and a hash of its path."""
    layout = layout or Layout.at()
    if os.environ.get(STORE_VARIABLE):
        base = Path(os.environ[STORE_VARIABLE])
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "realpolitik" / "stores"
    key = hashlib.sha256(str(layout.root).encode()).hexdigest()[:12]
    name = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in layout.root.name) or "kg"
    return base / f"{name}-{key}"


def store_folder(layout: Layout, folder: str | Path | None) -> Path:
    """``folder`` when given, else the layout's default store folder."""
    return Path(folder) if folder is not None else default_store_folder(layout)


class StoreBuild(NamedTuple):
    """One published build of a store: where its database is and what it was built from."""

    folder: Path
    fingerprint: str
    engine: str
    graph_sizes: dict[str, int]
    findings: list[Finding]
    seconds: float = 0.0
    rebuilt: bool = False

    @property
    def database(self) -> Path:
        """The Oxigraph database folder, as ``oxigraph serve --location`` takes it."""
        return self.folder / "oxigraph"

    def server_command(self, host: str = "127.0.0.1", port: int = 7878) -> list[str]:
        """The command that serves this build read-only over the SPARQL 1.1 Protocol, queries
        seeing the union of its graphs, with Oxigraph's query page at ``/``.

        Raises InputError when the port is taken or out of range.
        """
        check_port(host, port)
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        return [oxigraph_server(), "serve-read-only", "--location", str(self.database), "--bind", address, "--union-default-graph"]


def current_build(root: Path) -> StoreBuild | None:
    """The published build of the store folder, or None when nothing has been built there."""
    try:
        name = (root / "CURRENT").read_text(encoding="utf-8").strip()
        if not name or "/" in name or name.startswith("."):
            return None
        meta = json.loads((root / name / "build.json").read_text(encoding="utf-8"))
        findings = [Finding.from_dict(item) for item in meta.get("findings", [])]
        return StoreBuild(root / name, str(meta["fingerprint"]), str(meta["engine"]), dict(meta["graph_sizes"]), findings)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # nothing built, or a damaged build: either way, build afresh


def store_fingerprint(layout: Layout, engine: str) -> str:
    """The key a build is made for: every input file, the engine, the package and store format versions."""
    return layout.fingerprint(engine, _STORE_FORMAT)


def build_store(
    layout: Layout,
    folder: str | Path | None = None,
    engine: str = DEFAULT_ENGINE,
    force: bool = False,
    dataset: Reasoned | LocalStore | None = None,
) -> StoreBuild:
    """Build the store for ``layout`` in ``folder`` (default: its own store folder) unless
    the published build is already current.

    ``dataset`` (the reasoned in-memory dataset) is taken when given, else made with
    ``dataset.reason``, which reasons only when its cache is stale. Returns the published
    build, with ``rebuilt`` saying whether this call wrote it. Raises InputError when an
    input file does not parse or the store folder cannot be written.
    """
    root = store_folder(layout, folder)
    fingerprint = store_fingerprint(layout, engine)
    existing = current_build(root)
    if existing is not None and existing.fingerprint == fingerprint and not force:
        return existing
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{display_path(root)}: cannot create the store folder: {error.strerror}") from None
    with _locked(root / ".lock", fcntl.LOCK_EX):
        # Another process may have built it while this one waited for the lock.
        existing = current_build(root)
        if existing is not None and existing.fingerprint == fingerprint and not force:
            return existing
        _remove_leftovers(root)
        started = time.perf_counter()
        dataset = dataset or reason(layout, engine=engine)
        name = _write_build(root, layout, fingerprint, engine, dataset)
        write_atomically(root / "CURRENT", (name + "\n").encode())
        _prune(root, keep=name)
    published = current_build(root)
    if published is None:
        raise InputError(f"{display_path(root)}: the store was built but cannot be read back; check the folder")
    return StoreBuild(published.folder, fingerprint, engine, published.graph_sizes, published.findings,
                      seconds=time.perf_counter() - started, rebuilt=True)


def _write_build(root: Path, layout: Layout, fingerprint: str, engine: str, dataset: Reasoned | LocalStore) -> str:
    """Write a build under a temporary name, then rename it to its own; returns the name.

    Raises InputError when the disk is full or the folder cannot be written; nothing is
    left behind then.
    """
    import tempfile

    partial: Path | None = None
    try:
        partial = Path(tempfile.mkdtemp(prefix=f".partial-{os.getpid()}-", dir=root))
        store = ox.Store(str(partial / "oxigraph"))
        store.bulk_extend(dataset.store.quads_for_pattern(None, None, None))
        store.flush()
        sizes = {graph: sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))) for graph in ALL_GRAPHS}
        del store
        gc.collect()  # pyoxigraph releases the database lock only when the Store is freed
        meta = {
            "fingerprint": fingerprint,
            "engine": engine,
            "knowledge_graph": str(layout.root.resolve()),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "graph_sizes": sizes,
            "findings": [f.to_dict() for f in dataset.findings],
        }
        (partial / "build.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        (partial / "reader.lock").touch()
        name = f"{fingerprint[:16]}-{int(time.time() * 1000):x}"
        os.rename(partial, root / name)
        partial = None
        return name
    except OSError as error:
        raise InputError(f"{display_path(root)}: cannot build the store: {error.strerror or str(error).splitlines()[0]}") from None
    finally:
        if partial is not None:
            gc.collect()
            remove_tree(partial)


@contextlib.contextmanager
def _locked(path: Path, mode: int) -> Iterator[int]:
    """Hold an flock on ``path`` (created when missing) for the ``with`` block."""
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        raise InputError(f"{display_path(path)}: cannot lock the store: {error.strerror}") from None
    try:
        fcntl.flock(descriptor, mode)
        yield descriptor
    finally:
        os.close(descriptor)


def _reader_lock(build: StoreBuild) -> int | None:
    """A shared lock on the build, held while it is open, so that no build removes it meanwhile.

    None when the lock cannot be taken (an older build without a lock file, a read-only folder).
    """
    try:
        descriptor = os.open(build.folder / "reader.lock", os.O_RDONLY)
    except OSError:
        return None
    fcntl.flock(descriptor, fcntl.LOCK_SH)
    return descriptor


def open_store(
    layout: Layout,
    folder: str | Path | None = None,
    engine: str = DEFAULT_ENGINE,
    rebuild: bool = True,
) -> LocalStore:
    """The built store of ``layout``, opened read-only, rebuilt first when the inputs have changed.

    With ``rebuild=False`` a stale or missing store raises InputError instead. Raises
    InputError for bad inputs and RealpolitikError when the database cannot be opened.
    """
    root = store_folder(layout, folder)
    fingerprint = store_fingerprint(layout, engine)
    for _ in range(3):  # a rebuild may publish and prune between reading CURRENT and locking the build
        build = current_build(root)
        if build is None or build.fingerprint != fingerprint:
            if not rebuild:
                state = "has no build" if build is None else "is out of date"
                raise InputError(f"{display_path(root)}: the store {state}; run 'realpolitik build --store {root}'")
            build = build_store(layout, root, engine)
        lock = _reader_lock(build)
        if build.database.is_dir() or (lock is not None and build.folder.is_dir()):
            break  # a build that is there (whole or damaged: opening it says which)
        if lock is not None:
            os.close(lock)
    else:
        raise InputError(f"{display_path(root)}: the store keeps changing while it is opened; try again")
    try:
        if not build.database.is_dir():
            raise OSError("its database folder is missing")
        store = ox.Store.read_only(str(build.database))
    except (OSError, RuntimeError) as error:  # pyoxigraph raises RuntimeError for a corrupt database
        if lock is not None:
            os.close(lock)
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(f"{display_path(build.database)}: cannot open the store ({reason}); rebuild it with 'realpolitik build --force'") from None
    local = LocalStore(store, list(build.findings))
    if lock is not None:
        weakref.finalize(local, os.close, lock)
    return local


def _prune(root: Path, keep: str) -> None:
    """Remove all but the newest builds (always keeping ``keep``), except those a reader has open."""
    builds = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.stat().st_mtime)
    for old in builds[:-_KEEP_BUILDS]:
        if old.name == keep:
            continue
        try:
            descriptor = os.open(old / "reader.lock", os.O_RDONLY)
        except OSError:
            remove_tree(old)
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            continue  # open in some process: removed by a later build
        try:
            remove_tree(old)
        finally:
            os.close(descriptor)


def _remove_leftovers(root: Path) -> None:
    """Remove the temporary folders of builds that died (killed mid-build). Called under
    the build lock, so no other build is running; the process id check is for safety."""
    for partial in root.glob(".partial-*"):
        if not process_alive(partial.name) or partial.name.startswith(f".partial-{os.getpid()}-"):
            remove_tree(partial)


def oxigraph_server() -> str:
    """The path of the ``oxigraph`` server program (PyPI package ``oxigraph``).

    Raises RealpolitikError saying how to install it when it is missing.
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    import shutil

    found = shutil.which("oxigraph")
    if found is None:
        raise RealpolitikError("the Oxigraph server is not installed: pip install 'oxigraph>=0.5,<0.6'")
    return found

