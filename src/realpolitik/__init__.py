"""realpolitik: a knowledge graph of states, alliances, agreements and sanctions, with OWL 2 RL
reasoning, stored SPARQL questions and the evidence behind every answer.

    >>> import realpolitik
    >>> kg = realpolitik.open()                      # the bundled graph, reasoned
    >>> [row.label("actor") for row in kg.ask("who-bypasses-ukraine")]
    ['Russia', 'Turkey']
    >>> kg.explain("rpd:Turkey", "rp:bypasses", "rpd:Ukraine").status
    'inferred'

See ``docs/python.md`` for a walk through the API.
"""

from __future__ import annotations

from .version import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up

# The public names, all from ``knowledge_graph``, imported on first use so that
# ``import realpolitik`` (and the command line's ``--help``) stays instant.
__all__ = [
    "open", "connect", "KnowledgeGraph", "Results", "Row", "StoredQuestion", "Parameter",
    "Explanation", "RowExplanation", "Proof", "Finding", "Location", "Perspective", "RowClaims",
    "RealpolitikError", "InputError", "EndpointError", "QueryRefused", "QueryTimeout", "Coverage", "QuestionResult", "CheckResults",
    "open_built", "stored_questions", "coverage", "add_source", "new_evidence", "validate", "build", "__version__",
]
_EXPORTS = frozenset(__all__) - {"__version__"}

if TYPE_CHECKING:
    from .knowledge_graph import (
        CheckResults,
        Coverage,
        EndpointError,
        Explanation,
        Finding,
        InputError,
        KnowledgeGraph,
        Location,
        Parameter,
        Perspective,
        Proof,
        QueryRefused,
        QueryTimeout,
        QuestionResult,
        RealpolitikError,
        Results,
        Row,
        RowClaims,
        RowExplanation,
        StoredQuestion,
        add_source,
        build,
        connect,
        coverage,
        new_evidence,
        open,
        open_built,
        stored_questions,
        validate,
    )


def __getattr__(name: str) -> object:
    import importlib

    if name not in _EXPORTS:
        raise AttributeError(f"module 'realpolitik' has no attribute {name!r}")
    return getattr(importlib.import_module(".knowledge_graph", __name__), name)


def __dir__() -> list[str]:
    return sorted(__all__)
