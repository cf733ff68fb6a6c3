"""Terms, class expressions and n-ary facts as people read them, for the command line and the web.

OWL writes a defined class's conditions as blank nodes (a restriction, an intersection,
an RDF list), and a proof that reads them would otherwise print blank-node ids. Here a
blank node becomes its class expression in words, Manchester-style:

    >>> from realpolitik.rdf.namespaces import RP, OWL, RDF
    >>> b = ox.BlankNode("r")
    >>> words = ClassExpressions([
    ...     ox.Triple(b, ox.NamedNode(RDF + "type"), ox.NamedNode(OWL + "Restriction")),
    ...     ox.Triple(b, ox.NamedNode(OWL + "onProperty"), ox.NamedNode(RP + "memberOf")),
    ...     ox.Triple(b, ox.NamedNode(OWL + "hasValue"), ox.NamedNode("https://w3id.org/realpolitik/id/NATO")),
    ... ])
    >>> words.show(b)
    '(rp:memberOf value rpd:NATO)'

An n-ary fact (a purchase with its buyer, seller and item) reads as one sentence, from a
template per class (``SENTENCES``), with any role it lacks left out:

    >>> parts = sentence_parts([RP + "ArmsPurchase", RP + "Purchase"], {RP + "buyer": ["Turkey"], RP + "seller": ["Russia"], RP + "item": ["S-400"]})
    >>> "".join(text for text, _ in parts)
    'Turkey bought S-400 from Russia'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import pyoxigraph as ox

from ..rdf.namespaces import OWL, RDF, RP
from ..rdf.terms import show_term

_FIRST, _REST, _NIL = RDF + "first", RDF + "rest", RDF + "nil"
# Restriction properties and the word between the property and its filler.
_RESTRICTIONS = {
    OWL + "someValuesFrom": "some",
    OWL + "allValuesFrom": "only",
    OWL + "hasValue": "value",
    OWL + "minCardinality": "min",
    OWL + "maxCardinality": "max",
    OWL + "cardinality": "exactly",
    OWL + "minQualifiedCardinality": "min",
    OWL + "maxQualifiedCardinality": "max",
    OWL + "qualifiedCardinality": "exactly",
}
_CONNECTIVES = {OWL + "intersectionOf": " and ", OWL + "unionOf": " or "}


def show_plain(term: object) -> str:
    """A term as the command line shows it in a proof: prefixed names, literals in N-Triples form."""
    return str(term) if isinstance(term, ox.Literal) else show_term(term)


class ClassExpressions:
    """Names for terms, with blank nodes written as the class expressions or lists they are.

    ``triples`` are the ontology's triples (where the blank nodes are described);
    ``name`` shows a named term (default: prefixed name).
    """

    def __init__(self, triples: Iterable[ox.Triple], name: Callable[[Any], str] = show_plain) -> None:
        self.name = name
        self._about: dict[Any, dict[str, list[Any]]] = {}
        for triple in triples:
            if isinstance(triple.subject, ox.BlankNode):
                self._about.setdefault(triple.subject, {}).setdefault(triple.predicate.value, []).append(triple.object)

    def show(self, term: Any) -> str:
        """The term's name, or for a blank node the class expression or list it stands for."""
        return self._show(term, 0)

    __call__ = show

    def _show(self, term: Any, depth: int) -> str:
        if not isinstance(term, ox.BlankNode) or depth > 8:
            return self.name(term)
        about = self._about.get(term)
        if not about:
            return "an anonymous node"
        members = self.list_members(term)
        if members is not None:
            return "(" + ", ".join(self._show(m, depth + 1) for m in members) + ")"
        for predicate, connective in _CONNECTIVES.items():
            if predicate in about:
                items = self.list_members(about[predicate][0]) or []
                return "(" + connective.join(self._show(m, depth + 1) for m in items) + ")"
        if OWL + "complementOf" in about:
            return f"(not {self._show(about[OWL + 'complementOf'][0], depth + 1)})"
        if OWL + "oneOf" in about:
            items = self.list_members(about[OWL + "oneOf"][0]) or []
            return "{" + ", ".join(self._show(m, depth + 1) for m in items) + "}"
        if OWL + "inverseOf" in about:
            return f"inverse({self._show(about[OWL + 'inverseOf'][0], depth + 1)})"
        if OWL + "onProperty" in about:
            on = self._show(about[OWL + "onProperty"][0], depth + 1)
            for predicate, word in _RESTRICTIONS.items():
                if predicate in about:
                    filler = about[predicate][0]
                    if word in ("min", "max", "exactly"):
                        number = filler.value if isinstance(filler, ox.Literal) else self._show(filler, depth + 1)
                        qualified = about.get(OWL + "onClass")
                        tail = f" {self._show(qualified[0], depth + 1)}" if qualified else ""
                        return f"({on} {word} {number}{tail})"
                    return f"({on} {word} {self._show(filler, depth + 1)})"
            return f"(a restriction on {on})"
        return "an anonymous node"

    def list_members(self, node: Any) -> list[Any] | None:
        """The items of the RDF list starting at ``node``, or None when it is not a list."""
        items: list[Any] = []
        seen: set[Any] = set()
        while isinstance(node, ox.BlankNode) and node not in seen:
            seen.add(node)
            about = self._about.get(node, {})
            if _FIRST not in about or _REST not in about:
                return None
            items.append(about[_FIRST][0])
            node = about[_REST][0]
        return items if isinstance(node, ox.NamedNode) and node.value == _NIL else None


