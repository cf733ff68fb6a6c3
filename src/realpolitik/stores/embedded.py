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
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, RealpolitikError, display_path
from ..files import write_atomically
from ..findings import Finding
from ..inference import DEFAULT_ENGINE
from ..kg import ALL_GRAPHS, Layout
from .local import LocalStore
from .memory import Reasoned, reason

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


@dataclass(frozen=True)
class StoreBuild:
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


def current_build(root: Path) -> StoreBuild | None:
    """The published build of the store folder, or None when nothing has been built there."""
    try:
        name = (root / "CURRENT").read_text(encoding="utf-8").strip()
        meta = json.loads((root / name / "build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    findings = [Finding.from_dict(item) for item in meta.get("findings", [])]
    return StoreBuild(root / name, meta["fingerprint"], meta["engine"], meta["graph_sizes"], findings)


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

    started = time.perf_counter()
    dataset = dataset or reason(layout, engine=engine)
    import tempfile

    try:
        root.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=root))
    except OSError as error:
        raise InputError(f"{display_path(root)}: cannot create the store folder: {error.strerror}") from None
    try:
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
        name = f"{fingerprint[:16]}-{int(time.time() * 1000):x}"
        os.rename(partial, root / name)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    write_atomically(root / "CURRENT", (name + "\n").encode())
    _prune(root, keep=name)
    published = current_build(root)
    assert published is not None
    return StoreBuild(published.folder, fingerprint, engine, published.graph_sizes, published.findings,
                      seconds=time.perf_counter() - started, rebuilt=True)


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
    build = current_build(root)
    if build is None or build.fingerprint != store_fingerprint(layout, engine):
        if not rebuild:
            state = "has no build" if build is None else "is out of date"
            raise InputError(f"{display_path(root)}: the store {state}; run 'realpolitik build --store {root}'")
        build = build_store(layout, root, engine)
    try:
        store = ox.Store.read_only(str(build.database))
    except OSError as error:
        raise RealpolitikError(f"{display_path(build.database)}: cannot open the store: {error}") from None
    return LocalStore(store, list(build.findings))


def _prune(root: Path, keep: str) -> None:
    """Remove all but the newest builds (always keeping ``keep``) and leftovers of failed builds."""
    builds = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.stat().st_mtime)
    for old in builds[:-_KEEP_BUILDS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
    hour_ago = time.time() - 3600
    for partial in root.glob(".partial-*"):
        if partial.stat().st_mtime < hour_ago:  # a build still running elsewhere is younger
            shutil.rmtree(partial, ignore_errors=True)


def oxigraph_server() -> str:
    """The path of the ``oxigraph`` server program (PyPI package ``oxigraph``).

    Raises RealpolitikError saying how to install it when it is missing.
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise RealpolitikError("the Oxigraph server is not installed: pip install 'oxigraph>=0.5,<0.6'")
    return found


def server_command(build: StoreBuild, host: str = "127.0.0.1", port: int = 7878) -> list[str]:
    """The command that serves ``build`` read-only over the SPARQL 1.1 Protocol, queries seeing
    the union of its graphs, with Oxigraph's query page at ``/``.

    Raises InputError when the port is taken or out of range.
    """
    import socket

    if not 0 < port < 65536:
        raise InputError(f"--port {port}: expected a port number between 1 and 65535")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise InputError(f"{host}:{port}: cannot listen there: {error.strerror}; choose another --port") from None
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [oxigraph_server(), "serve-read-only", "--location", str(build.database), "--bind", address, "--union-default-graph"]
