"""The W3C OWL 2 RL / RDF-Based test cases, run by the engine and by owlrl.

    python bench/conformance.py [-v]

Prints passed / expected-to-fail / failed for each reasoner in one run, over
the 67 cases vendored in ``tests/conformance/`` (the pytest suite runs the
engine only).  A case passes under the rules of ``tests/conformance/
conformance.py``; "expected to fail" are the cases listed with a reason in
``tests/conformance/test_owl2_rl.py`` (conclusions outside what the OWL 2
RL/RDF rules derive).  owlrl gets the premise as an rdflib Graph (its own
reading path), runs ``DeductiveClosure(OWLRL_Semantics).expand`` and counts
as inconsistent when it writes an error triple.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "tests" / "conformance")]

from helpers import graph_entailed, load_conformance_cases, parse_ntriples  # noqa: E402
from test_owl2_rl import EXPECTED_FAILURES  # noqa: E402

_ERROR = "http://www.daml.org/2002/03/agents/agent-ont#error"


def engine_outcome(case: dict) -> tuple[bool, str]:
    from realpolitik.reasoning import materialise

    closure = materialise(parse_ntriples(case["premise"]), progress=False)
    return _judge(case, bool(closure.findings),
                  lambda pattern: graph_entailed(pattern, closure.triples(), closure.entails))


def owlrl_outcome(case: dict) -> tuple[bool, str]:
    import owlrl
    import rdflib

    from realpolitik.rdf.terms import from_rdflib

    graph = rdflib.Graph().parse(data=case["premise"], format="nt")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    inconsistent = any(str(p) == _ERROR for _, p, _ in graph)
    closure = {tuple(from_rdflib(t) for t in triple) for triple in graph}
    return _judge(case, inconsistent,
                  lambda pattern: graph_entailed(pattern, closure, closure.__contains__))


def _judge(case: dict, inconsistent: bool, entailed) -> tuple[bool, str]:
    kinds = case["kinds"]
    if "ConsistencyTest" in kinds and inconsistent:
        return False, "inconsistency reported"
    if "InconsistencyTest" in kinds and not inconsistent:
        return False, "no inconsistency found"
    if "PositiveEntailmentTest" in kinds and not entailed(parse_ntriples(case["conclusion"])):
        return False, "conclusion not entailed"
    if "NegativeEntailmentTest" in kinds and entailed(parse_ntriples(case["nonconclusion"])):
        return False, "non-conclusion entailed"
    return True, ""


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every non-passing case")
    args = ap.parse_args(argv)
    cases = load_conformance_cases()
    print(f"{len(cases)} OWL 2 RL / RDF-Based test cases; "
          f"{len(EXPECTED_FAILURES)} expected to fail under the OWL 2 RL/RDF rules")
    print(f"{'reasoner':>9} {'passed':>7} {'exp.fail':>8} {'failed':>7} {'passed(exp.fail)':>16} "
          f"{'seconds':>8}")
    for name, run in (("engine", engine_outcome), ("owlrl", owlrl_outcome)):
        passed = expected = failed = surprise = 0
        notes = []
        t0 = time.perf_counter()
        for case in cases:
            try:
                ok, why = run(case)
            except Exception as error:  # a crash counts as a failure
                ok, why = False, f"error: {error!r}"[:120]
            known = case["id"] in EXPECTED_FAILURES
            if ok:
                passed += 1
                surprise += known
            elif known:
                expected += 1
            else:
                failed += 1
            if not ok:
                notes.append(f"  {name} {case['id']}: {why}{' (expected)' if known else ''}")
        took = time.perf_counter() - t0
        print(f"{name:>9} {passed:>7} {expected:>8} {failed:>7} {surprise:>16} {took:>8.1f}")
        if args.verbose:
            print("\n".join(notes))


if __name__ == "__main__":
    main()
