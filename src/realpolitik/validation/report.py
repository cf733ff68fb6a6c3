"""Writing findings out: a text table with a count of each severity, or JSON."""

from __future__ import annotations

import json

from ..findings import SEVERITIES, Finding
from ..rdf.tables import render, table_of


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity, most severe first."""
    return {severity: sum(1 for f in findings if f.severity == severity) for severity in reversed(SEVERITIES)}


def render_findings(findings: list[Finding], fmt: str = "table") -> str:
    """The findings as ``table`` (one row each, then a summary line) or ``json`` ({"findings": […], "counts": {…}})."""
    if fmt == "json":
        return json.dumps({"findings": [f.to_dict() for f in findings], "counts": counts(findings)}, indent=2, ensure_ascii=False) + "\n"
    if fmt != "table":
        raise ValueError(f"unknown findings format {fmt!r}")
    summary = ", ".join(f"{n} {severity}{'s' if n != 1 and severity != 'info' else ''}" for severity, n in counts(findings).items())
    if not findings:
        return f"no findings ({summary})\n"
    rows = [(f.severity, f.check, f.where, f.term, f.message) for f in findings]
    table = render(table_of(["severity", "check", "where", "term", "message"], rows), "table")
    return table.rsplit("(", 1)[0] + summary + "\n"
