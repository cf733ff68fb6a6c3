"""Why a triple holds, or why a row answers a question: proof trees down to the article's words.

The project's OWL 2 RL engine keeps one derivation per inferred triple (the rule and its
premises, shortest first). Here each proof's asserted leaves are annotated with their
evidence: the article quote, the background-knowledge note, or "ontology axiom".

Explanations work over any store (``stores.Store``): the engine is run once over the
store's asserted ontology and facts to recover the derivations, unless the caller hands
over the closure it already has. ``words`` says terms, class expressions and n-ary facts
the way people read them, for the proofs here and for the web's sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..kg import EVIDENCE_GRAPH, FACTS_GRAPH, ONTOLOGY_GRAPH, show_modality, statement_iri
from ..rdf.namespaces import PROV, RDFS
from ..rdf.results import Results, Row
from ..rdf.sparql import triple_patterns
from ..rdf.terms import Term, from_rdflib, show_term
from ..stores import Store
from .words import ClassExpressions

if TYPE_CHECKING:
    from ..reasoning import Proof
    from ..stores.perspectives import Record

ASSERTED, INFERRED, NOT_ENTAILED = "asserted", "inferred", "not entailed"


def show_proof_term(term: object) -> str:
    """A term of a proof as people read it: prefixed names, literals in N-Triples form."""
    return str(term) if isinstance(term, ox.Literal) else show_term(term)


def proof_text(proof: Proof, show: Callable[[object], str] | None = None) -> str:
    """The proof as an indented tree whose RDF lists read as their members in brackets
    (``rp:bypasses owl:propertyChainAxiom (rp:partyTo rp:routeBypasses)``), never as
    blank-node ids; ``show`` names every other term (class expressions in words)."""
    lists: dict[object, str] = {}
    namer = show or show_proof_term

    def collect(node: Proof) -> None:
        for used in node.lists:
            for child in node.children:
                subject, predicate, head = child.triple
                if subject == used.owner and show_term(predicate).endswith(":" + used.role):
                    lists[head] = "(" + " ".join(namer(m) for m in used.members) + ")"
        for child in node.children:
            collect(child)

    collect(proof)
    return proof.to_text(lambda term: lists.get(term) or namer(term))


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
        return proof_text(self.proof, self.show)


@dataclass(frozen=True)
class RowExplanation:
    """Why one answer row is an answer: the triples its bindings match, each explained."""

    bindings: dict[str, Term]
    because: list[Explanation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able: the row's bindings in N-Triples syntax and each explanation."""
        return {"bindings": {name: str(term) for name, term in self.bindings.items()}, "because": [e.to_dict() for e in self.because]}

    def to_text(self) -> str:
        """The row's values, then each explanation indented under them."""
        lines = [", ".join(f"{name}={show_term(term)}" for name, term in self.bindings.items())]
        for explanation in self.because:
            lines.extend("  " + line for line in explanation.to_text().splitlines())
        return "\n".join(lines)


class Explainer:
    """Explains triples of one store, with the engine's ``closure`` of its asserted graphs
    (computed on first use when not given)."""

    def __init__(self, store: Store, closure: Any = None, admitted: frozenset[str] | None = None) -> None:
        self.store = store
        # The records a perspective admits (None: all): other records' quotes are not evidence here.
        self.admitted = admitted
        if closure is not None:
            self.__dict__["closure"] = closure

    @cached_property
    def closure(self) -> Any:
        from ..reasoning import materialise  # the engine, imported only when a proof is asked for

        return materialise(list(self.store.triples(ONTOLOGY_GRAPH)) + list(self.store.triples(FACTS_GRAPH)))

    @cached_property
    def _ontology(self) -> set[ox.Triple]:
        return set(self.store.triples(ONTOLOGY_GRAPH))

    def is_axiom(self, triple: ox.Triple) -> bool:
        """True for a triple of the ontology graph (an axiom, not a claim)."""
        return triple in self._ontology

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
        """The evidence behind an asserted fact, each record with its claimant and modality:
        ``ev:record (rpd:Claimant, stated): "quote"``, a background note, or "ontology axiom"."""
        if triple in self._ontology:
            return "ontology axiom"
        parts = []
        for record in self.records_for(triple):
            name = show_term(ox.NamedNode(record.iri))
            who = f"{show_term(ox.NamedNode(record.claimant)) if record.claimant else 'no claimant'}, {show_modality(record.modality)}"
            if record.quote is not None:
                parts.append(f'{name} ({who}): "{record.quote}"')
            elif record.background:
                parts.append(f"{name} ({who}; background knowledge): {record.note or ''}".rstrip(": "))
            else:
                parts.append(f"{name} ({who})")
        return "; ".join(parts) or "no evidence recorded"

    def records_for(self, triple: ox.Triple) -> list[Record]:
        """The evidence records an asserted fact is derived from (those the perspective admits), in IRI order."""
        rows = self.store.query(
            f"""SELECT DISTINCT ?record WHERE {{ GRAPH <{EVIDENCE_GRAPH}> {{ ?statement <{PROV}wasDerivedFrom> ?record }} }} ORDER BY ?record""",
            bindings={"statement": statement_iri(triple)},
            prefixes=False,
        )
        from ..stores.perspectives import Record

        found = []
        for (record,) in rows.rows:
            if isinstance(record, ox.NamedNode) and (self.admitted is None or record.value in self.admitted):
                found.append(self._records.get(record.value) or Record(record.value, background=False, claimant=None, modality=None))
        return found

    @cached_property
    def _records(self) -> dict[str, Record]:
        from ..stores.perspectives import read_records

        return read_records(self.store)

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


def __getattr__(name: str) -> object:
    # The engine's proof type, for ``realpolitik.Proof``: importing the engine costs
    # start-up time that explaining needs but answering does not.
    if name == "Proof":
        from ..reasoning import Proof

        return Proof
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
