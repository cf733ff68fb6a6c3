"""Dictionary encoding of RDF terms as small integers.

Every rdflib term met by the engine is given a dense integer id.  The rule
loops then only hash and compare ints, which in CPython is several times
cheaper than hashing ``URIRef``/``Literal`` objects (a ``Literal`` hash walks
lexical form, datatype and language every time).  The OWL/RDF vocabulary the
rules test for is registered first, so its ids are fixed module constants
that rule code can compare against without a lookup.
"""

from __future__ import annotations

from typing import Hashable, Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

# Order matters: position in this list is the term's permanent id.
VOCABULARY: tuple[URIRef, ...] = (
    RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
    OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf, OWL.sameAs,
    OWL.differentFrom, OWL.Class, OWL.Thing, OWL.Nothing, OWL.ObjectProperty,
    OWL.DatatypeProperty, RDF.Property, OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty, OWL.SymmetricProperty,
    OWL.AsymmetricProperty, OWL.TransitiveProperty, OWL.IrreflexiveProperty,
    OWL.propertyChainAxiom, OWL.propertyDisjointWith,
    OWL.AllDisjointProperties, OWL.members, OWL.distinctMembers,
    OWL.AllDifferent, OWL.hasKey, OWL.sourceIndividual,
    OWL.assertionProperty, OWL.targetIndividual, OWL.targetValue,
    OWL.onProperty, OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue,
    OWL.maxCardinality, OWL.maxQualifiedCardinality, OWL.onClass,
    OWL.intersectionOf, OWL.unionOf, OWL.complementOf, OWL.oneOf,
    OWL.disjointWith, OWL.AllDisjointClasses, RDF.first, RDF.rest, RDF.nil,
)

(TYPE, SCO, SPO, DOMAIN, RANGE, EQC, EQP, INV, SAME, DIFF, CLASS, THING,
 NOTHING, OBJPROP, DTPROP, RDFPROP, FUNC, INVFUNC, SYM, ASYM, TRANS, IRREFL,
 CHAIN, PDW, ALLDISJPROP, MEMBERS, DISTINCT, ALLDIFF, HASKEY, SRCIND, ASSPROP,
 TGTIND, TGTVAL, ONPROP, SVF, AVF, HASVALUE, MAXC, MAXQC, ONCLASS, INTER,
 UNION, COMPL, ONEOF, DISJ, ALLDISJCLS, FIRST, REST, NIL) = range(len(VOCABULARY))

# Terms in these namespaces are "the vocabulary": triples about them are
# axiomatic noise and are never reported as inferences.
VOCAB_NAMESPACES: tuple[str, ...] = (str(RDF), str(RDFS), str(OWL), str(XSD))


class TermTable:
    """Bijective map between rdflib terms and integer ids."""

    __slots__ = ("ids", "terms", "literals")

    def __init__(self) -> None:
        self.ids: dict[Hashable, int] = {}
        self.terms: list = []
        # ids of literal terms; literals are rare enough that a set is cheaper
        # than a per-id flag array.
        self.literals: set[int] = set()
        for term in VOCABULARY:
            self.encode(term)

    def encode(self, term) -> int:
        """Return the id of ``term``, allocating one on first sight."""
        i = self.ids.get(term)
        if i is None:
            i = len(self.terms)
            self.ids[term] = i
            self.terms.append(term)
            if isinstance(term, Literal):
                self.literals.add(i)
        return i

    def lookup(self, term) -> int | None:
        """Return the id of ``term`` or None if the term was never seen."""
        return self.ids.get(term)

    def decode(self, i: int):
        """Return the rdflib term for id ``i``."""
        return self.terms[i]

    def encode_triples(self, triples: Iterable[tuple]) -> list[tuple[int, int, int]]:
        """Encode rdflib triples; the hot loop of loading, unrolled on purpose."""
        get = self.ids.get
        new = self.encode
        out = []
        append = out.append
        for s, p, o in triples:
            a = get(s)
            if a is None:
                a = new(s)
            b = get(p)
            if b is None:
                b = new(p)
            c = get(o)
            if c is None:
                c = new(o)
            append((a, b, c))
        return out

    def decode_triple(self, t: tuple[int, int, int]) -> tuple:
        """Return the rdflib triple for an encoded triple."""
        terms = self.terms
        return (terms[t[0]], terms[t[1]], terms[t[2]])

    def is_vocabulary(self, i: int) -> bool:
        """True when term ``i`` is an IRI in the rdf:, rdfs:, owl: or xsd: namespace."""
        term = self.terms[i]
        # URIRef overrides startswith and rejects tuples, so call str.startswith.
        return isinstance(term, URIRef) and str.startswith(term, VOCAB_NAMESPACES)



def literal_int(term) -> int | None:
    """The integer value of a literal term (a cardinality, say), or None for anything else."""
    if isinstance(term, Literal):
        try:
            return int(term.value)
        except (TypeError, ValueError):
            return None
    return None
