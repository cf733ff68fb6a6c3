"""OWL 2 RL inference over a knowledge graph's ontology and facts.

Reasoners return only the triples they add, cleaned of what no store should receive:
triples with literal subjects (which Oxigraph cannot even hold), axiomatic triples about the RDF, RDFS, OWL and XSD
vocabularies themselves, reflexive ``owl:sameAs`` and owlrl's error-message triples
(those become findings instead).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import pyoxigraph as ox

from .errors import InputError
from .terms import from_rdflib_triple, to_rdflib_triples
from .vocabulary import BUILTIN_NAMESPACES, OWL

# "realpolitik" is the project's own semi-naive OWL 2 RL engine (realpolitik.reasoning),
# which agrees with owlrl on the project's graph and explains its inferences; owlrl stays
# available as the reference.
ENGINES = ("realpolitik", "owlrl")
DEFAULT_ENGINE = "realpolitik"
_OWLRL_ERROR_NAMESPACE = "http://www.daml.org/2002/03/agents/agent-ont#"


@dataclass(frozen=True)
class Finding:
    """An inconsistency found by reasoning: the rule that fired, what it means, and the triples involved."""

    rule: str
    message: str
    triples: tuple[ox.Triple, ...] = ()


@dataclass
class Inference:
    """What a reasoner added to the asserted triples, and the inconsistencies it found."""

    engine: str
    triples: list[ox.Triple]
    findings: list[Finding] = field(default_factory=list)


def infer(asserted: Iterable[ox.Triple], engine: str = DEFAULT_ENGINE) -> Inference:
    """Run OWL 2 RL reasoning over ``asserted`` and return the added triples.

    Raises InputError for an unknown engine.
    """
    if engine == "realpolitik":
        return _infer_with_engine(list(asserted))
    if engine == "owlrl":
        return _infer_with_owlrl(list(asserted))
    raise InputError(f"unknown reasoning engine {engine!r}; choose one of: {', '.join(ENGINES)}")


def is_junk(triple: ox.Triple) -> bool:
    """True for inferred triples that are noise rather than knowledge (see module docstring)."""
    subject = triple.subject
    if isinstance(subject, ox.NamedNode) and subject.value.startswith(BUILTIN_NAMESPACES):
        return True
    if triple.predicate.value == OWL + "sameAs" and subject == triple.object:
        return True
    return False


def _infer_with_engine(asserted: list[ox.Triple]) -> Inference:
    from .reasoning import materialise

    closure = materialise(asserted)  # pyoxigraph terms in and out: lexical forms stay as written
    triples = sorted((ox.Triple(*t) for t in closure.inferred), key=str)
    findings = [Finding(f.rule, f.message, tuple(ox.Triple(*t) for t in f.triples)) for f in closure.findings]
    return Inference("realpolitik", [t for t in triples if not is_junk(t)], findings)


def _infer_with_owlrl(asserted: list[ox.Triple]) -> Inference:
    # Imported here: rdflib and owlrl cost a noticeable share of a command's start-up,
    # and a cached closure needs neither.
    import owlrl
    import rdflib

    graph = rdflib.Graph()
    for triple in to_rdflib_triples(asserted):
        graph.add(triple)
    before = set(graph)
    # One combined graph, no destination=: owlrl loses some sub-property inferences otherwise.
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    added = set(graph) - before

    error_nodes = {s for s, p, o in added if str(p) == _OWLRL_ERROR_NAMESPACE + "error"}
    findings = [
        Finding(rule="owlrl", message=str(o))
        for s, p, o in sorted(added)
        if s in error_nodes and str(p) == _OWLRL_ERROR_NAMESPACE + "error"
    ]
    triples = []
    for s, p, o in added:
        if s in error_nodes or isinstance(s, rdflib.Literal):
            continue
        triple = from_rdflib_triple((s, p, o))
        if not is_junk(triple):
            triples.append(triple)
    triples.sort(key=str)
    return Inference("owlrl", triples, findings)
