"""Why a triple holds, or why a row answers a question: proof trees down to the article's words.

The project's OWL 2 RL engine keeps one derivation per inferred triple (the rule and its
premises, shortest first). Here each proof's asserted leaves are annotated with their
evidence: the article quote, the background-knowledge note, or "ontology axiom".

Explanations work over any store (``stores.Store``): the engine is run once over the
store's asserted ontology and facts to recover the derivations, unless the caller hands
over the closure it already has.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pyoxigraph as ox

from .inference import materialise
from .kg import EVIDENCE_GRAPH, FACTS_GRAPH, ONTOLOGY_GRAPH, statement_iri
from .rdf.namespaces import OA, PROV, RDFS, RP
from .rdf.results import Results, Row
from .rdf.sparql import triple_patterns
from .rdf.terms import Term, from_rdflib, show_term
from .readable import ClassExpressions
from .reasoning import Proof
from .stores import Store

ASSERTED, INFERRED, NOT_ENTAILED = "asserted", "inferred", "not entailed"


def show_proof_term(term: object) -> str:
    """A term of a proof as people read it: prefixed names, literals in N-Triples form."""
    return str(term) if isinstance(term, ox.Literal) else show_term(term)


@dataclass(frozen=True)
class Explanation:
    """Whether a triple is asserted, inferred or not entailed, with its proof when it holds."""

    triple: ox.Triple
    status: str
    proof: Proof | None = None
    show: Callable[[Any], str] | None = field(default=None, compare=False, repr=False)
    """How terms are written in ``to_text`` (default: prefixed names, blank nodes by id)."""

    @property
    def entailed(self) -> bool:
        """True when the triple is asserted or inferred."""
        return self.proof is not None

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"triple": [str(t) for t in self.triple], "status": self.status}
        if self.proof is not None:
            result["proof"] = self.proof.to_dict()
        return result

    def to_text(self) -> str:
        if self.proof is None:
            s, p, o = (show_term(t) for t in self.triple)
            return f"{s} {p} {o}  [{self.status}: neither asserted nor inferred]"
        return self.proof.to_text(self.show or show_proof_term)


@dataclass(frozen=True)
class RowExplanation:
    """Why one answer row is an answer: the triples its bindings match, each explained."""

    bindings: dict[str, Term]
    because: list[Explanation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"bindings": {name: str(term) for name, term in self.bindings.items()}, "because": [e.to_dict() for e in self.because]}

    def to_text(self) -> str:
        """The row's values, then each explanation indented under them."""
        lines = [", ".join(f"{name}={show_term(term)}" for name, term in self.bindings.items())]
        for explanation in self.because:
            lines.extend("  " + line for line in explanation.to_text().splitlines())
        return "\n".join(lines)


def why_report(name: str, results: Results, rows: list[RowExplanation], fmt: str) -> str:
    """The answer with each row's explanation: the table then ``row N: …`` blocks, or JSON
    (``{"query": name, "rows": [{"bindings": …, "because": […]}]}``) when ``fmt`` is json."""
    from .tables import render

    if fmt == "json":
        return json.dumps({"query": name, "rows": [row.to_dict() for row in rows]}, indent=2, ensure_ascii=False) + "\n"
    parts = [render(results, "table")]
    for number, row in enumerate(rows, 1):
        parts.append(f"\nrow {number}: {row.to_text()}\n")
    return "".join(parts)


