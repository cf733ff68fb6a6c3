"""Finding the line of a file where a term is defined or first used, by a plain text search.

RDF parsers do not report where a triple came from, so a finding points at the first
line that spells the term, as a prefixed name under the file's own prefixes or as an
``<IRI>``; a line that starts with the term (its definition, in our Turtle style) wins.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from ..errors import display_path
from ..findings import Location
from ..rdf.namespaces import PREFIXES

# An <IRI> or a prefixed name, not inside a longer word; a local name does not end with a dot.
_TERM = re.compile(r"<[^<>\s]*>|(?<![\w:<])(?:[A-Za-z][\w.-]*)?:(?:[\w-]+(?:\.[\w-]+)*)?(?![\w-])")
_PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)


class SourceFile:
    """One text file of a knowledge graph, read once, with the prefixes it declares."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @cached_property
    def lines(self) -> list[str]:
        return self.path.read_text(encoding="utf-8", errors="replace").splitlines()

    @cached_property
    def prefixes(self) -> dict[str, str]:
        declared = {}
        for line in self.lines:
            match = _PREFIX_LINE.match(line)
            if match:
                declared[match.group(1) or ""] = match.group(2)
        return declared

    def spellings(self, iri: str) -> list[str]:
        """The ways this file may spell ``iri``: ``<iri>`` and ``prefix:local`` for each prefix that fits."""
        forms = [f"<{iri}>"]
        for prefix, namespace in {**PREFIXES, **self.prefixes}.items():
            if namespace and iri.startswith(namespace) and len(iri) > len(namespace):
                forms.append(f"{prefix}:{iri[len(namespace):]}")
        return forms

    @cached_property
    def _index(self) -> dict[str, tuple[int, int, bool]]:
        """Each spelled term (``<iri>`` or ``prefix:local``) at its defining line if one starts
        with it, else at its first use: (line, column, defining). Built in one pass, so that
        locating thousands of findings stays linear in the size of the file."""
        index: dict[str, tuple[int, int, bool]] = {}
        for number, line in enumerate(self.lines, start=1):
            if line.lstrip().startswith("#") and not line.startswith("#+"):
                continue
            for match in _TERM.finditer(line):
                form = match.group(0)
                defining = not line[: match.start()].strip()
                known = index.get(form)
                if known is None or (defining and not known[2]):
                    index[form] = (number, match.start() + 1, defining)
        return index

    def find(self, iri: str) -> Location | None:
        """The defining line of ``iri`` if one starts with it, else its first use; None if absent."""
        found = [self._index[form] for form in self.spellings(iri) if form in self._index]
        if not found:
            return None
        number, column, _ = min(found, key=lambda hit: (not hit[2], hit[0], hit[1]))
        return Location(display_path(self.path), number, column)

    def find_text(self, text: str) -> Location | None:
        """The first line holding ``text`` (or, for a long text, its first 40 characters)."""
        needle = text[:40]
        for number, line in enumerate(self.lines, start=1):
            column = line.find(needle)
            if column >= 0:
                return Location(display_path(self.path), number, column + 1)
        return None


class Locator:
    """Finds terms in a knowledge graph's files."""

    def __init__(self, paths: list[Path]) -> None:
        self.files = {path: SourceFile(path) for path in paths}

    def file(self, path: Path) -> SourceFile:
        if path not in self.files:
            self.files[path] = SourceFile(path)
        return self.files[path]

    def find(self, iri: str, paths: list[Path] | None = None) -> Location | None:
        """The first file (in ``paths`` order, default all) where ``iri`` occurs, at its defining or first line."""
        for path in paths if paths is not None else list(self.files):
            location = self.file(path).find(iri)
            if location:
                return location
        return None

    def find_text(self, text: str, paths: list[Path] | None = None) -> Location | None:
        for path in paths if paths is not None else list(self.files):
            location = self.file(path).find_text(text)
            if location:
                return location
        return None
