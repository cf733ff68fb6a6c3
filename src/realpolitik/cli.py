"""The command line: a thin shell over the library. ``realpolitik --help`` lists the commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import InputError, RealpolitikError


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--kg", metavar="DIR", help="knowledge graph folder (ontology/, data/, queries/); default: the bundled one")
    common.add_argument("--engine", default="realpolitik", choices=("realpolitik", "owlrl"), help="OWL 2 RL reasoner: the project's own engine (default) or owlrl, the reference")
    common.add_argument("--no-cache", action="store_true", help="reason afresh instead of using the cached closure")
    rows = argparse.ArgumentParser(add_help=False)
    rows.add_argument("--format", default="table", choices=("table", "csv", "tsv", "json", "markdown"), help="output format (default: table)")

    parser = argparse.ArgumentParser(prog="realpolitik", description="Query, reason over and publish the realpolitik knowledge graph.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("queries", parents=[common, rows], help="list the stored questions")

    where = _where_options()
    query = commands.add_parser("query", parents=[common, rows, where], help="answer a stored question")
    query.add_argument("name", help="stored question, e.g. who-bypasses-ukraine")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="bind a parameter (repeatable)")
    query.add_argument("--no-reasoning", action="store_true", help="query the asserted triples only")
    query.add_argument("--why", action="store_true", help="explain each answer row: the triples that made it an answer and their proofs (text, or JSON with --format json)")

    sparql = commands.add_parser("sparql", parents=[common, rows, where], help="run an ad hoc SPARQL query")
    source = sparql.add_mutually_exclusive_group(required=True)
    source.add_argument("query", nargs="?", help="the SPARQL text (prefixes rp:, rpd:, rdfs: … are predeclared)")
    source.add_argument("--file", metavar="FILE.rq", help="read the query from a file")
    sparql.add_argument("--no-reasoning", action="store_true", help="query the asserted triples only")

    reason = commands.add_parser("reason", parents=[common], help="write the asserted graph with its OWL 2 RL inferences")
    reason.add_argument("--output", required=True, metavar="FILE", help="where to write (format from the suffix: .ttl .nt .nq .trig .jsonld .rdf)")
    reason.add_argument("--inferred-output", metavar="FILE", help="also write the inferred triples on their own")
    reason.add_argument("--rdf-format", dest="rdf_format", choices=("ttl", "nt", "nq", "trig", "jsonld", "xml"), help="override the format the suffix implies")

    commands.add_parser("stats", parents=[common, rows], help="count classes, individuals, asserted and inferred triples")

    explain = commands.add_parser("explain", parents=[common], help="prove a triple down to asserted facts and their quotes")
    explain.add_argument("subject", help="prefixed name or <IRI>, e.g. rpd:Turkey")
    explain.add_argument("predicate", help="prefixed name or <IRI>, or 'a' for rdf:type")
    explain.add_argument("object", help='prefixed name, <IRI> or "literal"@lang')
    explain.add_argument("--format", default="text", choices=("text", "json"), help="output format (default: text)")
    # --- quality gates: validate and check (issue #4) ---
    validate = commands.add_parser("validate", parents=[common], help="check shapes, consistency, evidence, vocabulary, report and OWL 2 RL profile")
    validate.add_argument("--format", default="table", choices=("table", "json"), help="output format (default: table)")
    validate.add_argument("--fail-on", default="error", choices=("error", "warning", "info"), help="exit 1 when a finding is at least this severe (default: error)")
    validate.add_argument("--checks", action="append", default=[], metavar="DIR", help="a folder of your own SPARQL report checks (*.rq; repeatable)")
    commands.add_parser("check", parents=[common, rows], help="run every stored question against its expected answers, with and without reasoning")
    # --- end of quality gates ---


    _add_store_commands(commands, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 failure found, 2 bad input)."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except RealpolitikError as error:
        print(f"realpolitik: error: {error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _run(args: argparse.Namespace) -> int:
    # Imported here so that `realpolitik --help` stays instant.
    from .answers import run_sparql, run_stored
    from .dataset import open_dataset
    from .formats import render
    from .kg import Layout
    from .queries import Catalogue

    layout = Layout.at(args.kg)
    if args.command in _STORE_COMMANDS:
        return _run_store_command(args, layout)
    if args.command in ("query", "sparql") and args.endpoint:
        return _run_remote(args, layout)
    if args.command == "queries":
        return _list_queries(Catalogue(layout), args.format)

    def dataset():
        if args.command in ("query", "sparql") and not args.no_cache:
            return _query_dataset(args, layout)
        return open_dataset(layout, engine=args.engine, use_cache=not args.no_cache)

    if args.command == "query":
        stored = Catalogue(layout).get(args.name)
        given = _parse_params(args.param, stored.name)
        data = dataset()
        answer = run_stored(data, stored, given, reasoning=not args.no_reasoning)
        if args.why:
            return _why(data, stored, given, answer, args.format)
        sys.stdout.write(render(answer, args.format))
        return _report_findings(data)
    if args.command == "sparql":
        text, source = _sparql_text(args)
        answer = run_sparql(dataset(), text, reasoning=not args.no_reasoning, source=source)
        sys.stdout.write(render(answer, args.format))
        return 0
    if args.command == "reason":
        return _reason(dataset(), args)
    if args.command == "explain":
        return _explain(dataset(), args)
    if args.command in ("validate", "check"):
        return _quality_gate(args, layout, dataset)
    if args.command == "stats":
        from .answers import Answer
        from .stats import statistics
        import pyoxigraph as ox

        counts = statistics(dataset())
        answer = Answer(["measure", "count"], [(ox.Literal(k), ox.Literal(str(v))) for k, v in counts.items()])
        sys.stdout.write(render(answer, args.format))
        return 0
    raise AssertionError(args.command)


def _sparql_text(args: argparse.Namespace) -> tuple[str, str]:
    """The ad hoc query's text, and how to name it in an error message."""
    if not args.file:
        return args.query, "<query>"
    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"{args.file}: no such query file")
    return path.read_text(encoding="utf-8"), args.file


