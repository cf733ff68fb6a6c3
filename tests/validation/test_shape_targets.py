"""validate reports a SHACL shape whose target class the ontology does not declare (such a shape never fires)."""

from __future__ import annotations

import shutil
from pathlib import Path

from realpolitik.kg import Layout
from realpolitik.validation import validate

from helpers import ROOT


def test_every_shape_of_the_project_targets_a_declared_class(layout):
    assert [f for f in validate(layout) if f.check == "shape-target-undeclared"] == []


def test_a_misspelt_target_class_is_an_error_at_its_line(tmp_path: Path):
    for part in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / part, tmp_path / part)
    shapes = tmp_path / "ontology" / "shapes.ttl"
    text = shapes.read_text(encoding="utf-8")
    broken = text.replace("sh:targetClass rp:SanctionsNonAlignmentPolicy", "sh:targetClass rp:NonAlignmentPolicy")
    assert broken != text
    shapes.write_text(broken, encoding="utf-8")
    (finding,) = [f for f in validate(Layout.at(tmp_path)) if f.check == "shape-target-undeclared"]
    assert finding.severity == "error" and finding.term == "rp:NonAlignmentPolicy"
    assert "NonAlignmentPolicyShape" in finding.message
    assert "rp:NonAlignmentPolicy" in broken.splitlines()[finding.location.line - 1]
