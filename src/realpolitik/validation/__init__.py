"""Quality gates for a knowledge graph: one ``validate`` that catches what a reviewer catches.

    >>> from realpolitik.kg import Layout
    >>> from realpolitik.validation import validate, exit_status
    >>> findings = validate(Layout.at())
    >>> exit_status(findings, fail_on="error")
    0

Each check lives in its own module and returns ``Finding``s (severity, check id, term,
file:line, message):

    shapes          SHACL shapes (ontology/shapes.ttl), asserted and with reasoning
    consistency     OWL 2 RL inconsistencies found by reasoning
    evidence        quotes, evidence records and the default graphs of data/
    declarations    undeclared and unused classes and properties
    sparql_checks   report checks written as SPARQL (realpolitik/checks/*.rq, --checks DIR)
    ..profile       the ontology's axioms against OWL 2 RL's syntactic restrictions
"""

from __future__ import annotations

from pathlib import Path

from ..dataset import Dataset
from ..inference import DEFAULT_ENGINE
from ..kg import Layout
from .findings import SEVERITIES, Finding, Location, exit_status, severity_rank, sort_findings
from .inputs import Inputs

__all__ = ["Finding", "Location", "SEVERITIES", "validate", "exit_status", "severity_rank", "CHECK_FAMILIES"]

CHECK_FAMILIES = ("shacl", "consistency", "evidence", "vocabulary", "report", "profile")


def validate(
    layout: Layout | None = None,
    *,
    engine: str = DEFAULT_ENGINE,
    use_cache: bool = True,
    checks: list[Path] | None = None,
    dataset: Dataset | None = None,
    families: tuple[str, ...] = CHECK_FAMILIES,
) -> list[Finding]:
    """Run the checks of ``families`` over a knowledge graph; return the findings, most severe first.

    ``checks`` adds folders of SPARQL report checks to the built-in ones; ``dataset``
    reuses a dataset already opened. Raises InputError (``file:line[:column]: …``) for
    input that cannot be read: a file that does not parse, a malformed shapes file, a
    stored question or check whose header cannot be read.
    """
    from ..profile import owl2_rl_violations
    from .consistency import check_consistency
    from .declarations import check_vocabulary
    from .evidence import check_evidence
    from .shapes import check_shapes
    from .sparql_checks import load_checks, run_check

    layout = layout or Layout.at()
    inputs = Inputs(layout, engine=engine, use_cache=use_cache, dataset=dataset)
    # Read every user-written input first, so that bad input fails before any slow work.
    inputs.read_user_files()
    report_checks = load_checks(checks) if "report" in families else []

    findings: list[Finding] = []
    if "profile" in families:
        findings += owl2_rl_violations(layout)
    if "vocabulary" in families:
        findings += check_vocabulary(inputs)
    if "evidence" in families:
        findings += check_evidence(inputs)
    if "consistency" in families:
        findings += check_consistency(inputs)
    if "shacl" in families:
        findings += check_shapes(inputs)
    for check in report_checks:
        findings += run_check(check, inputs.dataset, inputs)
    return sort_findings(findings)
