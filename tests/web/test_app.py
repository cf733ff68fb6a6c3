"""Every route of the workbench through the ASGI test client: status, content type,
content negotiation, errors as one line, and nothing written."""

from __future__ import annotations

import json
import urllib.parse

import pyoxigraph as ox
import pytest

from realpolitik.kg import ALL_GRAPHS
from realpolitik.web.negotiation import accepted

HTML = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # what a browser sends


def test_home_says_what_the_graph_is(web, web_kg):
    page = web.get("/", headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "Russia, Turkey and Ukraine" in text
    assert "/source/article" in text and "/questions" in text and "/ontology" in text and "/api" in text
    assert "http://testserver/sparql" in text  # the endpoint's address
    assert f"{web_kg.stats()['inferred triples']:,}" in text and "Entities per class" in text


def test_the_catalogue_lists_every_stored_question(web, web_kg):
    page = web.get("/questions", headers=HTML)
    assert page.status_code == 200
    for name in web_kg.questions.names():
        assert f'href="/questions/{name}"' in page.text


def test_a_question_page_answers_with_labels_linked_and_a_why_per_row(web):
    page = web.get("/questions/who-bypasses-ukraine", headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "Who bypasses Ukraine?" in text and "needs reasoning" in text
    assert '<a href="/id/Russia"' in text and '<a href="/id/Turkey"' in text
    assert 'href="/questions/who-bypasses-ukraine/why/0"' in text and 'href="/questions/who-bypasses-ukraine/why/1"' in text
    assert 'href="/questions/who-bypasses-ukraine?reasoning=false"' in text  # the answer without reasoning, one click away
    assert '<select name="country">' in text and 'value="rpd:Ukraine" selected' in text  # offered by label, the default chosen
    for fmt in ("json", "xml", "csv", "tsv"):
        assert f"/api/questions/who-bypasses-ukraine?format={fmt}" in text


def test_without_reasoning_nobody_bypasses_ukraine(web):
    page = web.get("/questions/who-bypasses-ukraine?reasoning=false", headers=HTML)
    assert page.status_code == 200 and "No answer." in page.text and "Answer with reasoning" in page.text


def test_a_parameter_chooses_the_answer(web):
    page = web.get("/questions/who-are-the-partners-of-turkey?actor=rpd:Russia", headers=HTML)
    assert page.status_code == 200 and '<a href="/id/Turkey"' in page.text and '<a href="/id/Ukraine"' not in page.text


@pytest.mark.parametrize(("query", "message"), [
    ("actor=Rusia", "unknown entity rpd:Rusia (did you mean rpd:Russia?)"),
    ("actr=Russia", "unknown parameter &#39;actr&#39; (did you mean &#34;actor&#34;?)"),
])
def test_a_bad_parameter_is_one_line(web, query, message):
    page = web.get(f"/questions/who-are-the-partners-of-turkey?{query}", headers=HTML)
    assert page.status_code == 400 and message in page.text


def test_why_a_row_shows_the_proof_down_to_the_article(web):
    page = web.get("/questions/who-bypasses-ukraine/why/1", headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "partyTo ∘ routeBypasses ⊑ bypasses" in text
    assert "signed up to Russia’s TurkStream pipeline project" in text
    assert 'href="/source/article#ev-turkstream"' in text
    assert "_:" not in text  # no blank-node ids


def test_a_proof_writes_restrictions_in_words(web):
    query = urllib.parse.urlencode({"s": "rpd:Russia", "p": "rdf:type", "o": "rp:SanctionedState"})
    page = web.get(f"/why?{query}", headers=HTML)
    assert page.status_code == 200
    assert "(targetedBy some Sanction)" in page.text and "_:" not in page.text


def test_the_command_line_prints_proofs_in_words(kg):
    text = kg.explain("rpd:Turkey", "a", "rp:NatoMemberState").to_text()
    assert "(rp:memberOf value rpd:NATO)" in text and "_:" not in text


def test_an_entity_page_has_kinds_statements_quotes_and_a_picture(web):
    page = web.get("/id/Turkey", headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "<h1>Turkey</h1>" in text
    assert 'class="kind asserted"' in text and 'class="kind inferred"' in text
    assert "https://www.wikidata.org/wiki/Q43" in text or "http://www.wikidata.org/entity/Q43" in text
    assert "Turkey</a> bought <a" in text and "from <a href=\"/id/Russia\"" in text  # the n-ary purchase as a sentence
    assert 'href="/source/article#ev-turkstream"' in text  # an asserted statement's quote, linked to its passage
    assert 'class="why" href="/why?' in text  # an inferred statement's proof
    assert '<svg class="neighbourhood"' in text and 'class="edge asserted"' in text and 'class="edge inferred"' in text
    assert "<h2>Statements</h2>" in text and "<h2>Pointing here</h2>" in text  # what Turkey says, and what says something of Turkey


@pytest.mark.parametrize(("accept", "suffix", "media"), [
    ("text/turtle", "", "text/turtle"),
    ("application/n-triples", "", "application/n-triples"),
    ("application/ld+json", "", "application/ld+json"),
    ("application/rdf+xml", "", "application/rdf+xml"),
    ("text/html", ".ttl", "text/turtle"),
    ("*/*", ".jsonld", "application/ld+json"),
    ("*/*", ".nt", "application/n-triples"),
])
def test_entity_paths_negotiate_rdf(web, accept, suffix, media):
    response = web.get(f"/id/Turkey{suffix}", headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    fmt = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
           "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}[media]
    triples = list(ox.parse(response.content, format=fmt))
    turkey = ox.NamedNode("https://w3id.org/realpolitik/id/Turkey")
    assert ox.Triple(turkey, ox.NamedNode("https://w3id.org/realpolitik/ontology#bypasses"), ox.NamedNode("https://w3id.org/realpolitik/id/Ukraine")) in [q.triple for q in triples]


def test_term_paths_negotiate_too(web):
    assert web.get("/ontology/bypasses", headers={"accept": "text/turtle"}).headers["content-type"].startswith("text/turtle")
    whole = web.get("/ontology", headers={"accept": "text/turtle"})
    assert whole.status_code == 200 and b"propertyChainAxiom" in whole.content
    assert web.get("/ontology.ttl").headers["content-type"].startswith("text/turtle")
    assert web.get("/source/article.ttl").headers["content-type"].startswith("text/turtle")


def test_an_unknown_entity_is_404_with_did_you_mean(web):
    page = web.get("/id/Turky", headers=HTML)
    assert page.status_code == 404 and "unknown entity rpd:Turky (did you mean rpd:Turkey?)" in page.text
    plain = web.get("/id/Turky", headers={"accept": "text/turtle"})
    assert plain.status_code == 404 and plain.text.count("\n") == 1
    assert "did you mean rp:bypasses" in web.get("/ontology/bypases", headers=HTML).text
    assert web.get("/no/such/page", headers=HTML).status_code == 404


def test_the_source_page_highlights_every_quote(web, web_kg):
    page = web.get("/source/article", headers=HTML)
    assert page.status_code == 200
    text = page.text
    records = web_kg.sparql("SELECT DISTINCT ?record WHERE { ?record oa:hasTarget/oa:hasSource src:article }")
    for row in records:
        name = row.record.value.rsplit("/", 1)[-1]
        assert f'id="ev-{name}"' in text and f'id="facts-ev-{name}"' in text, name
    assert "<mark" in text and "Sodhi Gautam" in text  # quoted passages marked, the byline left plain
    for field in ("Title", "Author", "Date", "Published in"):
        assert f'<th scope="row">{field}</th>' in text


def test_ontology_pages_give_axioms_in_words_and_a_hierarchy(web):
    page = web.get("/ontology", headers=HTML)
    assert page.status_code == 200 and 'id="bypasses"' in page.text and 'id="NatoMemberState"' in page.text
    bypasses = web.get("/ontology/bypasses", headers=HTML).text
    assert "partyTo ∘ routeBypasses ⊑ bypasses" in bypasses and "Its value is a" in bypasses
    nato = web.get("/ontology/NatoMemberState", headers=HTML).text
    assert "NatoMemberState ≡ (State and (memberOf value NATO))" in nato and '<svg class="hierarchy"' in nato
    assert web.get("/ontology/SanctionedState", headers=HTML).text.count("(targetedBy some Sanction)") >= 1


def test_the_sparql_page_predeclares_prefixes_and_lists_examples(web):
    page = web.get("/sparql", headers=HTML)
    assert page.status_code == 200 and "<textarea" in page.text and 'title="https://w3id.org/realpolitik/ontology#">rp:' in page.text
    assert "/sparql?example=who-bypasses-ukraine" in page.text
    example = web.get("/sparql?example=who-bypasses-ukraine", headers=HTML).text
    assert "rp:bypasses" in example and "#+" not in example


def test_a_sparql_syntax_error_is_one_line_with_its_position(web):
    page = web.get("/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p }"}), headers=HTML)
    assert page.status_code == 400 and "line 1:" in page.text and "SPARQL syntax error" in page.text
    plain = web.get("/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p }"}))
    assert plain.status_code == 400 and plain.text.count("\n") == 1 and ":1:" in plain.text


QUERY = "SELECT ?state WHERE { ?state a rp:SanctionedState }"


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_the_sparql_protocol_by_get_in_every_results_format(web, accept, media):
    response = web.get("/sparql", params={"query": QUERY}, headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert "https://w3id.org/realpolitik/id/Russia" in response.text


def test_the_sparql_protocol_by_post(web):
    form = web.post("/sparql", data={"query": QUERY}, headers={"accept": "application/sparql-results+json"})
    assert form.status_code == 200 and json.loads(form.text)["results"]["bindings"][0]["state"]["value"].endswith("/Russia")
    direct = web.post("/sparql", content=QUERY, headers={"content-type": "application/sparql-query", "accept": "text/csv"})
    assert direct.status_code == 200 and "Russia" in direct.text
    asserted_only = web.get("/sparql", params={"query": "ASK { rpd:Turkey rp:bypasses rpd:Ukraine }", "reasoning": "false"})
    assert json.loads(asserted_only.text)["boolean"] is False


def test_the_api_lists_and_answers_the_stored_questions(web, web_kg):
    catalogue = web.get("/api/questions")
    assert catalogue.status_code == 200 and catalogue.headers["content-type"] == "application/json"
    assert {q["name"] for q in catalogue.json()} == set(web_kg.questions.names())
    answer = web.get("/api/questions/who-are-the-partners-of-turkey", params={"actor": "Russia"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/sparql-results+json")
    assert [b["partner"]["value"] for b in answer.json()["results"]["bindings"]] == ["https://w3id.org/realpolitik/id/Turkey"]
    csv = web.get("/api/questions/who-bypasses-ukraine", params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.count("\n") == 3
    bad = web.get("/api/questions/who-are-the-partners-of-turkey", params={"actor": "Rusia"})
    assert bad.status_code == 400 and bad.json() == {"error": "query who-are-the-partners-of-turkey: parameter actor: unknown entity rpd:Rusia (did you mean rpd:Russia?)"}
    assert web.get("/api/questions/who-bypasses-ukrain").status_code == 400


def test_the_openapi_document_describes_every_question(web, web_kg):
    document = web.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    for name in web_kg.questions.names():
        operation = document["paths"][f"/api/questions/{name}"]["get"]
        assert operation["operationId"] == name
    partners = document["paths"]["/api/questions/who-are-the-partners-of-turkey"]["get"]
    assert {p["name"] for p in partners["parameters"]} >= {"actor", "reasoning", "format"}
    page = web.get("/api", headers=HTML)
    assert page.status_code == 200 and 'action="/api/questions/who-are-the-partners-of-turkey"' in page.text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["/", "/id/Turkey", "/api/questions/who-bypasses-ukraine", "/ontology/bypasses"])
def test_writes_are_refused_with_405(web, method, path):
    response = web.request(method, path, content=b"<a:b> <a:b> <a:b> .")
    assert response.status_code == 405 and response.text.count("\n") == 1 and "read-only" in response.text
    assert "GET" in response.headers["allow"]


def test_sparql_update_is_refused_and_the_data_stays(web, web_kg):
    before = {graph: web_kg.store.count(graph) for graph in ALL_GRAPHS}
    update = "INSERT DATA { rpd:Turkey rp:bypasses rpd:Turkey }"
    for response in (
        web.post("/sparql", data={"update": update}),
        web.post("/sparql", content=update, headers={"content-type": "application/sparql-update"}),
        web.post("/sparql", data={"query": update}),
        web.get("/sparql", params={"query": "PREFIX x: <urn:x:> DELETE WHERE { ?s ?p ?o }"}),
    ):
        assert response.status_code == 403 and response.text == "this SPARQL endpoint is read-only: SPARQL Update is not allowed here\n"
    assert {graph: web_kg.store.count(graph) for graph in ALL_GRAPHS} == before


def test_static_files_ship_with_the_package(web):
    css = web.get("/static/workbench.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert web.get("/static/workbench.js").status_code == 200
    assert "https://" not in web.get("/", headers=HTML).text.split("<main>")[0]  # nothing fetched from elsewhere


def test_evidence_records_have_pages(web):
    page = web.get("/evidence/turkstream", headers=HTML)
    assert page.status_code == 200 and "Facts it supports" in page.text and 'href="/source/article#ev-turkstream"' in page.text


@pytest.mark.parametrize(("header", "expected"), [
    (None, "text/html"),
    ("*/*", "text/html"),
    ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
    ("text/*", "text/html"),
    ("application/ld+json;q=0, text/turtle", "text/turtle"),
])
def test_accept_header_preferences(header, expected):
    assert accepted(header, ["text/html", "text/turtle", "application/ld+json"], "text/html") == expected


def test_any_graph_laid_out_the_same_way_is_served(tmp_path):
    from starlette.testclient import TestClient

    import realpolitik
    from realpolitik.web import create_app

    from helpers import CLEAN

    kg = realpolitik.open(CLEAN, persistent=tmp_path / "store")
    try:
        with TestClient(create_app(kg)) as client:
            assert 'href="/questions/who-sold-s400-to-turkey"' in client.get("/questions", headers=HTML).text
            assert client.get("/id/Turkey", headers=HTML).status_code == 200
            assert client.get("/api/questions/which-states-are-nato-members").status_code == 200
    finally:
        kg.close()


def test_the_serve_command_hands_over_to_the_library(monkeypatch):
    from realpolitik.cli import main

    calls = []
    monkeypatch.setattr("realpolitik.web.serve", lambda kg, **options: calls.append((kg, options)))
    assert main(["serve", "--kg", "some/graph", "--port", "9999", "--workers", "2"]) == 0
    assert calls == [("some/graph", {"host": "127.0.0.1", "port": 9999, "store": None, "engine": "realpolitik", "workers": 2, "timeout": 60.0})]


def test_a_taken_port_is_one_line(capsys):
    import socket

    from realpolitik.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and f"127.0.0.1:{port}: cannot listen there" in error


def test_concurrent_requests_all_succeed(web):
    """Pages are drawn in a thread pool: 48 requests at once, proofs among them, all answer."""
    from concurrent.futures import ThreadPoolExecutor

    urls = ["/questions/who-bypasses-ukraine/why/1", "/questions/who-are-the-partners-of-turkey/why/0", "/questions/which-states-are-sanctioned",
            "/id/Turkey", "/api/questions/who-bypasses-ukraine", "/source/article"] * 8
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda url: web.get(url, headers=HTML).status_code, urls))
    assert statuses == [200] * len(urls)


def test_the_query_guard_answers_with_http_statuses(layout, tmp_path):
    """On the SPARQL endpoint a query too deep for the parser is 400, SERVICE is 403 and a
    query past its deadline is 503, each one line; the server answers normally afterwards."""
    from starlette.testclient import TestClient

    import realpolitik
    from realpolitik.web import create_app

    kg = realpolitik.open(layout.root, persistent=tmp_path / "store", timeout=2)
    json_results = {"Accept": "application/sparql-results+json"}
    try:
        with TestClient(create_app(kg)) as client:
            nested = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
            cases = [
                (nested, 400, "nests deeper than"),
                ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", 403, "federated queries are off"),
                ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", 503, "stopped after 2 s"),
            ]
            for query, status, words in cases:
                answer = client.get("/sparql", params={"query": query}, headers=json_results)
                assert answer.status_code == status and words in answer.text and answer.text.count("\n") == 1, (query[:40], answer.text)
            fine = client.get("/sparql", params={"query": "ASK { rpd:Turkey rp:bypasses rpd:Ukraine }"}, headers=json_results)
            assert fine.status_code == 200 and '"boolean": true' in fine.text.replace('"boolean":true', '"boolean": true')
    finally:
        kg.close()
