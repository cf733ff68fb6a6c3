"""The command line: one small handler per command, each calling the library.

``realpolitik --help`` lists the commands; every error is one line on stderr and an exit
status (0 ok, 1 a failure found, 2 bad input).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from .errors import InputError, RealpolitikError
from .version import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing before --help
if TYPE_CHECKING:
    from typing import NoReturn

    from .knowledge_graph import KnowledgeGraph

_FORMATS = ("table", "markdown", "json", "xml", "csv", "tsv")  # rdf.tables.FORMATS, without importing it
_RDF_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "xml")  # rdf.formats.RDF_FORMATS
_ENGINES = ("realpolitik", "owlrl")  # inference.ENGINES
_STORE_HELP = "embedded store folder (default: one per knowledge graph under $REALPOLITIK_STORE, else ~/.local/share/realpolitik/stores)"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 failure found, 2 bad input)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser(argv).parse_args(argv)
    import warnings

    # rdflib warns on stderr about values it cannot read ("weird boolean"); validate reports them.
    warnings.filterwarnings("ignore", category=UserWarning, module=r"rdflib(\..*)?")
    try:
        return int(args.handler(args))
    except RealpolitikError as error:
        print(f"realpolitik: error: {_one_line(str(error))}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:  # the file system or the network said no: the user's to fix
        print(f"realpolitik: error: {_one_line(_os_error(error))}", file=sys.stderr)
        return 2
    except UnicodeError as error:
        print(f"realpolitik: error: {_one_line(f'not UTF-8 text: {error}')}", file=sys.stderr)
        return 2
    except MemoryError:
        print("realpolitik: error: out of memory", file=sys.stderr)
        return 2
    except Exception as error:  # a bug: say so, in one line, and keep the traceback on request
        if os.environ.get("REALPOLITIK_DEBUG"):
            raise
        print(f"realpolitik: internal error (a bug in realpolitik; please report it, with REALPOLITIK_DEBUG=1 for the traceback): "
              f"{type(error).__name__}: {_one_line(str(error))}", file=sys.stderr)
        return 70


def _one_line(message: str) -> str:
    return " ".join(message.split()) or "(no message)"


def _os_error(error: OSError) -> str:
    """``path: reason`` for an error the operating system reported."""
    from .errors import display_path

    reason = error.strerror or str(error) or type(error).__name__
    if error.filename is not None:
        return f"{display_path(str(error.filename))}: {reason}"
    return reason


# --- the handlers ---------------------------------------------------------------------


def _queries(args: argparse.Namespace) -> int:
    from .knowledge_graph import stored_questions
    from .rdf.tables import table_of

    rows = [(q.name, "yes" if q.needs_reasoning else "no", ", ".join(p.name for p in q.params), q.question) for q in stored_questions(args.kg).all()]
    return _print_rows(table_of(["query", "needs reasoning", "parameters", "question"], rows), args.format)


def _query(args: argparse.Namespace) -> int:
    kg = _open_for_queries(args)
    params = _parse_params(args.param, args.name)
    results = kg.ask(args.name, reasoning=not args.no_reasoning, according_to=args.according_to, modalities=args.modality, claimants=args.claimants, **params)
    if args.why and args.format == "json":
        import json

        print(json.dumps({"query": args.name, "rows": [row.to_dict() for row in kg.why_all(results)]}, indent=2, ensure_ascii=False))
        return 0
    _print_rows(results, "table" if args.why else args.format)
    if args.why:
        print("".join(f"\nrow {number}: {row.to_text()}\n" for number, row in enumerate(kg.why_all(results), 1)), end="")
        return 0
    return _inconsistencies(kg)


def _sparql(args: argparse.Namespace) -> int:
    kg = _open_for_queries(args)
    results = kg.sparql(_sparql_text(args), reasoning=not args.no_reasoning, according_to=args.according_to, modalities=args.modality, claimants=args.claimants)
    _print_rows(results, args.format)
    return _inconsistencies(kg)


def _perspectives(args: argparse.Namespace) -> int:
    from .rdf.tables import table_of

    def listed(values: list[str] | None) -> str:
        return "any" if values is None else ", ".join(values) or "none"

    rows = []
    for perspective in _open(args).perspectives.values():
        described = perspective.to_dict()
        rows.append((perspective.name, listed(described["claimants"]), listed(described["modalities"]), listed(described["sources"]), perspective.description))
    return _print_rows(table_of(["perspective", "claimants", "modalities", "sources", "description"], rows), args.format)


def _coverage(args: argparse.Namespace) -> int:
    from .knowledge_graph import coverage as coverage_of
    from .rdf.tables import table_of

    rows, summaries, complete = [], [], True
    for coverage in coverage_of(args.kg, source=args.source):
        short = coverage.source.rsplit("/", 1)[-1]
        for row in coverage.sentences:
            because = ", ".join(f"ev:{r.rsplit('/', 1)[-1]}" for r in row.records) or (f"no fact: {row.note.reason.rsplit('/', 1)[-1]}" if row.note else "NOT ACCOUNTED FOR")
            rows.append((short, str(row.sentence.line), row.sentence.text, because))
        covered = sum(s.covered for s in coverage.sentences)
        summaries.append(f"src:{short}: {len(coverage.sentences)} sentences, {covered} quoted by evidence ({coverage.covered_share:.1%} covered), "
                         f"{coverage.accounted_share:.1%} accounted for")
        complete = complete and not coverage.unaccounted()
    _print_rows(table_of(["source", "line", "sentence", "evidence_or_reason"], rows), args.format)
    for summary in summaries:
        print(summary, file=sys.stderr)
    return 0 if complete else 1


def _source_add(args: argparse.Namespace) -> int:
    from .errors import display_path
    from .knowledge_graph import add_source

    added = add_source(args.kg, args.file, title=args.title, author=args.author, published=args.published, url=args.url, name=args.name)
    written = [added.text_file, added.description_file] + ([added.facts_file] if added.facts_file else [])
    print(f"added <{added.iri}>: wrote {', '.join(display_path(p) for p in written)}", file=sys.stderr)
    return 0


def _evidence_new(args: argparse.Namespace) -> int:
    from .errors import display_path
    from .knowledge_graph import new_evidence

    made = new_evidence(args.kg, args.source, args.quote, prefix=args.prefix, suffix=args.suffix,
                        record=args.record, claimant=args.claimant, modality=args.modality)
    print(f"wrote <{made.record}> to {display_path(made.path)} (line {made.line} of the source, characters {made.start}-{made.end}); "
          f"put the facts the passage states in its graph", file=sys.stderr)
    return 0


def _reason(args: argparse.Namespace) -> int:
    kg = _open(args)
    written, inferred = kg.export_closure(args.output, inferred_path=args.inferred_output, format=args.rdf_format)
    print(f"wrote {written} triples (ontology, facts and inferences) to {args.output}", file=sys.stderr)
    if args.inferred_output:
        print(f"wrote {inferred} inferred triples to {args.inferred_output}", file=sys.stderr)
    return _inconsistencies(kg)


def _stats(args: argparse.Namespace) -> int:
    from .rdf.tables import mapping_table

    kg = _open(args)
    print(f"realpolitik: {kg.layout.describe()}", file=sys.stderr)
    _print_rows(mapping_table(("measure", "count"), kg.stats()), args.format)
    return _inconsistencies(kg)


def _explain(args: argparse.Namespace) -> int:
    import json

    explanation = _open(args).explain(args.subject, args.predicate, args.object, according_to=args.according_to, modalities=args.modality)
    print(json.dumps(explanation.to_dict(), indent=2, ensure_ascii=False) if args.format == "json" else explanation.to_text())
    return 0 if explanation.entailed else 1


def _validate(args: argparse.Namespace) -> int:
    from .findings import exit_status, render_findings
    from .knowledge_graph import validate

    findings = validate(args.kg, engine=args.engine, cache=not args.no_cache, checks=args.checks)
    sys.stdout.write(render_findings(findings, args.format))
    return exit_status(findings, args.fail_on)


def _check(args: argparse.Namespace) -> int:
    kg = _open(args)
    results = kg.check()
    _print_rows(results.table(), args.format)
    for result in results:
        if not result.passed:
            print(result.account, file=sys.stderr)
    inconsistent = _inconsistencies(kg)
    return 0 if results.passed and not inconsistent else 1


def _build(args: argparse.Namespace) -> int:
    from .knowledge_graph import build as build_store

    build = build_store(args.kg, store=args.store, engine=args.engine, force=args.force)
    state = f"built in {build.seconds:.2f} s" if build.rebuilt else "already current"
    print(f"{build.database}: {sum(build.graph_sizes.values())} quads in {len(build.graph_sizes)} named graphs, {state}", file=sys.stderr)
    return _report_findings(build.findings)


def _export(args: argparse.Namespace) -> int:
    kg = _open(args)
    if args.all:
        written = kg.publish(args.all, endpoint=args.endpoint)
        print(f"wrote {len(written)} files to {args.all}", file=sys.stderr)
        return _inconsistencies(kg)
    count = kg.export(args.output, format=args.rdf_format, inferred=args.inferred)
    print(f"wrote {count} statements to {args.output}", file=sys.stderr)
    return _inconsistencies(kg)


def _load(args: argparse.Namespace) -> int:
    kg = _open(args)
    report = kg.load_into(args.endpoint, update_url=args.update, graph_store_url=args.graph_store)
    print(f"loaded {sum(report.graphs.values())} triples into {len(report.graphs)} named graphs at {args.endpoint} "
          f"in {report.seconds:.2f} s ({report.method})"
          + (f"; dropped {report.removed_leftovers} temporary graphs earlier loads left behind" if report.removed_leftovers else ""), file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    if args.oxigraph:
        return _serve_oxigraph(args)
    from .web import serve

    serve(args.kg, host=args.host, port=args.port, store=args.store, engine=args.engine, workers=args.workers, timeout=args.timeout)
    return 0


def _serve_oxigraph(args: argparse.Namespace) -> int:
    from .knowledge_graph import build as build_store

    build = build_store(args.kg, store=args.store, engine=args.engine)
    command = build.server_command(args.host, args.port)
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

    return open(args.kg, engine=args.engine, cache=not args.no_cache, timeout=args.timeout, allow_federation=args.allow_federation)


def _open_for_queries(args: argparse.Namespace) -> KnowledgeGraph:
    """A remote store with ``--endpoint``; else the built store when there is one (rebuilt
    when stale), else the graph in memory."""
    from .knowledge_graph import connect, open, open_built

    if args.endpoint:
        return connect(args.endpoint, questions=args.kg, allow_federation=args.allow_federation)
    guard = {"timeout": args.timeout, "allow_federation": args.allow_federation}
    built = None if args.no_cache else open_built(args.kg, store=args.store, engine=args.engine, **guard)
    return built or open(args.kg, engine=args.engine, cache=not args.no_cache, **guard)


def _inconsistencies(kg: KnowledgeGraph) -> int:
    """Print each inconsistency reasoning found; 1 if there are any (the README's promise, for every command)."""
    return _report_findings(kg.findings)


def _report_findings(findings: list) -> int:
    from .findings import inconsistency_report

    if findings:
        print(inconsistency_report(findings), file=sys.stderr)
    return 1 if findings else 0


def _print_rows(results: object, fmt: str) -> int:
    from .rdf.tables import render

    sys.stdout.write(render(results, fmt))  # type: ignore[arg-type]
    return 0


def _sparql_text(args: argparse.Namespace) -> str:
    """The ad hoc query's text, from the argument or ``--file``."""
    if not args.file:
        return str(args.query)
    from .files import read_text

    return read_text(args.file)


def _seconds(text: str) -> float:
    """A --timeout value: a finite number of seconds above 0."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a finite number of seconds above 0")
    return value


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


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, given the terminal's width: left to find it, argparse
    imports shutil, and with it three compression modules (5 ms of every command)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        if width is None:
            width = _terminal_columns() - 2  # what argparse takes off shutil's answer
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    """The terminal's width as shutil.get_terminal_size finds it: $COLUMNS, else standard output's terminal, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage mistake reported like every other error: one line, status 2."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> NoReturn:
        print(f"realpolitik: error: {_one_line(message)} (see '{self.prog} --help')", file=sys.stderr)
        sys.exit(2)


def _parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: with only the command it names, when it names one (None:
    every command).

    Building the arguments of all seventeen commands takes longer than answering a stored
    question from the cache, so the others are left out; ``--help``, a usage mistake and
    no command at all get every command.
    """
    named = (argv or [])[:1]
    wanted = set(named) if named and named[0] in _COMMAND_NAMES else set() if named == ["--version"] else set(_COMMAND_NAMES)
    option_groups: dict[Callable[[], argparse.ArgumentParser], argparse.ArgumentParser] = {}

    parser = _Parser(prog="realpolitik", description="Query, reason over and publish the realpolitik knowledge graph.")
    parser.add_argument("--version", action="version", version=f"realpolitik {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int] | None, help: str,
                *options: Callable[[], argparse.ArgumentParser], **extra: str) -> argparse.ArgumentParser | None:
        """The command's parser, with the shared ``options`` groups; None when ``argv`` names another command."""
        if name not in _COMMAND_NAMES:
            raise ValueError(f"command {name!r} is missing from cli._COMMAND_NAMES")
        if name not in wanted:
            return None
        for group in options:
            if group not in option_groups:
                option_groups[group] = group()
        parents = [option_groups[group] for group in options]
        sub = commands.add_parser(name, parents=parents, help=help, **extra)  # type: ignore[arg-type]
        if handler is not None:
            sub.set_defaults(handler=handler)
        return sub

    command("queries", _queries, "list the stored questions", _kg_options, _rows_options)

    if query := command("query", _query, "answer a stored question", _kg_options, _rows_options, _store_options, _perspective_options):
        query.add_argument("name", help="stored question, e.g. who-bypasses-ukraine")
        query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="bind a parameter (repeatable)")
        query.add_argument("--no-reasoning", action="store_true", help="query the asserted triples only")
        query.add_argument("--why", action="store_true", help="explain each answer row: the triples that made it an answer and their proofs (text, or JSON with --format json)")
        query.add_argument("--claimants", action="store_true", help="add a column: whose claims, in which modality, each row rests on")

    if sparql := command("sparql", _sparql, "run an ad hoc SPARQL query", _kg_options, _rows_options, _store_options, _perspective_options):
        text = sparql.add_mutually_exclusive_group(required=True)
        text.add_argument("query", nargs="?", help="the SPARQL text (prefixes rp:, rpd:, rdfs: … are predeclared)")
        text.add_argument("--file", metavar="FILE.rq", help="read the query from a file")
        sparql.add_argument("--no-reasoning", action="store_true", help="query the asserted triples only")
        sparql.add_argument("--claimants", action="store_true", help="add a column: whose claims, in which modality, each row rests on")

    command("perspectives", _perspectives, "list the perspectives answers can be asked under (--according-to)", _kg_options, _rows_options)

    if coverage := command("coverage", _coverage, "show each sentence of a source with the evidence that quotes it or why it carries no fact", _kg_options, _rows_options):
        coverage.add_argument("source", nargs="?", help="the source, e.g. article (default: every source)")

    if source := command("source", None, "add a source document"):
        source_add = source.add_subparsers(dest="action", required=True, metavar="ACTION").add_parser(
            "add", parents=[_kg_options()], help="store a source's text byte for byte under data/sources/ with its description")
        source_add.set_defaults(handler=_source_add)
        source_add.add_argument("file", help="the source's text (UTF-8)")
        source_add.add_argument("--title", required=True, help="its title")
        source_add.add_argument("--author", required=True, help="its author: a name ('Jane Doe') or an entity (rpd:JaneDoe)")
        source_add.add_argument("--published", metavar="DATE", help="its publication date: YYYY-MM-DD, YYYY-MM or YYYY")
        source_add.add_argument("--url", help="where it was published")
        source_add.add_argument("--name", help="the source's short name (default: the file's name)")

    if evidence := command("evidence", None, "add an evidence record"):
        evidence_new = evidence.add_subparsers(dest="action", required=True, metavar="ACTION").add_parser(
            "new", parents=[_kg_options()], help="write an evidence record quoting a source, checked against its text")
        evidence_new.set_defaults(handler=_evidence_new)
        evidence_new.add_argument("source", help="the source, e.g. article")
        evidence_new.add_argument("quote", help="the passage, verbatim")
        evidence_new.add_argument("--prefix", default="", help="the text right before the quote, when the quote occurs more than once")
        evidence_new.add_argument("--suffix", default="", help="the text right after the quote, when the quote occurs more than once")
        evidence_new.add_argument("--record", help="the record's name (default: from the quote's first words)")
        evidence_new.add_argument("--claimant", help="who makes the claim (default: the source's author)")
        evidence_new.add_argument("--modality", default="stated", help="how surely: stated (default), reported, predicted, hedged, opinion")

    if reason := command("reason", _reason, "write the asserted graph with its OWL 2 RL inferences", _kg_options, _rdf_options):
        reason.add_argument("--output", required=True, metavar="FILE", help="where to write (format from the suffix: .ttl .nt .nq .trig .jsonld .rdf)")
        reason.add_argument("--inferred-output", metavar="FILE", help="also write the inferred triples on their own")

    command("stats", _stats, "count classes, individuals, asserted and inferred triples", _kg_options, _rows_options)

    if explain := command("explain", _explain, "prove a triple down to asserted facts and their quotes", _kg_options, _perspective_options):
        explain.add_argument("subject", help="prefixed name or <IRI>, e.g. rpd:Turkey")
        explain.add_argument("predicate", help="prefixed name or <IRI>, or 'a' for rdf:type")
        explain.add_argument("object", help='prefixed name, <IRI> or "literal"@lang')
        explain.add_argument("--format", default="text", choices=("text", "json"), help="output format (default: text)")

    if validate := command("validate", _validate, "check shapes, consistency, evidence, vocabulary, report and OWL 2 RL profile", _kg_options):
        validate.add_argument("--format", default="table", choices=("table", "json"), help="output format (default: table)")
        validate.add_argument("--fail-on", default="error", choices=("error", "warning", "info"), help="exit 1 when a finding is at least this severe (default: error)")
        validate.add_argument("--checks", action="append", default=[], metavar="DIR", help="a folder of your own SPARQL report checks (*.rq; repeatable)")

    command("check", _check, "run every stored question against its expected answers, with and without reasoning", _kg_options, _rows_options)

    if build := command("build", _build, "build the embedded Oxigraph store with its named graphs", _kg_options):
        build.add_argument("--store", metavar="DIR", help=_STORE_HELP)
        build.add_argument("--force", action="store_true", help="rebuild even when the store is current")

    if export := command("export", _export, "write the graph in a format any triple store loads", _kg_options, _rdf_options):
        target = export.add_mutually_exclusive_group(required=True)
        target.add_argument("--output", metavar="FILE", help="the file to write")
        target.add_argument("--all", metavar="DIR", help="write a release folder: every format, the closure, the stored questions and a VoID/DCAT description")
        export.add_argument("--inferred", action="store_true", help="include the inferred graph (the OWL 2 RL closure)")
        export.add_argument("--endpoint", metavar="URL", help="with --all: the SPARQL endpoint the description names")

    if load := command("load", _load, "replace the graphs in a running triple store (SPARQL 1.1 Graph Store Protocol or Update)", _kg_options,
                       description="Credentials come from REALPOLITIK_ENDPOINT_USER and REALPOLITIK_ENDPOINT_PASSWORD; "
                                   "REALPOLITIK_ENDPOINT_TIMEOUT sets the timeout in seconds (default 30)."):
        load.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL query URL")
        load.add_argument("--graph-store", metavar="URL", help="its Graph Store HTTP Protocol URL (without it, graphs go in by SPARQL Update)")
        load.add_argument("--update", metavar="URL", help="its SPARQL Update URL (default: the query URL)")

    if serve := command("serve", _serve, "serve the workbench: pages, entity IRIs, the SPARQL 1.1 Protocol at /sparql and the stored-questions API, read-only", _kg_options):
        serve.add_argument("--store", metavar="DIR", help=_STORE_HELP)
        serve.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
        serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
        serve.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes, each reading the store (default: 1)")
        serve.add_argument("--oxigraph", action="store_true", help="hand over to the Oxigraph server instead (SPARQL at /query, its stock query page)")

    if site := command("site", _site, "write the workbench's pages as a static site (HTML and RDF files) to publish without a server", _kg_options):
        site.add_argument("folder", metavar="DIR", help="where to write the site")
        site.add_argument("--store", metavar="DIR", help=_STORE_HELP)
    return parser


