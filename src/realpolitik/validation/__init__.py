"""Quality gates for a knowledge graph: one ``validate`` that catches what a reviewer catches.

    >>> from realpolitik.kg import Layout
    >>> from realpolitik.findings import exit_status
    >>> findings = validate(Layout.at())
    >>> exit_status(findings, fail_on="error")
    0

Each check lives in its own module and returns ``findings.Finding``s (severity, check
id, term, file:line, message):

    shapes            SHACL shapes (ontology/shapes.ttl), asserted and with reasoning
    consistency       OWL 2 RL inconsistencies found by reasoning
    evidence          quotes, evidence records and the default graphs of data/
    declarations      undeclared and unused classes and properties, unknown entities
    sparql_checks     report checks written as SPARQL (checks/*.rq here, --checks DIR)
    owl2_rl_profile   the ontology's axioms against OWL 2 RL's syntactic restrictions

``inputs`` parses the files once for all of them; ``locate`` finds a term's line;
``findings.render_findings`` writes the findings out.
"""

from __future__ import annotations

from pathlib import Path

from ..findings import Finding, sort_findings
from ..kg import Layout
from ..stores import Store
from .consistency import check_consistency
from .declarations import check_vocabulary
from .evidence import check_evidence
from .inputs import Inputs
from .owl2_rl_profile import owl2_rl_violations
from .shapes import check_shapes
from .sparql_checks import load_checks, run_check

__all__ = ["validate"]


def validate(
    layout: Layout | None = None,
    *,
    engine: str | None = None,
    use_cache: bool = True,
    checks: list[Path] | None = None,
    store: Store | None = None,
) -> list[Finding]:
    """Run every check over a knowledge graph; return the findings, most severe first.

    ``checks`` adds folders of SPARQL report checks to the built-in ones; ``store``
    reuses the reasoned graph already opened (else it is opened from the cache). Raises InputError (``file:line[:column]: …``) for
    input that cannot be read: a file that does not parse, a malformed shapes file, a
    stored question or check whose header cannot be read.
    """
    layout = layout or Layout.at()
    inputs = Inputs(layout, engine=engine, use_cache=use_cache, store=store)
    # Read every user-written input first, so that bad input fails before any slow work.
    inputs.read_user_files()
    report_checks = load_checks(checks)

    findings = owl2_rl_violations(layout)
    findings += check_vocabulary(inputs)
    findings += check_evidence(inputs)
    findings += check_consistency(inputs)
    findings += check_shapes(inputs)
    for check in report_checks:
        findings += run_check(check, inputs.store, inputs)
    return sort_findings(findings)
