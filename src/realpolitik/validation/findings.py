"""What a check reports: a finding with a severity, the check that raised it, the term concerned and where it is."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("info", "warning", "error")
_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


def severity_rank(severity: str) -> int:
    """0 for info, 1 for warning, 2 for error; raises ValueError for anything else."""
    try:
        return _RANK[severity]
    except KeyError:
        raise ValueError(f"unknown severity {severity!r}; choose one of: {', '.join(SEVERITIES)}") from None


@dataclass(frozen=True)
class Location:
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


@dataclass(frozen=True)
class Finding:
    """One problem a check found.

    ``check`` is the check's id (``quote-not-in-source``, ``shacl`` …), ``term`` the term or
    triple concerned in prefixed form, and ``message`` says what is wrong and what to do.
    """

    severity: str
    check: str
    message: str
    term: str = ""
    location: Location | None = None

    def __post_init__(self) -> None:
        severity_rank(self.severity)

    @property
    def where(self) -> str:
        return str(self.location) if self.location else ""

    def as_dict(self) -> dict[str, object]:
        """The finding as plain JSON-ready values."""
        location = self.location
        return {
            "severity": self.severity,
            "check": self.check,
            "term": self.term,
            "file": location.file if location else None,
            "line": location.line if location else None,
            "column": location.column if location else None,
            "message": self.message,
        }

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
