"""The report check shape-target-undeclared finds SHACL shapes whose target class the ontology does not declare."""

from __future__ import annotations

import pyoxigraph as ox

from realpolitik.validation.sparql_checks import BUILTIN_CHECKS, read_check
from realpolitik.vocabulary import RP

CHECK = read_check(BUILTIN_CHECKS / "shape-target-undeclared.rq")


def undeclared_targets(layout, shapes_text: str) -> list[tuple[str, str]]:
    store = ox.Store()
    for path in layout.ontology_files:
        store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE)
    store.load(shapes_text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return [(row["term"].value, row["shape"].value) for row in store.query(CHECK.text)]


def test_the_check_is_an_error_check():
    assert (CHECK.id, CHECK.severity) == ("shape-target-undeclared", "error")


def test_every_shape_of_the_project_targets_a_declared_class(layout):
    assert undeclared_targets(layout, layout.shapes_file.read_text(encoding="utf-8")) == []


def test_a_misspelt_target_class_is_found(layout):
    shapes = layout.shapes_file.read_text(encoding="utf-8")
    broken = shapes.replace("sh:targetClass rp:SanctionsNonAlignmentPolicy", "sh:targetClass rp:NonAlignmentPolicy")
    assert broken != shapes
    assert undeclared_targets(layout, broken) == [(RP + "NonAlignmentPolicy", "https://w3id.org/realpolitik/shapes#NonAlignmentPolicyShape")]
