"""Report checks written as SPARQL: each ``.rq`` file returns the offending terms, as ROBOT's report queries do.

A check file starts with a ``#+`` header of YAML lines:

    #+ id: missing-label
    #+ severity: error
    #+ message: "{term} has no rdfs:label: add one in English"
    #+ reasoning: false

The query is a SELECT with a ``?term`` variable (the term concerned, used to find its
file and line); ``{variable}`` in the message is replaced by that variable's value in
each row. It runs over the union of the ontology, facts and evidence graphs (and the
inferred graph when ``reasoning: true``). The package's checks are in
``realpolitik/validation/checks/``; ``--checks DIR`` adds a folder of your own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, did_you_mean, display_path
from ..files import read_text
from ..findings import SEVERITIES, Finding
from ..rdf.sparql import read_header
from ..rdf.terms import show_term
from ..stores import Store
from .inputs import Inputs

BUILTIN_CHECKS = Path(__file__).resolve().parent / "checks"
_KEYS = {"id", "severity", "message", "reasoning", "description"}


@dataclass(frozen=True)
class SparqlCheck:
    """One report check: its id, severity, message template and query."""

    id: str
    severity: str
    message: str
    text: str
    path: Path
    reasoning: bool = False


def read_check(path: Path) -> SparqlCheck:
    """Read one check file; raises InputError naming ``file:line`` when its header is wrong."""
    where = display_path(path)
    text = read_text(path)
    header = read_header(text, where)
    header.check_keys(_KEYS, ("id", "severity", "message"))
    severity = str(header.values["severity"])
    if severity not in SEVERITIES:
        hint = did_you_mean(severity, SEVERITIES)
        raise header.error("severity", f"severity must be one of {', '.join(SEVERITIES)}, not {severity!r}{hint}")
    if not re.search(r"\?term\b", text):
        raise InputError(f"{where}:1: the query must select ?term, the term each finding is about")
    values = header.values
    return SparqlCheck(str(values["id"]), severity, str(values["message"]), text, path, bool(values.get("reasoning", False)))


def load_checks(folders: list[Path] | None = None) -> list[SparqlCheck]:
    """The built-in checks followed by those in ``folders``; raises InputError for a missing folder or bad file."""
    checks: list[SparqlCheck] = []
    for folder in [BUILTIN_CHECKS] + list(folders or []):
        if not folder.is_dir():
            raise InputError(f"{folder}: no such folder of checks")
        checks.extend(read_check(path) for path in sorted(folder.glob("*.rq")))
    return checks


def run_check(check: SparqlCheck, store: Store, inputs: Inputs) -> list[Finding]:
    """The findings of one check: one per distinct row."""
    results = store.query(check.text, reasoning=check.reasoning, source=display_path(check.path))
    if results.boolean is not None or results.triples is not None:
        raise InputError(f"{display_path(check.path)}:1: a check must be a SELECT query")
    findings, seen = [], set()
    for result in results:
        row = {name: result[name] for name in results.variables}
        values = {name: show_term(term) for name, term in row.items()}
        message = _fill(check.message, values)
        term = row.get("term")
        key = (values.get("term"), message)
        if key in seen:
            continue
        seen.add(key)
        where = inputs.locate(term.value, "ontology") if isinstance(term, ox.NamedNode) else None
        findings.append(Finding(check.severity, check.id, message, values.get("term", ""), where))
    return findings


def _fill(template: str, values: dict[str, str]) -> str:
    """The message with each ``{variable}`` replaced by the row's value for it."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)) or "", template)
