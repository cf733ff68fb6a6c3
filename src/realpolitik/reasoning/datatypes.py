"""The OWL 2 RL datatype map: lexical form to value, value-space membership.

The engine decides datatype questions itself, from a literal's lexical form
and datatype IRI, never from how a parser happened to rewrite the literal.
:func:`value_of` maps a literal to a hashable *value key*: two literals
denote the same data value exactly when their keys are equal (dt-eq), and
different values when both have keys and the keys differ (dt-diff).
:func:`member_types` lists every datatype of the map whose value space holds
a value, which gives dt-type2 by value space (``"5"^^xsd:integer`` is also an
``xsd:byte``) and dt-not-type (a literal typed with a datatype whose value
space does not hold it).

Value spaces follow the OWL 2 Structural Specification, section 4:

* numbers: xsd:integer and its subtypes (by range) within xsd:decimal within
  owl:rational within owl:real, all one space (keys are exact ``int`` or
  ``Fraction``); xsd:double and xsd:float are two further spaces, disjoint
  from it and from each other, in which +0 and -0 are distinct values and
  NaN equals itself (identity, as the W3C test "Plus and Minus Zero are
  Distinct" requires).  OWL 2 RL's datatype list leaves owl:real and
  owl:rational out; they are mapped here anyway (``"1/3"^^owl:rational``),
  which only adds sound typings.
* strings: xsd:string and its derived types share the value space of
  strings; rdf:PlainLiteral holds strings and (string, language) pairs.
* xsd:boolean, xsd:hexBinary, xsd:base64Binary, xsd:anyURI, xsd:dateTime
  (with or without timezone; values with a timezone compare on the time
  line) and xsd:dateTimeStamp (those with a timezone), rdf:XMLLiteral (the
  lexical form, not canonicalised).
* rdfs:Literal holds every value.

``value_of`` returns :data:`INVALID` for a lexical form outside its
datatype's lexical space (an ill-typed literal) and None for a datatype
outside the map, about which nothing is concluded.
"""

from __future__ import annotations

import binascii
import math
import re
import struct
from collections.abc import Hashable
from fractions import Fraction

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"

INVALID: Hashable = ("invalid",)
"""Value key of an ill-typed literal."""

# Integer subtypes: (IRI, lowest, highest), None for unbounded.
_INTEGER_RANGES: tuple[tuple[str, int | None, int | None], ...] = (
    (XSD + "integer", None, None),
    (XSD + "nonNegativeInteger", 0, None),
    (XSD + "nonPositiveInteger", None, 0),
    (XSD + "positiveInteger", 1, None),
    (XSD + "negativeInteger", None, -1),
    (XSD + "long", -2**63, 2**63 - 1),
    (XSD + "int", -2**31, 2**31 - 1),
    (XSD + "short", -2**15, 2**15 - 1),
    (XSD + "byte", -2**7, 2**7 - 1),
    (XSD + "unsignedLong", 0, 2**64 - 1),
    (XSD + "unsignedInt", 0, 2**32 - 1),
    (XSD + "unsignedShort", 0, 2**16 - 1),
    (XSD + "unsignedByte", 0, 2**8 - 1),
)
_INTEGER_TYPES = {iri: (low, high) for iri, low, high in _INTEGER_RANGES}
_STRING_TYPES = tuple(XSD + name for name in (
    "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN"))

DATATYPES: tuple[str, ...] = (
    (RDFS + "Literal", RDF + "PlainLiteral", RDF + "XMLLiteral", OWL + "real",
     OWL + "rational", XSD + "decimal")
    + tuple(iri for iri, _, _ in _INTEGER_RANGES)
    + (XSD + "double", XSD + "float")
    + _STRING_TYPES
    + (XSD + "boolean", XSD + "hexBinary", XSD + "base64Binary", XSD + "anyURI",
       XSD + "dateTime", XSD + "dateTimeStamp")
)
"""Every datatype IRI of the map (the subjects of dt-type1)."""
DATATYPE_SET = frozenset(DATATYPES)

_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\Z")
_RATIONAL = re.compile(r"([+-]?[0-9]+)/([0-9]+)\Z")
_FLOAT = re.compile(r"([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN)\Z")
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\Z")
_NAME_START = r"A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF" \
    r"\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
