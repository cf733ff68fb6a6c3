"""OWL 2 RL inference over a knowledge graph's ontology and facts: choosing a reasoner,
running it, and cleaning its output.

Reasoners return only the triples they add, cleaned of what no store should receive:
triples with literal subjects (which Oxigraph cannot even hold), axiomatic triples about
the RDF, RDFS, OWL and XSD vocabularies themselves, reflexive ``owl:sameAs`` and owlrl's
error-message triples (those become findings instead).

``realpolitik`` is the project's own semi-naive OWL 2 RL engine (``realpolitik.reasoning``),
which explains its inferences; ``owlrl`` stays available as the reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

import pyoxigraph as ox

from .errors import InputError
from .findings import Finding
from .rdf.namespaces import BUILTIN_NAMESPACES, OWL
from .rdf.terms import from_rdflib_triple, to_rdflib_triples

if TYPE_CHECKING:
    from .reasoning import Closure

ENGINES = ("realpolitik", "owlrl")
DEFAULT_ENGINE = "realpolitik"
_OWLRL_ERROR_NAMESPACE = "http://www.daml.org/2002/03/agents/agent-ont#"


class Inference(NamedTuple):
    """What a reasoner added to the asserted triples, and the inconsistencies it found.

    ``closure`` is the engine's own result (with derivations and incremental updates),
    or None for owlrl.
    """

    engine: str
    triples: list[ox.Triple]
    findings: list[Finding]
    closure: Closure | None = None


def check_engine(engine: str | None) -> str:
    """``engine`` when it names a reasoner (``DEFAULT_ENGINE`` for None); raises InputError otherwise."""
    if engine is None:
        return DEFAULT_ENGINE
    if engine not in ENGINES:
        raise InputError(f"unknown reasoning engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    return engine


def infer(asserted: Iterable[ox.Triple], engine: str = DEFAULT_ENGINE) -> Inference:
    """Run OWL 2 RL reasoning over ``asserted`` and return the added triples.

    Raises InputError for an unknown engine.
    """
    if check_engine(engine) == "realpolitik":
        return _infer_with_engine(list(asserted))
    return _infer_with_owlrl(list(asserted))


def is_junk(triple: ox.Triple | tuple[Any, Any, Any]) -> bool:
    """True for inferred triples that are noise rather than knowledge (see module docstring):
    a subject that is a literal or a term of the RDF, RDFS, OWL or XSD vocabularies, a
    predicate that is not an IRI, or a reflexive ``owl:sameAs``. Takes a pyoxigraph triple
    or an (s, p, o) of pyoxigraph or rdflib terms."""
    subject, predicate, object_ = (triple.subject, triple.predicate, triple.object) if isinstance(triple, ox.Triple) else triple
    if _kind(subject) not in ("iri", "blank") or _kind(predicate) != "iri":
        return True
    if _kind(subject) == "iri" and _text(subject).startswith(BUILTIN_NAMESPACES):
        return True
    return _text(predicate) == OWL + "sameAs" and subject == object_


def _kind(term: Any) -> str:
    name = type(term).__name__
    return {"NamedNode": "iri", "URIRef": "iri", "BlankNode": "blank", "BNode": "blank"}.get(name, "other")


def _text(term: Any) -> str:
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def materialise(asserted: list[ox.Triple]) -> Closure:
    """The engine's closure of ``asserted`` (with its derivations, for proofs, and
    incremental updates); pyoxigraph terms go in as parsed, so lexical forms stay as written."""
    from .reasoning import materialise as run_engine

    return run_engine(asserted)


def as_triple(terms: tuple[Any, Any, Any]) -> ox.Triple | None:
    """The engine's (s, p, o) as a pyoxigraph triple; None for one RDF cannot state (a literal subject)."""
    subject, predicate, object_ = terms
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
        return None
    return ox.Triple(subject, predicate, object_)


def engine_findings(closure: Closure) -> list[Finding]:
    """The engine's inconsistencies as findings (triples about literals, which RDF cannot state, are left out of ``triples``)."""
    findings = []
    for found in closure.findings:
        triples = tuple(t for t in map(as_triple, found.triples) if t is not None)
        findings.append(Finding.inconsistency(found.rule, found.message, triples))
    return findings