_COMMAND_NAMES = ("queries", "query", "sparql", "perspectives", "coverage", "source", "evidence", "reason", "stats", "explain",
                  "validate", "check", "build", "export", "load", "serve", "site")


# The options several commands share (argparse parents).

def _kg_options() -> argparse.ArgumentParser:
    kg = _Parser(add_help=False)
    kg.add_argument("--kg", metavar="DIR", help="knowledge graph folder (ontology/, data/, queries/); default: the working folder when it is one, else the bundled graph")
    kg.add_argument("--engine", default="realpolitik", choices=_ENGINES, help="OWL 2 RL reasoner: the project's own engine (default) or owlrl, the reference")
    kg.add_argument("--no-cache", action="store_true", help="reason afresh instead of using the cached closure")
    kg.add_argument("--timeout", type=_seconds, default=60.0, metavar="SECONDS", help="stop any query that runs longer (default: 60)")
    kg.add_argument("--allow-federation", action="store_true", help="let queries fetch other endpoints with SERVICE (off: a query may only read this graph)")
    return kg


def _rows_options() -> argparse.ArgumentParser:
    rows = _Parser(add_help=False)
    rows.add_argument("--format", default="table", choices=_FORMATS, help="output format (default: table)")
    return rows


def _rdf_options() -> argparse.ArgumentParser:
    rdf = _Parser(add_help=False)
    rdf.add_argument("--rdf-format", choices=_RDF_FORMATS, help="RDF format (default: from the file's suffix)")
    return rdf


def _store_options() -> argparse.ArgumentParser:
    where = _Parser(add_help=False)
    where.add_argument("--store", metavar="DIR", help=_STORE_HELP + "; used once built, rebuilt when the inputs change")
    where.add_argument("--endpoint", metavar="URL", help="ask a running SPARQL 1.1 endpoint instead (see 'realpolitik load')")
    return where


def _perspective_options() -> argparse.ArgumentParser:
    perspective = _Parser(add_help=False)
    perspective.add_argument("--according-to", metavar="NAME", help="reason under a perspective: only its claimants' claims, with background knowledge ('realpolitik perspectives' lists them; default: everything)")
    perspective.add_argument("--modality", action="append", default=[], metavar="M", help="only claims of this modality: stated, reported, predicted, hedged, opinion (repeatable)")
    return perspective


if __name__ == "__main__":
    sys.exit(main())
