"""Why a triple holds, or why a row answers a question: proof trees down to the article's words.

The project's OWL 2 RL engine keeps one derivation per inferred triple (the rule and its
premises, shortest first). Here each proof's asserted leaves are annotated with their
evidence: the article quote, the background-knowledge note, or "ontology axiom".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pyoxigraph as ox

from .answers import Answer, Term
from .dataset import Dataset
from .kg import statement_iri
from .terms import from_rdflib_triple, show_term
from .vocabulary import EVIDENCE_GRAPH, FACTS_GRAPH, OA, ONTOLOGY_GRAPH, PROV, RDFS, RP

ASSERTED, INFERRED, NOT_ENTAILED = "asserted", "inferred", "not entailed"


@dataclass(frozen=True)
class Step:
    """One node of a proof: a triple, the rule that gave it (or "asserted"), its evidence and its premises."""

    triple: ox.Triple
    rule: str
    evidence: str | None = None
    premises: tuple["Step", ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-able: the triple's terms in N-Triples syntax, the rule, evidence and premises."""
        result: dict[str, Any] = {"triple": [str(t) for t in self.triple], "rule": self.rule}
        if self.evidence:
            result["evidence"] = self.evidence
        if self.premises:
            result["premises"] = [p.to_dict() for p in self.premises]
        return result

    def to_text(self, depth: int = 0) -> str:
        """An indented tree, conclusion first, each premise one level deeper."""
        s, p, o = (show_term(t) if not isinstance(t, ox.Literal) else str(t) for t in self.triple)
        line = f"{'    ' * depth}{s} {p} {o}  [{self.rule}]"
        if self.evidence:
            line += f"  {self.evidence}"
        return "\n".join([line] + [premise.to_text(depth + 1) for premise in self.premises])


@dataclass(frozen=True)
class Explanation:
    """Whether a triple is asserted, inferred or not entailed, with its proof when it holds."""

    triple: ox.Triple
    status: str
    proof: Step | None = None

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"triple": [str(t) for t in self.triple], "status": self.status}
        if self.proof is not None:
            result["proof"] = self.proof.to_dict()
        return result

    def to_text(self) -> str:
        if self.proof is None:
            s, p, o = (show_term(t) for t in self.triple)
            return f"{s} {p} {o}  [{self.status}: neither asserted nor inferred]"
        return self.proof.to_text()


@dataclass(frozen=True)
class RowExplanation:
    """Why one answer row is an answer: the triples its bindings match, each explained."""

    bindings: dict[str, Term]
    because: list[Explanation] = field(default_factory=list)


class Explainer:
    """Explains triples of one dataset; re-runs the engine once to recover derivations."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    @cached_property
    def _closure(self):
        from .reasoning import materialise

        asserted = self.dataset.triples(ONTOLOGY_GRAPH) + self.dataset.triples(FACTS_GRAPH)
        return materialise(asserted)

    @cached_property
    def _ontology(self) -> set[ox.Triple]:
        return set(self.dataset.triples(ONTOLOGY_GRAPH))

    def explain(self, triple: ox.Triple) -> Explanation:
        """The proof of ``triple`` down to asserted triples, each with its evidence."""
        proof = self._closure.explain(triple)
        if proof is None:
            return Explanation(triple, NOT_ENTAILED)
        step = self._step(proof)
        return Explanation(triple, ASSERTED if step.rule == "asserted" else INFERRED, step)

    def _step(self, proof) -> Step:
        try:
            triple = ox.Triple(*proof.triple)
        except TypeError:  # a step about a literal (datatype reasoning) has no ox.Triple form
            triple = proof.triple
        if proof.asserted:
            return Step(triple, "asserted", self.evidence_for(triple))
        return Step(triple, proof.rule, None, tuple(self._step(child) for child in proof.children))

    def evidence_for(self, triple: ox.Triple) -> str:
        """The article quote(s) behind an asserted fact, its background note, or "ontology axiom"."""
        if triple in self._ontology:
            return "ontology axiom"
        rows = self.dataset.store.query(
            f"""SELECT ?record ?quote ?note WHERE {{
                  {statement_iri(triple)} <{PROV}wasDerivedFrom> ?record .
                  OPTIONAL {{ ?record <{OA}hasTarget>/<{OA}hasSelector>/<{OA}exact> ?quote }}
                  OPTIONAL {{ ?record a <{RP}BackgroundKnowledge> ; <{RDFS}comment> ?note }}
                }} ORDER BY ?record""",
            default_graph=ox.NamedNode(EVIDENCE_GRAPH),
        )
        parts = []
        for row in rows:
            record = show_term(row["record"])
            if row["quote"] is not None:
                parts.append(f'{record}: "{row["quote"].value}"')
            elif row["note"] is not None:
                parts.append(f"{record} (background knowledge): {row['note'].value}")
            else:
                parts.append(record)
        return "; ".join(parts) or "no evidence recorded"

    def explain_answer(self, query_text: str, answer: Answer, bindings: dict[str, Term] | None = None) -> list[RowExplanation]:
        """For each row, the query's triple patterns filled in with the row's values, explained.

        Patterns left with an unbound variable (an unmatched OPTIONAL) and property-path
        patterns are skipped; label patterns are left out as they only decorate the answer.
        """
        patterns = triple_patterns(query_text)
        explained = []
        for record in answer.records():
            values = {**(bindings or {}), **record}
            because = []
            for pattern in patterns:
                triple = _instantiate(pattern, values)
                if triple is not None and triple.predicate.value != RDFS + "label" and triple not in {e.triple for e in because}:
                    because.append(self.explain(triple))
            explained.append(RowExplanation(record, because))
        return explained


def triple_patterns(query_text: str) -> list[tuple]:
    """The triple patterns of a SPARQL query's basic graph patterns, as rdflib terms and Variables."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    found: list[tuple] = []

    def walk(node: Any) -> None:
        if isinstance(node, CompValue):
            if node.name == "BGP":
                found.extend(tuple(t) for t in node.triples)
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)

    walk(prepareQuery(query_text).algebra)
    return list(dict.fromkeys(found))


def _instantiate(pattern: tuple, values: dict[str, Term]) -> ox.Triple | None:
    from rdflib import BNode, Literal, URIRef, Variable

    terms = []
    for term in pattern:
        if isinstance(term, Variable):
            bound = values.get(str(term))
            if bound is None:
                return None
            terms.append(bound)
        elif isinstance(term, (URIRef, Literal)) and not isinstance(term, BNode):
            terms.append(from_rdflib_triple((URIRef("urn:x"), URIRef("urn:x"), term)).object)
        else:
            return None  # a property path or a blank node: not a single triple
    try:
        return ox.Triple(*terms)
    except TypeError:
        return None
