"""Vocabulary checks: every class and property used in data/ and queries/ is declared in the ontology.

Check ids: ``undeclared-term`` (error) for a class, property or term of our own namespace
that the ontology does not declare, with "did you mean" for a near miss;
``unknown-entity`` (error) for an entity a query names that the graph does not describe;
``unused-term`` (warning) for a term the ontology declares that nothing uses.
"""

from __future__ import annotations

import difflib
import re

import pyoxigraph as ox

from ..files import read_text
from ..findings import Finding
from ..rdf.namespaces import RDFS, RPD, STANDARD_NAMESPACES, shorten
from ..stores import unknown_entity
from .inputs import TYPE, Inputs

_QUERY_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
# One token at a time, so that a '#' inside an <IRI> or a string is not taken for a comment.
_TOKEN = re.compile(
    r"(?P<iri><[^<>\s]*>)"
    r"|(?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\")"
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<name>(?<![\w?$:])(?:[A-Za-z][\w-]*)?:[A-Za-z_][\w-]*(?:\.[\w-]+)*)",
    re.DOTALL,
)
# Annotations and descriptions an ontology term carries: they do not count as using another term.
_ANNOTATIONS = {RDFS + "label", RDFS + "comment", "http://www.w3.org/2004/02/skos/core#definition", RDFS + "isDefinedBy"}


def query_iris(text: str) -> list[str]:
    """The IRIs a SPARQL query's body spells (prefixed names under its own PREFIX lines, and ``<IRI>``s).

    Comments, the ``#+`` header and string literals are left out.
    """
    prefixes = {name or "": namespace for name, namespace in _QUERY_PREFIX.findall(text)}
    body = _QUERY_PREFIX.sub("", text)
    iris = []
    for token in _TOKEN.finditer(body):
        if token.group("iri"):
            iris.append(token.group("iri")[1:-1])
        elif token.group("name"):
            prefix, _, local = token.group("name").partition(":")
            if prefix in prefixes:
                iris.append(prefixes[prefix] + local)
    return iris


def check_vocabulary(inputs: Inputs) -> list[Finding]:
    """Undeclared and unused terms (see the module docstring)."""
    declared = inputs.declared
    own = inputs.own_namespaces
    names = [shorten(iri) for iri in declared]
    findings: list[Finding] = []
    reported: set[str] = set()

    def undeclared(iri: str, role: str, prefer: str) -> None:
        if iri in declared or iri in reported:
            return
        reported.add(iri)
        close = difflib.get_close_matches(shorten(iri), names, n=1, cutoff=0.75)
        hint = f" (did you mean {close[0]}?)" if close else f"; declare it in {inputs.layout.ontology_files[0].name if inputs.layout.ontology_files else 'the ontology'}"
        findings.append(Finding("error", "undeclared-term", f"{role} is not declared in the ontology{hint}", shorten(iri), inputs.locate(iri, prefer)))

    used: set[str] = set()
    for _, quad in inputs.data:
        # Most specific role first, so that a misspelt property is reported as a property.
        if not quad.predicate.value.startswith(STANDARD_NAMESPACES):
            undeclared(quad.predicate.value, "property", "data")
        if quad.predicate == TYPE and isinstance(quad.object, ox.NamedNode) and not quad.object.value.startswith(STANDARD_NAMESPACES):
            undeclared(quad.object.value, "class", "data")
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode):
                used.add(term.value)
                if term.value.startswith(own):
                    undeclared(term.value, "term", "data")

    for path in inputs.query_files:
        for iri in query_iris(read_text(path)):
            used.add(iri)
            if iri.startswith(own):
                undeclared(iri, "term", "queries")
            elif iri.startswith(RPD) and iri not in reported:
                problem = unknown_entity(inputs.store, ox.NamedNode(iri))
                if problem:
                    reported.add(iri)
                    where = inputs.locator.file(path).find(iri)
                    findings.append(Finding("error", "unknown-entity", f"the query names an {problem}", shorten(iri), where))

    for triple in inputs.ontology:
        if triple.predicate.value in _ANNOTATIONS:
            continue
        for term in (triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode) and term != triple.subject:
                used.add(term.value)
    for iri in sorted(set(declared) - used):
        if iri.startswith(own):
            message = "declared but used nowhere (not in data/, queries/ or another axiom): use it, or remove it"
            findings.append(Finding("warning", "unused-term", message, shorten(iri), inputs.locate(iri, "ontology")))
    return findings
