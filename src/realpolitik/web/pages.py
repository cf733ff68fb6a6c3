"""The pages: one view function per page, each reading the workbench and filling a template.

Every page is rendered on the server and works without script. Entity, term and source
paths answer with RDF too (``negotiation``); the stored questions answer as an API too
(``api``).
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response

from ..errors import InputError, did_you_mean
from ..explanations import Explanation
from ..explanations.words import sentence_template
from ..kg import INFERRED_GRAPH
from ..knowledge_graph import StoredQuestion
from ..rdf.namespaces import DCTERMS, EVIDENCE, OWL, PREFIXES, PROV, RDF, RDFS, RP, RPD, SCHEMA, SKOS, shorten
from ..rdf.results import Results
from ..rdf.sparql import triple_patterns
from ..rdf.terms import Term, parse_term, show_term, write_term
from ..version import __version__
from . import negotiation, pictures
from .api import openapi, question_summary
from .render import Names, anchor, evidence_html, proof_html, property_label, sentence, statement_row, why_href
from .sparql_protocol import RESULTS_MEDIA, is_update, query_text, reasoning_wanted, refuse_update, results_response
from .workbench import HEADER_PROPERTIES, ONTOLOGY_IRI, Workbench, iri_of, path_of, short_name, wikidata_links

HERE = Path(__file__).parent
SITE_HEADER = "x-realpolitik-site"
"""Sent by the static-site writer: pages leave out what needs a server (forms, live queries)."""

templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def workbench(request: Request) -> Workbench:
    return request.app.state.workbench


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` with what every page needs (the graph's title, the navigation)."""
    wb = workbench(request)
    html = templates.get_template(template).render(
        title_of_graph=wb.dataset["title"],
        version=__version__,
        static=request.headers.get(SITE_HEADER) == "1",
        path=request.url.path,
        sources=[(path, wb.labels([s.iri]).get(s.iri, short_name(s.iri))) for path, s in wb.sources.items()],
        **context,
    )
    return HTMLResponse(html, status_code=status)


def problem(request: Request, status: int, message: str) -> Response:
    """One line saying what is wrong: an HTML page for a browser, plain text for anything else."""
    if negotiation.representation(request.headers.get("accept"), None) == negotiation.HTML and "html" in request.headers.get("accept", ""):
        return page(request, "problem.html", status=status, message=message, status_code=status)
    return PlainTextResponse(message + "\n", status_code=status)


# --- home ---------------------------------------------------------------------------------


def home(request: Request) -> Response:
    wb = workbench(request)
    stats = wb.stats
    classes = wb.class_counts
    names = Names(wb, [c for c, _, _ in classes])
    counts = [
        ("asserted facts", stats["asserted fact triples"]),
        ("inferred triples (OWL 2 RL closure)", stats["inferred triples"]),
        ("ontology axioms", stats["ontology triples"]),
        ("evidence triples", stats["evidence triples"]),
        ("entities", stats["individuals"]),
        ("article evidence records", stats["article evidence records"]),
        ("background-knowledge records", stats["background knowledge records"]),
        ("classes", stats["classes"]),
        ("object properties", stats["object properties"]),
    ]
    kinds = [(names.link(c), asserted, total) for c, asserted, total in classes[:24]]
    endpoint = str(request.base_url).rstrip("/") + "/sparql"
    example = _example_entity(wb)
    return page(request, "home.html", counts=counts, kinds=kinds, more_kinds=max(0, len(classes) - 24), endpoint=endpoint,
                dataset=wb.dataset, questions=list(wb.questions.values())[:8], question_count=len(wb.questions), example=example)


def _example_entity(wb: Workbench) -> tuple[str, str] | None:
    rows = wb.store.query("SELECT ?entity WHERE { ?dataset <http://rdfs.org/ns/void#exampleResource> ?entity } LIMIT 1")
    if rows.rows and isinstance(rows.rows[0][0], ox.NamedNode):
        term = rows.rows[0][0]
        path = path_of(term)
        if path:
            return path, Names(wb, [term]).text(term)
    return None


# --- stored questions ---------------------------------------------------------------------


def questions(request: Request) -> Response:
    return page(request, "questions.html", questions=list(workbench(request).questions.values()))


def _question(request: Request) -> StoredQuestion:
    wb = workbench(request)
    name = request.path_params["name"]
    if name not in wb.questions:
        raise InputError(f"unknown query {name!r}{did_you_mean(name, wb.questions)}")
    return wb.questions[name]


