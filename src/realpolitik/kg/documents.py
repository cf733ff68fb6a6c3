"""Adding a source and quoting it: the text byte for byte, its description, and evidence
records whose selectors are checked against the text before they are written.

A source ``NAME`` of a knowledge-graph folder is three files (docs/claims.md):

    data/sources/NAME.txt     its text, byte for byte as given
    data/sources/NAME.ttl     its description: title, author, publication date, URL, text file
    data/NAME-facts.trig      its evidence records and their facts (``evidence new`` appends)

An evidence record selects its passage twice: a ``oa:TextQuoteSelector`` (the exact quote,
with the text right before and after it when the quote alone occurs more than once) and
a ``oa:TextPositionSelector`` whose ``oa:start`` and ``oa:end`` are character offsets into
the text as Python reads it (UTF-8 decoded, line ends kept as they are), end exclusive.
Every file is written atomically; a failed step removes what the earlier steps wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, display_path
from ..files import write_atomically
from ..rdf.formats import parse_file
from ..rdf.namespaces import CONCEPT, DCTERMS, EVIDENCE, RDF, RP, RPD, SKOS, SOURCE
from ..rdf.terms import parse_term, show_term
from . import AssertedGraphs, Layout, modality_iri, show_modality, slug

_PREFIXES = """@prefix rp:      <https://w3id.org/realpolitik/ontology#> .
@prefix rpd:     <https://w3id.org/realpolitik/id/> .
@prefix ev:      <https://w3id.org/realpolitik/evidence/> .
@prefix src:     <https://w3id.org/realpolitik/source/> .
@prefix rpc:     <https://w3id.org/realpolitik/concept/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix oa:      <http://www.w3.org/ns/oa#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema:  <https://schema.org/> .
"""
_DATE = {
    r"\d{4}-\d{2}-\d{2}": "date",
    r"\d{4}-\d{2}": "gYearMonth",
    r"\d{4}": "gYear",
}


@dataclass(frozen=True)
class AddedSource:
    """What ``add_source`` wrote: the source's IRI and its files."""

    iri: str
    text_file: Path
    description_file: Path
    facts_file: Path | None


@dataclass(frozen=True)
class NewEvidence:
    """What ``new_evidence`` wrote: the record, where, and the passage's character offsets."""

    record: str
    path: Path
    start: int
    end: int
    line: int


def _literal(text: str, language: str | None = "en") -> str:
    return str(ox.Literal(text, language=language) if language else ox.Literal(text))


def _agent(value: str) -> tuple[ox.NamedNode, str | None]:
    """An author given as ``rpd:X``, ``<IRI>`` or a plain name (which becomes ``rpd:CamelCase``), and the name when plain."""
    value = value.strip()
    if not value:
        raise InputError("--author must name someone: a name ('Jane Doe') or an entity (rpd:JaneDoe)")
    if value.startswith("<") or re.fullmatch(r"[A-Za-z][\w-]*:\S+", value):
        try:
            term = parse_term(value)
        except ValueError as error:
            raise InputError(f"--author {value!r}: {error}") from None
        if not isinstance(term, ox.NamedNode):
            raise InputError(f"--author {value!r}: expected a name or an entity IRI")
        return term, None
    camel = "".join(word[:1].upper() + word[1:] for word in re.findall(r"\w+", value))
    return ox.NamedNode(RPD + camel), value


def _written(term: ox.NamedNode) -> str:
    """An IRI as these files write it: ``rpd:X`` for an entity, else ``<IRI>``."""
    return show_term(term) if term.value.startswith(RPD) else str(term)


def _described(layout: Layout, term: ox.NamedNode) -> bool:
    type_ = ox.NamedNode(RDF + "type")
    return any(q.subject == term and q.predicate == type_ for q in AssertedGraphs(layout).quads)