def _parse_params(pairs: list[str], query: str) -> dict[str, str]:
    given: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name:
            raise InputError(f"query {query}: --param {pair!r}: expected NAME=VALUE, e.g. --param country=rpd:Ukraine")
        if name in given:
            raise InputError(f"query {query}: parameter {name!r} given twice")
        given[name] = value
    return given


def _list_queries(catalogue, fmt: str) -> int:
    import pyoxigraph as ox

    from .answers import Answer
    from .formats import render

    rows = []
    for stored in catalogue.all():
        params = ", ".join(f"{p.name}" for p in stored.params)
        rows.append(tuple(ox.Literal(v) for v in (stored.name, "yes" if stored.needs_reasoning else "no", params, stored.question)))
    sys.stdout.write(render(Answer(["query", "needs reasoning", "parameters", "question"], rows), fmt))
    return 0


def _reason(dataset, args: argparse.Namespace) -> int:
    from .export import format_for, write_graphs
    from .vocabulary import FACTS_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH

    # Check both targets before writing either, so a bad second path leaves nothing half-done.
    format_for(args.output, args.rdf_format)
    if args.inferred_output:
        format_for(args.inferred_output, args.rdf_format)
    written = write_graphs(dataset, [ONTOLOGY_GRAPH, FACTS_GRAPH, INFERRED_GRAPH], args.output, args.rdf_format)
    print(f"wrote {written} triples (ontology, facts and inferences) to {args.output}", file=sys.stderr)
    if args.inferred_output:
        inferred = write_graphs(dataset, [INFERRED_GRAPH], args.inferred_output, args.rdf_format)
        print(f"wrote {inferred} inferred triples to {args.inferred_output}", file=sys.stderr)
    return _report_findings(dataset)


def _report_findings(dataset) -> int:
    """Print each inconsistency with its rule and offending triples; 1 if there are any."""
    from .terms import write_term

    for finding in dataset.findings:
        print(f"realpolitik: inconsistency [{finding.rule}]: {finding.message}", file=sys.stderr)
        for triple in finding.triples:
            print("    " + " ".join(write_term(t) for t in triple), file=sys.stderr)
    return 1 if dataset.findings else 0