def _given(request: Request, question: StoredQuestion) -> dict[str, str]:
    """The parameters a request sets (empty values fall back on the defaults)."""
    known = {p.name for p in question.params}
    for key in request.query_params:
        if key not in known and key not in ("reasoning", "format"):
            question.parameter(key)  # raises InputError with "did you mean"
    return {p.name: request.query_params[p.name] for p in question.params if request.query_params.get(p.name)}


def _ask(request: Request, question: StoredQuestion) -> Results:
    given: dict[str, Any] = _given(request, question)  # parameter names, never ask()'s own options
    return workbench(request).kg.ask(question.name, reasoning=reasoning_wanted(request), **given)


def _parameter_kinds(wb: Workbench, question: StoredQuestion) -> dict[str, list[ox.NamedNode]]:
    """The classes a parameter's values should belong to: the range or domain of the
    properties its variable meets in the query, or the class it is typed with."""
    cache: dict[str, dict[str, list[ox.NamedNode]]] = wb.__dict__.setdefault("_parameter_kinds", {})
    if question.name in cache:
        return cache[question.name]
    from rdflib import URIRef, Variable

    kinds: dict[str, list[ox.NamedNode]] = {p.name: [] for p in question.params}
    try:
        with wb._explain_lock:  # rdflib's parser is not thread-safe
            patterns = triple_patterns(question.text)
    except Exception:  # an unusual query: offer every entity
        patterns = []
    for subject, predicate, object_ in patterns:
        if not isinstance(predicate, URIRef):
            continue
        for variable, role in ((subject, RDFS + "domain"), (object_, RDFS + "range")):
            if isinstance(variable, Variable) and str(variable) in kinds:
                if str(predicate) == RDF + "type" and variable is subject and isinstance(object_, URIRef):
                    found = [ox.NamedNode(str(object_))]
                elif str(predicate) == RDF + "type":
                    found = []
                else:
                    found = [o for o in wb.ontology_about(ox.NamedNode(str(predicate))).get(role, []) if isinstance(o, ox.NamedNode)]
                for kind in found:
                    if kind not in kinds[str(variable)]:
                        kinds[str(variable)].append(kind)
    cache[question.name] = kinds
    return kinds


def _shown_columns(results: Results) -> list[str]:
    """The columns of an answer table: a ``xLabel`` column is left out when ``x`` is shown by its label."""
    return [v for v in results.variables if not (v.endswith("Label") and v[: -len("Label")] in results.variables)]


ROWS_SHOWN = 500
"""An answer table shows this many rows; the downloads have them all."""


def answer_table(names: Names, results: Results, why: str | None = None) -> dict[str, Any]:
    """The answer as table cells of linked labels, with a "why?" link per row when ``why`` is the rows' base URL."""
    columns = _shown_columns(results)
    shown = results[:ROWS_SHOWN]
    names.known(results.labels)
    names.add(t for row in shown for t in row)
    rows = []
    for index, row in enumerate(shown):
        cells = [names.link(row.get(v)) if row.get(v) is not None else Markup("") for v in columns]
        rows.append({"cells": cells, "why": f"{why}/{index}" if why is not None else None})
    return {"columns": columns, "rows": rows, "hidden": max(0, len(results) - ROWS_SHOWN)}


def question_page(request: Request) -> Response:
    wb = workbench(request)
    question = _question(request)
    reasoning = reasoning_wanted(request)
    given = _given(request, question)
    error = None
    try:
        results = _ask(request, question)
    except InputError as failure:
        error, results = str(failure), Results(_result_variables(question))
    query = urllib.parse.urlencode(given)
    names = Names(wb)
    table = answer_table(names, results, why=f"/questions/{question.name}/why" if reasoning else None)
    if query:
        for row in table["rows"]:
            if row["why"]:
                row["why"] += "?" + query
    kinds = _parameter_kinds(wb, question)
    names.add(k for ks in kinds.values() for k in ks)
    form = []
    for parameter in question.params:
        current = given.get(parameter.name) or (write_term(parameter.default) if parameter.default is not None else "")
        options = wb.entities([k.value for k in kinds[parameter.name]]) if parameter.kind == "iri" else []
        choices = [(show_term(entity), label) for entity, label in options]
        current_term = _term_or_none(current)
        if current_term is not None and show_term(current_term) not in {c for c, _ in choices}:
            choices.insert(0, (current, current))
        form.append({
            "name": parameter.name, "description": parameter.description, "kind": parameter.kind, "current": show_term(current_term) if current_term is not None else current,
            "kinds": [names.link(k) for k in kinds[parameter.name]], "choices": choices,
        })
    base = {**given}
    other = {**base, **({} if not reasoning else {"reasoning": "false"})}
    downloads = [(name, f"/api/questions/{question.name}?" + urllib.parse.urlencode({**base, **({} if reasoning else {"reasoning": "false"}), "format": name})) for name in RESULTS_MEDIA]
    return page(
        request, "question.html", status=400 if error else 200, question=question, table=table, error=error, form=form,
        reasoning=reasoning, toggle=f"/questions/{question.name}" + (f"?{urllib.parse.urlencode(other)}" if other else ""),
        downloads=downloads, count=len(results),
    )


