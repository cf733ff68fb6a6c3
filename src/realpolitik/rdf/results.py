"""Query results: rows of RDF terms you can iterate, index by name or read as attributes,
and the W3C results formats (JSON, XML, CSV, TSV) in and out.

    >>> import pyoxigraph as ox
    >>> results = Results(["state"], [(ox.NamedNode("https://w3id.org/realpolitik/id/Turkey"),)])
    >>> row = results[0]
    >>> row.state == row["state"] == row[0]
    True
    >>> results.to_dicts()
    [{'state': <NamedNode value=https://w3id.org/realpolitik/id/Turkey>}]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .namespaces import XSD
from .terms import Term, show_term

if TYPE_CHECKING:
    import pandas

# The W3C results formats: the name the command line and the API take, and the format.
RESULTS_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


class Row(Sequence["Term | None"]):
    """One answer row: ``row.state``, ``row["state"]`` and ``row[0]`` are the same term
    (None where the variable is unbound); ``row.label("state")`` is its label."""

    __slots__ = ("_results", "_values")

    def __init__(self, results: Results, values: tuple[Term | None, ...]) -> None:
        self._results = results
        self._values = values

    @property
    def results(self) -> Results:
        """The results this row belongs to (its query and parameters)."""
        return self._results

    @property
    def variables(self) -> list[str]:
        return self._results.variables

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return self._values[self._results.variables.index(key)]
            except ValueError:
                raise KeyError(f"no variable ?{key}; the variables are: {', '.join(self._results.variables)}") from None
        return self._values[key]

    def __getattr__(self, name: str) -> Term | None:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as error:
            raise AttributeError(error.args[0]) from None

    def __len__(self) -> int:
        return len(self._values)

    def get(self, name: str, default: Term | None = None) -> Term | None:
        """The term bound to ``name``, or ``default`` when it is unbound or not a variable."""
        value = self[name] if name in self._results.variables else None
        return default if value is None else value

    def to_dict(self) -> dict[str, Term]:
        """The bound variables and their terms."""
        return {name: term for name, term in zip(self._results.variables, self._values, strict=True) if term is not None}

    def label(self, name: str) -> str:
        """The label of the term bound to ``name`` (its English rdfs:label when the graph has one)."""
        term = self.get(name)
        if term is None:
            return ""
        return self._results.labels.get(term) or show_term(term)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Row):
            return self._values == other._values and self.variables == other.variables
        if isinstance(other, tuple):
            return self._values == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return "Row(" + ", ".join(f"{name}={show_term(term)}" for name, term in self.to_dict().items()) + ")"


class Results(Sequence[Row]):
    """The answer to a query: the rows of a SELECT, the truth of an ASK, or the triples of a CONSTRUCT.

    ``query`` and ``bindings`` record what was asked, so that each row can be explained;
    ``labels`` maps IRIs in the rows to their labels.
    """

    def __init__(
        self,
        variables: list[str] | None = None,
        rows: list[tuple[Term | None, ...]] | None = None,
        *,
        boolean: bool | None = None,
        triples: list[ox.Triple] | None = None,
        query: str | None = None,
        bindings: dict[str, Term] | None = None,
        labels: dict[Term, str] | Callable[[set[Term]], dict[Term, str]] | None = None,
    ) -> None:
        self.variables: list[str] = list(variables or [])
        self.rows: list[tuple[Term | None, ...]] = list(rows or [])
        self.boolean = boolean
        self.triples = triples
        self.query = query
        self.bindings: dict[str, Term] = dict(bindings or {})
        # A mapping, or a function that looks the labels up when they are first asked for.
        self._labels = labels

    @property
    def labels(self) -> dict[Term, str]:
        """The label of each IRI in the rows that has one (looked up on first use)."""
        if callable(self._labels):
            self._labels = self._labels({term for row in self.rows for term in row if term is not None})
        return dict(self._labels or {})

    @labels.setter
    def labels(self, labels: dict[Term, str] | Callable[[set[Term]], dict[Term, str]]) -> None:
        self._labels = labels

    @classmethod
    def from_pyoxigraph(cls, result: object, *, query: str | None = None, bindings: dict[str, Term] | None = None) -> Results:
        """Collect a pyoxigraph query result (solutions, boolean or triples)."""
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [tuple(solution[v] for v in variables) for solution in result]
            return cls(variables, rows, query=query, bindings=bindings)
        if isinstance(result, ox.QueryBoolean):
            return cls(boolean=bool(result), query=query, bindings=bindings)
        return cls(triples=list(result), query=query, bindings=bindings)  # type: ignore[call-overload]

    @classmethod
    def parse(cls, body: bytes, format: str) -> Results:
        """Read a W3C results document (``json``, ``xml`` or ``tsv``); raises SyntaxError or ValueError."""
        return cls.from_pyoxigraph(ox.parse_query_results(body, format=RESULTS_FORMATS[format]))

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [Row(self, values) for values in self.rows[index]]
        return Row(self, self.rows[index])

    def __iter__(self) -> Iterator[Row]:
        return (Row(self, values) for values in self.rows)

    def __len__(self) -> int:
        return len(self.triples) if self.triples is not None else len(self.rows)

    def __bool__(self) -> bool:
        """The truth of an ASK; otherwise whether there is any row or triple."""
        return self.boolean if self.boolean is not None else len(self) > 0

    def __repr__(self) -> str:
        if self.boolean is not None:
            return f"Results(boolean={self.boolean})"
        if self.triples is not None:
            return f"Results({len(self.triples)} triples)"
        return f"Results(variables={self.variables}, {len(self.rows)} rows)"

    def to_dicts(self) -> list[dict[str, Term]]:
        """The rows as dictionaries of their bound variables."""
        return [Row(self, values).to_dict() for values in self.rows]

    def to_dataframe(self, *, labels: bool = False) -> pandas.DataFrame:
        """The rows as a pandas DataFrame, one column per variable, holding RDF terms
        (or, with ``labels=True``, their labels). Needs ``pip install 'realpolitik[pandas]'``."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_dataframe needs pandas: pip install 'realpolitik[pandas]'") from None
        if labels:
            data: list[list[Any]] = [[row.label(name) for name in self.variables] for row in self]
        else:
            data = [list(values) for values in self.rows]
        return pandas.DataFrame(data, columns=self.variables)

    def serialize(self, format: str = "json") -> bytes:
        """The results in a W3C format: ``json``, ``xml``, ``csv`` or ``tsv``
        (a CONSTRUCT's triples are N-Triples whatever the format)."""
        if self.triples is not None:
            return ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES) or b""
        if format not in RESULTS_FORMATS:
            raise ValueError(f"unknown results format {format!r}; choose one of: {', '.join(RESULTS_FORMATS)}")
        document = self._json_document()
        if format == "json":
            return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        if self.boolean is not None and format in ("csv", "tsv"):
            return f"{'' if format == 'csv' else '?'}boolean\n{'true' if self.boolean else 'false'}\n".encode()
        parsed = ox.parse_query_results(json.dumps(document).encode("utf-8"), format=ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=RESULTS_FORMATS[format]) or b""

    def _json_document(self) -> dict[str, Any]:
        if self.boolean is not None:
            return {"head": {}, "boolean": self.boolean}
        bindings = [{name: _json_term(term) for name, term in row.items()} for row in self.to_dicts()]
        return {"head": {"vars": self.variables}, "results": {"bindings": bindings}}


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value == XSD + "string":
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}
