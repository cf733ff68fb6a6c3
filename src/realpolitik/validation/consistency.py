"""Consistency check: the OWL 2 RL inconsistencies that reasoning found, as findings (check id ``inconsistency``)."""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..inference import Finding as ReasoningFinding
from ..terms import show_term
from ..vocabulary import RPD, shorten
from .findings import Finding
from .inputs import Inputs

_IRI = re.compile(r"<?(https?://[^\s<>\"',;)]+)>?")


def check_consistency(inputs: Inputs) -> list[Finding]:
    """One error per inconsistency, naming the rule and the offending triples."""
    return [_finding(inputs, item) for item in inputs.dataset.findings]


def _finding(inputs: Inputs, item: ReasoningFinding) -> Finding:
    # The rule engine names the triples; owlrl only gives a sentence with full IRIs in it,
    # so the IRIs are shortened and the first entity named is taken as the term concerned.
    message = _IRI.sub(lambda m: shorten(m.group(1)), item.message)
    triples = "; ".join(f"{show_term(t.subject)} {show_term(t.predicate)} {show_term(t.object)}" for t in item.triples)
    named = [t.subject for t in item.triples if isinstance(t.subject, ox.NamedNode)]
    named += [ox.NamedNode(iri) for iri in _IRI.findall(item.message)]
    term = next((n for n in named if n.value.startswith(RPD)), named[0] if named else None)
    text = f"rule {item.rule}: {message}"
    if triples:
        text += f"; triples: {triples}"
    text += "; remove or correct one of the facts involved"
    return Finding("error", "inconsistency", text, show_term(term) if term else "", inputs.locate(term.value) if term else None)
