"""Finding and loading a knowledge graph: its ontology, its facts and their evidence.

A knowledge graph is a folder laid out like this project's own:

    ontology/*.ttl        the OWL 2 RL ontology
    data/**/*.trig        facts, one named graph per evidence record; the graph's name
                          is the record, described in the file's default graph
    data/**/*.ttl         descriptions of sources and evidence (no facts)
    data/sources/*.txt    the evidence documents, byte for byte
    queries/*.rq          stored questions

Loading turns that into four named graphs (see ``vocabulary``): the ontology, the facts,
the evidence (records, quotes, and one reified statement per fact saying which record it
was derived from) and, once reasoning has run, the inferred triples.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .errors import InputError, SourceSyntaxError
from .vocabulary import EVIDENCE_GRAPH, FACTS_GRAPH, ONTOLOGY_GRAPH, PROV, RDF, STATEMENT

_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS}
_PREFIX_DECLARATION = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:", re.MULTILINE | re.IGNORECASE)
_UNDECLARED_PREFIX = re.compile(r"The prefix ([^\s:]*): has not been declared")


def default_root() -> Path:
    """Return the folder of the knowledge graph that ships with realpolitik.

    In an installed wheel the ontology, data and queries sit in the package's ``kg``
    folder; in a checkout they sit at the top of the repository.
    """
    packaged = Path(__file__).parent / "kg"
    if (packaged / "ontology").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Layout:
    """The files of one knowledge graph folder."""

    root: Path

    @classmethod
    def at(cls, root: str | Path | None = None) -> "Layout":
        """Return the layout of ``root`` (default: the bundled graph).

        Raises InputError when the folder has no ontology/ or data/ folder.
        """
        folder = Path(root) if root is not None else default_root()
        if not folder.is_dir():
            raise InputError(f"{folder}: no such knowledge graph folder")
        for part in ("ontology", "data"):
            if not (folder / part).is_dir():
                raise InputError(f"{display_path(folder)}: not a knowledge graph folder: it has no {part}/ folder")
        return cls(folder)

    @property
    def ontology_files(self) -> list[Path]:
        """The ontology's Turtle files, without the SHACL shapes (shapes constrain data; they are not axioms to reason with)."""
        return sorted(p for p in (self.root / "ontology").rglob("*.ttl") if p != self.shapes_file)

    @property
    def shapes_file(self) -> Path:
        """The SHACL shapes the data must conform to (it may not exist)."""
        return self.root / "ontology" / "shapes.ttl"

    @property
    def data_files(self) -> list[Path]:
        return sorted(p for p in (self.root / "data").rglob("*") if p.suffix in _FORMATS)

    @property
    def query_folder(self) -> Path:
        return self.root / "queries"

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
            digest.update(path.read_bytes())
        return digest.hexdigest()


def parse_file(path: Path) -> list[ox.Quad]:
    """Parse one RDF file into quads (triples land in the default graph).

    Raises SourceSyntaxError naming file, line and column, with "did you mean" for an
    undeclared prefix that is close to a declared one.
    """
    fmt = _FORMATS.get(path.suffix)
    if fmt is None:
        raise InputError(f"{display_path(path)}: unsupported RDF file type {path.suffix!r}")
    data = path.read_bytes()
    try:
        return list(ox.parse(data, format=fmt, base_iri=path.resolve().as_uri()))
    except SyntaxError as error:
        raise _syntax_error(path, data, error) from None


def _syntax_error(path: Path, data: bytes, error: SyntaxError) -> SourceSyntaxError:
    message = error.msg if hasattr(error, "msg") else str(error)
    message = re.sub(r"^Parser error (at line \d+ )?(between [^:]*)?: ?", "", message)
    undeclared = _UNDECLARED_PREFIX.search(message)
    if undeclared:
        declared = _PREFIX_DECLARATION.findall(data.decode("utf-8", "replace"))
        message = f'unknown prefix "{undeclared.group(1)}:"'
        close = difflib.get_close_matches(undeclared.group(1), declared, n=1)
        if close:
            message += f' (did you mean "{close[0]}:"?)'
        else:
            message += " (declare it with @prefix)"
    return SourceSyntaxError(display_path(path), error.lineno, error.offset, message)


def statement_iri(triple: ox.Triple) -> ox.NamedNode:
    """A stable IRI for the reified statement of ``triple``, the same in every build."""
    return ox.NamedNode(STATEMENT + hashlib.sha256(str(triple).encode()).hexdigest()[:24])


_TYPE = ox.NamedNode(RDF + "type")
_STATEMENT = ox.NamedNode(RDF + "Statement")
_SUBJECT, _PREDICATE, _OBJECT = (ox.NamedNode(RDF + name) for name in ("subject", "predicate", "object"))
_DERIVED_FROM = ox.NamedNode(PROV + "wasDerivedFrom")


class AssertedGraphs:
    """The asserted part of a knowledge graph as named graphs: ontology, facts, evidence."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    @cached_property
    def quads(self) -> list[ox.Quad]:
        """All asserted quads, in the ontology, facts and evidence graphs."""
        ontology, facts, evidence = (ox.NamedNode(g) for g in (ONTOLOGY_GRAPH, FACTS_GRAPH, EVIDENCE_GRAPH))
        quads: list[ox.Quad] = []
        for path in self.layout.ontology_files:
            quads.extend(ox.Quad(q.subject, q.predicate, q.object, ontology) for q in parse_file(path))
        seen_statements: set[ox.NamedNode] = set()
        for path in self.layout.data_files:
            for quad in parse_file(path):
                if isinstance(quad.graph_name, ox.DefaultGraph):
                    quads.append(ox.Quad(quad.subject, quad.predicate, quad.object, evidence))
                    continue
                triple = quad.triple
                quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, facts))
                statement = statement_iri(triple)
                if statement not in seen_statements:
                    seen_statements.add(statement)
                    quads.extend(
                        ox.Quad(statement, p, o, evidence)
                        for p, o in ((_TYPE, _STATEMENT), (_SUBJECT, triple.subject), (_PREDICATE, triple.predicate), (_OBJECT, triple.object))
                    )
                quads.append(ox.Quad(statement, _DERIVED_FROM, quad.graph_name, evidence))
        return quads

    def triples(self, graph: str) -> list[ox.Triple]:
        """The distinct triples of one named graph."""
        name = ox.NamedNode(graph)
        return list(dict.fromkeys(q.triple for q in self.quads if q.graph_name == name))


def suggest(name: str, candidates: list[str] | set[str]) -> str:
    """`` (did you mean "x"?)`` for the closest candidate, or an empty string."""
    close = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""