# One sentence per kind of n-ary fact: {role} is the value(s) of the property rp:role,
# {label} the node's own label; a part in [brackets] is left out when a role in it is missing.
SENTENCES: dict[str, str] = {
    RP + "Purchase": "{buyer} bought {item}[ from {seller}]",
    RP + "Criticism": "{critic} criticised {criticised}[ for {criticisedFor}][ (expressed in {expressedIn})]",
    RP + "Invasion": "{aggressor} invaded {invadedState}",
    RP + "Mediation": "{mediator} mediates[ between {mediationParty}][ in the context of {inContextOf}]",
    RP + "PaymentArrangement": "{payer} pays {payee}[ for {paysFor}][ in {paymentCurrency}]",
    RP + "Partnership": "{partner} is a partner for {partnerFor}",
    RP + "SanctionsRegime": "{imposedBy} impose {label}[ on {target}]",
    RP + "Invitation": "{performedBy} invited {invitee}[ to {aimsAt}]",
    RP + "EconomicEngagement": "{performedBy} engages economically with {counterpart}",
    RP + "AirspaceNonClosure": "{performedBy} kept its airspace open to {aircraftOf}",
    RP + "PipelineProject": "{label}, led by {leadParty},[ carries {transports}][ to {deliversTo}][, bypassing {routeBypasses}]",
    RP + "CitizenshipScheme": "{pursuedBy} pursues {label}[, which poses {poses}]",
    RP + "SanctionsNonAlignmentPolicy": "{pursuedBy} does not align with {nonAlignmentWith}",
    RP + "Escalation": "{label} between {escalationParty}",
    RP + "BilateralMeeting": "{participant} met[; the meeting accelerates {accelerates}]",
    RP + "CustomsUnion": "{hasParty} form {label}",
    RP + "SanctionsLaw": "{label}, enacted by {enactedBy},[ provides for {providesFor}]",
}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_PART = re.compile(r"\[([^\]]*)\]|([^\[]+)")

T = TypeVar("T")


def sentence_template(types: Iterable[str]) -> str | None:
    """The sentence template of the first of ``types`` (class IRIs, most specific first) that has one."""
    for kind in types:
        if kind in SENTENCES:
            return SENTENCES[kind]
    return None


