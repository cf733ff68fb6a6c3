"""A deterministic large graph over realpolitik's ontology, for benchmarks: N copies of the article's
facts, evidence and inferences, each copy with its own entities.

    python bench/generate_stores.py --triples 100000 --output big.nq

Copy 0 keeps the real IRIs, so stored questions with their default parameters still find their
answers; copy i renames every entity, evidence record, statement and blank node with a ``-i``
suffix. Renaming is an isomorphism of the facts, so the renamed inferences are exactly the
closure of the renamed facts, and the graph needs no reasoning run. The ontology is shared.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from realpolitik.kg import ONTOLOGY_GRAPH, Layout
from realpolitik.rdf.namespaces import EVIDENCE, RPD, STATEMENT
from realpolitik.stores.local import LocalStore
from realpolitik.stores.memory import open_memory

_RENAMED = (RPD, EVIDENCE, STATEMENT)


def _rename(term, copy: int):
    if copy == 0:
        return term
    if isinstance(term, ox.NamedNode) and term.value.startswith(_RENAMED):
        return ox.NamedNode(f"{term.value}-{copy}")
    if isinstance(term, ox.BlankNode):
        return ox.BlankNode(f"{term.value}c{copy}")
    return term


def generate(dataset: LocalStore, triples: int) -> list[ox.Quad]:
    """At least ``triples`` distinct quads in the dataset's named graphs: the same graph every run,
    up to blank node labels."""
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    quads = dict.fromkeys(dataset.store.quads_for_pattern(None, None, None, ontology))
    per_copy = [q for q in dataset.store.quads_for_pattern(None, None, None) if q.graph_name != ontology]
    copy = 0
    while len(quads) < triples:
        quads.update(dict.fromkeys(ox.Quad(_rename(q.subject, copy), q.predicate, _rename(q.object, copy), q.graph_name) for q in per_copy))
        copy += 1
    return list(quads)


def generated_dataset(triples: int, layout: Layout | None = None) -> LocalStore:
    """The generated graph as an in-memory store, like ``stores.memory.open_memory`` returns."""
    layout = layout or Layout.at(Path(__file__).resolve().parents[1])
    base = open_memory(layout)
    store = ox.Store()
    store.bulk_extend(generate(base, triples))
    return LocalStore(store, [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000, help="about how many triples (default 100000)")
    parser.add_argument("--output", required=True, help="the N-Quads file to write")
    args = parser.parse_args()
    dataset = generated_dataset(args.triples)
    dataset.store.dump(args.output, format=ox.RdfFormat.N_QUADS)
    print(f"wrote {len(dataset.store)} quads to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