class Explainer:
    """Explains triples of one store, with the engine's ``closure`` of its asserted graphs
    (computed on first use when not given)."""

    def __init__(self, store: Store, closure: Any = None) -> None:
        self.store = store
        if closure is not None:
            self.__dict__["closure"] = closure

    @cached_property
    def closure(self) -> Any:
        return materialise(list(self.store.triples(ONTOLOGY_GRAPH)) + list(self.store.triples(FACTS_GRAPH)))

    @cached_property
    def _ontology(self) -> set[ox.Triple]:
        return set(self.store.triples(ONTOLOGY_GRAPH))

    @cached_property
    def words(self) -> ClassExpressions:
        """Terms as proofs print them: restrictions and intersections in words, never blank-node ids."""
        return ClassExpressions(self._ontology)

    def explain(self, triple: ox.Triple) -> Explanation:
        """The proof of ``triple`` down to asserted triples, each annotated with its evidence."""
        proof = self.closure.explain(triple, self._annotate)
        if proof is None:
            return Explanation(triple, NOT_ENTAILED, show=self.words)
        return Explanation(triple, ASSERTED if proof.asserted else INFERRED, proof, show=self.words)

    def _annotate(self, triple: tuple[Any, Any, Any]) -> str:
        return self.evidence_for(ox.Triple(*triple))

    def evidence_for(self, triple: ox.Triple) -> str:
        """The article quote(s) behind an asserted fact, its background note, or "ontology axiom"."""
        if triple in self._ontology:
            return "ontology axiom"
        rows = self.store.query(
            f"""SELECT ?record ?quote ?note WHERE {{ GRAPH <{EVIDENCE_GRAPH}> {{
                  ?statement <{PROV}wasDerivedFrom> ?record .
                  OPTIONAL {{ ?record <{OA}hasTarget>/<{OA}hasSelector>/<{OA}exact> ?quote }}
                  OPTIONAL {{ ?record a <{RP}BackgroundKnowledge> ; <{RDFS}comment> ?note }}
                }} }} ORDER BY ?record""",
            bindings={"statement": statement_iri(triple)},
            prefixes=False,
        )
        parts = []
        for row in rows:
            record = show_term(row.record)
            if isinstance(row.quote, ox.Literal):
                parts.append(f'{record}: "{row.quote.value}"')
            elif isinstance(row.note, ox.Literal):
                parts.append(f"{record} (background knowledge): {row.note.value}")
            else:
                parts.append(record)
        return "; ".join(parts) or "no evidence recorded"

    def explain_row(self, row: Row) -> RowExplanation:
        """Why ``row`` is an answer: the query's triple patterns filled in with the row's
        values (and the query's parameters), each explained.

        Patterns left with an unbound variable (an unmatched OPTIONAL) and property-path
        patterns are skipped; label patterns are left out as they only decorate the answer.
        """
        results = row.results
        if results.query is None:
            raise ValueError("the row's results do not record the query they answer")
        return self._explain_record(triple_patterns(results.query), results.bindings, row.to_dict())

    def explain_answer(self, results: Results) -> list[RowExplanation]:
        """``explain_row`` for every row of ``results``."""
        if results.query is None:
            raise ValueError("the results do not record the query they answer")
        patterns = triple_patterns(results.query)
        return [self._explain_record(patterns, results.bindings, record) for record in results.to_dicts()]

    def _explain_record(self, patterns: list[tuple[Any, Any, Any]], bindings: dict[str, Term], record: dict[str, Term]) -> RowExplanation:
        values = {**bindings, **record}
        because: list[Explanation] = []
        for pattern in patterns:
            triple = _instantiate(pattern, values)
            if triple is not None and triple.predicate.value != RDFS + "label" and triple not in {e.triple for e in because}:
                because.append(self.explain(triple))
        return RowExplanation(record, because)


def _instantiate(pattern: tuple[Any, Any, Any], values: dict[str, Term]) -> ox.Triple | None:
    from rdflib import BNode, Literal, URIRef, Variable

    terms = []
    for term in pattern:
        if isinstance(term, Variable):
            bound = values.get(str(term))
            if bound is None:
                return None
            terms.append(bound)
        elif isinstance(term, (URIRef, Literal)) and not isinstance(term, BNode):
            terms.append(from_rdflib(term))
        else:
            return None  # a property path or a blank node: not a single triple
    subject, predicate, object_ = terms
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
        return None
    return ox.Triple(subject, predicate, object_)