def sentence_parts(types: Sequence[str], roles: dict[str, list[T]], label: T | None = None) -> list[tuple[str, T | None]]:
    """The n-ary fact as a sentence: a list of (text, value) pieces, value None for plain words.

    ``types`` are the node's class IRIs, asserted and inferred (the first with a template
    wins, so put the most specific first), ``roles``
    maps property IRIs to the values (of any kind: labels, terms) they hold, ``label`` is
    the node's own. Returns [] when no template fits or a required role is missing.
    """
    template = sentence_template(types)
    if template is None:
        return []
    values = {iri[len(RP):]: items for iri, items in roles.items() if iri.startswith(RP) and items}
    if label is not None:
        values["label"] = [label]
    pieces: list[tuple[str, T | None]] = []
    for match in _PART.finditer(template):
        optional, required = match.group(1), match.group(2)
        text = optional if optional is not None else required
        names = _PLACEHOLDER.findall(text)
        if any(name not in values for name in names):
            if optional is not None:
                continue
            return []
        position = 0
        for placeholder in _PLACEHOLDER.finditer(text):
            if placeholder.start() > position:
                pieces.append((text[position:placeholder.start()], None))
            items = values[placeholder.group(1)]
            for index, item in enumerate(items):
                if index:
                    pieces.append((" and " if index == len(items) - 1 else ", ", None))
                pieces.append(("", item))
            position = placeholder.end()
        if position < len(text):
            pieces.append((text[position:], None))
    return [(text, value) if value is None else (_text_of(value), value) for text, value in pieces]


def _text_of(value: Any) -> str:
    if isinstance(value, str):
        return value
    return show_term(value)


# What each OWL 2 RL rule a proof names does, in a few words (the W3C's rule ids).
RULES: dict[str, str] = {
    "asserted": "stated in the data",
    "prp-dom": "domain of the property",
    "prp-rng": "range of the property",
    "prp-symp": "the property is symmetric",
    "prp-trp": "the property is transitive",
    "prp-spo1": "sub-property",
    "prp-spo2": "property chain",
    "prp-eqp1": "equivalent property",
    "prp-eqp2": "equivalent property",
    "prp-inv1": "inverse property",
    "prp-inv2": "inverse property",
    "prp-fp": "functional property",
    "prp-ifp": "inverse-functional property",
    "cax-sco": "sub-class",
    "cax-eqc1": "equivalent class",
    "cax-eqc2": "equivalent class",
    "cls-int1": "member of every class of an intersection",
    "cls-int2": "intersection member",
    "cls-uni": "union member",
    "cls-svf1": "has a value of the class (someValuesFrom)",
    "cls-svf2": "has some value (someValuesFrom owl:Thing)",
    "cls-avf": "all values from",
    "cls-hv1": "has the value (hasValue)",
    "cls-hv2": "has the value (hasValue)",
    "eq-sym": "sameAs is symmetric",
    "eq-trans": "sameAs is transitive",
    "eq-rep-s": "same individual",
    "eq-rep-p": "same property",
    "eq-rep-o": "same individual",
    "scm-sco": "sub-class is transitive",
    "scm-eqc1": "equivalent classes are sub-classes of each other",
    "scm-eqc2": "mutual sub-classes are equivalent",
    "scm-spo": "sub-property is transitive",
    "scm-eqp1": "equivalent properties are sub-properties of each other",
    "scm-eqp2": "mutual sub-properties are equivalent",
    "scm-dom1": "domain of a sub-class",
    "scm-dom2": "domain of a super-property",
    "scm-rng1": "range of a sub-class",
    "scm-rng2": "range of a super-property",
    "scm-cls": "every class is a sub-class of itself and of owl:Thing",
    "scm-op": "every property is a sub-property of itself",
}


def rule_words(rule: str) -> str:
    """What an OWL 2 RL rule does, in a few words (the id itself when it is not listed)."""
    return RULES.get(rule, rule)