def _result_variables(question: StoredQuestion) -> list[str]:
    import re

    match = re.search(r"SELECT\s+(?:DISTINCT\s+)?((?:\?\w+\s*)+)", question.text, re.IGNORECASE)
    return [v.lstrip("?") for v in match.group(1).split()] if match else []


def _term_or_none(text: str) -> Term | None:
    if not text:
        return None
    try:
        return parse_term(text if (":" in text or text.startswith("<") or text.startswith('"')) else f"rpd:{text}")
    except ValueError:
        return None


def question_why(request: Request) -> Response:
    wb = workbench(request)
    question = _question(request)
    results = _ask(request, question)
    index = request.path_params["row"]
    if not 0 <= index < len(results):
        return problem(request, 404, f"query {question.name}: no answer row {index} (the answer has {len(results)} rows)")
    row = results[index]
    # explain_row reads the query's triple patterns with rdflib's SPARQL parser, which is not
    # thread-safe (pyparsing keeps state): one request at a time parses.
    with wb._explain_lock:
        explanation = wb.explainer.explain_row(row)
    names = Names(wb)
    names.known(results.labels)
    names.add(row.to_dict().values())
    bindings = [(name, names.link(term)) for name, term in row.to_dict().items() if not (name.endswith("Label") and name[:-5] in row.to_dict())]
    query = urllib.parse.urlencode(_given(request, question))
    back = f"/questions/{question.name}" + (f"?{query}" if query else "")
    return page(request, "why.html", question=question, bindings=bindings, explanations=[_explanation_view(names, e) for e in explanation.because], back=back)


def _explanation_view(names: Names, explanation: Explanation) -> dict[str, Any]:
    names.add(explanation.triple)
    return {
        "triple": names.triple(explanation.triple),
        "status": explanation.status,
        "proof": proof_html(names, explanation.proof) if explanation.proof is not None else None,
        "text": explanation.to_text(),
    }


def why(request: Request) -> Response:
    """The proof of any one triple: ``/why?s=<…>&p=<…>&o=<…>`` (terms in N-Triples or prefixed form)."""
    wb = workbench(request)
    terms = []
    for key in ("s", "p", "o"):
        value = request.query_params.get(key, "")
        try:
            terms.append(ox.BlankNode(value[2:]) if value.startswith("_:") else parse_term(value))
        except ValueError as failure:
            raise InputError(f"why: {key}={value!r}: {failure}") from None
    subject, predicate, object_ = terms
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
        raise InputError("why: the subject and predicate must be IRIs")
    explanation = wb.explain(ox.Triple(subject, predicate, object_))
    names = Names(wb)
    return page(request, "why.html", question=None, bindings=[], explanations=[_explanation_view(names, explanation)], back=None)


# --- entities -----------------------------------------------------------------------------


def resource(request: Request) -> Response:
    """An entity, evidence record, statement, concept … at its own path: HTML or RDF by negotiation."""
    wb = workbench(request)
    raw = request.url.path
    stem, suffix = negotiation.split_suffix(raw)
    iri = iri_of(stem)
    term = ox.NamedNode(iri)
    problem_text = wb.unknown(term)
    if problem_text and suffix:
        stem, suffix = raw, None
        term = ox.NamedNode(iri_of(raw))
        problem_text = wb.unknown(term)
    if problem_text:
        return problem(request, 404, problem_text)
    kind = negotiation.representation(request.headers.get("accept"), suffix)
    if kind != negotiation.HTML:
        return rdf_response(negotiation.describe(wb.kg, term.value), kind)
    return entity_page(request, term)


def rdf_response(triples: list[ox.Triple], kind: str) -> Response:
    body, media = negotiation.serialize(triples, kind)
    return Response(body, media_type=media, headers={"Vary": "Accept"})


