"""Printing results for people and programs: a text table, Markdown, or a W3C results format.

Every command that prints rows takes ``--format`` with one of ``FORMATS``:

    >>> import pyoxigraph as ox
    >>> from realpolitik.rdf.results import Results
    >>> print(render(Results(["state"], [(ox.Literal("Turkey"),)]), "table"), end="")
    state
    ------
    Turkey
    (1 row)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from .results import RESULTS_FORMATS, Results
from .terms import show_term

FORMATS = ("table", "markdown", *RESULTS_FORMATS)


def render(results: Results, fmt: str = "table") -> str:
    """The results in one of ``FORMATS``; CONSTRUCT results are N-Triples whatever the format."""
    if results.triples is not None or fmt in RESULTS_FORMATS:
        return results.serialize(fmt if fmt in RESULTS_FORMATS else "json").decode("utf-8")
    if results.boolean is not None:
        return ("yes" if results.boolean else "no") + "\n"
    cells = [[show_term(term) for term in row] for row in results.rows]
    if fmt == "markdown":
        return _markdown(results.variables, cells)
    if fmt == "table":
        return _table(results.variables, cells)
    raise ValueError(f"unknown output format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def table_of(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Results:
    """Plain values as Results of literals, so that any listing prints in every format."""
    return Results(list(headers), [tuple(ox.Literal(str(cell)) for cell in row) for row in rows])


def mapping_table(headers: tuple[str, str], values: Mapping[str, object]) -> Results:
    """A two-column table of a mapping's keys and values."""
    return table_of(headers, list(values.items()))


def count_rows(count: int) -> str:
    return f"({count} row{'s' if count != 1 else ''})"


def _table(headers: list[str], cells: list[list[str]]) -> str:
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells)
    lines.append(count_rows(len(cells)))
    return "\n".join(lines) + "\n"


def _markdown(headers: list[str], cells: list[list[str]]) -> str:
    def escape(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines.extend("| " + " | ".join(escape(c) for c in row) + " |" for row in cells)
    return "\n".join(lines) + "\n"
