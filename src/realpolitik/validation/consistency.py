"""Consistency check: the OWL 2 RL inconsistencies that reasoning found, as findings (check id ``inconsistency``).

When the proof of an inconsistency rests on claims quoted from two or more sources, the
finding names each source with the records and quotes involved: two sources contradict
each other, and each source's perspective (``source:NAME``) still answers on its own.
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox

from ..findings import Finding
from ..rdf.namespaces import RPD, shorten
from ..rdf.terms import show_term
from .inputs import Inputs

_IRI = re.compile(r"<?(https?://[^\s<>\"',;)]+)>?")


def check_consistency(inputs: Inputs) -> list[Finding]:
    """One error per inconsistency, naming the rule and the offending triples (and the sources, when several contradict each other)."""
    findings = [_finding(inputs, item) for item in inputs.store.findings]
    if not findings:
        return findings
    from ..explanations import Explainer

    explainer = Explainer(inputs.store)
    return [finding._replace(message=finding.message + _sources_behind(explainer, item)) for finding, item in zip(findings, inputs.store.findings, strict=True)]


def _sources_behind(explainer: Any, item: Finding) -> str:
    """``; sources contradict each other: src:a (ev:x "…") and src:b (ev:y "…")`` when the
    proofs of the finding's triples rest on records quoting two or more sources, else ``""``."""
    quoted: dict[str, dict[str, str]] = {}
    for triple in item.triples:
        if not isinstance(triple, ox.Triple):
            continue
        explanation = explainer.explain(triple)
        for leaf in explanation.proof.leaves() if explanation.proof is not None else ():
            fact = ox.Triple(*leaf.triple)
            if explainer.is_axiom(fact):
                continue
            for record in explainer.records_for(fact):
                for source in record.sources:
                    quoted.setdefault(source, {})[record.iri] = record.quote or ""
    if len(quoted) < 2:
        return ""
    parts = []
    for source, records in sorted(quoted.items()):
        cited = ", ".join(f"{shorten(iri)} \"{_short(quote)}\"" for iri, quote in sorted(records.items()))
        parts.append(f"{shorten(source)} ({cited})")
    return "; sources contradict each other: " + " and ".join(parts)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _finding(inputs: Inputs, item: Finding) -> Finding:
    # The rule engine names the triples; owlrl only gives a sentence with full IRIs in it,
    # so the IRIs are shortened and the first entity named is taken as the term concerned.
    message = _IRI.sub(lambda m: shorten(m.group(1)), item.message)
    triples = [tuple(_parts(triple)) for triple in item.triples]
    named = [iri for triple in triples for kind, iri in triple[:1] if kind == "iri"]
    named += _IRI.findall(item.message)
    named += [iri for triple in triples for kind, iri in triple[1:] if kind == "iri"]
    term = next((iri for iri in named if iri.startswith(RPD)), named[0] if named else None)
    text = f"rule {item.rule}: {message}"
    if triples:
        text += "; triples: " + "; ".join(" ".join(_show(kind, value) for kind, value in triple) for triple in triples)
    text += "; remove or correct one of the facts involved"
    return item._replace(message=text, term=shorten(term) if term else "", location=inputs.locate(term) if term else None)


def _parts(triple: Any) -> list[tuple[str, str]]:
    """(kind, value) for each term of a triple, whether pyoxigraph's or a tuple of rdflib terms."""
    terms = (triple.subject, triple.predicate, triple.object) if isinstance(triple, ox.Triple) else tuple(triple)
    return [_part(term) for term in terms]


def _part(term: Any) -> tuple[str, str]:
    if isinstance(term, ox.NamedNode):
        return "iri", term.value
    if type(term).__name__ == "URIRef":  # rdflib's, as the rule engine reports them; no import needed
        return "iri", str(term)
    if isinstance(term, (ox.Literal, ox.BlankNode)):
        return "other", show_term(term)
    return "other", str(term)


def _show(kind: str, value: str) -> str:
    return shorten(value) if kind == "iri" else value
