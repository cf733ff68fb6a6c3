"""Writing answers out: a text table, Markdown, and the standard SPARQL 1.1 CSV, TSV and JSON results formats."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from .answers import Answer
from .terms import show_term
from .vocabulary import XSD

FORMATS = ("table", "csv", "tsv", "json", "markdown")



def render(answer: Answer, fmt: str = "table") -> str:
    """The answer in one of ``FORMATS``; CONSTRUCT results are N-Triples whatever the format."""
    if answer.triples is not None:
        return "".join(f"{triple} .\n" for triple in answer.triples)
    if fmt == "json":
        return _json(answer)
    if fmt == "csv":
        return _csv(answer)
    if fmt == "tsv":
        return _tsv(answer)
    if answer.boolean is not None:
        return ("yes" if answer.boolean else "no") + "\n"
    cells = [[show_term(term) for term in row] for row in answer.rows]
    if fmt == "markdown":
        return _markdown(answer.variables, cells)
    return _table(answer.variables, cells)


def _json(answer: Answer) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    if answer.boolean is not None:
        return json.dumps({"head": {}, "boolean": answer.boolean}, indent=2) + "\n"
    bindings = [
        {variable: _json_term(term) for variable, term in zip(answer.variables, row) if term is not None}
        for row in answer.rows
    ]
    return json.dumps({"head": {"vars": answer.variables}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False) + "\n"


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value == XSD + "string":
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def _csv(answer: Answer) -> str:
    """SPARQL 1.1 Query Results CSV Format: plain values, RFC 4180 quoting, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if answer.boolean is not None:
        writer.writerow(["boolean"])
        writer.writerow(["true" if answer.boolean else "false"])
        return buffer.getvalue()
    writer.writerow(answer.variables)
    for row in answer.rows:
        writer.writerow(["" if term is None else (f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value) for term in row])
    return buffer.getvalue()


def _tsv(answer: Answer) -> str:
    """SPARQL 1.1 Query Results TSV Format: terms written as in SPARQL/N-Triples."""
    if answer.boolean is not None:
        return "?boolean\n" + ("true" if answer.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in answer.variables)]
    for row in answer.rows:
        lines.append("\t".join("" if term is None else str(term).replace("\t", "\\t") for term in row))
    return "\n".join(lines) + "\n"


def _table(headers: list[str], cells: list[list[str]]) -> str:
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells)
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _markdown(headers: list[str], cells: list[list[str]]) -> str:
    def escape(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines.extend("| " + " | ".join(escape(c) for c in row) + " |" for row in cells)
    return "\n".join(lines) + "\n"
