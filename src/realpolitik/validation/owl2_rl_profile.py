"""The OWL 2 RL profile: whether an ontology's axioms keep to its syntactic restrictions.

OWL 2 RL (W3C OWL 2 Web Ontology Language Profiles, section 4.2) allows each kind of
class expression only in some places: existentials (someValuesFrom), unions and
enumerations (oneOf) only as subclasses; universals (allValuesFrom), complements and
max cardinality 0 or 1 only as superclasses (and so as domains, ranges and types);
equivalent classes only intersections, hasValue restrictions and named classes; no min
or exact cardinality, no hasSelf, no disjoint unions, no reflexive properties, no data
range complements, enumerations or facet restrictions. Rule engines are only complete
for ontologies inside the profile, so the test suite asserts that ours stays there:

    >>> from realpolitik.kg import Layout
    >>> owl2_rl_violations(Layout.at())
    []
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import display_path
from ..files import read_text
from ..findings import Finding, Location
from ..kg import Layout
from ..rdf.formats import parse_file
from ..rdf.namespaces import OWL, RDF, RDFS, XSD
from ..rdf.terms import QuadTerm, show_term
from .locate import SourceFile

CHECK_ID = "owl2-rl-profile"
_SECTION = "OWL 2 Profiles §4.2"
_PLACES = {
    "sub": "a subclass (the left of SubClassOf, a disjoint class, a key's class)",
    "super": "a superclass (the right of SubClassOf, a domain, a range, an individual's type)",
    "equiv": "an equivalent class",
}
_ALLOWED = {
    OWL + "someValuesFrom": {"sub"},
    OWL + "unionOf": {"sub"},
    OWL + "oneOf": {"sub"},
    OWL + "allValuesFrom": {"super"},
    OWL + "complementOf": {"super"},
    OWL + "maxCardinality": {"super"},
    OWL + "maxQualifiedCardinality": {"super"},
    OWL + "intersectionOf": {"sub", "super", "equiv"},
    OWL + "hasValue": {"sub", "super", "equiv"},
}
_NEVER = {
    OWL + "minCardinality": "min cardinality",
    OWL + "cardinality": "exact cardinality",
    OWL + "minQualifiedCardinality": "min cardinality",
    OWL + "qualifiedCardinality": "exact cardinality",
    OWL + "hasSelf": "hasSelf",
    OWL + "disjointUnionOf": "DisjointUnion",
    OWL + "datatypeComplementOf": "a data range complement",
    OWL + "withRestrictions": "a datatype facet restriction",
}
_NAMES = {
    OWL + "someValuesFrom": "ObjectSomeValuesFrom",
    OWL + "allValuesFrom": "ObjectAllValuesFrom",
    OWL + "hasValue": "ObjectHasValue",
    OWL + "maxCardinality": "ObjectMaxCardinality",
    OWL + "maxQualifiedCardinality": "ObjectMaxCardinality",
    OWL + "minCardinality": "ObjectMinCardinality",
    OWL + "minQualifiedCardinality": "ObjectMinCardinality",
    OWL + "cardinality": "ObjectExactCardinality",
    OWL + "qualifiedCardinality": "ObjectExactCardinality",
    OWL + "hasSelf": "ObjectHasSelf",
    OWL + "intersectionOf": "ObjectIntersectionOf",
    OWL + "unionOf": "ObjectUnionOf",
    OWL + "complementOf": "ObjectComplementOf",
    OWL + "oneOf": "ObjectOneOf",
}
_AXIOMS = {RDFS + "subClassOf": "SubClassOf", OWL + "equivalentClass": "EquivalentClasses", OWL + "disjointWith": "DisjointClasses",
           RDFS + "domain": "Domain", RDFS + "range": "Range", OWL + "hasKey": "HasKey", RDF + "type": "ClassAssertion"}
_THING = OWL + "Thing"


@dataclass(frozen=True)
class Violation:
    """One axiom outside OWL 2 RL: the axiom in functional-style syntax, why, and the construct at fault."""

    axiom: str
    reason: str
    term: ox.NamedNode | None
    construct: str


def owl2_rl_violations(layout: Layout) -> list[Finding]:
    """Findings (check id ``owl2-rl-profile``, severity error) for each ontology axiom outside OWL 2 RL.

    Raises InputError when an ontology file does not parse.
    """
    findings = []
    for path in layout.ontology_files:
        lines = read_text(path).splitlines()
        for violation in check_profile(q.triple for q in parse_file(path)):
            where = _locate(path, lines, violation)
            message = f"{violation.axiom}: {violation.reason} ({_SECTION})"
            findings.append(Finding("error", CHECK_ID, message, show_term(violation.term) if violation.term else "", where))
    return findings


def check_profile(triples: Iterable[ox.Triple]) -> list[Violation]:
    """The violations of OWL 2 RL's syntactic restrictions among ``triples`` (one ontology's)."""
    return _Profile(list(triples)).violations()


class _Profile:
    def __init__(self, triples: list[ox.Triple]) -> None:
        self.triples = triples
        self.about: dict[QuadTerm, dict[str, list[QuadTerm]]] = defaultdict(lambda: defaultdict(list))
        for triple in triples:
            self.about[triple.subject][triple.predicate.value].append(triple.object)

    def one(self, node: QuadTerm, predicate: str) -> QuadTerm | None:
        values = self.about.get(node, {}).get(predicate)
        return values[0] if values else None

    def members(self, node: QuadTerm | None) -> list[QuadTerm]:
        items, seen = [], set()
        while node is not None and node != ox.NamedNode(RDF + "nil") and node not in seen:
            seen.add(node)
            first = self.one(node, RDF + "first")
            if first is not None:
                items.append(first)
            node = self.one(node, RDF + "rest")
        return items

    def render(self, node: QuadTerm | None) -> str:
        if node is None:
            return "?"
        if not isinstance(node, ox.BlankNode):
            return show_term(node) if not isinstance(node, ox.Literal) else node.value
        about = self.about.get(node, {})
        for predicate in (OWL + "intersectionOf", OWL + "unionOf", OWL + "oneOf"):
            if predicate in about:
                return f"{_NAMES[predicate]}({' '.join(self.render(m) for m in self.members(about[predicate][0]))})"
        if OWL + "complementOf" in about:
            return f"ObjectComplementOf({self.render(about[OWL + 'complementOf'][0])})"
        prop = self.render(self.one(node, OWL + "onProperty"))
        for predicate, name in _NAMES.items():
            if predicate in about:
                value = self.render(about[predicate][0])
                on_class = self.one(node, OWL + "onClass")
                if "Cardinality" in name:
                    return f"{name}({value} {prop}{' ' + self.render(on_class) if on_class is not None else ''})"
                return f"{name}({prop} {value})"
        return "_:" + node.value

    def why_not(self, node: QuadTerm | None, place: str) -> tuple[str, str] | None:
        """(reason, construct IRI) when ``node`` is not allowed as a class expression in ``place``."""
        if node is None or isinstance(node, ox.Literal):
            return None
        if isinstance(node, ox.NamedNode):
            if node.value == _THING:
                return f"owl:Thing is not allowed as {_PLACES[place]} in OWL 2 RL", _THING
            return None
        about = self.about.get(node, {})
        for predicate, description in _NEVER.items():
            if predicate in about:
                return f"{description} is not allowed anywhere in OWL 2 RL", predicate
        for predicate, places in _ALLOWED.items():
            if predicate not in about:
                continue
            name = _NAMES[predicate]
            if place not in places:
                allowed = " or ".join(_PLACES[p].split(" (")[0] for p in sorted(places))
                return f"{name} is allowed in OWL 2 RL only as {allowed}, not as {_PLACES[place]}", predicate
            if predicate in (OWL + "maxCardinality", OWL + "maxQualifiedCardinality"):
                value = about[predicate][0]
                if not (isinstance(value, ox.Literal) and value.value.strip() in ("0", "1")):
                    return f"{name} is allowed in OWL 2 RL only with 0 or 1, not {self.render(value)}", predicate
                return self.why_not_filler(self.one(node, OWL + "onClass"), "sub")
            if predicate in (OWL + "intersectionOf",):
                for member in self.members(about[predicate][0]):
                    problem = self.why_not(member, place)
                    if problem:
                        return problem
            if predicate == OWL + "unionOf":
                for member in self.members(about[predicate][0]):
                    problem = self.why_not(member, "sub")
                    if problem:
                        return problem
            if predicate == OWL + "oneOf" and any(isinstance(m, ox.Literal) for m in self.members(about[predicate][0])):
                return "DataOneOf (an enumeration of literals) is not allowed in OWL 2 RL", predicate
            if predicate == OWL + "complementOf":
                return self.why_not_filler(about[predicate][0], "sub")
            if predicate == OWL + "someValuesFrom":
                return self.why_not_filler(about[predicate][0], "sub")
            if predicate == OWL + "allValuesFrom":
                return self.why_not_filler(about[predicate][0], "super")
        return None

    def why_not_filler(self, node: QuadTerm | None, place: str) -> tuple[str, str] | None:
        # A restriction's filler may be owl:Thing or a datatype where a named class would do.
        if isinstance(node, ox.NamedNode) and (node.value == _THING or node.value.startswith(XSD) or node.value == RDFS + "Literal"):
            return None
        return self.why_not(node, place)

    def violations(self) -> list[Violation]:
        found: list[Violation] = []

        def report(axiom: str, problem: tuple[str, str] | None, *terms: QuadTerm) -> None:
            if problem:
                term = next((t for t in terms if isinstance(t, ox.NamedNode) and not t.value.startswith(OWL)), None)
                found.append(Violation(axiom, problem[0], term, problem[1]))

        for triple in self.triples:
            s, p, o = triple.subject, triple.predicate.value, triple.object
            axiom = f"{_AXIOMS.get(p, show_term(triple.predicate))}({self.render(s)} {self.render(o)})"
            if p == RDFS + "subClassOf":
                report(axiom, self.why_not(s, "sub") or self.why_not(o, "super"), s, o, *self.named_inside(s), *self.named_inside(o))
            elif p == OWL + "equivalentClass":
                report(axiom, self.why_not(s, "equiv") or self.why_not(o, "equiv"), s, o, *self.named_inside(o))
            elif p == OWL + "disjointWith":
                report(axiom, self.why_not(s, "sub") or self.why_not(o, "sub"), s, o)
            elif p in (RDFS + "domain", RDFS + "range"):
                if not (isinstance(o, ox.NamedNode) and (o.value.startswith(XSD) or o.value == RDFS + "Literal")):
                    report(axiom, self.why_not(o, "super"), s, *self.named_inside(o))
            elif p == OWL + "hasKey":
                report(f"HasKey({self.render(s)} …)", self.why_not(s, "sub"), s)
            elif p == OWL + "disjointUnionOf":
                report(f"DisjointUnion({self.render(s)} …)", ("DisjointUnion is not allowed anywhere in OWL 2 RL", p), s)
            elif p == OWL + "members" and self.one(s, RDF + "type") == ox.NamedNode(OWL + "AllDisjointClasses"):
                members = self.members(o)
                for member in members:
                    problem = self.why_not(member, "sub")
                    if problem:
                        report(f"DisjointClasses({' '.join(self.render(m) for m in members)})", problem, *members)
            elif p == RDF + "type" and o == ox.NamedNode(OWL + "ReflexiveProperty"):
                report(f"ReflexiveObjectProperty({self.render(s)})", ("reflexive properties are not allowed in OWL 2 RL", OWL + "ReflexiveProperty"), s)
            elif p == RDF + "type" and isinstance(o, ox.BlankNode) and not isinstance(s, ox.BlankNode):
                report(axiom, self.why_not(o, "super"), s, *self.named_inside(o))
        return found

    def named_inside(self, node: QuadTerm) -> list[ox.NamedNode]:
        """Named classes and properties inside a class expression, outermost first."""
        if isinstance(node, ox.NamedNode):
            return [node]
        named: list[ox.NamedNode] = []
        for predicate, values in self.about.get(node, {}).items():
            for value in values:
                if predicate in (OWL + "intersectionOf", OWL + "unionOf", OWL + "oneOf"):
                    for member in self.members(value):
                        named.extend(self.named_inside(member))
                elif isinstance(value, ox.NamedNode) and not value.value.startswith((OWL, RDF)):
                    named.append(value)
                elif isinstance(value, ox.BlankNode):
                    named.extend(self.named_inside(value))
        return named


def _locate(path: Path, lines: list[str], violation: Violation) -> Location:
    """The line of the offending construct nearest the line that names the axiom's term."""
    source = SourceFile(path)
    anchor = source.find(violation.term.value) if violation.term else None
    construct_lines = []
    for spelling in source.spellings(violation.construct):
        construct_lines += [number for number, line in enumerate(lines, start=1) if spelling in line and not line.lstrip().startswith("#")]
    if construct_lines:
        near = anchor.line if anchor and anchor.line else 0
        following = [n for n in construct_lines if n >= near]
        line = min(following) if following else max(construct_lines)
        return Location(display_path(path), line)
    return anchor or Location(display_path(path))