def inferred_triples(triples: Iterable[tuple[Any, Any, Any]]) -> list[ox.Triple]:
    """The engine's inferred (s, p, o) as sorted pyoxigraph triples, without junk."""
    return sorted((t for t in map(as_triple, triples) if t is not None and not is_junk(t)), key=str)


def _infer_with_engine(asserted: list[ox.Triple]) -> Inference:
    closure = materialise(asserted)
    return Inference("realpolitik", inferred_triples(closure.inferred), engine_findings(closure), closure)


def run_owlrl(triples: Iterable[tuple[Any, Any, Any]]) -> tuple[set[tuple[Any, Any, Any]], list[str]]:
    """owlrl's OWL 2 RL closure of rdflib ``triples``: the triples it adds, without its
    error reports and literal-subject triples, and the error messages it wrote."""
    # Imported here: rdflib and owlrl cost a noticeable share of a command's start-up,
    # and a cached closure needs neither.
    import owlrl
    import rdflib

    graph = rdflib.Graph()
    for triple in triples:
        graph.add(triple)
    before = set(graph)
    # One combined graph, no destination=: owlrl loses some sub-property inferences otherwise.
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    added = set(graph) - before
    error = rdflib.URIRef(_OWLRL_ERROR_NAMESPACE + "error")
    error_nodes = {s for s, p, o in added if p == error}
    messages = sorted(str(o) for s, p, o in added if s in error_nodes and p == error)
    kept = {(s, p, o) for s, p, o in added if s not in error_nodes and not isinstance(s, rdflib.Literal)}
    return kept, messages


def owlrl_reference(triples: Iterable[tuple[Any, Any, Any]]) -> set[tuple[Any, Any, Any]]:
    """Triples owlrl infers from ``triples``, in the engine's reporting terms.

    Exact comparison: run owlrl's OWL 2 RL closure (no axiomatic or datatype
    axioms, the defaults) on a copy of the input; take closure minus input;
    keep a triple only if

    * its subject is an IRI or blank node (drops the literal-subject
      dt-type2 / eq-ref / prp-rng triples) and not an IRI in the rdf:, rdfs:,
      owl: or xsd: namespaces (drops cls-thing, cls-nothing1, prp-ap, the
      datatype declarations and scm-cls on owl:Thing / owl:Nothing),
    * its predicate is an IRI (owlrl already strips generalised triples),
    * it is not an eq-ref triple ``x owl:sameAs x``: owlrl adds one for every
      term; the engine never materialises them (they license nothing),
    * it is not part of owlrl's ``err:`` error reports (the engine returns
      findings instead).

    The result must equal ``materialise(triples).inferred``, except for
    these known owlrl deviations from the OWL 2 RL rules, where the engine
    follows the specification (inputs using them are not compared):

    * prp-key: owlrl's loop ``for i in range(0, len(pis) - 1)`` never
      compares the last key property, so with one key property it makes
      every pair of keyed instances owl:sameAs (even with different keys).
    * dt-type2 supertypes: owlrl types xsd:NMTOKEN literals as xsd:Name;
      XSD 1.1 derives NMTOKEN from xsd:token.  Only visible through a
      restriction on such a datatype.
    * dt-eq: owlrl does not relate literals of different datatypes with the
      same value (``1`` and ``"1"^^xsd:nonNegativeInteger``), so it misses
      what eq-rep-* carries over between them.
    * value-space typing: owlrl types a literal with its own datatype and
      supertypes only (``5`` is not an ``xsd:byte`` for it).

    Inconsistencies are not part of this comparison (owlrl only writes
    message strings).  There too owlrl stops one member short: eq-diff2,
    eq-diff3 and prp-adp loop ``for j in range(i + 1, len(list) - 1)`` and
    never test a pair that involves the last list member; the engine does.
    """
    added, _ = run_owlrl(triples)
    return {triple for triple in added if not is_junk(triple)}


def _infer_with_owlrl(asserted: list[ox.Triple]) -> Inference:
    added, messages = run_owlrl(to_rdflib_triples(asserted))
    triples = sorted((t for t in map(from_rdflib_triple, added) if not is_junk(t)), key=str)
    return Inference("owlrl", triples, [Finding.inconsistency("owlrl", message) for message in messages])
