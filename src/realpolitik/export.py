"""Serialising the dataset's named graphs to the standard RDF formats."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .dataset import Dataset
from .errors import InputError
from .files import write_atomically
from .queries import Catalogue
from .vocabulary import ALL_GRAPHS, ASSERTED_GRAPHS, PREFIXES
from .description import describe

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
_SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".nq": "nq", ".trig": "trig", ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "xml", ".owl": "xml", ".xml": "xml"}


def format_for(path: str | Path, name: str | None = None) -> str:
    """The format name given, or the one the file's suffix implies; raises InputError if neither."""
    if name:
        if name not in RDF_FORMATS:
            raise InputError(f"unknown RDF format {name!r}; choose one of: {', '.join(RDF_FORMATS)}")
        return name
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise InputError(f"{path}: cannot tell the RDF format from the suffix {suffix!r}; pass --format ({', '.join(RDF_FORMATS)})")
    return _SUFFIXES[suffix]


def serialise(dataset: Dataset, graphs: list[str], fmt: str) -> bytes:
    """The named graphs ``graphs`` in format ``fmt``: as named graphs in a quad format,
    merged into one graph (duplicates removed) in a triple format."""
    rdf_format = RDF_FORMATS[fmt]
    quads = [q for graph in graphs for q in dataset.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]
    if rdf_format.supports_datasets:
        return ox.serialize(quads, format=rdf_format, prefixes=PREFIXES if fmt == "trig" else None)
    triples = list(dict.fromkeys(q.triple for q in quads))
    prefixes = PREFIXES if fmt in ("ttl", "xml") else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes)


def write_graphs(dataset: Dataset, graphs: list[str], path: str | Path, fmt: str | None = None) -> int:
    """Write ``graphs`` to ``path`` atomically; return the number of triples or quads written."""
    name = format_for(path, fmt)
    content = serialise(dataset, graphs, name)
    write_atomically(path, content)
    return sum(1 for graph in graphs for _ in dataset.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


# --- Exports for triple stores: single files and a release folder -----------------------

EXTENSIONS = {"ttl": "ttl", "nt": "nt", "nq": "nq", "trig": "trig", "jsonld": "jsonld", "xml": "rdf"}
MEDIA_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}


def export_graphs(inferred: bool) -> list[str]:
    """The named graphs an export holds: the asserted ones, and the inferred one when asked."""
    return list(ALL_GRAPHS if inferred else ASSERTED_GRAPHS)


def write_release(
    dataset: Dataset,
    folder: str | Path,
    catalogue: Catalogue,
    endpoint: str | None = None,
) -> list[Path]:
    """Write a release folder: every format, asserted and with inferences, the stored
    questions and a VoID/DCAT description (``void.ttl``). Returns the files written.

    Each file is written atomically. Raises InputError when the folder cannot be made.
    """
    target = Path(folder)
    try:
        (target / "queries").mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{target}: cannot create the release folder: {error.strerror}") from None
    written: list[Path] = []
    distributions: list[tuple[str, str, str, int]] = []
    for stem, inferred in (("realpolitik", False), ("realpolitik-closure", True)):
        for fmt, extension in EXTENSIONS.items():
            path = target / f"{stem}.{extension}"
            content = serialise(dataset, export_graphs(inferred), fmt)
            write_atomically(path, content)
            written.append(path)
            distributions.append((path.name, fmt, stem, len(content)))
    questions = catalogue.all()
    for stored in questions:
        path = target / "queries" / stored.path.name
        write_atomically(path, stored.text.encode("utf-8"))
        written.append(path)
    description = describe(dataset, distributions, questions, endpoint)
    write_atomically(target / "void.ttl", description)
    written.append(target / "void.ttl")
    return written
