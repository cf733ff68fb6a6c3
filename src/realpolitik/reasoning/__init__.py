"""OWL 2 RL forward-chaining materialiser with explanations and incremental updates.

The public surface::

    materialise(triples, progress=None) -> Closure
        triples: iterable of pyoxigraph.Triple / Quad (lexical forms kept as
        written) or an rdflib Graph / iterable of rdflib (s, p, o); terms come
        back in the same flavour, triples as (s, p, o) tuples.

    Closure.inferred: set[tuple]                 entailed triples not in the input,
                                                 about the data (see Closure)
    Closure.inferred_triples(vocabulary=False) -> set[tuple]
                                                 the same, optionally with the axioms
                                                 about rdf:/rdfs:/owl:/xsd: terms
    Closure.findings: list[Finding]              Finding(rule, message, triples)
    Closure.entails(triple) -> bool
    Closure.explain(triple, annotate=None) -> Proof | None
    Closure.step(triple) -> (rule, premises) | None   the kept derivation, one level
    Closure.rdf_list(head) -> tuple | None       members of an RDF list
    Closure.triples() -> Iterator[tuple]         the whole closure
    Closure.add(triples) -> Change               Change(added, removed): triples that
    Closure.remove(triples) -> Change            joined / left ``inferred``
    Proof(triple, rule, children, note, lists)   lists: tuple[ProofList(role, owner,
                                                 members)], rendered by Proof.to_text

Semi-naive evaluation over dictionary-encoded terms, with one closure
compiled per schema axiom.  It is pure Python: the work is hash probes on
small ints that CPython's dicts and sets do in C, and staying pure Python
keeps the package installable wherever rdflib is.  See ``engine`` for the
loop, ``rules`` / ``schema_rules`` / ``equality`` for the rules,
``datatypes`` / ``literals`` for the datatype map and the dt-* rules,
``findings`` for inconsistencies, ``explain`` for proofs and ``closure``
for incremental updates (semi-naive additions, DRed removals).
"""

from .closure import Change, Closure, materialise
from .explain import Proof, ProofList
from .findings import Finding

__all__ = ["Change", "Closure", "Finding", "Proof", "ProofList", "materialise"]
