"""Running one W3C OWL 2 test case (profile RL, RDF-Based semantics).

Shared by the pytest cases (``test_owl2_rl.py``, the engine) and the bench
script (``bench/conformance.py``, the engine and owlrl).  The cases are read
from ``owl2_rl_rdf_based.json`` beside this file (see ``make_data.py``).

A test passes when every kind it carries holds:

* ConsistencyTest: reasoning over the premise reports no inconsistency;
* InconsistencyTest: it reports at least one;
* PositiveEntailmentTest: every conclusion triple is in the closure (the
  ontology header ``x rdf:type owl:Ontology`` aside), blank nodes of the
  conclusion read as existential variables;
* NegativeEntailmentTest: the non-conclusion is not entailed in that sense.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

DATA = Path(__file__).with_name("owl2_rl_rdf_based.json")
_ONTOLOGY = "http://www.w3.org/2002/07/owl#Ontology"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def load_cases() -> list[dict]:
    """Every test case: id, kinds, description, premise, conclusion / nonconclusion."""
    return json.loads(DATA.read_text())


def parse(ntriples: str) -> list[ox.Triple]:
    """N-Triples text as pyoxigraph triples (lexical forms as written)."""
    return [q.triple for q in ox.parse(ntriples.encode(), format=ox.RdfFormat.N_TRIPLES)]


def graph_entailed(pattern: Iterable[ox.Triple], closure_triples: Iterable[tuple],
                   holds: Callable[[tuple], bool]) -> bool:
    """True when ``pattern`` maps into the closure (blank nodes as variables).

    ``closure_triples`` supplies candidate bindings; ``holds(triple)``
    decides a ground triple (so literal values compare by value).
    """
    wanted = [tuple(t) for t in pattern
              if not (t.predicate.value == _TYPE and isinstance(t.object, ox.NamedNode)
                      and t.object.value == _ONTOLOGY)]
    ground = [t for t in wanted if not any(isinstance(x, ox.BlankNode) for x in t)]
    if not all(holds(t) for t in ground):
        return False
    open_ = [t for t in wanted if any(isinstance(x, ox.BlankNode) for x in t)]
    if not open_:
        return True
    by_predicate: dict = {}
    for s, p, o in closure_triples:
        by_predicate.setdefault(p, []).append((s, o))

    def bind(term, binding):
        return binding.get(term, term) if isinstance(term, ox.BlankNode) else term

    def search(i: int, binding: dict) -> bool:
        if i == len(open_):
            return True
        s, p, o = (bind(x, binding) for x in open_[i])
        if not isinstance(s, ox.BlankNode) and not isinstance(o, ox.BlankNode) \
                and not isinstance(p, ox.BlankNode):
            return holds((s, p, o)) and search(i + 1, binding)
        for cs, co in by_predicate.get(p, ()):
            b = dict(binding)
            ok = True
            for var, value in ((s, cs), (o, co)):
                if isinstance(var, ox.BlankNode):
                    if b.setdefault(var, value) != value:
                        ok = False
                elif var != value and not holds((cs, p, var) if var is o else (var, p, co)):
                    ok = False
            if ok and search(i + 1, b):
                return True
        return False

    return search(0, {})
