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
``realpolitik/checks/``; ``--checks DIR`` adds a folder of your own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import yaml

from ..answers import sparql_syntax_error
from ..dataset import Dataset
from ..errors import InputError
from ..kg import display_path, suggest
from ..terms import show_term
from ..vocabulary import PREFIXES
from .findings import SEVERITIES, Finding
from .inputs import Inputs

BUILTIN_CHECKS = Path(__file__).resolve().parent.parent / "checks"
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
    text = path.read_text(encoding="utf-8")
    where = display_path(path)
    header_lines = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        header_lines.append(line[3:] if line.startswith("#+ ") else line[2:])
    try:
        header = yaml.safe_load("\n".join(header_lines)) if header_lines else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(f"{where}:{mark.line + 1 if mark else 1}: check header is not valid YAML: {getattr(error, 'problem', None) or error}") from None
    if not isinstance(header, dict):
        raise InputError(f"{where}:1: a check starts with '#+ id:', '#+ severity:' and '#+ message:' lines")

    def line_of(key: str) -> int:
        return next((i + 1 for i, h in enumerate(header_lines) if re.match(rf"\s*{re.escape(key)}\s*:", h)), 1)

    for key in header:
        if key not in _KEYS:
            raise InputError(f"{where}:{line_of(str(key))}: unknown header key {key!r}{suggest(str(key), _KEYS)}")
    for key in ("id", "severity", "message"):
        if not header.get(key):
            raise InputError(f"{where}:1: check header has no '{key}:' line")
    severity = str(header["severity"])
    if severity not in SEVERITIES:
        raise InputError(f"{where}:{line_of('severity')}: severity must be one of {', '.join(SEVERITIES)}, not {severity!r}{suggest(severity, SEVERITIES)}")
    if not re.search(r"\?term\b", text):
        raise InputError(f"{where}:1: the query must select ?term, the term each finding is about")
    return SparqlCheck(str(header["id"]), severity, str(header["message"]), text, path, bool(header.get("reasoning", False)))


def load_checks(folders: list[Path] | None = None) -> list[SparqlCheck]:
    """The built-in checks followed by those in ``folders``; raises InputError for a missing folder or bad file."""
    checks = []
    for folder in [BUILTIN_CHECKS] + list(folders or []):
        if not folder.is_dir():
            raise InputError(f"{folder}: no such folder of checks")
        checks.extend(read_check(path) for path in sorted(folder.glob("*.rq")))
    return checks


def run_check(check: SparqlCheck, dataset: Dataset, inputs: Inputs) -> list[Finding]:
    """The findings of one check: one per distinct row."""
    try:
        solutions = dataset.store.query(check.text, default_graph=dataset.default_graphs(check.reasoning), prefixes=PREFIXES)
    except SyntaxError as error:
        raise sparql_syntax_error(display_path(check.path), error) from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise InputError(f"{display_path(check.path)}:1: a check must be a SELECT query")
    variables = [v.value for v in solutions.variables]
    findings, seen = [], set()
    for solution in solutions:
        row = {name: solution[name] for name in variables}
        values = {name: show_term(term) for name, term in row.items()}
        message = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)) or "", check.message)
        term = row.get("term")
        key = (values.get("term"), message)
        if key in seen:
            continue
        seen.add(key)
        where = inputs.locate(term.value, "ontology") if isinstance(term, ox.NamedNode) else None
        findings.append(Finding(check.severity, check.id, message, values.get("term", ""), where))
    return findings