def source_files(layout: Layout) -> dict[str, tuple[Path, Path]]:
    """{source IRI: (its description file, its text file)} for every description under
    data/sources/ that names a text file with ``rp:textFile``."""
    found: dict[str, tuple[Path, Path]] = {}
    for path in sorted(layout.source_folder.glob("*.ttl")) if layout.source_folder.is_dir() else []:
        for quad in parse_file(path):
            if quad.predicate.value == RP + "textFile" and isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                found.setdefault(quad.subject.value, (path, path.parent / quad.object.value))
    return found


def find_source(layout: Layout, name: str) -> tuple[str, Path, Path]:
    """The source called ``name`` (``article``, ``src:article`` or its IRI): (IRI, description, text file).

    Raises InputError naming the known sources when there is none.
    """
    from ..errors import did_you_mean

    sources = source_files(layout)
    iri = name if name.startswith(("http://", "https://")) else SOURCE + name.removeprefix("src:")
    if iri not in sources:
        short = [show_term(ox.NamedNode(s)).removeprefix("src:") for s in sources]
        raise InputError(f"unknown source {name!r}{did_you_mean(name.removeprefix('src:'), short)}; the sources: {', '.join(short) or 'none'}")
    description, text = sources[iri]
    if not text.is_file():
        raise InputError(f"{display_path(description)}: text file {text.name!r} not found beside it")
    return iri, description, text


