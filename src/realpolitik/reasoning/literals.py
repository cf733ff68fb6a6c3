"""The dt-* rules over encoded literals: dt-type1, dt-type2, dt-eq (and the
values dt-diff and dt-not-type are checked against, in :mod:`.findings`).

Each literal's value key (see :mod:`.datatypes`) is computed once, when its
term is first seen, and kept per term id.  From it:

* dt-type1: ``DT rdf:type rdfs:Datatype`` for every datatype of the map.
* dt-type2: ``lt rdf:type DT`` for the literal's own datatype and, by value
  space, for every other datatype of the map that holds its value *and is
  mentioned in the input* (appears there as an IRI).  A typing with a
  datatype the input never names can only feed a rule that does not name
  the class: eq-rep-s, once the literal is owl:sameAs something, and then
  the literal gets all its typings (:meth:`LiteralValues.expand`).  Other
  unnamed typings are not stored: :meth:`LiteralValues.holds` answers them
  on demand, for ``entails`` and ``explain``.  This keeps the cost per
  literal to a few triples.
* dt-eq: ``lt1 owl:sameAs lt2`` for every two literals with the same value
  (``"1"^^xsd:integer`` and ``"1.0"^^xsd:decimal``); the eq-* rules then
  carry every triple over, so ``owl:hasValue 1`` matches ``"1.0"``.
* dt-diff (``lt1 owl:differentFrom lt2`` for different values) would be
  quadratic in the number of literals and only matters through eq-diff1, so
  it is checked as a finding instead: two literals with different values
  that the closure makes owl:sameAs (a functional data property with two
  values, say).  :meth:`LiteralValues.holds` answers it on demand as well.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from .datatypes import (
    ANNOTATION_PROPERTIES,
    DATATYPE_SET,
    DATATYPES,
    INVALID,
    member_types,
    value_of,
)
from .encoding import ANNOTATION, DATATYPE, DIFF, SAME, TYPE, TermTable

Emit = Callable[[int, int, int, str, tuple], None]


class LiteralValues:
    """Value keys of the literals of one term table, and the dt-* axioms."""

    __slots__ = ("by_value", "datatype_ids", "expanded", "mentioned", "terms", "values")

    def __init__(self, terms: TermTable) -> None:
        self.terms = terms
        self.values: dict[int, Hashable | None] = {}
        self.by_value: dict[Hashable, list[int]] = {}
        # datatype IRI -> id, for the datatypes the input names
        self.mentioned: dict[str, int] = {}
        # id -> IRI for every datatype of the map with an id
        self.datatype_ids: dict[int, str] = {}
        # literals typed with every datatype holding their value (see expand)
        self.expanded: set[int] = set()

    def axioms(self, emit: Emit, new_literals: Iterable[int],
               seen_terms: Iterable[int] | None = None) -> None:
        """Emit dt-type1 and prp-ap once, then dt-type2 and dt-eq for ``new_literals``.

        ``seen_terms`` (the ids in triples added since the last call) is
        scanned for datatype IRIs newly mentioned, which then type the
        literals already known.
        """
        terms = self.terms
        first_call = not self.datatype_ids
        newly: dict[str, int] = {}
        if first_call and not self.mentioned:
            for iri in DATATYPES:
                i = terms.iri_id(iri)
                if i is not None:
                    newly[iri] = i
        elif seen_terms is not None:
            for i in seen_terms:
                named = self.datatype_ids.get(i)
                if named is not None and named not in self.mentioned:
                    newly[named] = i
        self.mentioned.update(newly)
        if first_call:
            for iri in DATATYPES:
                i = terms.encode(terms.iri(iri))
                self.datatype_ids[i] = iri
                emit(i, TYPE, DATATYPE, "dt-type1", ())
            for iri in ANNOTATION_PROPERTIES:
                emit(terms.encode(terms.iri(iri)), TYPE, ANNOTATION, "prp-ap", ())
        old = list(self.values) if newly and not first_call else []
        for lit in old:
            self._type(emit, lit, newly)
        for lit in new_literals:
            if lit in self.values:
                continue
            key = self._value(lit)
            if key is None or key is INVALID:
                continue
            own = terms.literal_parts(terms.decode(lit))[1]
            if own in DATATYPE_SET:
                emit(lit, TYPE, terms.encode(terms.iri(own)), "dt-type2", ())
            self._type(emit, lit, self.mentioned)
            same = self.by_value.get(key)
            if same is None:
                self.by_value[key] = [lit]
            else:
                for other in same:
                    emit(lit, SAME, other, "dt-eq", ())
                    emit(other, SAME, lit, "dt-eq", ())
                same.append(lit)

    def expand(self, emit: Emit, lit: int) -> None:
        """Type ``lit`` with every datatype holding its value, named or not.

        Called when the literal becomes owl:sameAs something: eq-rep-s then
        carries its typings to the synonym (an individual made equal to 7 by
        a functional property is an xsd:decimal), so they can no longer be
        left to on-demand answers.
        """
        if lit in self.expanded:
            return
        self.expanded.add(lit)
        key = self.values.get(lit)
        if key is None or key is INVALID:
            return
        terms = self.terms
        for iri in member_types(key):
            emit(lit, TYPE, terms.encode(terms.iri(iri)), "dt-type2", ())

    def _value(self, lit: int) -> Hashable | None:
        key = self.values.get(lit)
        if key is None and lit not in self.values:
            key = value_of(*self.terms.literal_parts(self.terms.decode(lit)))
            self.values[lit] = key
        return key

    def _type(self, emit: Emit, lit: int, datatypes: dict[str, int]) -> None:
        key = self.values.get(lit)
        if key is None or key is INVALID or not datatypes:
            return
        for iri in member_types(key):
            i = datatypes.get(iri)
            if i is not None:
                emit(lit, TYPE, i, "dt-type2", ())

    def value(self, term) -> Hashable | None:
        """The value key of a literal term of the table's flavour (known or not)."""
        i = self.terms.lookup(term)
        if i is not None and i in self.values:
            return self.values[i]
        if not self.terms.is_literal(term):
            return None
        return value_of(*self.terms.literal_parts(term))

    def holds(self, triple: tuple) -> str | None:
        """The dt-* rule that makes ``triple`` (terms) true, or None.

        Covers ``lt rdf:type DT`` by value space, ``lt1 owl:sameAs lt2`` for
        equal values and ``lt1 owl:differentFrom lt2`` for different ones.
        """
        s, p, o = triple
        if not self.terms.is_literal(s):
            return None
        key = self.value(s)
        if key is None or key is INVALID:
            return None
        pid = self.terms.lookup(p)
        if pid == TYPE:
            if not self.terms.is_resource(o):
                return None
            oid = self.terms.lookup(o)
            iri = self.datatype_ids.get(oid) if oid is not None else None
            return "dt-type2" if iri is not None and iri in member_types(key) else None
        if pid in (SAME, DIFF):
            other = self.value(o)
            if other is None or other is INVALID:
                return None
            if pid == SAME and other == key:
                return "dt-eq"
            if pid == DIFF and other != key:
                return "dt-diff"
        return None

    def same_value_id(self, term) -> int | None:
        """The id of a known literal with the same value as ``term``, if any."""
        key = self.value(term)
        if key is None or key is INVALID:
            return None
        ids = self.by_value.get(key)
        return ids[0] if ids else None