def entity_page(request: Request, term: ox.NamedNode) -> Response:
    wb = workbench(request)
    about_evidence = not term.value.startswith(RPD)
    outgoing = wb.statements(term, incoming=False, evidence_graph=about_evidence)
    incoming = wb.statements(term, incoming=True, evidence_graph=about_evidence)

    def values(*predicates: str) -> list[Any]:  # the header's values, from the statements already read
        return [s.object for p in predicates for s in outgoing if s.predicate.value == p]

    types = [s for s in outgoing if s.predicate.value == RDF + "type" and isinstance(s.object, ox.NamedNode)]
    asserted_kinds = sorted((s.object for s in types if not s.inferred), key=str)
    inferred_kinds = sorted((s.object for s in types if s.inferred and s.object.value != OWL + "Thing"), key=str)
    nodes = {s.subject for s in incoming if not s.inferred} | {term}
    roles = wb.roles(nodes)
    record = wb.record_facts([term]).get(term) if term.value.startswith(EVIDENCE) else None
    names = Names(wb, [term, *asserted_kinds, *inferred_kinds,
                       *(t for node_roles in roles.values() for values_ in node_roles.values() for t in values_),
                       *(t for s in outgoing + incoming for t in (s.subject, s.predicate, s.object)),
                       *(e.record for s in outgoing + incoming for e in s.evidence),
                       *(t for triple in record or [] for t in triple)])
    labels = values(RDFS + "label")

    own = sentence(names, term, roles.get(term, {}), link_node=False)
    in_sentences = []
    for node in sorted((n for n in nodes if n != term), key=lambda n: names.text(n).lower()):
        made = sentence(names, node, roles.get(node, {}))
        if made is not None:
            in_sentences.append((made, names.link(node)))
    sentence_nodes = {n for n in nodes if n != term and sentence_template(t.value for t in roles.get(n, {}).get(RDF + "type", []) if isinstance(t, ox.NamedNode))}

    def groups(statements: list[Any], incoming: bool) -> list[dict[str, Any]]:
        grouped: dict[Any, list[Any]] = {}
        for statement in statements:
            if not incoming and statement.predicate.value in HEADER_PROPERTIES:
                continue
            grouped.setdefault(statement.predicate, []).append(statement)
        ordered = sorted(grouped.items(), key=lambda item: (all(s.inferred for s in item[1]), names.text(item[0]).lower()))
        return [{"property": property_label(names, p, incoming=incoming), "rows": [statement_row(names, s, incoming=incoming) for s in rows],
                 "inferred": all(s.inferred for s in rows)} for p, rows in ordered]

    edges = _edges(names, term, outgoing, incoming)
    definitions = [v.value for v in values(SKOS + "definition", RDFS + "comment") if isinstance(v, ox.Literal)]
    matches = values(SKOS + "exactMatch", SKOS + "closeMatch")
    record_view = None
    if record is not None:
        quotes = [s for s in outgoing if s.predicate.value == RDFS + "comment"]
        record_view = {"facts": [names.triple(t) for t in record], "quote": _record_quote(wb, term), "notes": quotes}
    label = next((v.value for v in labels if isinstance(v, ox.Literal) and v.language in ("en", "")), None) or names.text(term)
    return page(
        request, "entity.html", term=term, iri=term.value, curie=shorten(term.value), label=label,
        alt_labels=[v.value for v in values(SKOS + "altLabel") if isinstance(v, ox.Literal)],
        definitions=definitions, asserted_kinds=[names.link(k) for k in asserted_kinds], inferred_kinds=[names.link(k) for k in inferred_kinds],
        wikidata=[(m.value, show_term(m)) for m in wikidata_links(matches)], other_matches=[names.link(m) for m in matches if m not in wikidata_links(matches)],
        own_sentence=own, in_sentences=in_sentences, outgoing=groups(outgoing, False),
        incoming=groups([s for s in incoming if s.subject not in sentence_nodes or s.inferred], True),
        picture=pictures.neighbourhood(label, edges) if edges else None, record=record_view,
        formats=[(name, f"{request.url.path}.{name}") for name in negotiation.RDF_MEDIA],
    )


def _record_quote(wb: Workbench, record: ox.NamedNode) -> Markup | None:
    """An evidence record's quote, linked to its passage, or its background note."""
    evidence = wb.records([record]).get(record)
    if evidence is None or (evidence.quote is None and evidence.note is None):
        return None
    return evidence_html(Names(wb, [record, evidence.source]), [evidence])


