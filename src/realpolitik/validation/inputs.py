"""The files of a knowledge graph as the checks read them: parsed once, each triple with the file it came from."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from ..findings import Location
from ..kg import Layout
from ..questions.catalogue import Catalogue, StoredQuestion
from ..rdf.formats import parse_file
from ..rdf.namespaces import OWL, RDF, RDFS, STANDARD_NAMESPACES
from ..stores import Store
from ..stores.memory import open_memory
from .locate import Locator

_DECLARING_TYPES = {
    OWL + "Class": "class",
    RDFS + "Class": "class",
    OWL + "ObjectProperty": "property",
    OWL + "DatatypeProperty": "property",
    OWL + "AnnotationProperty": "property",
    RDF + "Property": "property",
}
TYPE = ox.NamedNode(RDF + "type")


class Inputs:
    """What every check reads: the ontology, data and query files, and (lazily) the store of the reasoned graph.

    Parsing raises InputError with ``file:line:column`` for a file that does not parse.
    """

    def __init__(self, layout: Layout, engine: str | None = None, use_cache: bool = True, store: Store | None = None) -> None:
        self.layout = layout
        self.engine = engine
        self.use_cache = use_cache
        if store is not None:
            self.__dict__["store"] = store

    def read_user_files(self) -> None:
        """Parse the ontology, the data and the stored questions now; raises InputError for the first that cannot be read."""
        self.ontology, self.data, self.queries  # noqa: B018 - cached properties, read for their errors

    @cached_property
    def ontology_by_file(self) -> dict[Path, list[ox.Triple]]:
        return {path: [quad.triple for quad in parse_file(path)] for path in self.layout.ontology_files}

    @cached_property
    def ontology(self) -> list[ox.Triple]:
        return [triple for triples in self.ontology_by_file.values() for triple in triples]

    @cached_property
    def data_by_file(self) -> dict[Path, list[ox.Quad]]:
        return {path: parse_file(path) for path in self.layout.data_files}

    @cached_property
    def data(self) -> list[tuple[Path, ox.Quad]]:
        """Every quad of data/, with its file."""
        return [(path, quad) for path, quads in self.data_by_file.items() for quad in quads]

    @property
    def query_files(self) -> list[Path]:
        return self.layout.query_files

    @cached_property
    def queries(self) -> list[StoredQuestion]:
        """The stored questions; raises InputError (file:line) for a header that cannot be read."""
        return Catalogue(self.layout).all()

    @cached_property
    def store(self) -> Store:
        return open_memory(self.layout, engine=self.engine, use_cache=self.use_cache)

    @cached_property
    def locator(self) -> Locator:
        return Locator(self.layout.ontology_files + self.layout.data_files + self.query_files)

    @cached_property
    def declared(self) -> dict[str, set[str]]:
        """IRIs the ontology declares, with their kinds (``class``, ``property``)."""
        kinds: dict[str, set[str]] = defaultdict(set)
        for triple in self.ontology:
            if triple.predicate == TYPE and isinstance(triple.subject, ox.NamedNode):
                kind = _DECLARING_TYPES.get(triple.object.value) if isinstance(triple.object, ox.NamedNode) else None
                if kind:
                    kinds[triple.subject.value].add(kind)
        return dict(kinds)

    @cached_property
    def own_namespaces(self) -> tuple[str, ...]:
        """The namespaces of the terms the ontology declares itself (rp:), not those it borrows."""
        namespaces = set()
        for iri in self.declared:
            if not iri.startswith(STANDARD_NAMESPACES):
                cut = max(iri.rfind("#"), iri.rfind("/"))
                namespaces.add(iri[: cut + 1])
        return tuple(sorted(namespaces))

    @cached_property
    def _subclasses(self) -> dict[str, set[str]]:
        """Each class's direct subclasses, by asserted rdfs:subClassOf between named classes."""
        children: dict[str, set[str]] = defaultdict(set)
        for triple in self.ontology:
            if triple.predicate.value == RDFS + "subClassOf" and isinstance(triple.subject, ox.NamedNode) and isinstance(triple.object, ox.NamedNode):
                children[triple.object.value].add(triple.subject.value)
        return children

    def subclasses_of(self, iri: str) -> set[str]:
        """``iri`` and every class the ontology makes a subclass of it, by asserted rdfs:subClassOf chains."""
        children = self._subclasses
        found, todo = {iri}, [iri]
        while todo:
            for child in children[todo.pop()] - found:
                found.add(child)
                todo.append(child)
        return found

    def locate(self, iri: str, prefer: str = "data") -> Location | None:
        """Where ``iri`` is defined or first used, looking first in ``prefer`` (ontology, data or queries)."""
        groups = self._file_groups
        order = [prefer] + [name for name in groups if name != prefer]
        return self.locator.find(iri, [path for name in order for path in groups[name]])

    @cached_property
    def _file_groups(self) -> dict[str, list[Path]]:
        return {"ontology": self.layout.ontology_files, "data": self.layout.data_files, "queries": self.query_files}
