"""Evidence checks: every fact has an evidence record, every quote is in the document it cites, records agree.

Check ids: ``fact-without-evidence``, ``evidence-record-untyped``, ``record-without-facts``,
``fact-in-default-graph``, ``source-text-missing``, ``quote-not-in-source``,
``position-not-in-source`` (a ``oa:TextPositionSelector`` whose ``oa:start``/``oa:end``
are not character offsets into the text, or do not hold the target's quote),
``conflicting-evidence``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..files import read_text
from ..findings import Finding
from ..kg.documents import closest_passage, excerpt
from ..rdf.namespaces import OA, OWL, RDF, RP, VOID
from ..rdf.terms import show_term, value_of
from .inputs import TYPE, Inputs

_HAS_TARGET, _HAS_SOURCE, _HAS_SELECTOR, _EXACT = (OA + name for name in ("hasTarget", "hasSource", "hasSelector", "exact"))
_PREFIX, _SUFFIX, _START, _END = (OA + name for name in ("prefix", "suffix", "start", "end"))
_TEXT_FILE = RP + "textFile"
# A subject, object or graph name as the checks read them: every one they meet has .value.
Node = Any


def check_evidence(inputs: Inputs) -> list[Finding]:
    """All evidence findings for the knowledge graph of ``inputs``."""
    evidence = _Evidence(inputs)
    return (
        evidence.graphs_have_records()
        + evidence.default_graphs_hold_descriptions_only()
        + evidence.quotes_are_in_sources()
        + evidence.records_agree()
    )


class _Evidence:
    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.descriptions: list[tuple[Path, ox.Triple]] = []
        self.facts: list[tuple[Path, ox.Quad]] = []
        for path, quad in inputs.data:
            if isinstance(quad.graph_name, ox.DefaultGraph):
                self.descriptions.append((path, quad.triple))
            else:
                self.facts.append((path, quad))
        self.about: dict[Node, list[tuple[Path, ox.Triple]]] = defaultdict(list)
        for path, triple in self.descriptions:
            self.about[triple.subject].append((path, triple))
        record_classes = inputs.subclasses_of(RP + "EvidenceRecord")
        self.records = {t.subject for _, t in self.descriptions if t.predicate == TYPE and value_of(t.object) in record_classes}
        self.article_records = {t.subject for _, t in self.descriptions if t.predicate == TYPE and value_of(t.object) in inputs.subclasses_of(RP + "ArticleEvidence")}
        self.background_records = {t.subject for _, t in self.descriptions if t.predicate == TYPE and value_of(t.object) in inputs.subclasses_of(RP + "BackgroundKnowledge")}

    def values(self, subject: Node, predicate: str) -> list[Node]:
        return [t.object for _, t in self.about.get(subject, ()) if t.predicate.value == predicate]

    def where_graph(self, name: Node, path: Path):
        return self.inputs.locator.file(path).find(name.value) if isinstance(name, ox.NamedNode) else None

    def graphs_have_records(self) -> list[Finding]:
        findings = []
        graphs: dict[Node, tuple[Path, int]] = {}
        for path, quad in self.facts:
            first_path, count = graphs.get(quad.graph_name, (path, 0))
            graphs[quad.graph_name] = (first_path, count + 1)
        for name, (path, count) in graphs.items():
            if name in self.records:
                continue
            facts = f"{count} fact{'s' if count != 1 else ''}"
            if name not in self.about:
                message = f"{facts} in graph {show_term(name)} have no evidence: describe {show_term(name)} as rp:ArticleEvidence (with a quote) or rp:BackgroundKnowledge (with rdfs:comment)"
                findings.append(Finding("error", "fact-without-evidence", message, show_term(name), self.where_graph(name, path)))
            else:
                types = ", ".join(show_term(t) for t in self.values(name, RDF + "type")) or "no type"
                message = f"evidence record of {facts} is typed {types}: type it rp:ArticleEvidence or rp:BackgroundKnowledge"
                findings.append(Finding("error", "evidence-record-untyped", message, show_term(name), self.where_graph(name, path)))
        for record in sorted(self.records - set(graphs), key=str):
            path = next(p for p, t in self.descriptions if t.subject == record)
            message = "evidence record backs no facts: add a named graph of that name, or remove the record"
            findings.append(Finding("warning", "record-without-facts", message, show_term(record), self.where_graph(record, path)))
        return findings

    def sources(self) -> set[Node]:
        found = {t.subject for _, t in self.descriptions if t.predicate.value == _TEXT_FILE}
        for record in self.article_records:
            for target in self.values(record, _HAS_TARGET):
                found.update(self.values(target, _HAS_SOURCE))
        return found

    def default_graphs_hold_descriptions_only(self) -> list[Finding]:
        # Descriptions are the records, the sources, the dataset's own description
        # (void:Dataset) and the blank nodes hanging off them (targets, selectors);
        # anything else outside a named graph is a fact without evidence.
        datasets = {t.subject for _, t in self.descriptions if t.predicate == TYPE and value_of(t.object) == VOID + "Dataset"}
        allowed, todo = set(), list(self.records | self.sources() | datasets)
        while todo:
            node = todo.pop()
            if node in allowed:
                continue
            allowed.add(node)
            todo.extend(t.object for _, t in self.about.get(node, ()) if isinstance(t.object, ox.BlankNode))
        findings = []
        for path, triple in self.descriptions:
            if triple.subject not in allowed:
                where = self.inputs.locator.file(path).find(triple.subject.value) if isinstance(triple.subject, ox.NamedNode) else None
                message = f"triple outside any named graph ({show_term(triple.predicate)} {show_term(triple.object)}) is neither evidence nor source description: move it into the named graph of its evidence record"
                findings.append(Finding("error", "fact-in-default-graph", message, show_term(triple.subject), where))
        return findings

    def text_of(self, source: Node) -> tuple[str | None, str | None]:
        """(text, None) or (None, why the source has no readable text)."""
        names = [(p, value_of(t.object)) for p, t in self.about.get(source, ()) if t.predicate.value == _TEXT_FILE]
        if not names:
            return None, f"source {show_term(source)} has no rp:textFile: name the file under data/sources/ that holds its text"
        path, name = names[0]
        text_path = path.parent / name
        if not text_path.is_file():
            return None, f"source {show_term(source)}: text file {name!r} not found beside {path.name}"
        return read_text(text_path), None

    def quotes_are_in_sources(self) -> list[Finding]:
        findings = []
        texts: dict[Node, tuple[str | None, str | None]] = {}
        for record in sorted(self.article_records, key=str):
            record_path = next(p for p, t in self.descriptions if t.subject == record)
            for target in self.values(record, _HAS_TARGET):
                for source in self.values(target, _HAS_SOURCE):
                    if source not in texts:
                        texts[source] = self.text_of(source)
                        problem = texts[source][1]
                        if problem:
                            findings.append(Finding("error", "source-text-missing", problem, show_term(source), self.inputs.locate(value_of(source))))
                    text = texts[source][0]
                    if text is None:
                        continue
                    quotes = [q.value for selector in self.values(target, _HAS_SELECTOR) for q in self.values(selector, _EXACT)]
                    for selector in self.values(target, _HAS_SELECTOR):
                        for quote in self.values(selector, _EXACT):
                            context = "".join(p.value for p in self.values(selector, _PREFIX)) + quote.value + "".join(s.value for s in self.values(selector, _SUFFIX))
                            if context in text:
                                continue
                            where = self.inputs.locator.file(record_path).find_text(quote.value) or self.where_graph(record, record_path)
                            if quote.value in text:
                                message = f"quote is in {show_term(source)}, but not with the oa:prefix and oa:suffix given: {excerpt(quote.value)!r}"
                            else:
                                message = f"quote is not in {show_term(source)} verbatim: {excerpt(quote.value)!r}{closest_passage(quote.value, text)}"
                            findings.append(Finding("error", "quote-not-in-source", message, show_term(record), where))
                        findings += self.position_holds_quote(record, record_path, source, selector, text, quotes)
        return findings

    def position_holds_quote(self, record: Node, record_path: Path, source: Node, selector: Node, text: str, quotes: list[str]) -> list[Finding]:
        """A text-position selector's offsets lie in the text (as Python reads it) and select the target's quote."""
        starts, ends = self.values(selector, _START), self.values(selector, _END)
        if not starts and not ends:
            return []
        where = self.where_graph(record, record_path)
        try:
            start, end = int(starts[0].value), int(ends[0].value)
        except (IndexError, ValueError):
            message = "text-position selector needs one integer oa:start and one integer oa:end"
            return [Finding("error", "position-not-in-source", message, show_term(record), where)]
        if not 0 <= start < end <= len(text):
            message = f"text position {start}-{end} is outside {show_term(source)}, which has {len(text)} characters (offsets count characters, not bytes)"
            return [Finding("error", "position-not-in-source", message, show_term(record), where)]
        selected = text[start:end]
        if quotes and selected not in quotes:
            found = text.find(quotes[0])
            hint = f"; the quote starts at character {found}" if found >= 0 else ""
            message = f"text position {start}-{end} of {show_term(source)} holds {excerpt(selected)!r}, not the quote {excerpt(quotes[0])!r}{hint}"
            return [Finding("error", "position-not-in-source", message, show_term(record), where)]
        return []

    def records_agree(self) -> list[Finding]:
        findings = []
        for record in sorted(self.article_records & self.background_records, key=str):
            message = "record is both rp:ArticleEvidence and rp:BackgroundKnowledge: a fact is either stated by a source or presumed"
            findings.append(Finding("error", "conflicting-evidence", message, show_term(record), self.inputs.locate(value_of(record))))

        quotes: dict[str, set[Node]] = defaultdict(set)
        for record in self.article_records:
            for target in self.values(record, _HAS_TARGET):
                for selector in self.values(target, _HAS_SELECTOR):
                    for quote in self.values(selector, _EXACT):
                        quotes[quote.value].update(self.values(target, _HAS_SOURCE))
        for quote, sources in sorted(quotes.items()):
            if len(sources) > 1:
                names = " and ".join(sorted(show_term(s) for s in sources))
                message = f"the same quote is cited from {names}: {excerpt(quote)!r}; cite the one document it comes from"
                findings.append(Finding("error", "conflicting-evidence", message, "", self.inputs.locator.find_text(quote, self.inputs.layout.data_files)))

        for source in self.sources():
            files = {value_of(t.object) for _, t in self.about.get(source, ()) if t.predicate.value == _TEXT_FILE}
            if len(files) > 1:
                message = f"source has {len(files)} text files ({', '.join(sorted(files))}): keep the one that holds its text"
                findings.append(Finding("error", "conflicting-evidence", message, show_term(source), self.inputs.locate(source.value)))

        functional = {value_of(t.subject) for t in self.inputs.ontology if t.predicate == TYPE and value_of(t.object) == OWL + "FunctionalProperty"}
        inverse_functional = {value_of(t.subject) for t in self.inputs.ontology if t.predicate == TYPE and value_of(t.object) == OWL + "InverseFunctionalProperty"}
        values: dict[tuple[Node, str], dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
        for _, quad in self.facts:
            predicate = quad.predicate.value
            if predicate in functional:
                values[(quad.subject, predicate)][quad.object].add(quad.graph_name)
            if predicate in inverse_functional:
                values[(quad.object, "^" + predicate)][quad.subject].add(quad.graph_name)
        for (node, predicate), by_value in sorted(values.items(), key=str):
            if len(by_value) < 2:
                continue
            inverse = predicate.startswith("^")
            property_name = show_term(ox.NamedNode(predicate.lstrip("^")))
            stated = "; ".join(f"{show_term(value)} ({', '.join(sorted(show_term(g) for g in graphs))})" for value, graphs in sorted(by_value.items(), key=str))
            kind = "inverse-functional" if inverse else "functional"
            message = f"{kind} property {property_name} has {len(by_value)} values: {stated}; keep the one the evidence supports"
            findings.append(Finding("error", "conflicting-evidence", message, show_term(node), self.inputs.locate(node.value) if isinstance(node, ox.NamedNode) else None))
        return findings
