"""Writing findings out: a text table with a count of each severity, or JSON."""

from __future__ import annotations

import json

import pyoxigraph as ox

from ..answers import Answer
from ..formats import render
from .findings import SEVERITIES, Finding


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity, most severe first."""
    return {severity: sum(1 for f in findings if f.severity == severity) for severity in reversed(SEVERITIES)}


def render_findings(findings: list[Finding], fmt: str = "table") -> str:
    """The findings as ``table`` (one row each, then a summary line) or ``json`` ({"findings": […], "counts": {…}})."""
    if fmt == "json":
        return json.dumps({"findings": [f.as_dict() for f in findings], "counts": counts(findings)}, indent=2, ensure_ascii=False) + "\n"
    if fmt != "table":
        raise ValueError(f"unknown findings format {fmt!r}")
    summary = ", ".join(f"{n} {severity}{'s' if n != 1 and severity != 'info' else ''}" for severity, n in counts(findings).items())
    if not findings:
        return f"no findings ({summary})\n"
    rows = [tuple(ox.Literal(cell) for cell in (f.severity, f.check, f.where, f.term, f.message)) for f in findings]
    table = render(Answer(["severity", "check", "where", "term", "message"], rows), "table")
    return table.rsplit("(", 1)[0] + summary + "\n"