def read_text(path: Path) -> str:
    """A source's text as Python reads it (UTF-8, line ends kept); InputError when it is not UTF-8."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{display_path(path)}: not UTF-8 text (byte {error.start})") from None


def add_source(
    layout: Layout,
    file: str | Path,
    *,
    title: str,
    author: str,
    published: str | None = None,
    url: str | None = None,
    name: str | None = None,
) -> AddedSource:
    """Store the text of ``file`` byte for byte as ``data/sources/NAME.txt`` with its
    description (``NAME.ttl``); ``NAME`` defaults to the file's name, made a slug.

    An author given by name (not an entity the graph describes) is declared an
    ``rp:Person`` in a background-knowledge record of ``data/NAME-facts.trig``.
    Raises InputError for a missing or non-UTF-8 file, a source that exists, a date that is
    not YYYY, YYYY-MM or YYYY-MM-DD, or a URL that is not http(s).
    """
    path = Path(file)
    if not path.is_file():
        raise InputError(f"{file}: no such file")
    content = path.read_bytes()
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{file}: not UTF-8 text (byte {error.start}); convert it to UTF-8 first") from None
    name = slug(name or path.stem)
    if not name:
        raise InputError(f"{file}: cannot make a source name from it; pass --name")
    iri = SOURCE + name
    folder = layout.source_folder
    text_file, description_file, facts_file = folder / f"{name}.txt", folder / f"{name}.ttl", layout.root / "data" / f"{name}-facts.trig"
    if iri in source_files(layout) or text_file.exists() or description_file.exists():
        raise InputError(f"source {name!r} exists already ({display_path(description_file)}); choose another --name")
    if not title.strip():
        raise InputError("--title must not be empty")
    agent, plain_name = _agent(author)
    lines = [f"src:{name} a rp:Document , prov:Entity ;", f"    rdfs:label {_literal(title)} ;", f"    dcterms:title {_literal(title)} ;",
             f"    dcterms:creator {_written(agent)} ;", f"    prov:wasAttributedTo {_written(agent)} ;"]
    if published:
        kind = next((k for pattern, k in _DATE.items() if re.fullmatch(pattern, published)), None)
        if kind is None:
            raise InputError(f"--published {published!r}: write the date as YYYY-MM-DD, YYYY-MM or YYYY")
        lines.append(f'    dcterms:issued "{published}"^^xsd:{kind} ;')
    if url:
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
            raise InputError(f"--url {url!r}: expected an http:// or https:// address")
        lines.append(f"    schema:url <{url}> ;")
    lines += ['    dcterms:format "text/plain; charset=utf-8" ;', f"    rp:textFile {_literal(text_file.name, None)} ."]
    description = f"# The source {name}: its description; the text is {text_file.name}, byte for byte.\n{_PREFIXES}\n" + "\n".join(lines) + "\n"

    facts = None
    if plain_name is not None and not _described(layout, agent):
        record = f"ev:{name}-author"
        facts = (
            f"# Evidence records of the source {name} and their facts ('realpolitik evidence new {name} QUOTE' adds one).\n{_PREFIXES}\n"
            f"{record} a rp:BackgroundKnowledge ;\n    prov:wasAttributedTo rpd:RealpolitikContributors ;\n    rp:hasModality rpc:stated ;\n"
            f"    rdfs:comment {_literal(f'The author of src:{name}, as its description names them.')} .\n\n"
            f"{record} {{\n    {_written(agent)} a rp:Person ; rdfs:label {_literal(plain_name)} .\n}}\n"
        )
        if facts_file.exists():
            raise InputError(f"{display_path(facts_file)} exists already; choose another --name")
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for target, data in ((text_file, content), (description_file, description.encode("utf-8")), (facts_file, facts.encode("utf-8") if facts else None)):
            if data is not None:
                write_atomically(target, data)
                written.append(target)
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    return AddedSource(iri, text_file, description_file, facts_file if facts else None)


def locate_quote(text: str, quote: str, prefix: str = "", suffix: str = "", where: str = "the source") -> int:
    """The offset of the one occurrence of ``quote`` in ``text`` that ``prefix`` precedes and ``suffix`` follows.

    Raises InputError when there is none (with the closest passage) or more than one
    (with their lines, asking for --prefix or --suffix).
    """
    if not quote:
        raise InputError("the quote is empty")
    starts = [s + len(prefix) for s in _all_occurrences(text, prefix + quote + suffix)]
    if not starts:
        context = " with that prefix/suffix" if (prefix or suffix) and quote in text else ""
        raise InputError(f"quote not found in {where}{context}: {excerpt(quote)!r}{closest_passage(quote, text)}")
    if len(starts) > 1:
        lines = ", ".join(str(text.count("\n", 0, s) + 1) for s in starts)
        raise InputError(f"quote occurs {len(starts)} times in {where} (lines {lines}): pass --prefix or --suffix, the text right before or after the one you mean")
    return starts[0]


def _all_occurrences(text: str, needle: str) -> list[int]:
    """Every offset of ``needle`` in ``text``, overlapping ones included."""
    found, position = [], text.find(needle)
    while position >= 0:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def excerpt(text: str, limit: int = 80) -> str:
    """``text``, cut to ``limit`` characters with an ellipsis when longer: a quote as a message shows it."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def closest_passage(quote: str, text: str) -> str:
    """`` (closest passage: '…')`` for the stretch of ``text`` most like ``quote``, if one is close."""
    import difflib

    starts = [i for i, ch in enumerate(text) if ch.isalnum() and (i == 0 or not text[i - 1].isalnum())]
    windows = {text[start : start + len(quote)] for start in starts}
    close = difflib.get_close_matches(quote, list(windows), n=1, cutoff=0.6)
    return f" (closest passage: {excerpt(close[0])!r})" if close else ""


def _known_records(layout: Layout) -> set[str]:
    return {q.subject.value for path in layout.data_files for q in parse_file(path)
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(EVIDENCE)}


def _modalities(layout: Layout) -> list[str]:
    in_scheme, scheme = SKOS + "inScheme", CONCEPT + "modalities"
    return sorted({q.subject.value for path in layout.ontology_files for q in parse_file(path)
                   if isinstance(q.subject, ox.NamedNode) and q.predicate.value == in_scheme and q.object == ox.NamedNode(scheme)})


