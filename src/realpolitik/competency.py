"""Competency questions as tests: every stored question against the expected answers in its header.

A question passes when, with reasoning, it returns exactly the expected rows (compared on
the variables the rows name) and, without reasoning, it returns the same rows if its
header says ``needs_reasoning: false`` and something different if it says ``true``
(otherwise reasoning is not what makes it answerable, and the header is wrong).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from .answers import Answer, Term, compare_expected, run_stored
from .dataset import Dataset
from .errors import InputError
from .kg import display_path
from .queries import StoredQuery
from .terms import show_term, write_term
from .vocabulary import RDFS, RPD


@dataclass
class QuestionResult:
    """How one stored question fared: its answers with and without reasoning, and what went wrong."""

    query: StoredQuery
    with_reasoning: Answer
    without_reasoning: Answer
    missing: list[dict[str, Term]] = field(default_factory=list)
    unexpected: list[dict[str, Term]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def status(self) -> str:
        return "pass" if self.passed else "FAIL"


def check_question(dataset: Dataset, query: StoredQuery) -> QuestionResult:
    """Run ``query`` with and without reasoning and compare with its expected answers.

    Raises InputError when the query has no expected answers, or when they name an
    entity the graph does not describe (``file:line``, with "did you mean").
    """
    if query.expected is None:
        raise InputError(f"{display_path(query.path)}:1: no '#+ expected:' answers to check against")
    check_expected_entities(dataset, query)
    with_reasoning = run_stored(dataset, query, reasoning=True)
    without_reasoning = run_stored(dataset, query, reasoning=False)
    missing, unexpected = compare_expected(query, with_reasoning)
    result = QuestionResult(query, with_reasoning, without_reasoning, missing, unexpected)
    if missing or unexpected:
        result.problems.append("with reasoning, the answer differs from the expected one")
    if query.needs_reasoning:
        plain_missing, plain_unexpected = compare_expected(query, without_reasoning)
        if not plain_missing and not plain_unexpected:
            result.problems.append("needs_reasoning is true, but the asserted facts alone give the expected answer: set it to false")
    elif _projected(query, with_reasoning) != _projected(query, without_reasoning):
        result.problems.append("needs_reasoning is false, but reasoning changes the answer: set it to true, or state the facts it infers")
    return result


def _projected(query: StoredQuery, answer: Answer) -> set[tuple]:
    """The answer's rows on the variables the expected rows name, as a set."""
    variables = sorted({v for row in query.expected or () for v in row})
    return {tuple((v, row.get(v)) for v in variables) for row in answer.records()}


def check_questions(dataset: Dataset, queries: list[StoredQuery]) -> list[QuestionResult]:
    """The results of every query that has expected answers, in the order given."""
    return [check_question(dataset, query) for query in queries if query.expected is not None]


def check_expected_entities(dataset: Dataset, query: StoredQuery) -> None:
    """Raise InputError (``file:line``) when an expected row names an entity (rpd:…) the graph does not describe."""
    known: set[str] | None = None
    for row in query.expected or ():
        for term in row.values():
            if not (isinstance(term, ox.NamedNode) and term.value.startswith(RPD)):
                continue
            if any(True for _ in dataset.store.quads_for_pattern(term, None, None)) or any(True for _ in dataset.store.quads_for_pattern(None, None, term)):
                continue
            if known is None:
                known = {q.subject.value[len(RPD):] for q in dataset.store.quads_for_pattern(None, None, None) if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(RPD)}
            local = term.value[len(RPD):]
            close = difflib.get_close_matches(local, sorted(known), n=1)
            hint = f" (did you mean rpd:{close[0]}?)" if close else ""
            line = _header_line(query, show_term(term))
            raise InputError(f"{display_path(query.path)}:{line}: expected answer names an unknown entity {show_term(term)}{hint}")


def _header_line(query: StoredQuery, text: str) -> int:
    for number, line in enumerate(query.text.splitlines(), start=1):
        if not line.startswith("#+"):
            break
        if re.search(re.escape(text) + r"(?![\w-])", line):
            return number
    return 1


def labelled(dataset: Dataset, term: Term | None) -> str:
    """``rpd:Turkey (Turkey)``: the term as a query header writes it, with its English label if it has one."""
    if term is None:
        return "(unbound)"
    text = write_term(term)
    if isinstance(term, ox.NamedNode):
        labels = [q.object for q in dataset.store.quads_for_pattern(term, ox.NamedNode(RDFS + "label"), None) if isinstance(q.object, ox.Literal)]
        english = [label for label in labels if label.language == "en"] or labels
        if english:
            text += f" ({english[0].value})"
    return text


def describe_row(dataset: Dataset, row: dict[str, Term]) -> str:
    """``{actor: rpd:Turkey (Turkey)}``"""
    return "{" + ", ".join(f"{name}: {labelled(dataset, value)}" for name, value in sorted(row.items())) + "}"


def explain(dataset: Dataset, result: QuestionResult) -> str:
    """A readable account of a failed question: expected and got rows, with labels."""
    query = result.query
    lines = [f"{display_path(query.path)}: {query.question}"]
    lines += [f"  - {problem}" for problem in result.problems]
    lines.append(f"  expected ({_rows(len(query.expected or ()))}):")
    lines += [f"    {describe_row(dataset, row)}" for row in query.expected or ()]
    for title, answer in (("with reasoning", result.with_reasoning), ("without reasoning", result.without_reasoning)):
        got = sorted(_projected(query, answer), key=str)
        lines.append(f"  got {title} ({_rows(len(got))}):")
        lines += [f"    {describe_row(dataset, {k: v for k, v in row if v is not None})}" for row in got]
    if result.missing:
        lines.append("  missing with reasoning: " + "; ".join(describe_row(dataset, row) for row in result.missing))
    if result.unexpected:
        lines.append("  unexpected with reasoning: " + "; ".join(describe_row(dataset, row) for row in result.unexpected))
    return "\n".join(lines)


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


def results_table(results: list[QuestionResult]) -> Answer:
    """The results as rows (question, expected, got with/without reasoning, needs reasoning, result, why) for ``formats.render``."""
    rows = []
    for result in results:
        expected = len(result.query.expected or ())
        cells = (
            result.query.name,
            str(expected),
            str(len(result.with_reasoning.rows)),
            str(len(result.without_reasoning.rows)),
            "yes" if result.query.needs_reasoning else "no",
            result.status,
            "; ".join(result.problems),
        )
        rows.append(tuple(ox.Literal(cell) for cell in cells))
    return Answer(["question", "expected", "got", "got without reasoning", "needs reasoning", "result", "why"], rows)
