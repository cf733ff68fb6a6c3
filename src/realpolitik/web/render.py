"""HTML pieces the pages share: terms as labelled links, statements, n-ary sentences and proof trees.

Every function returns ``markupsafe.Markup`` with every value from the graph escaped, so
templates can place it as it is.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from markupsafe import Markup, escape

from ..explanations import Proof
from ..explanations.words import RULES, sentence_parts, show_plain
from ..rdf.namespaces import RDF, RDFS, RP, XSD, shorten
from ..rdf.terms import show_term
from .workbench import Evidence, Statement, Workbench, path_of, short_name

_LABEL_PROPERTIES = {RDF + "type": "is a", RDFS + "subClassOf": "sub-class of", RDFS + "subPropertyOf": "sub-property of"}


class Names:
    """Labels and links for the terms one page shows (labels are fetched in one query per batch)."""

    def __init__(self, workbench: Workbench, terms: Iterable[Any] = ()) -> None:
        self.workbench = workbench
        self._labels: dict[Any, str] = {}
        self._asked: set[Any] = set()
        self.add(terms)

    def add(self, terms: Iterable[Any]) -> None:
        """Fetch the labels of ``terms`` not seen yet."""
        fresh = {t for t in terms if isinstance(t, ox.NamedNode) and t not in self._asked}
        if fresh:
            self._asked |= fresh
            self._labels.update(self.workbench.labels(fresh))

    def known(self, labels: dict[Any, str]) -> None:
        """Take labels already read (those that ride along with query results)."""
        for term, label in labels.items():
            self._labels.setdefault(term, label)
            self._asked.add(term)

    def text(self, term: Any) -> str:
        """The term's label, else its short name; a blank node as its class expression in words."""
        if isinstance(term, ox.NamedNode):
            if term.value in _LABEL_PROPERTIES:
                return _LABEL_PROPERTIES[term.value]
            return self._labels.get(term) or short_name(term)
        if isinstance(term, ox.BlankNode):
            return self.workbench.words.show(term)
        if isinstance(term, ox.Literal):
            return term.value
        return str(term)

    def link(self, term: Any, *, css: str = "") -> Markup:
        """The term as a link to its page here (or to its own IRI), a literal as text."""
        if isinstance(term, ox.Literal):
            lang = f' <span class="lang">{escape(term.language)}</span>' if term.language else ""
            datatype = "" if term.language or term.datatype.value in (XSD + "string", RDF + "langString") else f' <span class="lang">{escape(show_term(term.datatype))}</span>'
            return Markup(f'<span class="literal">{escape(term.value)}</span>{lang}{datatype}')
        text = self.text(term)
        if not isinstance(term, ox.NamedNode):
            return Markup(f'<span class="expression">{escape(text)}</span>')
        path = path_of(term)
        title = _title(term.value)
        klass = f' class="{css}"' if css else ""
        if path is not None:
            return Markup(f'<a href="{escape(path)}" title="{title}"{klass}>{escape(text)}</a>')
        return Markup(f'<a href="{escape(term.value)}" title="{title}" class="external {css}">{escape(text)}</a>')

    def triple(self, triple: Any) -> Markup:
        subject, predicate, object_ = triple
        return Markup(" ").join([self.link(subject, css="subject"), self.link(predicate, css="predicate"), self.link(object_)])


@functools.lru_cache(maxsize=65536)
def _title(iri: str) -> Markup:
    return escape(shorten(iri))


def sentence(names: Names, node: Any, roles: dict[str, list[Any]], *, link_node: bool = True) -> Markup | None:
    """An n-ary node's facts as one sentence with linked terms, or None when none of its classes has a sentence."""
    types = [t.value for t in roles.get(RDF + "type", []) if isinstance(t, ox.NamedNode)]
    # The most specific class first: an asserted class precedes the ones reasoning adds.
    parts = sentence_parts(types, {p: v for p, v in roles.items() if p != RDF + "type"}, node)
    if not parts:
        return None
    html = []
    for text, value in parts:
        if value is None:
            html.append(escape(text))
        elif value == node and not link_node:
            html.append(escape(names.text(value)))
        else:
            html.append(names.link(value))
    return Markup("").join(html)


