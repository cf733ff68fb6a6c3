"""RDF file formats: the one table of names, suffixes and media types, and parsing a file
with errors that name its line and column.

Format names are the short ones the command line takes (``--rdf-format ttl``):

    >>> format_for("closure.nq")
    'nq'
    >>> RDF_FORMATS["ttl"].media_type
    'text/turtle'
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, SourceSyntaxError, display_path
from ..files import read_bytes

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
# Suffixes that name a format other than by its own extension.
_ALIASES = {".json": "jsonld", ".owl": "xml", ".xml": "xml"}
SUFFIXES: dict[str, str] = {f".{fmt.file_extension}": name for name, fmt in RDF_FORMATS.items()} | _ALIASES

_PREFIX_DECLARATION = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:", re.MULTILINE | re.IGNORECASE)
_UNDECLARED_PREFIX = re.compile(r"The prefix ([^\s:]*): has not been declared")


def format_for(path: str | Path, name: str | None = None) -> str:
    """The format name given, or the one the file's suffix implies; raises InputError if neither."""
    if name:
        if name not in RDF_FORMATS:
            raise InputError(f"unknown RDF format {name!r}; choose one of: {', '.join(RDF_FORMATS)}")
        return name
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: cannot tell the RDF format from the suffix {suffix!r}; pass --rdf-format ({', '.join(RDF_FORMATS)})")
    return SUFFIXES[suffix]


def parse_file(path: Path) -> list[ox.Quad]:
    """Parse one RDF file into quads (triples land in the default graph).

    Raises SourceSyntaxError naming file, line and column, with "did you mean" for an
    undeclared prefix that is close to a declared one.
    """
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"{display_path(path)}: unsupported RDF file type {path.suffix!r}")
    fmt = RDF_FORMATS[format_for(path)]
    data = read_bytes(path)
    return parse_bytes(data, fmt, display_path(path), base_iri=path.resolve().as_uri())


def parse_bytes(data: bytes, fmt: ox.RdfFormat, where: str, base_iri: str | None = None) -> list[ox.Quad]:
    """Parse RDF text; raises SourceSyntaxError naming ``where``, line and column."""
    try:
        return list(ox.parse(data, format=fmt, base_iri=base_iri))
    except SyntaxError as error:
        raise _syntax_error(where, data, error) from None


def _syntax_error(where: str, data: bytes, error: SyntaxError) -> SourceSyntaxError:
    message = error.msg if hasattr(error, "msg") else str(error)
    message = re.sub(r"^Parser error (at line \d+ )?(between [^:]*)?: ?", "", message)
    undeclared = _UNDECLARED_PREFIX.search(message)
    if undeclared:
        declared = _PREFIX_DECLARATION.findall(data.decode("utf-8", "replace"))
        message = f'unknown prefix "{undeclared.group(1)}:"'
        import difflib

        close = difflib.get_close_matches(undeclared.group(1), declared, n=1)
        message += f' (did you mean "{close[0]}:"?)' if close else " (declare it with @prefix)"
    return SourceSyntaxError(where, error.lineno, error.offset, message)