_NAME_CHAR = _NAME_START + r"\-.0-9\u00B7\u0300-\u036F\u203F-\u2040"
_NAME = re.compile(f"[{_NAME_START}][{_NAME_CHAR}]*\\Z")
_NMTOKEN = re.compile(f"[{_NAME_CHAR}]+\\Z")
_DATETIME = re.compile(
    r"(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?\Z")
_HEX = re.compile(r"([0-9a-fA-F]{2})*\Z")
_BASE64 = re.compile(r"[A-Za-z0-9+/= ]*\Z")


def value_of(lexical: str, datatype: str, language: str | None) -> Hashable | None:
    """The value key of a literal; :data:`INVALID` if ill-typed; None outside the map."""
    if language:
        return ("plain", lexical, language.lower())
    if datatype in _INTEGER_TYPES:
        if not _INTEGER.match(lexical):
            return INVALID
        n = int(lexical)
        low, high = _INTEGER_TYPES[datatype]
        if (low is not None and n < low) or (high is not None and n > high):
            return INVALID
        return ("num", n)
    if datatype in _STRING_TYPES:
        return ("plain", lexical, None) if _string_ok(lexical, datatype) else INVALID
    parse = _PARSERS.get(datatype)
    if parse is None:
        return None
    try:
        return parse(lexical)
    except (ValueError, OverflowError, binascii.Error, struct.error):
        return INVALID


def _string_ok(s: str, datatype: str) -> bool:
    name = datatype[len(XSD):]
    if name == "string":
        return True
    if "\r" in s or "\n" in s or "\t" in s:
        return False
    if name == "normalizedString":
        return True
    if s != " ".join(s.split(" ")).strip(" ") or "  " in s:
        return False
    if name == "token":
        return True
    if name == "language":
        return bool(_LANGUAGE.match(s))
    if name == "NMTOKEN":
        return bool(_NMTOKEN.match(s))
    if name == "Name":
        return bool(_NAME.match(s))
    return bool(_NAME.match(s)) and ":" not in s  # NCName


def _number(q: Fraction) -> Hashable:
    return ("num", q.numerator if q.denominator == 1 else q)


def _decimal(s: str) -> Hashable:
    if not _DECIMAL.match(s):
        raise ValueError(s)
    return _number(Fraction(s if s.lstrip("+-")[:1] != "." else s.replace(".", "0.", 1)))


def _rational(s: str) -> Hashable:
    m = _RATIONAL.match(s)
    if not m or int(m.group(2)) == 0:
        raise ValueError(s)
    return _number(Fraction(int(m.group(1)), int(m.group(2))))


def _floating(space: str, s: str) -> Hashable:
    if not _FLOAT.match(s):
        raise ValueError(s)
    v = float(s.replace("INF", "inf"))
    if space == "float" and math.isfinite(v):
        v = struct.unpack("f", struct.pack("f", v))[0]
    if math.isnan(v):
        return (space, "NaN")
    return (space, v, math.copysign(1.0, v) < 0)


def _boolean(s: str) -> Hashable:
    if s in ("true", "1"):
        return ("bool", True)
    if s in ("false", "0"):
        return ("bool", False)
    raise ValueError(s)


def _hex(s: str) -> Hashable:
    if not _HEX.match(s):
        raise ValueError(s)
    return ("hex", bytes.fromhex(s))


def _base64(s: str) -> Hashable:
    if not _BASE64.match(s):
        raise ValueError(s)
    return ("base64", binascii.a2b_base64(s.replace(" ", "").encode(), strict_mode=True))