def new_evidence(
    layout: Layout,
    source: str,
    quote: str,
    *,
    prefix: str = "",
    suffix: str = "",
    record: str | None = None,
    claimant: str | None = None,
    modality: str = "stated",
) -> NewEvidence:
    """Append to ``data/NAME-facts.trig`` an evidence record quoting ``quote`` from the source
    ``source``, with a quote selector and a position selector, and an empty graph for its facts.

    The quote must occur exactly once, or once with ``prefix`` right before it and
    ``suffix`` right after. ``record`` names the record (default: from the quote's first
    words); ``claimant`` defaults to the source's author, ``modality`` to stated. Raises
    InputError for an unknown source or modality, a quote not found or found several
    times, or a record name in use.
    """
    from ..errors import did_you_mean

    iri, description, text_file = find_source(layout, source)
    text = read_text(text_file)
    name = show_term(ox.NamedNode(iri))
    start = locate_quote(text, quote, prefix, suffix, name)
    end = start + len(quote)

    # A graph whose ontology predates the modality scheme still takes the five of docs/claims.md.
    known = _modalities(layout) or [CONCEPT + m for m in ("hedged", "opinion", "predicted", "reported", "stated")]
    modality_term = modality_iri(modality)
    if modality_term not in known:
        names = [show_modality(m) for m in known]
        raise InputError(f"unknown modality {modality!r}{did_you_mean(modality, names)}; choose from: {', '.join(names)}")
    if claimant:
        agent, _ = _agent(claimant)
    else:
        creators = [q.object for q in parse_file(description) if q.subject == ox.NamedNode(iri) and q.predicate.value == DCTERMS + "creator"]
        if not creators or not isinstance(creators[0], ox.NamedNode):
            raise InputError(f"{display_path(description)}: {name} has no dcterms:creator; pass --claimant")
        agent = creators[0]

    short = iri.removeprefix(SOURCE)
    record_name = slug(record) if record else slug(" ".join(re.findall(r"\w+", quote)[:5]))
    if not record_name:
        raise InputError("cannot make a record name from the quote; pass --record")
    if EVIDENCE + record_name in _known_records(layout):
        if record:
            raise InputError(f"evidence record ev:{record_name} exists already; choose another --record")
        base, number = record_name, 2
        while EVIDENCE + f"{base}-{number}" in _known_records(layout):
            number += 1
        record_name = f"{base}-{number}"

    selectors = [f"[ a oa:TextQuoteSelector ; oa:exact {_literal(quote, None)}"
                 + (f" ; oa:prefix {_literal(prefix, None)}" if prefix else "")
                 + (f" ; oa:suffix {_literal(suffix, None)}" if suffix else "") + " ]",
                 f"[ a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} ]"]
    block = (
        f"\nev:{record_name} a rp:ArticleEvidence ;\n"
        f"    prov:wasAttributedTo {_written(agent)} ;\n"
        f"    rp:hasModality rpc:{show_modality(modality_term)} ;\n"
        f"    oa:motivatedBy oa:describing ;\n"
        f"    oa:hasTarget [ a oa:SpecificResource ; oa:hasSource src:{short} ;\n"
        f"        oa:hasSelector {selectors[0]} ,\n"
        f"            {selectors[1]} ] .\n\n"
        f"ev:{record_name} {{\n    # the facts this passage states\n}}\n"
    )
    path = layout.root / "data" / f"{short}-facts.trig"
    existing = path.read_text(encoding="utf-8") if path.is_file() else f"# Evidence records of the source {short} and their facts.\n{_PREFIXES}"
    # TriG takes @prefix anywhere: declare what the record uses and the file does not.
    missing = [line for line in _PREFIXES.splitlines() if not re.search(rf"@prefix\s+{line.split()[1]}", existing)]
    block = "".join(line + "\n" for line in missing) + block
    write_atomically(path, (existing.rstrip("\n") + "\n" + block).encode("utf-8"))
    return NewEvidence(EVIDENCE + record_name, path, start, end, text.count("\n", 0, start) + 1)
