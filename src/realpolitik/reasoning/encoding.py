"""Dictionary encoding of RDF terms as small integers.

Every term met by the engine is given a dense integer id.  The rule loops
then only hash and compare ints, which in CPython is several times cheaper
than hashing term objects (an rdflib ``Literal`` hash walks lexical form,
datatype and language every time).  The OWL/RDF vocabulary the rules test
for is registered first, so its ids are fixed module constants that rule
code can compare against without a lookup.

Terms come in one of two flavours, fixed per table: pyoxigraph terms (the
project's own reading path, which keeps every literal's lexical form as
written) or rdflib terms (kept for the owlrl comparisons; rdflib may
canonicalise a literal's lexical form when it parses).  The table decodes
ids back to terms of the flavour it was given, so a caller gets back the
kind of terms it passed in.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_XSD = "http://www.w3.org/2001/XMLSchema#"

# Order matters: position in this list is the term's permanent id.
VOCABULARY_IRIS: tuple[str, ...] = tuple(ns + name for ns, name in (
    (_RDF, "type"), (_RDFS, "subClassOf"), (_RDFS, "subPropertyOf"), (_RDFS, "domain"),
    (_RDFS, "range"), (_OWL, "equivalentClass"), (_OWL, "equivalentProperty"),
    (_OWL, "inverseOf"), (_OWL, "sameAs"), (_OWL, "differentFrom"), (_OWL, "Class"),
    (_OWL, "Thing"), (_OWL, "Nothing"), (_OWL, "ObjectProperty"),
    (_OWL, "DatatypeProperty"), (_RDF, "Property"), (_OWL, "FunctionalProperty"),
    (_OWL, "InverseFunctionalProperty"), (_OWL, "SymmetricProperty"),
    (_OWL, "AsymmetricProperty"), (_OWL, "TransitiveProperty"),
    (_OWL, "IrreflexiveProperty"), (_OWL, "propertyChainAxiom"),
    (_OWL, "propertyDisjointWith"), (_OWL, "AllDisjointProperties"), (_OWL, "members"),
    (_OWL, "distinctMembers"), (_OWL, "AllDifferent"), (_OWL, "hasKey"),
    (_OWL, "sourceIndividual"), (_OWL, "assertionProperty"), (_OWL, "targetIndividual"),
    (_OWL, "targetValue"), (_OWL, "onProperty"), (_OWL, "someValuesFrom"),
    (_OWL, "allValuesFrom"), (_OWL, "hasValue"), (_OWL, "maxCardinality"),
    (_OWL, "maxQualifiedCardinality"), (_OWL, "onClass"), (_OWL, "intersectionOf"),
    (_OWL, "unionOf"), (_OWL, "complementOf"), (_OWL, "oneOf"), (_OWL, "disjointWith"),
    (_OWL, "AllDisjointClasses"), (_RDF, "first"), (_RDF, "rest"), (_RDF, "nil"),
    (_RDFS, "Datatype"), (_OWL, "AnnotationProperty"),
))
# rdflib spelling of the same list (kept for callers that compare with rdflib terms).
VOCABULARY: tuple[URIRef, ...] = tuple(URIRef(iri) for iri in VOCABULARY_IRIS)

(TYPE, SCO, SPO, DOMAIN, RANGE, EQC, EQP, INV, SAME, DIFF, CLASS, THING,
 NOTHING, OBJPROP, DTPROP, RDFPROP, FUNC, INVFUNC, SYM, ASYM, TRANS, IRREFL,
 CHAIN, PDW, ALLDISJPROP, MEMBERS, DISTINCT, ALLDIFF, HASKEY, SRCIND, ASSPROP,
 TGTIND, TGTVAL, ONPROP, SVF, AVF, HASVALUE, MAXC, MAXQC, ONCLASS, INTER,
 UNION, COMPL, ONEOF, DISJ, ALLDISJCLS, FIRST, REST, NIL, DATATYPE,
 ANNOTATION) = range(len(VOCABULARY_IRIS))

# Predicates of schema triples: rules are compiled from them (see closure.remove).
SCHEMA_PREDICATES = frozenset((
    SCO, SPO, DOMAIN, RANGE, EQC, EQP, INV, CHAIN, PDW, MEMBERS, DISTINCT, HASKEY, SRCIND,
    ASSPROP, TGTIND, TGTVAL, ONPROP, SVF, AVF, HASVALUE, MAXC, MAXQC, ONCLASS, INTER, UNION,
    COMPL, ONEOF, DISJ, FIRST, REST))

# Terms in these namespaces are "the vocabulary": triples about them are
# axiomatic noise and are not reported as inferences by default.
VOCAB_NAMESPACES: tuple[str, ...] = (_RDF, _RDFS, _OWL, _XSD)

_XSD_STRING = _XSD + "string"
_LANG_STRING = _RDF + "langString"


class TermTable:
    """Bijective map between terms (pyoxigraph or rdflib) and integer ids."""

    __slots__ = (
        "_iri",
        "_literal_class",
        "_resources",
        "ids",
        "literals",
        "oxigraph",
        "terms",
    )

    def __init__(self, oxigraph: bool = True) -> None:
        self.ids: dict[Hashable, int] = {}
        self.terms: list = []
        # ids of literal terms; literals are rare enough that a set is cheaper
        # than a per-id flag array.
        self.literals: set[int] = set()
        self.oxigraph = oxigraph
        self._iri: Any = ox.NamedNode if oxigraph else URIRef
        self._resources: tuple = (ox.NamedNode, ox.BlankNode) if oxigraph else (URIRef, BNode)
        self._literal_class: type = ox.Literal if oxigraph else Literal
        for iri in VOCABULARY_IRIS:
            self.encode(self._iri(iri))

    def encode(self, term) -> int:
        """Return the id of ``term``, allocating one on first sight."""
        i = self.ids.get(term)
        if i is None:
            i = len(self.terms)
            self.ids[term] = i
            self.terms.append(term)
            if isinstance(term, self._literal_class):
                self.literals.add(i)
        return i

    def lookup(self, term) -> int | None:
        """Return the id of ``term`` or None if the term was never seen."""
        return self.ids.get(term)

    def iri_id(self, iri: str) -> int | None:
        """The id of the IRI ``iri`` (a string), None if it was never seen."""
        return self.ids.get(self._iri(iri))

    def iri(self, iri: str):
        """The term for the IRI ``iri`` in this table's flavour."""
        return self._iri(iri)

    def decode(self, i: int):
        """Return the term for id ``i``."""
        return self.terms[i]

    def is_resource(self, term) -> bool:
        """True for an IRI or blank node of this table's flavour."""
        return isinstance(term, self._resources)

    def is_iri(self, term) -> bool:
        """True for an IRI of this table's flavour."""
        return isinstance(term, self._iri)

    def is_literal(self, term) -> bool:
        """True for a literal of this table's flavour."""
        return isinstance(term, self._literal_class)

    def literal_parts(self, term) -> tuple[str, str, str | None]:
        """(lexical form, datatype IRI, language tag) of a literal term.

        A simple literal has datatype xsd:string and a language-tagged one
        rdf:langString, as in RDF 1.1, whichever flavour the term is.
        """
        if self.oxigraph:
            return term.value, term.datatype.value, term.language
        lang = term.language
        dt = term.datatype
        if dt is None:
            return str(term), _LANG_STRING if lang else _XSD_STRING, lang
        return str(term), str(dt), lang

    def n3(self, i: int) -> str:
        """Term ``i`` in N-Triples syntax."""
        term = self.terms[i]
        return str(term) if self.oxigraph else term.n3()

    def int_value(self, i: int) -> int | None:
        """The integer a literal denotes (a cardinality, say), None for anything else."""
        term = self.terms[i]
        if not isinstance(term, self._literal_class):
            return None
        lexical = self.literal_parts(term)[0].strip()
        try:
            return int(lexical)
        except ValueError:
            return None

    def encode_triples(self, triples: Iterable) -> list[tuple[int, int, int]]:
        """Encode triples; the hot loop of loading, unrolled on purpose."""
        get = self.ids.get
        new = self.encode
        out: list[tuple[int, int, int]] = []
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

    def canonicalise(self, encoded: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """Renumber the terms in the order of their N-Triples text and return
        ``encoded`` renumbered and sorted (predicate, subject, object).

        Everything the engine does afterwards (which derivation is found
        first, so which proof is kept) depends only on ids and on the order
        triples are loaded in; this makes both a function of the set of
        triples, not of the order a parser or a store handed them over.
        Call once, right after encoding the input.
        """
        nvocab = len(VOCABULARY_IRIS)
        terms = self.terms
        text = [str(t) for t in terms] if self.oxigraph else [t.n3() for t in terms]
        order = sorted(range(nvocab, len(terms)), key=text.__getitem__)
        new_of = list(range(len(terms)))
        for new, old in enumerate(order, nvocab):
            new_of[old] = new
        self.terms = terms[:nvocab] + [terms[i] for i in order]
        self.ids = {t: i for i, t in enumerate(self.terms)}
        self.literals = {new_of[i] for i in self.literals}
        packed = sorted({(new_of[p] << 64) | (new_of[s] << 32) | new_of[o]
                         for s, p, o in encoded})
        mask = 0xFFFFFFFF
        return [((k >> 32) & mask, k >> 64, k & mask) for k in packed]

    def decode_triple(self, t: tuple[int, int, int]) -> tuple:
        """Return the triple of terms for an encoded triple."""
        terms = self.terms
        return (terms[t[0]], terms[t[1]], terms[t[2]])

    def is_vocabulary(self, i: int) -> bool:
        """True when term ``i`` is an IRI in the rdf:, rdfs:, owl: or xsd: namespace."""
        term = self.terms[i]
        if self.oxigraph:
            return isinstance(term, ox.NamedNode) and term.value.startswith(VOCAB_NAMESPACES)
        # URIRef overrides startswith and rejects tuples, so call str.startswith.
        return isinstance(term, URIRef) and str.startswith(term, VOCAB_NAMESPACES)
