"""`validate` finds each fixture's one defect under the right check id, and the project's own graph passes clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from realpolitik.cli import main
from realpolitik.findings import exit_status
from realpolitik.inference import ENGINES
from realpolitik.kg import Layout
from realpolitik.validation import validate

from helpers import CLEAN, ROOT, planted


def errors(findings):
    return [f for f in findings if f.severity == "error"]


@pytest.fixture(scope="module")
def project_findings():
    return validate(Layout.at(ROOT))


def test_project_graph_has_no_errors(project_findings):
    assert errors(project_findings) == [], "\n".join(map(str, errors(project_findings)))
    assert exit_status(project_findings, "error") == 0


def test_project_graph_warnings_are_few_and_known(project_findings):
    # shared-label: rp:Item/rp:item and rp:Mediator/rp:mediator name a class and its role;
    # unused-term: rp:buysFrom and rp:sanctions are chain shortcuts no question asks about yet.
    warnings = [f for f in project_findings if f.severity == "warning"]
    assert {f.check for f in warnings} <= {"shared-label", "unused-term"}
    assert len(warnings) <= 4


def test_clean_fixture_has_no_findings():
    assert validate(Layout.at(CLEAN)) == []


@pytest.mark.parametrize(
    ("fixture", "check", "term", "words"),
    [
        ("quote-not-in-article", "quote-not-in-source", "ev:turkey-buys-s400", "closest passage: 'Turkey also purchased"),
        ("undeclared-property", "undeclared-term", "rp:memberof", "did you mean rp:memberOf?"),
        ("shape-violation", "shacl", "rpd:TurkeyS400Purchase", "a purchase has a seller"),
        ("profile-violation", "owl2-rl-profile", "rp:Purchase", "SubClassOf(rp:Purchase ObjectSomeValuesFrom(rp:seller rp:Actor))"),
    ],
)
def test_each_defect_is_the_only_error(fixture, check, term, words):
    found = errors(validate(Layout.at(planted(fixture))))
    assert [(f.check, f.term) for f in found] == [(check, term)], "\n".join(map(str, found))
    assert words in found[0].message
    assert found[0].location is not None and found[0].location.line


@pytest.mark.parametrize("engine", ENGINES)
def test_disjointness_clash_is_an_inconsistency(engine):
    found = errors(validate(Layout.at(planted("disjointness-clash")), engine=engine))
    assert found and {f.check for f in found} == {"inconsistency"}, "\n".join(map(str, found))
    assert "rpd:NATO" in {f.term for f in found}
    assert found[0].location.file.endswith("entities.trig")
    if engine != "owlrl":  # the rule engine names the OWL 2 RL rule; owlrl only describes the clash
        assert any("rule cax-dw" in f.message or "rule cax-adc" in f.message for f in found)


def test_defect_findings_point_at_the_line():
    quote = errors(validate(Layout.at(planted("quote-not-in-article"))))[0]
    lines = (planted("quote-not-in-article") / "data" / "article-facts.trig").read_text().splitlines()
    assert "oa:exact" in lines[quote.location.line - 1]
    profile = errors(validate(Layout.at(planted("profile-violation"))))[0]
    lines = (planted("profile-violation") / "ontology" / "realpolitik.ttl").read_text().splitlines()
    assert "owl:someValuesFrom" in lines[profile.location.line - 1]


def test_shacl_says_whether_reasoning_was_used(clean_copy: Path):
    # The party is only stated from the other side (rp:buyerIn), so the shape holds with reasoning only.
    ontology = clean_copy / "ontology" / "realpolitik.ttl"
    ontology.write_text(ontology.read_text() + "\nrp:buyerIn a owl:ObjectProperty ; rdfs:label \"buyer in\"@en ; skos:definition \"The actor buys in the purchase.\"@en ; owl:inverseOf rp:buyer .\n")
    facts = clean_copy / "data" / "article-facts.trig"
    facts.write_text(facts.read_text().replace("rp:buyer rpd:Turkey ;", "").replace("    rpd:TurkeyS400Purchase a", "    rpd:Turkey rp:buyerIn rpd:TurkeyS400Purchase .\n    rpd:TurkeyS400Purchase a"))
    found = validate(Layout.at(clean_copy))
    assert [(f.severity, f.check) for f in found] == [("info", "shacl-asserted")]
    assert "asserted only" in found[0].message


def test_shapes_are_not_ontology():
    layout = Layout.at(ROOT)
    assert layout.shapes_file.is_file()
    assert layout.shapes_file not in layout.ontology_files


@pytest.mark.parametrize(
    ("change", "check"),
    [
        # a fact outside any named graph
        (("data/entities.trig", "\nrpd:Turkey rdfs:label \"Türkiye\"@en .\n"), "fact-in-default-graph"),
        # a named graph nobody describes
        (("data/entities.trig", "\nev:nowhere { rpd:Russia rp:memberOf rpd:NATO . }\n"), "fact-without-evidence"),
        # a record typed as neither kind of evidence
        (("data/entities.trig", "\nev:odd rdfs:comment \"why\"@en .\nev:odd { rpd:Russia rp:memberOf rpd:NATO . }\n"), "evidence-record-untyped"),
        # the same quote cited from two documents
        (("data/article-facts.trig", "\nev:again a rp:ArticleEvidence ; oa:hasTarget [ oa:hasSource src:other ; oa:hasSelector [ oa:exact \"Turkey also purchased S-400 missile from Moscow, despite criticized from the United states .\" ] ] .\nsrc:other a rp:Document ; rdfs:label \"other\"@en ; rp:textFile \"article.txt\" .\nev:again { rpd:Turkey rp:memberOf rpd:NATO . }\n"), "conflicting-evidence"),
        # a class without a label (a SPARQL report check)
        (("ontology/realpolitik.ttl", "\nrp:Treaty a owl:Class ; skos:definition \"A written agreement.\"@en .\n"), "missing-label"),
    ],
)
def test_evidence_and_report_checks(clean_copy: Path, change, check):
    path, text = change
    target = clean_copy / path
    target.write_text(target.read_text() + text)
    assert check in {f.check for f in errors(validate(Layout.at(clean_copy)))}


def test_functional_property_with_two_values_is_a_conflict(clean_copy: Path):
    ontology = clean_copy / "ontology" / "realpolitik.ttl"
    ontology.write_text(ontology.read_text() + "\nrp:price a owl:DatatypeProperty , owl:FunctionalProperty ; rdfs:label \"price\"@en ; skos:definition \"What was paid.\"@en .\n")
    facts = clean_copy / "data" / "entities.trig"
    facts.write_text(facts.read_text() + "\nev:nato-membership { rpd:TurkeyS400Purchase rp:price \"2.5 billion\" . }\nev:entity-catalogue { rpd:TurkeyS400Purchase rp:price \"2 billion\" . }\n")
    conflicts = [f for f in validate(Layout.at(clean_copy)) if f.check == "conflicting-evidence"]
    assert len(conflicts) == 1
    assert "ev:nato-membership" in conflicts[0].message and "ev:entity-catalogue" in conflicts[0].message


def test_users_add_their_own_sparql_checks(tmp_path: Path):
    (tmp_path / "no-states.rq").write_text(
        "#+ id: state-without-wikidata\n#+ severity: warning\n#+ message: \"{term} has no Wikidata identifier\"\n"
        "PREFIX rp: <https://w3id.org/realpolitik/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?term WHERE { ?term a rp:State FILTER NOT EXISTS { ?term skos:exactMatch ?id } }\n"
    )
    found = validate(Layout.at(CLEAN), checks=[tmp_path])
    assert sorted(f.term for f in found if f.check == "state-without-wikidata") == ["rpd:Russia", "rpd:Turkey"]
    assert all(f.severity == "warning" for f in found)


def test_cli_json_and_fail_on(capsys):
    assert main(["validate", "--kg", str(planted("shape-violation")), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["error"] == 1
    finding = report["findings"][0]
    lines = Path(finding["file"]).read_text().splitlines()
    assert finding["check"] == "shacl" and "rpd:TurkeyS400Purchase" in lines[finding["line"] - 1]
    assert main(["validate", "--kg", str(CLEAN)]) == 0
    assert "no findings" in capsys.readouterr().out


def test_fail_on_decides_the_exit_status(clean_copy: Path, capsys):
    ontology = clean_copy / "ontology" / "realpolitik.ttl"
    ontology.write_text(ontology.read_text() + "\nrp:Treaty a owl:Class ; rdfs:label \"treaty\"@en .\n")  # no definition: a warning
    kg = str(clean_copy)
    assert main(["validate", "--kg", kg, "--fail-on", "error"]) == 0
    assert main(["validate", "--kg", kg, "--fail-on", "warning"]) == 1
    assert "missing-definition" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("path", "old", "new", "check"),
    [
        ("data/entities.trig", 'rdfs:label "Russia"@en', 'rdfs:label " Russia"@en', "whitespace-in-literal"),
        ("data/entities.trig", 'rdfs:label "Russia"@en', 'rdfs:label "Rossiya"@ru', "label-not-english"),
        ("data/entities.trig", 'rdfs:label "Russia"@en', 'rdfs:label "Russia"@en , "Russian Federation"@en', "multiple-labels"),
        ("data/entities.trig", 'rdfs:label "Russia"@en', 'rdfs:label "Turkey"@en', "duplicate-label"),
        ("ontology/realpolitik.ttl", 'rdfs:label "purchase"@en ;', 'rdfs:label "purchase"@en ; owl:deprecated true ;', "deprecated-term-in-use"),
        ("ontology/realpolitik.ttl", "    dcterms:license <https://creativecommons.org/licenses/by/4.0/> .", "    dcterms:creator \"us\" .", "missing-ontology-license"),
        ("ontology/realpolitik.ttl", 'rdfs:label "weapon system"@en ;', "", "missing-label"),
        ("ontology/realpolitik.ttl", 'skos:definition "Military equipment."@en ;', "", "missing-definition"),
    ],
)
def test_report_checks(clean_copy: Path, path, old, new, check):
    target = clean_copy / path
    assert old in target.read_text()
    target.write_text(target.read_text().replace(old, new, 1))
    found = [f for f in validate(Layout.at(clean_copy)) if f.check == check]
    assert found, check
    assert found[0].location is not None


def test_a_finding_of_an_unknown_severity_cannot_be_made():
    from realpolitik.findings import Finding

    with pytest.raises(ValueError, match="unknown severity 'fatal'"):
        Finding("fatal", "x", "message")
    with pytest.raises(ValueError, match="unknown severity"):  # a damaged cache entry is rebuilt, not believed
        Finding.from_dict({"severity": "bogus", "check": "x", "message": "m"})


def test_validate_takes_a_list_of_check_folders_not_one(tmp_path):
    import realpolitik

    with pytest.raises(TypeError, match="a list of folders"):
        realpolitik.validate(checks=str(tmp_path))
