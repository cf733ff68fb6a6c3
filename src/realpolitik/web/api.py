"""The stored questions as an HTTP API, in the spirit of grlc: each ``.rq`` file is an operation.

    GET /api/questions                     the catalogue (JSON)
    GET /api/questions/{name}?param=value  the answer, in a W3C results format (Accept or format=)
    GET /api/openapi.json                  the OpenAPI 3.1 description, built from the same files

The stored question is the single source of the page, the operation and its documentation.
"""

from __future__ import annotations

from typing import Any

from ..knowledge_graph import StoredQuestion
from ..rdf.terms import write_term
from ..version import __version__
from .sparql_protocol import RESULTS_MEDIA


def question_summary(question: StoredQuestion) -> dict[str, Any]:
    """One catalogue entry as JSON."""
    return {
        "name": question.name,
        "question": question.question,
        "summary": question.summary,
        "needs_reasoning": question.needs_reasoning,
        "parameters": [
            {"name": p.name, "description": p.description, "kind": p.kind, "default": write_term(p.default) if p.default is not None else None}
            for p in question.params
        ],
        "api": f"/api/questions/{question.name}",
        "page": f"/questions/{question.name}",
    }


def openapi(questions: list[StoredQuestion], title: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document: one GET operation per stored question, its parameters from the header."""
    results = {media: {"schema": {"type": "string" if name in ("csv", "tsv", "xml") else "object"}} for name, media in RESULTS_MEDIA.items()}
    paths: dict[str, Any] = {
        "/api/questions": {
            "get": {
                "operationId": "listQuestions",
                "summary": "The stored questions, with their parameters",
                "responses": {"200": {"description": "the catalogue", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}},
            }
        }
    }
    common = [
        {"name": "reasoning", "in": "query", "required": False, "description": "false: answer from the asserted facts only", "schema": {"type": "boolean", "default": True}},
        {"name": "format", "in": "query", "required": False, "description": "results format (else from the Accept header)", "schema": {"type": "string", "enum": list(RESULTS_MEDIA)}},
    ]
    for question in questions:
        parameters = [
            {
                "name": p.name,
                "in": "query",
                "required": False,
                "description": f"{p.description} ({'an entity, e.g. rpd:Turkey or Turkey' if p.kind == 'iri' else 'a literal'})",
                "schema": {"type": "string", **({"default": write_term(p.default)} if p.default is not None else {})},
            }
            for p in question.params
        ]
        paths[f"/api/questions/{question.name}"] = {
            "get": {
                "operationId": question.name,
                "summary": question.question,
                "description": question.summary,
                "tags": ["needs reasoning" if question.needs_reasoning else "asserted facts"],
                "parameters": parameters + common,
                "responses": {
                    "200": {"description": "the answer, in a W3C SPARQL results format", "content": results},
                    "400": {"description": "a bad parameter: one line saying which and why", "content": {"application/json": {"schema": {"type": "object", "properties": {"error": {"type": "string"}}}}}},
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": f"{title}: stored questions", "version": __version__, "description": "Each stored SPARQL question of the knowledge graph as a read-only operation."},
        "paths": paths,
    }