def _days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 in the proleptic Gregorian calendar (any year)."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _date_time(s: str, stamp: bool = False) -> Hashable:
    m = _DATETIME.match(s)
    if not m:
        raise ValueError(s)
    year_text, mo, d, h, mi, sec = m.group(1, 2, 3, 4, 5, 6)
    year = int(year_text)
    if len(year_text.lstrip("-")) > 4 and year_text.lstrip("-")[0] == "0":
        raise ValueError(s)
    month, day, hour, minute = int(mo), int(d), int(h), int(mi)
    second = Fraction(sec + (m.group(7) or ""))
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days_in = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    if not 1 <= month <= 12 or not 1 <= day <= days_in[month - 1]:
        raise ValueError(s)
    if hour == 24:
        if minute or second:
            raise ValueError(s)
    elif hour > 23 or minute > 59 or second >= 60:
        raise ValueError(s)
    # XSD 1.1 counts years astronomically: 0000 is 1 BCE.
    t = (_days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60
         + second)
    zone = m.group(8)
    if zone is None:
        if stamp:
            raise ValueError(s)
        return ("dateTime", t, False)
    if zone != "Z":
        zh, zm = int(zone[1:3]), int(zone[4:6])
        if zm > 59 or zh * 60 + zm > 14 * 60:
            raise ValueError(s)
        offset = (zh * 3600 + zm * 60) * (1 if zone[0] == "+" else -1)
        t -= offset
    return ("dateTime", t, True)


def _plain_literal(s: str) -> Hashable:
    text, at, lang = s.rpartition("@")
    if not at:
        raise ValueError(s)
    if not lang:
        return ("plain", text, None)
    if not _LANGUAGE.match(lang):
        raise ValueError(s)
    return ("plain", text, lang.lower())


def _no_lexical_form(s: str) -> Hashable:
    raise ValueError(f"no lexical form: {s}")  # owl:real and rdfs:Literal have none


def _any_uri(s: str) -> Hashable:
    return ("anyURI", " ".join(s.split()))


_PARSERS = {
    XSD + "decimal": _decimal,
    OWL + "rational": _rational,
    XSD + "double": lambda s: _floating("double", s),
    XSD + "float": lambda s: _floating("float", s),
    XSD + "boolean": _boolean,
    XSD + "hexBinary": _hex,
    XSD + "base64Binary": _base64,
    XSD + "anyURI": _any_uri,
    XSD + "dateTime": _date_time,
    XSD + "dateTimeStamp": lambda s: _date_time(s, stamp=True),
    RDF + "PlainLiteral": _plain_literal,
    RDF + "XMLLiteral": lambda s: ("XMLLiteral", s),
    RDFS + "Literal": _no_lexical_form,
    OWL + "real": _no_lexical_form,
}


def member_types(key: Hashable) -> tuple[str, ...]:
    """Every datatype of the map whose value space holds the value ``key``."""
    if key is INVALID or not isinstance(key, tuple):
        return ()
    space = key[0]
    out: list[str] = [RDFS + "Literal"]
    if space == "num":
        out += (OWL + "real", OWL + "rational")
        v = key[1]
        if isinstance(v, int):
            out.append(XSD + "decimal")
            out += [iri for iri, low, high in _INTEGER_RANGES
                    if (low is None or v >= low) and (high is None or v <= high)]
        elif _is_decimal(v):
            out.append(XSD + "decimal")
    elif space == "plain":
        out.append(RDF + "PlainLiteral")
        if key[2] is None:
            s = key[1]
            out += [iri for iri in _STRING_TYPES if _string_ok(s, iri)]
    elif space in ("double", "float", "boolean", "hexBinary", "base64Binary", "anyURI",
                   "XMLLiteral"):
        out.append((RDF if space == "XMLLiteral" else XSD) + space)
    elif space == "bool":
        out.append(XSD + "boolean")
    elif space == "hex":
        out.append(XSD + "hexBinary")
    elif space == "base64":
        out.append(XSD + "base64Binary")
    elif space == "dateTime":
        out.append(XSD + "dateTime")
        if key[2]:
            out.append(XSD + "dateTimeStamp")
    return tuple(out)


def _is_decimal(q: Fraction) -> bool:
    """True when the rational ``q`` has a finite decimal expansion."""
    d = q.denominator
    for prime in (2, 5):
        while d % prime == 0:
            d //= prime
    return d == 1


ANNOTATION_PROPERTIES: tuple[str, ...] = (
    RDFS + "label", RDFS + "comment", RDFS + "seeAlso", RDFS + "isDefinedBy",
    OWL + "deprecated", OWL + "versionInfo", OWL + "priorVersion",
    OWL + "backwardCompatibleWith", OWL + "incompatibleWith")
"""The subjects of prp-ap (OWL 2 RL, table 5)."""