def evidence_html(names: Names, evidence: Iterable[Evidence]) -> Markup:
    """An asserted fact's evidence: each quote linked to its passage on the source page, or the background note."""
    items = []
    for item in evidence:
        record = names.link(item.record, css="record")
        if item.quote is not None:
            source = path_of(item.source) if item.source is not None else None
            anchor = _anchor(item.record)
            quote = escape(item.quote)
            linked = Markup(f'<a class="quote" href="{escape(source)}#{anchor}">“{quote}”</a>') if source else Markup(f'<span class="quote">“{quote}”</span>')
            items.append(Markup(f'<div class="evidence">{linked} <span class="via">{record}</span></div>'))
        elif item.note is not None:
            items.append(Markup(f'<div class="evidence background"><span class="note">Background knowledge: {escape(item.note)}</span> <span class="via">{record}</span></div>'))
        else:
            items.append(Markup(f'<div class="evidence">{record}</div>'))
    return Markup("").join(items)


def _anchor(record: ox.NamedNode) -> str:
    """The id of an evidence record's passage on its source page."""
    return "ev-" + record.value.rstrip("/").rsplit("/", 1)[-1]


anchor = _anchor


def why_href(triple: Any) -> str:
    """The page proving ``triple``."""
    from urllib.parse import urlencode

    subject, predicate, object_ = triple
    return "/why?" + urlencode({"s": str(subject), "p": str(predicate), "o": str(object_)})


def statement_row(names: Names, statement: Statement, *, incoming: bool) -> Markup:
    """A table row: the other term, then the quotes of an asserted fact or "why?" for an inferred one."""
    other = statement.subject if incoming else statement.object
    if statement.inferred:
        support = Markup(f'<span class="badge inferred">inferred</span> <a class="why" href="{escape(why_href(statement.triple))}">why?</a>')
    else:
        support = Markup('<span class="badge asserted">asserted</span>') + evidence_html(names, statement.evidence)
    klass = "inferred" if statement.inferred else "asserted"
    return Markup(f'<tr class="{klass}"><td class="value">{names.link(other)}</td><td class="support">{support}</td></tr>')


def proof_terms(proof: Proof) -> set[Any]:
    terms: set[Any] = set()
    stack = [proof]
    while stack:
        node = stack.pop()
        terms.update(node.triple)
        for item in node.lists:
            terms.add(item.owner)
            terms.update(item.members)
        stack.extend(node.children)
    return terms


def proof_html(names: Names, proof: Proof) -> Markup:
    """A proof tree as nested lists: each triple in labels, the rule in words, and each asserted
    fact with its evidence (the article's words, linked to the passage)."""
    names.add(proof_terms(proof))
    ontology = set(names.workbench.ontology_triples)
    leaves = [leaf for leaf in proof.leaves() if leaf.asserted]
    facts = [ox.Triple(*leaf.triple) for leaf in leaves if ox.Triple(*leaf.triple) not in ontology]
    evidence = names.workbench.evidence_of(facts)
    names.add(r for items in evidence.values() for e in items for r in (e.record, e.source))

    def node_html(node: Proof) -> Markup:
        triple = ox.Triple(*node.triple)
        if node.asserted:
            if triple in ontology:
                support = Markup('<span class="badge axiom">ontology axiom</span>')
            else:
                support = Markup('<span class="badge asserted">asserted</span>') + evidence_html(names, evidence.get(triple, []))
        else:
            words = RULES.get(node.rule, node.rule)
            lists = "; ".join(item.to_text(names.workbench.words.show) for item in node.lists)
            detail = f' <span class="axiom-text">{escape(lists)}</span>' if lists else ""
            support = Markup(f'<span class="badge inferred" title="OWL 2 RL rule {escape(node.rule)}">{escape(node.rule)}</span> <span class="rule">{escape(words)}</span>{detail}')
        children = Markup("").join(node_html(child) for child in node.children)
        nested = Markup(f"<ul>{children}</ul>") if node.children else Markup("")
        return Markup(f'<li><div class="step"><span class="triple">{names.triple(node.triple)}</span> {support}</div>{nested}</li>')

    return Markup(f'<ul class="proof">{node_html(proof)}</ul>')


def plain_term(term: Any) -> str:
    """A term as the command line prints it."""
    return show_plain(term)


def property_label(names: Names, predicate: ox.NamedNode, *, incoming: bool) -> Markup:
    """A property as a heading: its label, or "… of" read backwards for incoming statements."""
    link = names.link(predicate)
    return Markup(f'<span class="backwards">is</span> {link} <span class="backwards">of</span>') if incoming else link


__all__ = ["RP", "Names", "anchor", "evidence_html", "proof_html", "property_label", "sentence", "statement_row", "why_href"]
