"""The command line: one small handler per command, each calling the library.

``realpolitik --help`` lists the commands; every error is one line on stderr and an exit
status (0 ok, 1 a failure found, 2 bad input).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import InputError, RealpolitikError

if TYPE_CHECKING:
    from .knowledge_graph import KnowledgeGraph

_FORMATS = ("table", "markdown", "json", "xml", "csv", "tsv")  # tables.FORMATS, without importing it
_RDF_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "xml")  # rdf.formats.RDF_FORMATS
_ENGINES = ("realpolitik", "owlrl")  # inference.ENGINES
_STORE_HELP = "embedded store folder (default: one per knowledge graph under $REALPOLITIK_STORE, else ~/.local/share/realpolitik/stores)"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 failure found, 2 bad input)."""
    args = _parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except RealpolitikError as error:
        print(f"realpolitik: error: {error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


# --- the handlers ---------------------------------------------------------------------


def _queries(args: argparse.Namespace) -> int:
    from .kg import Layout
    from .questions.catalogue import Catalogue
    from .tables import table_of

    rows = [(q.name, "yes" if q.needs_reasoning else "no", ", ".join(p.name for p in q.params), q.question) for q in Catalogue(Layout.at(args.kg)).all()]
    return _print_rows(table_of(["query", "needs reasoning", "parameters", "question"], rows), args.format)


def _query(args: argparse.Namespace) -> int:
    from .explanations import why_report

    kg = _open_for_queries(args)
    params = _parse_params(args.param, args.name)
    results = kg.ask(args.name, reasoning=not args.no_reasoning, **params)
    if args.why:
        sys.stdout.write(why_report(args.name, results, kg.why_all(results), args.format))
        return 0
    _print_rows(results, args.format)
    return _inconsistencies(kg)


def _sparql(args: argparse.Namespace) -> int:
    kg = _open_for_queries(args)
    return _print_rows(kg.sparql(_sparql_text(args), reasoning=not args.no_reasoning), args.format)


def _reason(args: argparse.Namespace) -> int:
    from .export import write_graphs
    from .kg import FACTS_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH
    from .rdf.formats import format_for

    # Check both targets before writing either, so a bad second path leaves nothing half-done.
    format_for(args.output, args.rdf_format)
    if args.inferred_output:
        format_for(args.inferred_output, args.rdf_format)
    kg = _open(args)
    written = write_graphs(kg.store, [ONTOLOGY_GRAPH, FACTS_GRAPH, INFERRED_GRAPH], args.output, args.rdf_format)
    print(f"wrote {written} triples (ontology, facts and inferences) to {args.output}", file=sys.stderr)
    if args.inferred_output:
        inferred = write_graphs(kg.store, [INFERRED_GRAPH], args.inferred_output, args.rdf_format)
        print(f"wrote {inferred} inferred triples to {args.inferred_output}", file=sys.stderr)
    return _inconsistencies(kg)


def _stats(args: argparse.Namespace) -> int:
    from .tables import mapping_table

    kg = _open(args)
    print(f"realpolitik: {kg.layout.describe()}", file=sys.stderr)
    return _print_rows(mapping_table(("measure", "count"), kg.stats()), args.format)


def _explain(args: argparse.Namespace) -> int:
    import json

    from .explanations import NOT_ENTAILED

    explanation = _open(args).explain(args.subject, args.predicate, args.object)
    print(json.dumps(explanation.to_dict(), indent=2, ensure_ascii=False) if args.format == "json" else explanation.to_text())
    return 1 if explanation.status == NOT_ENTAILED else 0


def _validate(args: argparse.Namespace) -> int:
    from .findings import exit_status
    from .kg import Layout
    from .validation import validate
    from .validation.report import render_findings

    findings = validate(Layout.at(args.kg), engine=args.engine, use_cache=not args.no_cache, checks=[Path(d) for d in args.checks])
    sys.stdout.write(render_findings(findings, args.format))
    return exit_status(findings, args.fail_on)


def _check(args: argparse.Namespace) -> int:
    from .questions.competency import explain, results_table

    kg = _open(args)
    results = kg.check()
    _print_rows(results_table(results), args.format)
    for result in results:
        if not result.passed:
            print(explain(kg.store, result), file=sys.stderr)
    return 0 if all(result.passed for result in results) else 1


def _build(args: argparse.Namespace) -> int:
    from .kg import Layout
    from .stores.embedded import build_store

    build = build_store(Layout.at(args.kg), args.store, engine=args.engine, force=args.force)
    state = f"built in {build.seconds:.2f} s" if build.rebuilt else "already current"
    print(f"{build.database}: {sum(build.graph_sizes.values())} quads in {len(build.graph_sizes)} named graphs, {state}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from .rdf.formats import RDF_FORMATS, format_for

    kg = _open(args)
    if args.all:
        written = kg.publish(args.all, endpoint=args.endpoint)
        print(f"wrote {len(written)} files to {args.all}", file=sys.stderr)
        return 0
    fmt = format_for(args.output, args.rdf_format)
    count = kg.export(args.output, format=fmt, inferred=args.inferred)
    print(f"wrote {count} {'quads' if RDF_FORMATS[fmt].supports_datasets else 'statements'} to {args.output}", file=sys.stderr)
    return 0


def _load(args: argparse.Namespace) -> int:
    kg = _open(args)
    report = kg.load_into(args.endpoint, update_url=args.update, graph_store_url=args.graph_store)
    print(f"loaded {sum(report.graphs.values())} triples into {len(report.graphs)} named graphs at {args.endpoint} "
          f"in {report.seconds:.2f} s ({report.method})", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    if args.oxigraph:
        return _serve_oxigraph(args)
    from .web import serve

    serve(args.kg, host=args.host, port=args.port, store=args.store, engine=args.engine, workers=args.workers)
    return 0


def _serve_oxigraph(args: argparse.Namespace) -> int:
    from .kg import Layout
    from .stores.embedded import build_store, server_command

    build = build_store(Layout.at(args.kg), args.store, engine=args.engine)
    command = server_command(build, args.host, args.port)
    print(f"serving {build.database} read-only: SPARQL at http://{args.host}:{args.port}/query, "
          f"query page at http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr, flush=True)
    os.execv(command[0], command)  # the server takes this process's place, and its process id
    return 0


def _site(args: argparse.Namespace) -> int:
    from .web import write_site

    written = write_site(args.folder, args.kg, store=args.store, engine=args.engine)
    print(f"wrote {len(written)} files to {args.folder}", file=sys.stderr)
    return 0


# --- shared steps ---------------------------------------------------------------------


def _open(args: argparse.Namespace) -> KnowledgeGraph:
    """The knowledge graph of ``--kg``, reasoned with ``--engine``, in memory."""
    from .knowledge_graph import open

    return open(args.kg, engine=args.engine, cache=not args.no_cache)


def _open_for_queries(args: argparse.Namespace) -> KnowledgeGraph:
    """A remote store with ``--endpoint``; else the built store when there is one (rebuilt
    when stale), else the graph in memory."""
    from .kg import Layout
    from .knowledge_graph import connect, open
    from .stores.embedded import current_build, store_folder

    if args.endpoint:
        return connect(args.endpoint, questions=args.kg)
    layout = Layout.at(args.kg)
    if not args.no_cache and current_build(store_folder(layout, args.store)) is not None:
        return open(layout.root, engine=args.engine, persistent=args.store or True)
    return open(layout.root, engine=args.engine, cache=not args.no_cache)


def _inconsistencies(kg: KnowledgeGraph) -> int:
    """Print each inconsistency reasoning found; 1 if there are any."""
    from .findings import inconsistency_report

    if kg.findings:
        print(inconsistency_report(kg.findings), file=sys.stderr)
    return 1 if kg.findings else 0


def _print_rows(results: object, fmt: str) -> int:
    from .tables import render

    sys.stdout.write(render(results, fmt))  # type: ignore[arg-type]
    return 0


def _sparql_text(args: argparse.Namespace) -> str:
    """The ad hoc query's text, from the argument or ``--file``."""
    if not args.file:
        return str(args.query)
    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"{args.file}: no such query file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{args.file}: not UTF-8 text (byte {error.start})") from None


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


# --- the parser -----------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    kg = argparse.ArgumentParser(add_help=False)
    kg.add_argument("--kg", metavar="DIR", help="knowledge graph folder (ontology/, data/, queries/); default: the working folder when it is one, else the bundled graph")
    kg.add_argument("--engine", default="realpolitik", choices=_ENGINES, help="OWL 2 RL reasoner: the project's own engine (default) or owlrl, the reference")
    kg.add_argument("--no-cache", action="store_true", help="reason afresh instead of using the cached closure")
    rows = argparse.ArgumentParser(add_help=False)
    rows.add_argument("--format", default="table", choices=_FORMATS, help="output format (default: table)")
    rdf = argparse.ArgumentParser(add_help=False)
    rdf.add_argument("--rdf-format", choices=_RDF_FORMATS, help="RDF format (default: from the file's suffix)")
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--store", metavar="DIR", help=_STORE_HELP + "; used once built, rebuilt when the inputs change")
    where.add_argument("--endpoint", metavar="URL", help="ask a running SPARQL 1.1 endpoint instead (see 'realpolitik load')")

    parser = argparse.ArgumentParser(prog="realpolitik", description="Query, reason over and publish the realpolitik knowledge graph.")
    parser.add_argument("--version", action="version", version=f"realpolitik {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], help: str, *parents: argparse.ArgumentParser, **extra: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=list(parents), help=help, **extra)  # type: ignore[arg-type]
        sub.set_defaults(handler=handler)
        return sub

    command("queries", _queries, "list the stored questions", kg, rows)

    query = command("query", _query, "answer a stored question", kg, rows, where)
    query.add_argument("name", help="stored question, e.g. who-bypasses-ukraine")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="bind a parameter (repeatable)")
    query.add_argument("--no-reasoning", action="store_true", help="query the asserted triples only")
    query.add_argument("--why", action="store_true", help="explain each answer row: the triples that made it an answer and their proofs (text, or JSON with --format json)")

    sparql = command("sparql", _sparql, "run an ad hoc SPARQL query", kg, rows, where)
    text = sparql.add_mutually_exclusive_group(required=True)
    text.add_argument("query", nargs="?", help="the SPARQL text (prefixes rp:, rpd:, rdfs: … are predeclared)")
    text.add_argument("--file", metavar="FILE.rq", help="read the query from a file")
    sparql.add_argument("--no-reasoning", action="store_true", help="query the asserted triples only")

    reason = command("reason", _reason, "write the asserted graph with its OWL 2 RL inferences", kg, rdf)
    reason.add_argument("--output", required=True, metavar="FILE", help="where to write (format from the suffix: .ttl .nt .nq .trig .jsonld .rdf)")
    reason.add_argument("--inferred-output", metavar="FILE", help="also write the inferred triples on their own")

    command("stats", _stats, "count classes, individuals, asserted and inferred triples", kg, rows)

    explain = command("explain", _explain, "prove a triple down to asserted facts and their quotes", kg)
    explain.add_argument("subject", help="prefixed name or <IRI>, e.g. rpd:Turkey")
    explain.add_argument("predicate", help="prefixed name or <IRI>, or 'a' for rdf:type")
    explain.add_argument("object", help='prefixed name, <IRI> or "literal"@lang')
    explain.add_argument("--format", default="text", choices=("text", "json"), help="output format (default: text)")

    validate = command("validate", _validate, "check shapes, consistency, evidence, vocabulary, report and OWL 2 RL profile", kg)
    validate.add_argument("--format", default="table", choices=("table", "json"), help="output format (default: table)")
    validate.add_argument("--fail-on", default="error", choices=("error", "warning", "info"), help="exit 1 when a finding is at least this severe (default: error)")
    validate.add_argument("--checks", action="append", default=[], metavar="DIR", help="a folder of your own SPARQL report checks (*.rq; repeatable)")

    command("check", _check, "run every stored question against its expected answers, with and without reasoning", kg, rows)

    build = command("build", _build, "build the embedded Oxigraph store with its named graphs", kg)
    build.add_argument("--store", metavar="DIR", help=_STORE_HELP)
    build.add_argument("--force", action="store_true", help="rebuild even when the store is current")

    export = command("export", _export, "write the graph in a format any triple store loads", kg, rdf)
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--output", metavar="FILE", help="the file to write")
    target.add_argument("--all", metavar="DIR", help="write a release folder: every format, the closure, the stored questions and a VoID/DCAT description")
    export.add_argument("--inferred", action="store_true", help="include the inferred graph (the OWL 2 RL closure)")
    export.add_argument("--endpoint", metavar="URL", help="with --all: the SPARQL endpoint the description names")

    load = command("load", _load, "replace the graphs in a running triple store (SPARQL 1.1 Graph Store Protocol or Update)", kg,
                   description="Credentials come from REALPOLITIK_ENDPOINT_USER and REALPOLITIK_ENDPOINT_PASSWORD; "
                               "REALPOLITIK_ENDPOINT_TIMEOUT sets the timeout in seconds (default 30).")
    load.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL query URL")
    load.add_argument("--graph-store", metavar="URL", help="its Graph Store HTTP Protocol URL (without it, graphs go in by SPARQL Update)")
    load.add_argument("--update", metavar="URL", help="its SPARQL Update URL (default: the query URL)")

    serve = command("serve", _serve, "serve the workbench: pages, entity IRIs, the SPARQL 1.1 Protocol at /sparql and the stored-questions API, read-only", kg)
    serve.add_argument("--store", metavar="DIR", help=_STORE_HELP)
    serve.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes, each reading the store (default: 1)")
    serve.add_argument("--oxigraph", action="store_true", help="hand over to the Oxigraph server instead (SPARQL at /query, its stock query page)")

    site = command("site", _site, "write the workbench's pages as a static site (HTML and RDF files) to publish without a server", kg)
    site.add_argument("folder", metavar="DIR", help="where to write the site")
    site.add_argument("--store", metavar="DIR", help=_STORE_HELP)
    return parser


if __name__ == "__main__":
    sys.exit(main())
