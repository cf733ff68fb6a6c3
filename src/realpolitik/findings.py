"""What a check or a reasoner reports: one Finding type for every problem realpolitik finds.

An inconsistency that OWL 2 RL reasoning finds is a Finding with check ``inconsistency``,
the rule that fired (``cax-dw``) and the triples involved; a validation check's finding
names the term concerned and where it is (file:line:column).

    >>> finding = Finding("error", "missing-label", "add an rdfs:label", "rp:State", Location("ontology/realpolitik.ttl", 12))
    >>> str(finding)
    'ontology/realpolitik.ttl:12: error [missing-label] rp:State: add an rdfs:label'
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pyoxigraph as ox

SEVERITIES = ("info", "warning", "error")
_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
INCONSISTENCY = "inconsistency"


def severity_rank(severity: str) -> int:
    """0 for info, 1 for warning, 2 for error; raises ValueError for anything else."""
    try:
        return _RANK[severity]
    except KeyError:
        raise ValueError(f"unknown severity {severity!r}; choose one of: {', '.join(SEVERITIES)}") from None


class Location(NamedTuple):
    """A place in a file, as the user should see it (path relative to the working folder when inside it)."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


class _FindingFields(NamedTuple):
    severity: str
    check: str
    message: str
    term: str = ""
    location: Location | None = None
    rule: str = ""
    triples: tuple[ox.Triple, ...] = ()


class Finding(_FindingFields):
    """One problem found.

    ``severity`` is one of SEVERITIES (anything else raises ValueError), ``check`` the
    check's id (``quote-not-in-source``, ``shacl``, ``inconsistency`` …), ``term`` the term
    concerned in prefixed form, ``message`` says what is wrong and what to do; an
    inconsistency also names its OWL 2 RL ``rule`` and the ``triples`` involved.
    """

    __slots__ = ()

    def __new__(cls, severity: str, check: str, message: str, term: str = "", location: Location | None = None,
                rule: str = "", triples: tuple[ox.Triple, ...] = ()) -> Finding:
        severity_rank(severity)
        return super().__new__(cls, severity, check, message, term, location, rule, triples)

    @classmethod
    def inconsistency(cls, rule: str, message: str, triples: tuple[ox.Triple, ...] = ()) -> Finding:
        """What reasoning reports when a rule whose head is ``false`` fires."""
        return cls("error", INCONSISTENCY, message, rule=rule, triples=triples)

    @property
    def where(self) -> str:
        return str(self.location) if self.location else ""

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain JSON-ready values (terms of triples in N-Triples syntax)."""
        location = self.location
        result: dict[str, Any] = {
            "severity": self.severity,
            "check": self.check,
            "term": self.term,
            "file": location.file if location else None,
            "line": location.line if location else None,
            "column": location.column if location else None,
            "message": self.message,
        }
        if self.rule:
            result["rule"] = self.rule
            result["triples"] = [str(triple) for triple in self.triples]
        return result

    @classmethod
    def from_dict(cls, item: dict[str, Any]) -> Finding:
        """The finding ``to_dict`` wrote."""
        location = Location(item["file"], item.get("line"), item.get("column")) if item.get("file") else None
        triples = tuple(
            quad.triple
            for line in item.get("triples", ())
            for quad in ox.parse(line.encode() + b" .\n", format=ox.RdfFormat.N_TRIPLES)
        )
        return cls(item["severity"], item["check"], item["message"], item.get("term", ""), location, item.get("rule", ""), triples)

    def __str__(self) -> str:
        where = f"{self.where}: " if self.location else ""
        term = f" {self.term}:" if self.term else ""
        return f"{where}{self.severity} [{self.check}]{term} {self.message}"


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Most severe first, then by file, line and check, so that output is stable."""
    return sorted(
        findings,
        key=lambda f: (-severity_rank(f.severity), f.location.file if f.location else "~", (f.location.line or 0) if f.location else 0, f.check, f.term, f.message),
    )


def exit_status(findings: list[Finding], fail_on: str = "error") -> int:
    """1 when a finding is at least as severe as ``fail_on``, else 0; raises ValueError for an unknown severity."""
    threshold = severity_rank(fail_on)
    return 1 if any(severity_rank(f.severity) >= threshold for f in findings) else 0


def inconsistency_report(findings: list[Finding]) -> str:
    """Each inconsistency with its rule and offending triples, as the command line prints them."""
    from .rdf.terms import write_term

    lines = []
    for finding in findings:
        lines.append(f"realpolitik: inconsistency [{finding.rule or finding.check}]: {finding.message}")
        lines.extend("    " + " ".join(write_term(term) for term in (t.subject, t.predicate, t.object)) for t in finding.triples)
    return "\n".join(lines)


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity, most severe first."""
    return {severity: sum(1 for f in findings if f.severity == severity) for severity in reversed(SEVERITIES)}


def render_findings(findings: list[Finding], fmt: str = "table") -> str:
    """The findings as ``table`` (one row each, then a summary line) or ``json`` ({"findings": […], "counts": {…}})."""
    if fmt == "json":
        import json

        return json.dumps({"findings": [f.to_dict() for f in findings], "counts": counts(findings)}, indent=2, ensure_ascii=False) + "\n"
    if fmt != "table":
        raise ValueError(f"unknown findings format {fmt!r}")
    from .rdf.tables import render, table_of

    summary = ", ".join(f"{n} {severity}{'s' if n != 1 and severity != 'info' else ''}" for severity, n in counts(findings).items())
    if not findings:
        return f"no findings ({summary})\n"
    rows = [(f.severity, f.check, f.where, f.term, f.message) for f in findings]
    table = render(table_of(["severity", "check", "where", "term", "message"], rows), "table")
    return table.rsplit("(", 1)[0] + summary + "\n"
