"""A knowledge-graph folder: where its files are, and loading them as named graphs.

A knowledge graph is a folder laid out like this project's own:

    ontology/*.ttl        the OWL 2 RL ontology (``shapes.ttl``: SHACL shapes for the data)
    data/**/*.trig        facts, one named graph per evidence record; the graph's name
                          is the record, described in the file's default graph
    data/**/*.ttl         descriptions of sources and evidence (no facts)
    data/sources/*.txt    the evidence documents, byte for byte
    queries/*.rq          stored questions

Loading turns that into four named graphs: the ontology, the facts, the evidence
(records, quotes, and one reified statement per fact saying which record it was derived
from) and, once reasoning has run, the inferred triples.

The folder's source documents have their own modules: ``documents`` adds a document and
the evidence records quoting it, ``coverage`` accounts for every sentence of it.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from ..errors import InputError, display_path
from ..files import read_bytes
from ..rdf.namespaces import CONCEPT, GRAPH, PROV, RDF, STATEMENT
from ..rdf.terms import show_term
from ..version import __version__

# The named graphs of a loaded knowledge graph: what the ontology says, what the sources
# and background knowledge say, why (evidence), and what OWL 2 RL reasoning adds.
ONTOLOGY_GRAPH = GRAPH + "ontology"
FACTS_GRAPH = GRAPH + "facts"
EVIDENCE_GRAPH = GRAPH + "evidence"
INFERRED_GRAPH = GRAPH + "inferred"
ASSERTED_GRAPHS = (ONTOLOGY_GRAPH, FACTS_GRAPH, EVIDENCE_GRAPH)
ALL_GRAPHS = ASSERTED_GRAPHS + (INFERRED_GRAPH,)
FOLDERS = ("ontology", "data", "queries")
# What a knowledge-graph folder's data files may be written in.
SOURCE_SUFFIXES = (".ttl", ".trig", ".nt", ".nq")


def bundled_root() -> Path:
    """The folder of the knowledge graph that ships with realpolitik.

    In an installed wheel the ontology, data and queries sit in this package's folder
    (``realpolitik/kg/``); in a checkout they sit at the top of the repository.
    """
    packaged = Path(__file__).parent
    if (packaged / "ontology").is_dir():
        return packaged
    return Path(__file__).resolve().parents[3]


def is_knowledge_graph(folder: Path) -> bool:
    """True for a folder with ``ontology/``, ``data/`` and ``queries/``."""
    return all((folder / part).is_dir() for part in FOLDERS)


class Layout(NamedTuple):
    """The files of one knowledge-graph folder."""

    root: Path

    @classmethod
    def at(cls, root: str | Path | None = None) -> Layout:
        """The layout of ``root``; without one, the working folder when it is a knowledge
        graph (a checkout you are editing), else the bundled graph.

        Raises InputError when the folder is missing or has no ontology/ or data/ folder.
        """
        if root is None:
            here = Path.cwd()
            folder = here if is_knowledge_graph(here) else bundled_root()
        else:
            folder = Path(root)
        if not folder.is_dir():
            raise InputError(f"{folder}: no such knowledge graph folder")
        for part in ("ontology", "data"):
            if not (folder / part).is_dir():
                raise InputError(f"{display_path(folder)}: not a knowledge graph folder: it has no {part}/ folder")
        return cls(folder.resolve())

    @property
    def is_bundled(self) -> bool:
        return self.root == bundled_root().resolve()

    def describe(self) -> str:
        """Which graph this is, as ``stats`` reports it: the bundled one or a folder."""
        return f"the bundled knowledge graph ({self.root})" if self.is_bundled else f"the knowledge graph in {display_path(self.root)}"

    @property
    def ontology_files(self) -> list[Path]:
        """The ontology's Turtle files, without the SHACL shapes (shapes constrain data; they are not axioms to reason with)."""
        return [p for p in files_under(self.root / "ontology", (".ttl",)) if p != self.shapes_file]

    @property
    def shapes_file(self) -> Path:
        """The SHACL shapes the data must conform to (it may not exist)."""
        return self.root / "ontology" / "shapes.ttl"

    @property
    def data_files(self) -> list[Path]:
        return files_under(self.root / "data", SOURCE_SUFFIXES)

    @property
    def query_folder(self) -> Path:
        return self.root / "queries"

    @property
    def query_files(self) -> list[Path]:
        folder = self.query_folder
        return sorted(folder.glob("*.rq")) if folder.is_dir() else []

    @property
    def source_folder(self) -> Path:
        return self.root / "data" / "sources"

    def input_files(self) -> list[Path]:
        """Every file whose content the reasoned dataset depends on."""
        return self.ontology_files + self.data_files

    def fingerprint(self, *salt: str) -> str:
        """A hash of every input file's name and bytes, the package version and ``salt``."""
        digest = hashlib.sha256()
        digest.update(__version__.encode())
        for part in salt:
            digest.update(b"\0" + part.encode())
        for path in self.input_files():
            digest.update(b"\0" + path.relative_to(self.root).as_posix().encode() + b"\0")
            digest.update(read_bytes(path))
        return digest.hexdigest()


