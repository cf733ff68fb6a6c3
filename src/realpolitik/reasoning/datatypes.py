"""Rule dt-type2 (typed literal rdf:type its datatype), done once up front.

Only the datatypes of the OWL 2 RL datatype map that rdflib knows are
handled, together with their XSD 1.1 supertypes, because the typing
triples are needed by rules such as cls-svf1 / cls-avf with a datatype
filler.  dt-type1, dt-eq, dt-diff and dt-not-type as an entailment are not
implemented (an ill-typed literal is reported as a ``dt-not-type`` finding).
"""

from __future__ import annotations

from typing import Iterator

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD

from .encoding import TermTable

# datatype -> its proper supertypes in the XSD 1.1 derivation hierarchy.
_SUPER: dict = {
    XSD.decimal: (), XSD.integer: (XSD.decimal,),
    XSD.nonNegativeInteger: (XSD.integer, XSD.decimal),
    XSD.nonPositiveInteger: (XSD.integer, XSD.decimal),
    XSD.positiveInteger: (XSD.nonNegativeInteger, XSD.integer, XSD.decimal),
    XSD.negativeInteger: (XSD.nonPositiveInteger, XSD.integer, XSD.decimal),
    XSD.long: (XSD.integer, XSD.decimal),
    XSD.int: (XSD.long, XSD.integer, XSD.decimal),
    XSD.short: (XSD.int, XSD.long, XSD.integer, XSD.decimal),
    XSD.byte: (XSD.short, XSD.int, XSD.long, XSD.integer, XSD.decimal),
    XSD.unsignedLong: (XSD.nonNegativeInteger, XSD.integer, XSD.decimal),
    XSD.unsignedInt: (XSD.unsignedLong, XSD.nonNegativeInteger, XSD.integer, XSD.decimal),
    XSD.unsignedShort: (XSD.unsignedInt, XSD.unsignedLong, XSD.nonNegativeInteger,
                        XSD.integer, XSD.decimal),
    XSD.unsignedByte: (XSD.unsignedShort, XSD.unsignedInt, XSD.unsignedLong,
                       XSD.nonNegativeInteger, XSD.integer, XSD.decimal),
    XSD.float: (), XSD.double: (), XSD.string: (),
    XSD.normalizedString: (XSD.string,),
    XSD.token: (XSD.normalizedString, XSD.string),
    XSD.language: (XSD.token, XSD.normalizedString, XSD.string),
    XSD.Name: (XSD.token, XSD.normalizedString, XSD.string),
    XSD.NCName: (XSD.Name, XSD.token, XSD.normalizedString, XSD.string),
    # XSD 1.1 derives NMTOKEN from token; owlrl's table says Name (wrong).
    XSD.NMTOKEN: (XSD.token, XSD.normalizedString, XSD.string),
    XSD.boolean: (), XSD.hexBinary: (), XSD.base64Binary: (), XSD.anyURI: (),
    XSD.dateTime: (), XSD.dateTimeStamp: (XSD.dateTime,), XSD.time: (),
    XSD.date: (), RDFS.Literal: (), RDF.XMLLiteral: (), RDF.HTML: (),
    RDF.PlainLiteral: (), RDF.langString: (),
}


def literal_types(terms: TermTable) -> Iterator[tuple[int, int]]:
    """(literal id, datatype id) for every dt-type2 typing of known literals."""
    for i in list(terms.literals):
        lit: Literal = terms.decode(i)
        dt = lit.datatype
        if dt is None or dt not in _SUPER:
            continue
        yield i, terms.encode(dt)
        for sup in _SUPER[dt]:
            yield i, terms.encode(sup)
