"""Competency questions as tests: every stored question against the expected answers in its header.

A question passes when, with reasoning, it returns exactly the expected rows (compared on
the variables the rows name) and, without reasoning, it returns the same rows if its
header says ``needs_reasoning: false`` and something different if it says ``true``
(otherwise reasoning is not what makes it answerable, and the header is wrong).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import InputError, did_you_mean, display_path
from ..rdf.namespaces import RPD
from ..rdf.results import Results
from ..rdf.tables import count_rows, table_of
from ..rdf.terms import Term, show_term, write_term
from ..stores import Store, labels_of, unknown_entity
from ..stores.perspectives import SOURCE_PREFIX, Perspective, named_perspectives
from .ask import ask, compare_expected, projected
from .catalogue import StoredQuestion


@dataclass
class QuestionResult:
    """How one stored question fared: its answers with and without reasoning, and what went wrong."""

    query: StoredQuestion
    with_reasoning: Results
    without_reasoning: Results
    missing: list[dict[str, Term]] = field(default_factory=list)
    unexpected: list[dict[str, Term]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    account: str = ""
    """For a failed question: what was expected and what came, with labels (see ``explain``)."""

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def status(self) -> str:
        return "pass" if self.passed else "FAIL"


class CheckResults(list[QuestionResult]):
    """The results of checking stored questions, in order: a list, that can say whether all
    passed and show itself as a table."""

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self)

    def table(self) -> Results:
        """The results as rows (question, expected, got with/without reasoning, needs reasoning, result, why) for ``rdf.tables.render``."""
        rows = []
        for result in self:
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
            rows.append(cells)
        return table_of(["question", "expected", "got", "got without reasoning", "needs reasoning", "result", "why"], rows)


def check_question(store: Store, query: StoredQuestion) -> QuestionResult:
    """Run ``query`` with and without reasoning and compare with its expected answers.

    Raises InputError when the query has no expected answers, or when they name an
    entity the graph does not describe (``file:line``, with "did you mean").
    """
    if query.expected is None:
        raise InputError(f"{display_path(query.path)}:1: no '#+ expected:' answers to check against")
    check_expected_entities(store, query)
    with_reasoning = ask(store, query, reasoning=True)
    without_reasoning = ask(store, query, reasoning=False)
    missing, unexpected = compare_expected(query, with_reasoning)
    result = QuestionResult(query, with_reasoning, without_reasoning, missing, unexpected)
    if missing or unexpected:
        result.problems.append("with reasoning, the answer differs from the expected one")
    if query.needs_reasoning:
        plain_missing, plain_unexpected = compare_expected(query, without_reasoning)
        if not plain_missing and not plain_unexpected:
            result.problems.append("needs_reasoning is true, but the asserted facts alone give the expected answer: set it to false")
    elif projected(query, with_reasoning) != projected(query, without_reasoning):
        result.problems.append("needs_reasoning is false, but reasoning changes the answer: set it to true, or state the facts it infers")
    if result.problems:
        result.account = explain(store, result)
    return result


def check_questions(store: Store, queries: list[StoredQuestion], store_for: Callable[[StoredQuestion], Store] | None = None) -> CheckResults:
    """The results of every query that has expected answers, in the order given; ``store_for``
    gives the store a question is checked in (see ``source_perspective``), else ``store``."""
    return CheckResults(check_question(store_for(query) if store_for else store, query) for query in queries if query.expected is not None)


def source_perspective(store: Store, query: StoredQuestion) -> Perspective | None:
    """The perspective of the source a question names in its ``source:`` header (None when it names none).

    Raises InputError (``file:line``) when the graph has no such source.
    """
    if query.source is None:
        return None
    offered = named_perspectives(store)
    name = SOURCE_PREFIX + query.source
    if name not in offered:
        sources = [n.removeprefix(SOURCE_PREFIX) for n in offered if n.startswith(SOURCE_PREFIX)]
        raise InputError(f"{display_path(query.path)}:{_header_line(query, 'source:')}: source {query.source!r} is not a source of this graph"
                         f"{did_you_mean(query.source, sources)}; its sources: {', '.join(sources) or 'none'}")
    return offered[name]


def check_expected_entities(store: Store, query: StoredQuestion) -> None:
    """Raise InputError (``file:line``) when an expected row names an entity (rpd:…) the graph does not describe."""
    for row in query.expected or ():
        for term in row.values():
            if not (isinstance(term, ox.NamedNode) and term.value.startswith(RPD)):
                continue
            problem = unknown_entity(store, term)
            if problem:
                line = _header_line(query, show_term(term))
                raise InputError(f"{display_path(query.path)}:{line}: expected answer names an {problem}")


def _header_line(query: StoredQuestion, text: str) -> int:
    for number, line in enumerate(query.text.splitlines(), start=1):
        if not line.startswith("#+"):
            break
        if re.search(re.escape(text) + r"(?![\w-])", line):
            return number
    return 1


def describe_row(labels: dict[Term, str], row: Mapping[str, Term]) -> str:
    """``{actor: rpd:Turkey (Turkey)}``: each term as a header writes it, with its label."""

    def labelled(term: Term) -> str:
        return write_term(term) + (f" ({labels[term]})" if term in labels else "")

    return "{" + ", ".join(f"{name}: {labelled(value)}" for name, value in sorted(row.items())) + "}"


def explain(store: Store, result: QuestionResult) -> str:
    """A readable account of a failed question: expected and got rows, with labels."""
    query = result.query
    terms = {term for rows in (query.expected or (), result.with_reasoning.to_dicts(), result.without_reasoning.to_dicts()) for row in rows for term in row.values()}
    labels = labels_of(store, terms)
    lines = [f"{display_path(query.path)}: {query.question}"]
    lines += [f"  - {problem}" for problem in result.problems]
    lines.append(f"  expected {count_rows(len(query.expected or ()))}:")
    lines += [f"    {describe_row(labels, row)}" for row in query.expected or ()]
    for title, answer in (("with reasoning", result.with_reasoning), ("without reasoning", result.without_reasoning)):
        got = sorted(projected(query, answer), key=str)
        lines.append(f"  got {title} {count_rows(len(got))}:")
        lines += [f"    {describe_row(labels, {k: v for k, v in row if v is not None})}" for row in got]
    if result.missing:
        lines.append("  missing with reasoning: " + "; ".join(describe_row(labels, row) for row in result.missing))
    if result.unexpected:
        lines.append("  unexpected with reasoning: " + "; ".join(describe_row(labels, row) for row in result.unexpected))
    return "\n".join(lines)