def files_under(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files under ``folder`` with one of ``suffixes``, sorted; symbolic links to
    folders are not followed (a link loop cannot trap the walk).

    A folder with such a suffix is listed too, so that reading it says what is wrong.
    Raises InputError for a subfolder that cannot be read: leaving its files out would
    give answers without them, and no word.
    """

    def fail(error: OSError) -> None:
        raise InputError(f"{display_path(error.filename or folder)}: cannot read the folder: {error.strerror}")

    found: list[Path] = []
    for here, folders, names in os.walk(folder, onerror=fail):
        found.extend(Path(here, name) for name in names + folders if Path(name).suffix in suffixes)
    return sorted(found)


def statement_iri(triple: ox.Triple) -> ox.NamedNode:
    """A stable IRI for the reified statement of ``triple``, the same in every build."""
    return ox.NamedNode(STATEMENT + hashlib.sha256(str(triple).encode()).hexdigest()[:24])


_TYPE = ox.NamedNode(RDF + "type")
_STATEMENT = ox.NamedNode(RDF + "Statement")
_SUBJECT, _PREDICATE, _OBJECT = (ox.NamedNode(RDF + name) for name in ("subject", "predicate", "object"))
_DERIVED_FROM = ox.NamedNode(PROV + "wasDerivedFrom")


def evidence_quads(quads: list[ox.Quad], facts: ox.NamedNode, evidence: ox.NamedNode, seen: set[ox.NamedNode] | None = None) -> list[ox.Quad]:
    """Data quads as the facts and evidence graphs hold them.

    A triple in a named graph is a fact, and gets a reified statement derived from the
    graph's name (its evidence record); a triple in the default graph describes evidence.
    ``seen`` carries the statements already made across calls.
    """
    seen = set() if seen is None else seen
    out: list[ox.Quad] = []
    for quad in quads:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            out.append(ox.Quad(quad.subject, quad.predicate, quad.object, evidence))
            continue
        triple = quad.triple
        out.append(ox.Quad(triple.subject, triple.predicate, triple.object, facts))
        statement = statement_iri(triple)
        if statement not in seen:
            seen.add(statement)
            out.extend(
                ox.Quad(statement, p, o, evidence)
                for p, o in ((_TYPE, _STATEMENT), (_SUBJECT, triple.subject), (_PREDICATE, triple.predicate), (_OBJECT, triple.object))
            )
        out.append(ox.Quad(statement, _DERIVED_FROM, quad.graph_name, evidence))
    return out


class AssertedGraphs:
    """The asserted part of a knowledge graph as named graphs: ontology, facts, evidence."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    @cached_property
    def quads(self) -> list[ox.Quad]:
        """All asserted quads, in the ontology, facts and evidence graphs.

        Raises InputError (``file:line:column``) for a file that does not parse.
        """
        from ..rdf.formats import parse_file  # only needed when the cache is stale

        ontology, facts, evidence = (ox.NamedNode(g) for g in ASSERTED_GRAPHS)
        quads: list[ox.Quad] = []
        files = self.layout.ontology_files
        for path in files:
            quads.extend(ox.Quad(q.subject, q.predicate, q.object, ontology) for q in parse_file(path))
        folder = display_path(self.layout.root / "ontology")
        if not files:
            raise InputError(f"{folder}: no ontology: the folder has no .ttl file besides shapes.ttl")
        if not quads:
            raise InputError(f"{folder}: the ontology is empty: no triples in {', '.join(display_path(p) for p in files)}")
        seen: set[ox.NamedNode] = set()
        for path in self.layout.data_files:
            quads.extend(evidence_quads(parse_file(path), facts, evidence, seen))
        if not any(q.graph_name == facts for q in quads):
            raise InputError(f"{display_path(self.layout.root / 'data')}: no facts: no .trig file under it has a named graph of facts")
        return quads

    def triples(self, graph: str) -> list[ox.Triple]:
        """The distinct triples of one named graph."""
        name = ox.NamedNode(graph)
        return list(dict.fromkeys(q.triple for q in self.quads if q.graph_name == name))


# --- the words of evidence records: modalities and names ---------------------------------


def modality_iri(name: str) -> str:
    """``stated``, ``rpc:stated`` or the full IRI, as the IRI."""
    if name.startswith(("http://", "https://")):
        return name
    return CONCEPT + name.removeprefix("rpc:")


def show_modality(iri: str | None) -> str:
    """A modality as people read it: ``stated`` for rpc:stated."""
    if iri is None:
        return "no modality"
    return iri[len(CONCEPT):] if iri.startswith(CONCEPT) else show_term(ox.NamedNode(iri))


def slug(text: str) -> str:
    """``European Commission`` → ``european-commission``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
