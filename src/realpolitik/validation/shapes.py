"""SHACL check: the data against ``ontology/shapes.ttl``, once as asserted and once with OWL 2 RL inferences.

Check ids: ``shacl`` for a result that holds with reasoning (the graph users query), with
the shape's own severity; ``shacl-asserted`` (info) for a result that reasoning resolves,
that is, a required value that is only inferred, not stated; ``shape-target-undeclared``
(error) for a shape whose ``sh:targetClass`` the ontology does not declare, which would
select no focus node and so check nothing, silently.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import InputError, display_path
from ..files import read_text
from ..findings import Finding, Location
from ..kg import ASSERTED_GRAPHS, INFERRED_GRAPH
from ..rdf.formats import parse_file
from ..rdf.namespaces import SH, STATEMENT, expand, shorten
from ..rdf.terms import to_rdflib_triples
from .inputs import Inputs

_SEVERITIES = {SH + "Violation": "error", SH + "Warning": "warning", SH + "Info": "info"}


def check_shapes(inputs: Inputs, shapes_file: Path | None = None) -> list[Finding]:
    """SHACL results for the data, asserted and with reasoning; no findings when there is no shapes file.

    Raises InputError (file:line:column) when the shapes file does not parse or pySHACL
    cannot read a shape in it.
    """
    path = shapes_file or inputs.layout.shapes_file
    if not path.is_file():
        return []
    shape_triples = [q.triple for q in parse_file(path)]
    findings = _undeclared_targets(inputs, shape_triples)
    shapes = _rdflib_graph(shape_triples)
    store = inputs.store
    # The reified statements (one per fact) are derived by loading, not written by anyone:
    # leaving them out halves the evidence graph that pySHACL has to read.
    asserted = [
        triple
        for graph in ASSERTED_GRAPHS
        for triple in store.triples(graph)
        if not (isinstance(triple.subject, ox.NamedNode) and triple.subject.value.startswith(STATEMENT))
    ]
    inferred = list(store.triples(INFERRED_GRAPH))
    without = _results(asserted, shapes, path)
    with_reasoning = _results(asserted + inferred, shapes, path)

    for key, (severity, term, message) in with_reasoning.items():
        mode = "asserted and with reasoning" if key in without else "with reasoning only"
        findings.append(Finding(severity, "shacl", f"{message} ({mode})", term, inputs.locate(_iri(term)) if term else None))
    for key, (_, term, message) in without.items():
        if key not in with_reasoning:
            findings.append(Finding("info", "shacl-asserted", f"{message} (asserted only: reasoning supplies it; state it if the source does)", term, inputs.locate(_iri(term)) if term else None))
    return findings


def _undeclared_targets(inputs: Inputs, shapes: list[ox.Triple]) -> list[Finding]:
    target = ox.NamedNode(SH + "targetClass")
    findings = []
    for triple in shapes:
        if triple.predicate == target and isinstance(triple.object, ox.NamedNode) and "class" not in inputs.declared.get(triple.object.value, ()):
            shape, term = shorten(triple.subject.value) if isinstance(triple.subject, ox.NamedNode) else "a shape", shorten(triple.object.value)
            message = f"SHACL shape {shape} targets {term}, which the ontology does not declare as a class, so the shape never fires: target a declared class"
            findings.append(Finding("error", "shape-target-undeclared", message, term, inputs.locator.file(inputs.layout.shapes_file).find(triple.object.value)))
    return findings


def _iri(short: str) -> str:
    try:
        return expand(short)
    except ValueError:
        return short


def _results(triples, shapes, path: Path) -> dict[tuple, tuple[str, str, str]]:
    """pySHACL's results as {(shape, focus, path, value): (severity, focus term, message)}."""
    import pyshacl
    import rdflib
    from pyshacl.errors import (
        ConstraintLoadError,
        ReportableRuntimeError,
        ShapeLoadError,
    )

    data = _rdflib_graph(triples)
    # pySHACL logs a bad shape to stderr before raising; the error becomes one line of ours instead.
    log = logging.getLogger("pyshacl-validate")
    was_disabled, log.disabled = log.disabled, True
    try:
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True)
    except (ShapeLoadError, ConstraintLoadError, ReportableRuntimeError) as error:
        raise _shape_error(path, error) from None
    finally:
        log.disabled = was_disabled
    if not isinstance(report, rdflib.Graph):
        raise _shape_error(path, report)
    namespace = rdflib.Namespace(SH)
    results = {}
    for result in report.subjects(rdflib.RDF.type, namespace.ValidationResult):
        def value(predicate: str, result: Any = result) -> Any:
            return report.value(result, namespace[predicate])

        focus, result_path, offending, shape = value("focusNode"), value("resultPath"), value("value"), value("sourceShape")
        severity = _SEVERITIES.get(str(value("resultSeverity")), "error")
        owner = shape if isinstance(shape, rdflib.URIRef) else shapes.value(None, namespace.property, shape)
        shape_name = str(owner).rsplit("#", 1)[-1].rsplit("/", 1)[-1] if owner is not None else "a shape"
        text = str(value("resultMessage") or "does not conform")
        on = f" on {_show(result_path)}" if isinstance(result_path, rdflib.URIRef) and _show(result_path) not in text else ""
        extra = f" (value {_show(offending)})" if offending is not None and offending != focus else ""
        message = f"{text}{on}{extra} [{shape_name}]"
        key = (str(shape), str(focus), str(result_path), str(offending), text)
        results[key] = (severity, _show(focus), message)
    return results


def _show(term) -> str:
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return shorten(str(term))
    if isinstance(term, rdflib.BNode):
        return "a blank node"
    return str(term)


def _shape_error(path: Path, error: object) -> InputError:
    """One line naming the shapes file and, found by a text search, the line of the shape at fault."""
    message = str(getattr(error, "message", None) or error).strip().splitlines()[0]
    lines = read_text(path).splitlines()
    candidates: list[int] = []
    for keyword in re.findall(r"\bsh:(\w+)", message):
        # pySHACL names the constraint but not the shape: prefer a line whose value for it looks wrong.
        for number, content in enumerate(lines, start=1):
            match = re.search(rf"\bsh:{keyword}\s+([^;\]]*)", content)
            if match:
                value = match.group(1).strip()
                wrong = keyword.endswith(("Count", "Length")) and not re.fullmatch(r"\d+", value)
                candidates.insert(0, number) if wrong else candidates.append(number)
    for iri in re.findall(r"<([^>]+)>", message):
        local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        candidates += [n for n, content in enumerate(lines, start=1) if local and re.search(rf":{re.escape(local)}\b", content)]
    where = Location(display_path(path), candidates[0] if candidates else None)
    return InputError(f"{where}: the shapes cannot be read: {message}")


def _rdflib_graph(triples):
    import rdflib

    graph = rdflib.Graph()
    for triple in to_rdflib_triples(triples):
        graph.add(triple)
    return graph