def _explain(dataset, args: argparse.Namespace) -> int:
    import json

    import pyoxigraph as ox

    from .explanations import NOT_ENTAILED, Explainer
    from .terms import parse_term
    from .vocabulary import RDF

    terms = []
    for role, text in (("subject", args.subject), ("predicate", args.predicate), ("object", args.object)):
        try:
            terms.append(ox.NamedNode(RDF + "type") if role == "predicate" and text == "a" else parse_term(text))
        except ValueError as error:
            raise InputError(f"explain: {role} {text!r}: {error}") from None
    try:
        triple = ox.Triple(*terms)
    except TypeError:
        raise InputError("explain: the subject and predicate must be IRIs, not literals") from None
    explanation = Explainer(dataset).explain(triple)
    if args.format == "json":
        print(json.dumps(explanation.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(explanation.to_text())
    return 1 if explanation.status == NOT_ENTAILED else 0


def _why(dataset, stored, given: dict[str, str], answer, fmt: str) -> int:
    import json

    from .answers import bind_parameters
    from .explanations import Explainer
    from .formats import render
    from .terms import show_term

    bindings = bind_parameters(dataset, stored, given)
    rows = Explainer(dataset).explain_answer(stored.text, answer, bindings)
    if fmt == "json":
        document = {
            "query": stored.name,
            "rows": [
                {"bindings": {k: str(v) for k, v in row.bindings.items()}, "because": [e.to_dict() for e in row.because]}
                for row in rows
            ],
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    sys.stdout.write(render(answer, "table"))
    for number, row in enumerate(rows, 1):
        values = ", ".join(f"{k}={show_term(v)}" for k, v in row.bindings.items())
        print(f"\nrow {number}: {values}")
        for explanation in row.because:
            print("\n".join("  " + line for line in explanation.to_text().splitlines()))
    return 0

# --- quality gates: validate and check (issue #4) ---
def _quality_gate(args: argparse.Namespace, layout, dataset) -> int:
    from .formats import render

    if args.command == "validate":
        from .validation import exit_status, validate
        from .validation.report import render_findings

        findings = validate(layout, engine=args.engine, use_cache=not args.no_cache, checks=[Path(d) for d in args.checks])
        sys.stdout.write(render_findings(findings, args.format))
        return exit_status(findings, args.fail_on)
    from .competency import check_questions, explain, results_table
    from .queries import Catalogue

    queries = Catalogue(layout).all()
    opened = dataset()
    results = check_questions(opened, queries)
    sys.stdout.write(render(results_table(results), args.format))
    for result in results:
        if not result.passed:
            print(explain(opened, result), file=sys.stderr)
    return 0 if all(result.passed for result in results) else 1
# --- end of quality gates ---


# --- Triple stores: build, export, load, serve, and queries on a store ----------------

_STORE_COMMANDS = ("build", "export", "load", "serve")
_STORE_HELP = "embedded store folder (default: $REALPOLITIK_STORE, else ~/.local/share/realpolitik/store)"


def _where_options() -> argparse.ArgumentParser:
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--store", metavar="DIR", help=_STORE_HELP + "; used once built, rebuilt when the inputs change")
    where.add_argument("--endpoint", metavar="URL", help="ask a running SPARQL 1.1 endpoint instead (see 'realpolitik load')")
    return where


def _add_store_commands(commands, common: argparse.ArgumentParser) -> None:
    build = commands.add_parser("build", parents=[common], help="build the embedded Oxigraph store with its named graphs")
    build.add_argument("--store", metavar="DIR", help=_STORE_HELP)
    build.add_argument("--force", action="store_true", help="rebuild even when the store is current")

    export = commands.add_parser("export", parents=[common], help="write the graph in a format any triple store loads")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--output", metavar="FILE", help="the file to write")
    target.add_argument("--all", metavar="DIR", help="write a release folder: every format, the closure, the stored questions and a VoID/DCAT description")
    export.add_argument("--format", dest="rdf_format", choices=("ttl", "nt", "nq", "trig", "jsonld", "xml"), help="RDF format (default: from the suffix of --output)")
    export.add_argument("--inferred", action="store_true", help="include the inferred graph (the OWL 2 RL closure)")
    export.add_argument("--endpoint", metavar="URL", help="with --all: the SPARQL endpoint the description names")

    load = commands.add_parser("load", parents=[common], help="replace the graphs in a running triple store (SPARQL 1.1 Graph Store Protocol or Update)",
                               description="Credentials come from REALPOLITIK_ENDPOINT_USER and REALPOLITIK_ENDPOINT_PASSWORD; "
                                           "REALPOLITIK_ENDPOINT_TIMEOUT sets the timeout in seconds (default 30).")
    load.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL query URL")
    load.add_argument("--graph-store", metavar="URL", help="its Graph Store HTTP Protocol URL (without it, graphs go in by SPARQL Update)")
    load.add_argument("--update", metavar="URL", help="its SPARQL Update URL (default: the query URL)")

    serve = commands.add_parser("serve", parents=[common], help="serve the built store read-only over the SPARQL 1.1 Protocol, with a query page")
    serve.add_argument("--store", metavar="DIR", help=_STORE_HELP)
    serve.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")


def _query_dataset(args: argparse.Namespace, layout):
    """The built store when there is one (rebuilt if stale), else the in-memory dataset."""
    from .dataset import open_dataset
    from .store import current_build, open_store

    if current_build(args.store) is not None:
        return open_store(layout, args.store, engine=args.engine)
    return open_dataset(layout, engine=args.engine)


def _run_remote(args: argparse.Namespace, layout) -> int:
    from .endpoint import Endpoint, run_stored_remote
    from .formats import render
    from .queries import Catalogue
    from .vocabulary import ALL_GRAPHS, ASSERTED_GRAPHS, PREFIXES

    endpoint = Endpoint.from_environment(args.endpoint)
    if args.command == "query":
        stored = Catalogue(layout).get(args.name)
        answer = run_stored_remote(endpoint, stored, _parse_params(args.param, stored.name), reasoning=not args.no_reasoning)
    else:
        text, _ = _sparql_text(args)
        prologue = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
        answer = endpoint.query(prologue + text, default_graphs=list(ASSERTED_GRAPHS if args.no_reasoning else ALL_GRAPHS))
    sys.stdout.write(render(answer, args.format))
    return 0


def _run_store_command(args: argparse.Namespace, layout) -> int:
    from .dataset import open_dataset

    if args.command == "build":
        from .store import build_store

        build = build_store(layout, args.store, engine=args.engine, force=args.force)
        total = sum(build.graph_sizes.values())
        state = f"built in {build.seconds:.2f} s" if build.rebuilt else "already current"
        print(f"{build.database}: {total} quads in {len(build.graph_sizes)} named graphs, {state}", file=sys.stderr)
        return 0
    if args.command == "export":
        from .export import export_graphs, format_for, write_graphs, write_release
        from .queries import Catalogue

        if args.all:
            written = write_release(open_dataset(layout, engine=args.engine, use_cache=not args.no_cache), args.all, Catalogue(layout), args.endpoint)
            print(f"wrote {len(written)} files to {args.all}", file=sys.stderr)
            return 0
        format_for(args.output, args.rdf_format)
        count = write_graphs(open_dataset(layout, engine=args.engine, use_cache=not args.no_cache), export_graphs(args.inferred), args.output, args.rdf_format)
        print(f"wrote {count} {'quads' if format_for(args.output, args.rdf_format) in ('nq', 'trig', 'jsonld') else 'statements'} to {args.output}", file=sys.stderr)
        return 0
    if args.command == "load":
        from .endpoint import Endpoint, load_graphs
        from .vocabulary import ALL_GRAPHS

        endpoint = Endpoint.from_environment(args.endpoint, args.update, args.graph_store)
        dataset = open_dataset(layout, engine=args.engine, use_cache=not args.no_cache)
        report = load_graphs(endpoint, {graph: dataset.triples(graph) for graph in ALL_GRAPHS})
        print(f"loaded {sum(report.graphs.values())} triples into {len(report.graphs)} named graphs at {args.endpoint} "
              f"in {report.seconds:.2f} s ({report.method})", file=sys.stderr)
        return 0
    if args.command == "serve":
        import os

        from .store import build_store, server_command

        build = build_store(layout, args.store, engine=args.engine)
        command = server_command(build, args.host, args.port)
        print(f"serving {build.database} read-only: SPARQL at http://{args.host}:{args.port}/query, "
              f"query page at http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr, flush=True)
        os.execv(command[0], command)  # the server takes this process's place, and its process id
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())
