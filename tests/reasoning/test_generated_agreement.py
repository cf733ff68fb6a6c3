"""Agreement with owlrl on the synthetic geopolitics graph of the benchmark."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from realpolitik.reasoning import materialise
from realpolitik.reasoning.reference import owlrl_reference

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
generate = pytest.importorskip("generate")


@pytest.mark.parametrize("size,seed", [(300, 1), (1000, 7)])
def test_generated_graph_agrees_with_owlrl(size: int, seed: int) -> None:
    triples = generate.generate(size, seed=seed)
    closure = materialise(triples, progress=False)
    assert closure.inferred == owlrl_reference(triples)
    assert {f.rule for f in closure.findings} <= {"cax-dw"}