def _edges(names: Names, term: ox.NamedNode, outgoing: list[Any], incoming: list[Any], limit: int = 14) -> list[pictures.Edge]:
    """The neighbourhood's edges: one per neighbour (arrows both ways when it is linked both
    ways), asserted ones first, a few inferred ones always."""
    merged: dict[Any, dict[str, Any]] = {}
    for statements, outward in ((outgoing, True), (incoming, False)):
        for statement in statements:
            other = statement.object if outward else statement.subject
            # The domain's own relations: borrowed vocabularies (prov:, org:) repeat them in other words.
            if not isinstance(other, ox.NamedNode) or other == term or not statement.predicate.value.startswith(RP):
                continue
            entry = merged.setdefault(other, {"labels": [], "inferred": True, "directions": set()})
            text = names.text(statement.predicate)
            if text not in entry["labels"]:
                entry["labels"].append(text)
            entry["inferred"] = entry["inferred"] and statement.inferred
            entry["directions"].add(outward)
    ordered = sorted(merged.items(), key=lambda item: (item[1]["inferred"], names.text(item[0]).lower()))
    asserted = [item for item in ordered if not item[1]["inferred"]]
    inferred = [item for item in ordered if item[1]["inferred"]]
    keep_inferred = inferred[: max(limit - len(asserted), min(len(inferred), limit // 3))]
    ordered = asserted[: limit - len(keep_inferred)] + keep_inferred
    return [pictures.Edge(names.text(other), path_of(other), tuple(entry["labels"]),
                          None if len(entry["directions"]) == 2 else next(iter(entry["directions"])), entry["inferred"])
            for other, entry in ordered]


# --- sources ------------------------------------------------------------------------------


def source(request: Request) -> Response:
    wb = workbench(request)
    stem, suffix = negotiation.split_suffix(request.url.path)
    found = wb.sources.get(stem)
    if found is None:
        if wb.unknown(ox.NamedNode(iri_of(stem))) is None:
            return resource(request)
        return problem(request, 404, f"unknown source {shorten(iri_of(stem))}{did_you_mean(stem, wb.sources, quote='')}")
    kind = negotiation.representation(request.headers.get("accept"), suffix)
    if kind != negotiation.HTML:
        return rdf_response(negotiation.describe(wb.kg, found.iri.value), kind)
    return wb.rendered(("source", stem, request.headers.get(SITE_HEADER)), lambda: _source_page(request, found, stem))


def _source_page(request: Request, found: Any, stem: str) -> HTMLResponse:
    wb = workbench(request)
    names = Names(wb, [found.iri])
    text, quotes = found.coverage.text, found.coverage.quotes
    passages = _passages(text, quotes)
    records = sorted(quotes, key=lambda r: text.find(quotes[r][0]) if quotes[r] else 0)
    supported = wb.record_facts(ox.NamedNode(r) for r in records)
    names.add([t for triples in supported.values() for triple in triples for t in triple] + [ox.NamedNode(r) for r in records])
    facts = {record: [names.triple(t) for t in supported.get(ox.NamedNode(record), [])] for record in records}
    html = []
    anchored: set[str] = set()
    for text, covering in passages:
        if not covering:
            html.append(escape(text))
            continue
        ids = " ".join(anchor(ox.NamedNode(r)) for r in covering)
        first = [r for r in covering if r not in anchored]
        anchored.update(first)
        # An element has one id: a passage that starts several quotes carries the first; the others get empty marks.
        extra = "".join(f'<span id="{anchor(ox.NamedNode(r))}"></span>' for r in first[1:])
        id_attribute = f' id="{anchor(ox.NamedNode(first[0]))}"' if first else ""
        target = anchor(ox.NamedNode(covering[0]))
        html.append(Markup(f'{extra}<a class="passage" href="#facts-{target}" data-records="{escape(ids)}"><mark{id_attribute}>{escape(text)}</mark></a>'))
    description = [t for t in negotiation.describe(wb.kg, found.iri.value) if t.subject == found.iri and not isinstance(t.object, ox.BlankNode)]
    names.add(t for triple in description for t in (triple.predicate, triple.object))
    metadata = _source_metadata(names, description)
    notes = [t.object.value for t in description if t.predicate.value == RDFS + "comment" and isinstance(t.object, ox.Literal)]
    plain = [(s.sentence.text, s.note.reason if s.note else None) for s in found.coverage.sentences if not s.covered]
    return page(
        request, "source.html", label=names.text(found.iri), iri=found.iri.value, article=Markup("").join(html), metadata=metadata, notes=notes,
        records=[(anchor(ox.NamedNode(r)), names.link(ox.NamedNode(r)), quotes[r], facts[r]) for r in records],
        covered=found.coverage.covered_share, accounted=found.coverage.accounted_share, plain=plain,
        formats=[(name, f"{stem}.{name}") for name in negotiation.RDF_MEDIA],
    )


FOAF_PAGE = "http://xmlns.com/foaf/0.1/page"
# What a reader asks of a source first, and the properties that answer it, in order of preference.
_SOURCE_FIELDS = (
    ("Title", (DCTERMS + "title", RDFS + "label")),
    ("Author", (DCTERMS + "creator", SCHEMA + "author", PROV + "wasAttributedTo")),
    ("Date", (DCTERMS + "issued", DCTERMS + "date", DCTERMS + "created", SCHEMA + "datePublished")),
    ("Published in", (DCTERMS + "publisher", SCHEMA + "publisher", SCHEMA + "isPartOf", DCTERMS + "isPartOf")),
    ("Address", (SCHEMA + "url", DCTERMS + "source", FOAF_PAGE)),
    ("Language", (DCTERMS + "language",)),
    ("Kind", (RDF + "type",)),
    ("Text file", (RP + "textFile",)),
)


def _source_metadata(names: Names, description: list[ox.Triple]) -> list[tuple[str, Markup]]:
    """The source's title, author, date, where it was published …: "not recorded" where the graph says nothing."""
    rows = []
    for heading, properties in _SOURCE_FIELDS:
        values = next(([t.object for t in description if t.predicate.value == p] for p in properties if any(t.predicate.value == p for t in description)), [])
        shown = Markup(", ").join(names.link(v) for v in values) if values else Markup('<span class="muted">not recorded</span>')
        rows.append((heading, shown))
    return rows


def _passages(text: str, quotes: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    """The text cut where quotes begin and end: (piece, the records quoting it), in order."""
    spans = []
    for record, record_quotes in quotes.items():
        for quote in record_quotes:
            start = text.find(quote) if quote else -1
            if start >= 0:
                spans.append((start, start + len(quote), record))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for begin, end in zip(cuts, cuts[1:], strict=False):
        covering = sorted({r for s, e, r in spans if s <= begin and end <= e}, key=lambda r: next(s for s, _, x in spans if x == r))
        pieces.append((text[begin:end], covering))
    return pieces


# --- ontology -----------------------------------------------------------------------------


def ontology(request: Request) -> Response:
    wb = workbench(request)
    _, suffix = negotiation.split_suffix(request.url.path)
    kind = negotiation.representation(request.headers.get("accept"), suffix)
    if kind != negotiation.HTML:
        return rdf_response(negotiation.describe(wb.kg, ONTOLOGY_IRI, whole_ontology=True), kind)
    return wb.rendered(("ontology", request.headers.get(SITE_HEADER)), lambda: _ontology_page(request))


def _ontology_page(request: Request) -> HTMLResponse:
    wb = workbench(request)
    terms = wb.ontology_terms
    names = Names(wb, [t for ts in terms.values() for t in ts])
    sections = []
    for heading, members in terms.items():
        if members:
            sections.append({"heading": heading, "terms": [_term_view(wb, names, t, brief=True) for t in members]})
    about = wb.ontology_about(ox.NamedNode(ONTOLOGY_IRI))
    title = next((v.value for v in about.get("http://purl.org/dc/terms/title", []) if isinstance(v, ox.Literal)), "Ontology")
    description = next((v.value for v in about.get("http://purl.org/dc/terms/description", []) if isinstance(v, ox.Literal)), "")
    version = next((v.value for v in about.get(OWL + "versionInfo", []) if isinstance(v, ox.Literal)), "")
    return page(request, "ontology.html", sections=sections, ontology_title=title, description=description, ontology_version=version,
                formats=[(name, f"/ontology.{name}") for name in negotiation.RDF_MEDIA])


def term(request: Request) -> Response:
    wb = workbench(request)
    stem, suffix = negotiation.split_suffix(request.path_params["name"])
    iri = RP + urllib.parse.unquote(stem)
    node = ox.NamedNode(iri)
    if not wb.ontology_about(node):
        known = [t.value[len(RP):] for ts in wb.ontology_terms.values() for t in ts]
        return problem(request, 404, f"unknown ontology term rp:{stem}{did_you_mean(stem, known, quote='').replace('did you mean ', 'did you mean rp:')}")
    kind = negotiation.representation(request.headers.get("accept"), suffix)
    if kind != negotiation.HTML:
        return rdf_response(negotiation.describe(wb.kg, iri), kind)
    names = Names(wb, [node])
    view = _term_view(wb, names, node, brief=False)
    return page(request, "term.html", view=view, formats=[(name, f"/ontology/{stem}.{name}") for name in negotiation.RDF_MEDIA])


_CHARACTERISTICS = {
    OWL + "SymmetricProperty": "symmetric", OWL + "AsymmetricProperty": "asymmetric", OWL + "TransitiveProperty": "transitive",
    OWL + "FunctionalProperty": "functional", OWL + "InverseFunctionalProperty": "inverse functional",
    OWL + "IrreflexiveProperty": "irreflexive", OWL + "ReflexiveProperty": "reflexive",
}
_KIND_NAMES = {OWL + "Class": "class", OWL + "ObjectProperty": "object property", OWL + "DatatypeProperty": "datatype property", OWL + "AnnotationProperty": "annotation property"}


def _term_view(wb: Workbench, names: Names, node: ox.NamedNode, *, brief: bool) -> dict[str, Any]:
    """A class's or property's label, definition and axioms in words, super- and sub-terms."""
    about = wb.ontology_about(node)
    words = wb.words
    local = node.value[len(RP):]
    types = [t.value for t in about.get(RDF + "type", []) if isinstance(t, ox.NamedNode)]
    is_class = OWL + "Class" in types
    axioms: list[Markup] = []

    def linked(values: list[Any]) -> Markup:
        names.add(values)
        return Markup(", ").join(names.link(v) if isinstance(v, ox.NamedNode) else Markup(f'<span class="expression">{escape(words.show(v))}</span>') for v in values)

    for key, phrase in ((RDFS + "domain", "Its subject is a"), (RDFS + "range", "Its value is a")):
        if about.get(key):
            axioms.append(Markup(f"{phrase} {linked(about[key])}."))
    for inverse in about.get(OWL + "inverseOf", []) + wb.ontology_pointing_at(node, OWL + "inverseOf"):
        axioms.append(Markup(f"Inverse of {linked([inverse])}: <i>x</i> {escape(local)} <i>y</i> exactly when <i>y</i> {escape(short_name(inverse))} <i>x</i>."))
    for chain in about.get(OWL + "propertyChainAxiom", []):
        members = words.list_members(chain) or []
        axioms.append(Markup(f'Property chain: <span class="axiom-text">{escape(" ∘ ".join(short_name(m) for m in members))} ⊑ {escape(local)}</span> '
                             f"(whatever is {escape(' of something that is '.join(short_name(m) for m in members))} of <i>y</i> is {escape(local)} <i>y</i>)."))
    characteristics = [_CHARACTERISTICS[t] for t in types if t in _CHARACTERISTICS]
    if characteristics:
        axioms.append(Markup(f"The property is {escape(', '.join(characteristics))}."))
    for equivalent in about.get(OWL + "equivalentClass", []) + wb.ontology_pointing_at(node, OWL + "equivalentClass"):
        if isinstance(equivalent, ox.BlankNode):
            axioms.append(Markup(f'Defined class: <span class="axiom-text">{escape(local)} ≡ {escape(words.show(equivalent))}</span> (anything that is {escape(words.show(equivalent))} is a {escape(names.text(node))}, and the other way round).'))
        else:
            axioms.append(Markup(f"Equivalent to {linked([equivalent])}."))
    for condition in wb.ontology_pointing_at(node, RDFS + "subClassOf"):
        if isinstance(condition, ox.BlankNode):
            axioms.append(Markup(f'Sufficient condition: <span class="axiom-text">{escape(words.show(condition))} ⊑ {escape(local)}</span> (anything that is {escape(words.show(condition))} is a {escape(names.text(node))}).'))
    for expression in about.get(RDFS + "subClassOf", []):
        if isinstance(expression, ox.BlankNode):
            axioms.append(Markup(f'Necessary condition: <span class="axiom-text">{escape(local)} ⊑ {escape(words.show(expression))}</span>.'))
    disjoint = about.get(OWL + "disjointWith", []) + wb.ontology_pointing_at(node, OWL + "disjointWith")
    if disjoint:
        axioms.append(Markup(f"Disjoint with {linked(sorted(set(disjoint), key=str))}: nothing is both."))

    parent_key = RDFS + "subClassOf" if is_class else RDFS + "subPropertyOf"
    parents = [p for p in about.get(parent_key, []) if isinstance(p, ox.NamedNode)]
    children = sorted((c for c in wb.ontology_pointing_at(node, parent_key) if isinstance(c, ox.NamedNode)), key=str)
    names.add(parents + children)
    label = next((v.value for v in about.get(RDFS + "label", []) if isinstance(v, ox.Literal)), local)
    view: dict[str, Any] = {
        "local": local, "iri": node.value, "curie": shorten(node.value), "label": label, "href": path_of(node),
        "kind": ", ".join(_KIND_NAMES[t] for t in types if t in _KIND_NAMES) or "term",
        "definition": next((v.value for v in about.get(SKOS + "definition", []) if isinstance(v, ox.Literal)), ""),
        "comments": [v.value for v in about.get(RDFS + "comment", []) if isinstance(v, ox.Literal)],
        "axioms": axioms, "parents": [names.link(p) for p in parents], "children": [names.link(c) for c in children],
        "matches": [names.link(m) for key in (SKOS + "exactMatch", SKOS + "closeMatch") for m in about.get(key, []) if isinstance(m, ox.NamedNode)],
    }
    if brief:
        return view
    rows: list[list[tuple[str, str | None, bool]]] = []
    level = wb.direct_supers(node, parent_key)[:6]
    names.add(level)
    view["inferred_parents"] = [names.link(p) for p in level if p not in parents]
    ancestry: list[list[ox.NamedNode]] = []
    for _ in range(3):
        if not level:
            break
        ancestry.insert(0, level)
        level = sorted({g for p in level for g in wb.direct_supers(p, parent_key)}, key=str)[:6]
    for members in ancestry:
        names.add(members)
        rows.append([(names.text(m), path_of(m), False) for m in members[:6]])
    rows.append([(label, None, True)])
    if children:
        rows.append([(names.text(c), path_of(c), False) for c in children[:7]])
    view["picture"] = pictures.hierarchy(rows) if len(rows) > 1 else None
    if is_class:
        asserted, inferred = wb.members(node, limit=60)
        names.add(asserted + inferred)
        view["members"] = {"asserted": [names.link(m) for m in asserted], "inferred": [names.link(m) for m in inferred]}
    else:
        view["members"] = None
    return view


# --- SPARQL -------------------------------------------------------------------------------


async def sparql(request: Request) -> Response:
    """The SPARQL 1.1 Protocol endpoint; a browser asking for HTML gets the query page instead."""
    text, update = await query_text(request)
    if update or (text is not None and is_update(text)):
        return refuse_update()
    accept = request.headers.get("accept", "")
    wants_page = request.method == "GET" and (text is None or "text/html" in accept)
    wb = workbench(request)
    if wants_page:
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(sparql_page, request, text)
    if text is None:
        raise InputError("no query: send query=… (GET or form POST) or the query as application/sparql-query")
    from starlette.concurrency import run_in_threadpool

    results = await run_in_threadpool(wb.kg.sparql, text, reasoning=reasoning_wanted(request))
    return results_response(results, request)


def sparql_page(request: Request, text: str | None) -> Response:
    wb = workbench(request)
    example = request.query_params.get("example")
    if text is None and example in wb.questions:
        text = _without_prologue(wb.questions[example].text)
    if text is None:
        text = "SELECT ?state ?label WHERE {\n  ?state a rp:SanctionedState ;\n         rdfs:label ?label .\n}\nORDER BY ?label"
    reasoning = reasoning_wanted(request)
    error, table, boolean, triples = None, None, None, None
    status = 200
    if "query" in request.query_params:
        try:
            results = wb.kg.sparql(text, reasoning=reasoning)
            names = Names(wb)
            if results.boolean is not None:
                boolean = results.boolean
            elif results.triples is not None:
                triples = [names.triple(t) for t in results.triples[:1000]]
            else:
                table = answer_table(names, results)
                table["count"] = len(results)
        except InputError as failure:
            error, status = str(failure).replace("<query>:", "line ", 1) if str(failure).startswith("<query>:") else str(failure), 400
    examples = [(q.name, q.question) for q in wb.questions.values()]
    return page(request, "sparql.html", status=status, query=text, error=error, table=table, boolean=boolean, triples=triples,
                reasoning=reasoning, examples=examples, prefixes=PREFIXES,
                endpoint=str(request.base_url).rstrip("/") + "/sparql")


def _without_prologue(text: str) -> str:
    """A stored query without its ``#+`` header and PREFIX lines (the page predeclares them)."""
    lines = [line for line in text.splitlines() if not line.startswith("#") and not line.upper().startswith("PREFIX")]
    return "\n".join(lines).strip()


# --- API ----------------------------------------------------------------------------------


def api_questions(request: Request) -> Response:
    return JSONResponse([question_summary(q) for q in workbench(request).questions.values()])


def api_question(request: Request) -> Response:
    question = _question(request)
    results = _ask(request, question)
    return results_response(results, request)


def api_openapi(request: Request) -> Response:
    wb = workbench(request)
    document = openapi(list(wb.questions.values()), wb.dataset["title"])
    return Response(json.dumps(document, indent=2, ensure_ascii=False), media_type="application/json")


def api_page(request: Request) -> Response:
    wb = workbench(request)
    document = openapi(list(wb.questions.values()), wb.dataset["title"])
    operations = []
    for path, item in document["paths"].items():
        operation = item["get"]
        operations.append({"path": path, "id": operation["operationId"], "summary": operation["summary"], "description": operation.get("description", ""),
                           "parameters": operation.get("parameters", [])})
    return page(request, "api.html", operations=operations, formats=list(RESULTS_MEDIA))


def redirect_ontology_term(request: Request) -> Response:
    """``/ontology/`` with nothing after it: the ontology's own page."""
    return RedirectResponse("/ontology", status_code=301)


__all__ = ["INFERRED_GRAPH", "why_href"]
