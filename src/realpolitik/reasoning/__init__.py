"""OWL 2 RL forward-chaining materialiser with explanations.

>>> from realpolitik.reasoning import materialise
>>> closure = materialise(graph)          # rdflib Graph or iterable of triples
>>> closure.inferred                      # set of new rdflib triples
>>> closure.findings                      # list of Finding(rule, message, triples)
>>> closure.explain(triple)               # Proof tree, or None if not entailed

Semi-naive evaluation over dictionary-encoded terms, with one closure
compiled per schema axiom.  It is pure Python: the work is hash probes on
small ints that CPython's dicts and sets do in C, and staying pure Python
keeps the package installable wherever rdflib is.  See ``engine`` for the
loop, ``rules`` / ``schema_rules`` / ``equality`` for the rules,
``findings`` for inconsistencies and ``explain`` for proofs.
"""

from .closure import Closure, materialise
from .explain import Proof
from .findings import Finding

__all__ = ["materialise", "Closure", "Finding", "Proof"]
