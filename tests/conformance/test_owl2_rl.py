"""The W3C OWL 2 test cases for profile RL under the RDF-Based semantics.

One pytest case per test (67).  Tests whose conclusion the OWL 2 RL/RDF rules
cannot derive are expected failures with the reason; the OWL 2 Profiles
completeness theorem (PR1) only covers conclusions that are assertions.
"""

from __future__ import annotations

import pytest

from realpolitik.reasoning import materialise

from helpers import graph_entailed, load_conformance_cases, parse_ntriples

_DIFFERENT = ("the conclusion is owl:differentFrom, which no OWL 2 RL/RDF rule derives "
              "(eq-diff* only use it to find inconsistencies; PR1 does not cover it)")
_ALL_DIFFERENT = ("the conclusion is an owl:AllDifferent axiom; no OWL 2 RL/RDF rule derives "
                  "owl:differentFrom or AllDifferent (outside PR1)")
_COMPLEMENT = ("the conclusion is a class assertion of an anonymous owl:complementOf class; "
               "PR1 covers assertions of named classes only and no rule derives it")
_DATATYPE_RANGE = ("the conclusion is an rdfs:range axiom that follows from the value spaces "
                   "of the range datatypes; no OWL 2 RL/RDF rule reasons over datatype "
                   "hierarchies in the schema (outside PR1)")

# test id -> why the OWL 2 RL/RDF rules cannot pass it
EXPECTED_FAILURES: dict[str, str] = {
    "WebOnt-differentFrom-001": _DIFFERENT,
    "New-Feature-DisjointObjectProperties-001": _DIFFERENT,
    "owl2-rl-rules-fp-differentFrom": _DIFFERENT,
    "owl2-rl-rules-ifp-differentFrom": _DIFFERENT,
    "New-Feature-DisjointDataProperties-002": _ALL_DIFFERENT,
    "New-Feature-DisjointObjectProperties-002": _ALL_DIFFERENT,
    "DisjointClasses-001": _COMPLEMENT,
    "DisjointClasses-003": _COMPLEMENT,
    "New-Feature-ObjectQCR-002": _COMPLEMENT,
    "WebOnt-I5.8-006": _DATATYPE_RANGE,
    "WebOnt-I5.8-008": _DATATYPE_RANGE,
    "WebOnt-I5.8-009": _DATATYPE_RANGE,
    "New-Feature-ReflexiveProperty-001": ("owl:ReflexiveProperty is not part of OWL 2 RL; "
                                          "there is no rule for it"),
    "chain2trans1": ("the conclusion is the schema axiom p rdf:type owl:TransitiveProperty; "
                     "rules derive no property characteristics (outside PR1)"),
    "WebOnt-I5.5-005": ("the conclusion needs OWL Full comprehension (a unionOf class that "
                        "exists for any class); no OWL 2 RL/RDF rule creates class expressions"),
    "WebOnt-imports-011": ("the conclusion needs the ontology named by owl:imports, which is "
                           "not part of the test data; the rules do not follow imports"),
}

CASES = load_conformance_cases()


def _param(case: dict):
    reason = EXPECTED_FAILURES.get(case["id"])
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_owl2_rl_rdf_based(case: dict) -> None:
    closure = materialise(parse_ntriples(case["premise"]), progress=False)
    kinds = case["kinds"]
    if "ConsistencyTest" in kinds:
        assert closure.findings == [], closure.findings
    if "InconsistencyTest" in kinds:
        assert closure.findings, "no inconsistency found"
    for kind, key, expected in (("PositiveEntailmentTest", "conclusion", True),
                                ("NegativeEntailmentTest", "nonconclusion", False)):
        if kind in kinds:
            entailed = graph_entailed(parse_ntriples(case[key]), closure.triples(), closure.entails)
            assert entailed is expected, f"{key} entailed: {entailed}"


def test_suite_is_the_rl_rdf_based_selection() -> None:
    assert len(CASES) == 67
    assert set(EXPECTED_FAILURES) <= {c["id"] for c in CASES}
