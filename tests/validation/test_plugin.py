"""The pytest plugin: users' competency questions and must-be-inconsistent graphs become test items."""

from __future__ import annotations

import pytest

from helpers import CLEAN

PASSING = """#+ summary: The seller of Turkey's S-400
#+ question: Who sold the S-400 to Turkey?
#+ needs_reasoning: false
#+ expected:
#+   - {seller: rpd:Russia}
PREFIX rp:  <https://w3id.org/realpolitik/ontology#>
PREFIX rpd: <https://w3id.org/realpolitik/id/>
SELECT ?seller WHERE { ?purchase rp:buyer rpd:Turkey ; rp:seller ?seller }
"""

FAILING = PASSING.replace("{seller: rpd:Russia}", "{seller: rpd:Turkey}")

NEEDS_REASONING = """#+ summary: NATO member states
#+ question: Which states are NATO members?
#+ needs_reasoning: true
#+ expected:
#+   - {state: rpd:Turkey}
PREFIX rp: <https://w3id.org/realpolitik/ontology#>
SELECT ?state WHERE { ?state a rp:NatoMemberState }
"""

INCONSISTENT = """@prefix rp:  <https://w3id.org/realpolitik/ontology#> .
@prefix rpd: <https://w3id.org/realpolitik/id/> .
rpd:Turkey a rp:Alliance .
"""

CONSISTENT = INCONSISTENT.replace("rpd:Turkey a rp:Alliance", "rpd:Turkey a rp:Actor")


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(f"[pytest]\nrealpolitik_kg = {CLEAN}\n")
    return pytester


def test_questions_and_graphs_are_collected_and_run(project: pytest.Pytester):
    project.makefile(".rq", cq_who_sold=PASSING, test_nato=NEEDS_REASONING, ignored_not_a_test=FAILING)
    project.makefile(".ttl", inconsistent_turkey_is_an_alliance=INCONSISTENT)
    result = project.runpytest("-v")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*cq_who_sold.rq::cq_who_sold PASSED*", "*inconsistent_turkey_is_an_alliance.ttl::* PASSED*"])


def test_failures_show_expected_and_got_rows_with_labels(project: pytest.Pytester):
    project.makefile(".rq", cq_wrong=FAILING)
    project.makefile(".ttl", inconsistent_not_really=CONSISTENT)
    result = project.runpytest()
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines([
        "*cq_wrong.rq: Who sold the S-400 to Turkey?",
        "*with reasoning, the answer differs from the expected one",
        "*expected (1 row):",
        "*{seller: rpd:Turkey (Turkey)}",
        "*got with reasoning (1 row):",
        "*{seller: rpd:Russia (Russia)}",
    ])
    result.stdout.fnmatch_lines(["*inconsistent_not_really.ttl: expected at least one inconsistency*found none"])
    assert "Traceback" not in result.stdout.str()


def test_configured_folder_collects_every_question(project: pytest.Pytester):
    project.makeini(f"[pytest]\nrealpolitik_kg = {CLEAN}\nrealpolitik_queries = questions\n")
    folder = project.mkdir("questions")
    (folder / "who-sold.rq").write_text(PASSING)
    (folder / "nato.rq").write_text(NEEDS_REASONING)
    result = project.runpytest("questions")
    result.assert_outcomes(passed=2)


def test_a_bad_header_is_one_line(project: pytest.Pytester):
    project.makefile(".rq", cq_broken=PASSING.replace("#+ expected:\n", "#+ expected: [\n"))
    result = project.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*cq_broken.rq:*: header is not valid YAML*"])
    assert "Traceback" not in result.stdout.str()
