"""Where a reasoned knowledge graph lives, behind one protocol.

Three kinds of store meet :class:`Store`:

    local.LocalStore      a pyoxigraph store: in memory (reasoned, or read from the
                          cache), or the persistent embedded one that ``embedded`` builds
    remote.RemoteStore    a SPARQL 1.1 endpoint (Oxigraph server, Virtuoso, Jena …)

Questions, explanations, validation and ``check`` take a Store and never ask which kind
it is. Every store holds the named graphs of ``kg.ALL_GRAPHS``; a query sees their
union, without the inferred graph when ``reasoning=False``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import pyoxigraph as ox

from ..errors import did_you_mean
from ..findings import Finding
from ..kg import ALL_GRAPHS, ASSERTED_GRAPHS
from ..rdf.namespaces import RPD
from ..rdf.results import Results
from ..rdf.terms import Term, show_term


class Store(Protocol):
    """What realpolitik needs of a store holding a reasoned knowledge graph."""

    findings: list[Finding]
    """The inconsistencies reasoning found (a remote store knows none)."""

    def query(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        reasoning: bool = True,
        prefixes: bool = True,
        source: str = "<query>",
    ) -> Results:
        """Run a SPARQL query over the union of the graphs (without the inferred one when
        ``reasoning`` is False), with ``bindings`` bound as RDF terms, and the project's
        prefixes predeclared when ``prefixes`` is True.

        Raises InputError naming ``source:line:column`` for a syntax error, QueryRefused
        (an InputError) for SPARQL Update, SERVICE without federation allowed, or nesting
        deeper than the parser can take, QueryTimeout when a local query runs past its
        deadline, and EndpointError when a remote store fails or does not answer in time.
        """
        ...

    def describes(self, term: Term) -> bool:
        """True when ``term`` is the subject or object of some triple."""
        ...

    def entities(self, namespace: str = RPD) -> list[ox.NamedNode]:
        """The IRIs under ``namespace`` that are subjects of some triple (to suggest names)."""
        ...

    def count(self, graph: str) -> int:
        """The number of triples in one named graph."""
        ...

    def triples(self, graph: str) -> list[ox.Triple]:
        """The triples of one named graph."""
        ...

    def close(self) -> None:
        """Release the store (a database lock, a connection)."""
        ...


def graphs(reasoning: bool) -> tuple[str, ...]:
    """The named graphs whose union a query's default graph is."""
    return ALL_GRAPHS if reasoning else ASSERTED_GRAPHS


def unknown_entity(store: Store, term: Term) -> str | None:
    """None when the store describes ``term``; else ``unknown entity rpd:X (did you mean rpd:Y?)``.

    This is the one meaning of "known" for every command: the term is the subject or
    object of a triple in the store, inferences included.
    """
    if not isinstance(term, ox.NamedNode) or store.describes(term):
        return None
    message = f"unknown entity {show_term(term)}"
    if term.value.startswith(RPD):
        names = [entity.value[len(RPD):] for entity in store.entities(RPD)]
        hint = did_you_mean(term.value[len(RPD):], names, quote="")
        message += hint.replace("did you mean ", "did you mean rpd:")
    return message


def labels_of(store: Store, terms: set[Term]) -> dict[Term, str]:
    """The label of each IRI in ``terms``: its English ``rdfs:label``, else any, else none."""
    iris = sorted((term for term in terms if isinstance(term, ox.NamedNode)), key=str)
    if not iris:
        return {}
    values = " ".join(str(iri) for iri in iris)
    rows = store.query(
        f"SELECT ?term ?label WHERE {{ VALUES ?term {{ {values} }} ?term rdfs:label ?label }}",
        prefixes=True,
    )
    found: dict[Term, str] = {}
    for term, label in rows.rows:
        if term is None or not isinstance(label, ox.Literal):
            continue
        if term not in found or label.language == "en":
            found[term] = label.value
    return found
