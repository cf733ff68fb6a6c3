"""Every sentence of a source accounted for: quoted by an evidence record, or noted as carrying no fact.

A source's text is split into sentences by a deterministic rule made for web articles
kept as plain text:

* every non-blank line is a block: a title, a heading without a full stop ("Future
  Prospects:") or a paragraph; a bullet mark ("•", "-", "*") at the start is not part of
  the sentence;
* inside a block a sentence ends at ".", "!" or "?" (and any closing quotes or brackets
  right after it) when what follows starts a new sentence: white space and then a capital
  letter, a digit or an opening quote, or, with no space at all, a capital letter followed
  by a lower-case one (the article's "to Europe.Turkey also"). A full stop before a
  lower-case word ("pro-Russia. entirely pro-Turkey"), inside a word or number, or after
  a known abbreviation ("e.g.", "U.S.", "Mr.") does not end a sentence;
* the end of a block ends its last sentence, whether or not it has a full stop.

A sentence is *covered* when the quote (``oa:exact``) of at least one evidence record
overlaps it (a quote stands for its first occurrence in the text), and *accounted for* when it is covered or the source's coverage notes give
the reason it carries no fact (a heading, navigation text, the author's byline, ...). A
note names its sentence by the sentence's text or a prefix of it; every sentence starting
with that text gets the note's reason (the article repeats its byline, for instance).

The notes are RDF, in the source's coverage file beside its description
(``data/sources/article.coverage.ttl``), hanging off the source so that they load into
the evidence graph with the source's description:

    src:article rp:hasSentenceNote [ a rp:SentenceNote ;
        rp:sentenceText "Future Prospects:" ;
        rp:noFactReason rpc:heading ] .

    >>> from realpolitik.kg.coverage import split_sentences, compute_coverage
    >>> [s.text for s in split_sentences("Heading:\\n\\n• One. Two, said the U.S. envoy.Three")]
    ['Heading:', 'One.', 'Two, said the U.S. envoy.', 'Three']
    >>> coverage = compute_coverage("A fact. A heading", {"ev:a": ["A fact."]}, [SentenceNote("A heading", "heading")])
    >>> coverage.covered_share, coverage.accounted_share
    (0.5, 1.0)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..files import read_text
from ..rdf.formats import parse_file
from ..rdf.namespaces import OA, RDF, RDFS, RP

RDF_TYPE = RDF + "type"
RDFS_COMMENT = RDFS + "comment"

# Any RDF term a quad can hold (pyoxigraph's stubs name no union of them).
_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph

_BULLET = re.compile(r"[ \t]*(?:[•\-*·▪◦][ \t]+)?")
# Lower-case so the test is case-blind; each ends with its own full stop.
ABBREVIATIONS = frozenset({"e.g.", "i.e.", "etc.", "vs.", "mr.", "mrs.", "ms.", "dr.", "st.", "u.s.", "u.k.", "u.n.", "e.u.", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec."})
_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘([«"
# A terminator, the closing quotes after it, and the white space before the next sentence.
_END = re.compile(r"[.!?]+[" + re.escape(_CLOSERS) + r"]*")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its position in the source (``start``/``end`` are offsets of ``text``), its line and its text."""

    index: int
    start: int
    end: int
    line: int
    text: str


@dataclass(frozen=True)
class SentenceNote:
    """Why the sentences starting with ``text`` carry no fact: ``reason`` is a concept IRI (or any name), ``comment`` says more."""

    text: str
    reason: str
    comment: str = ""


@dataclass(frozen=True)
class SentenceCoverage:
    """One sentence with the evidence records whose quotes overlap it and, if any, the note saying why it has none."""

    sentence: Sentence
    records: tuple[str, ...]
    note: SentenceNote | None

    @property
    def covered(self) -> bool:
        return bool(self.records)

    @property
    def accounted_for(self) -> bool:
        return self.covered or self.note is not None


@dataclass(frozen=True)
class Coverage:
    """The coverage of one source: per sentence, and the notes and quotes that match nothing;
    with the source's ``text`` and the ``quotes`` ({record IRI: [quote, ...]}) it was computed from."""

    sentences: tuple[SentenceCoverage, ...]
    unused_notes: tuple[SentenceNote, ...]
    quotes_not_found: tuple[tuple[str, str], ...]
    # What it was computed from: kept for the pages that show it, left out of comparisons and the repr.
    text: str = field(default="", compare=False, repr=False)
    quotes: Mapping[str, list[str]] = field(default_factory=dict, compare=False, repr=False)
    source: str = ""
    """The source's IRI (empty when the coverage was computed from a text alone)."""

    @property
    def covered_share(self) -> float:
        """The share of sentences that an evidence record quotes (1.0 for a source without sentences)."""
        return _share(sum(s.covered for s in self.sentences), len(self.sentences))

    @property
    def accounted_share(self) -> float:
        """The share of sentences that are quoted or carry a note saying why they hold no fact."""
        return _share(sum(s.accounted_for for s in self.sentences), len(self.sentences))

    def unaccounted(self) -> list[Sentence]:
        """The sentences neither quoted nor noted: each should get facts or a note."""
        return [s.sentence for s in self.sentences if not s.accounted_for]


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences by the rule of the module docstring; same text, same sentences."""
    sentences: list[Sentence] = []
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        body = line.rstrip("\r\n")
        bullet = _BULLET.match(body)
        start = bullet.end() if bullet else 0
        for begin, end in _split_block(body, start):
            sentences.append(Sentence(len(sentences), offset + begin, offset + end, number, body[begin:end]))
        offset += len(line)
    return sentences


def _split_block(block: str, start: int) -> list[tuple[int, int]]:
    """(begin, end) offsets of the sentences of one line, from ``start`` on, stripped of white space."""
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _END.finditer(block, start):
        if match.start() < begin:
            continue
        cut = match.end()
        if not _ends_sentence(block, begin, match.start(), cut):
            continue
        spans.append((begin, cut))
        begin = cut
    spans.append((begin, len(block)))
    stripped = []
    for low, high in spans:
        text = block[low:high]
        if text.strip():
            low += len(text) - len(text.lstrip())
            high -= len(text) - len(text.rstrip())
            stripped.append((low, high))
    return stripped


def _ends_sentence(block: str, begin: int, terminator: int, cut: int) -> bool:
    word = re.search(r"\S*$", block[begin:terminator])
    last_word = (word.group(0) if word else "") + block[terminator]
    if last_word.lower().lstrip(_OPENERS) in ABBREVIATIONS:
        return False
    rest = block[cut:]
    if not rest.strip():
        return True
    if rest[0].isspace():
        following = rest.lstrip()
        return following[0].isupper() or following[0].isdigit() or following[0] in _OPENERS
    # No space after the full stop: a new sentence only where a capitalised word follows.
    return len(rest) > 1 and rest[0].isupper() and rest[1].islower() and block[terminator] == "." and terminator > begin and block[terminator - 1].isalpha()


def compute_coverage(text: str, quotes: Mapping[str, Iterable[str]], notes: Iterable[SentenceNote]) -> Coverage:
    """The coverage of a source's ``text`` by the ``quotes`` of its evidence records ({record: [quote, ...]}) and its ``notes``.

    A record covers every sentence that overlaps the first occurrence of one of its
    quotes. A note applies to every sentence that starts with its text. Returns a Coverage; notes
    that match no sentence and quotes not found in the text are listed in it, not raised.
    """
    quoted = {record: list(record_quotes) for record, record_quotes in quotes.items()}
    sentences = split_sentences(text)
    covering: dict[int, set[str]] = {s.index: set() for s in sentences}
    missing: list[tuple[str, str]] = []
    for record, record_quotes in sorted(quoted.items()):
        for quote in record_quotes:
            # A quote without prefix or suffix selects its first occurrence (the article's
            # comment section repeats its title, which is not evidence a second time).
            begin = text.find(quote) if quote else -1
            if begin < 0:
                missing.append((record, quote))
                continue
            for sentence in sentences:
                if sentence.start < begin + len(quote) and begin < sentence.end:
                    covering[sentence.index].add(record)
    notes = list(notes)
    noted: dict[int, SentenceNote] = {}
    used: set[int] = set()
    for position, note in enumerate(notes):
        for sentence in sentences:
            if note.text and sentence.text.startswith(note.text) and sentence.index not in noted:
                noted[sentence.index] = note
                used.add(position)
    rows = tuple(SentenceCoverage(s, tuple(sorted(covering[s.index])), noted.get(s.index)) for s in sentences)
    unused = tuple(note for position, note in enumerate(notes) if position not in used)
    return Coverage(rows, unused, tuple(missing), text, quoted)


def coverage_of_source(source: str, data_files: Iterable[Path]) -> Coverage:
    """The coverage of ``source`` (an IRI) by the knowledge graph whose data files are ``data_files``.

    The source's text is the file its description names with ``rp:textFile``, beside the
    description; its quotes are those of the evidence records that target it; its notes
    are the ``rp:hasSentenceNote``s of it in any of the files (by convention its coverage
    file, ``NAME.coverage.ttl`` beside ``NAME.ttl``). Raises InputError when a file does
    not parse, the source has no text file or its text file is missing.
    """
    paths = sorted(data_files)
    text_path = None
    notes: list[SentenceNote] = []
    for path in paths:
        for quad in parse_file(path):
            if quad.subject == ox.NamedNode(source) and quad.predicate.value == RP + "textFile" and isinstance(quad.object, ox.Literal) and text_path is None:
                text_path = path.parent / quad.object.value
        notes += read_sentence_notes(path, source)
    if text_path is None:
        raise InputError(f"<{source}>: no description with rp:textFile names the file that holds its text")
    if not text_path.is_file():
        raise InputError(f"<{source}>: text file {text_path} not found")
    return replace(compute_coverage(read_text(text_path), read_quotes(paths, source), notes), source=source)


def read_sentence_notes(path: Path, source: str) -> list[SentenceNote]:
    """The sentence notes of ``source`` (an IRI) in the RDF file ``path`` (Turtle or TriG), in file order.

    Raises InputError when the file does not parse or a note lacks its text or reason.
    """
    quads = parse_file(path)
    by_subject: dict[_Term, list[ox.Quad]] = {}
    for quad in quads:
        by_subject.setdefault(quad.subject, []).append(quad)

    def value(node: _Term, predicate: str) -> _Term | None:
        return next((q.object for q in by_subject.get(node, ()) if q.predicate.value == predicate), None)

    notes = []
    for quad in quads:
        if quad.subject == ox.NamedNode(source) and quad.predicate.value == RP + "hasSentenceNote":
            text, reason = value(quad.object, RP + "sentenceText"), value(quad.object, RP + "noFactReason")
            if text is None or reason is None:
                raise InputError(f"{path}: a sentence note of <{source}> needs rp:sentenceText and rp:noFactReason")
            if not isinstance(text, ox.Literal) or not isinstance(reason, (ox.NamedNode, ox.Literal)):
                raise InputError(f"{path}: a sentence note of <{source}> needs a string rp:sentenceText and a concept as rp:noFactReason")
            comment = value(quad.object, RDFS_COMMENT)
            notes.append(SentenceNote(text.value, reason.value, comment.value if isinstance(comment, ox.Literal) else ""))
    return notes


def read_quotes(paths: Iterable[Path], source: str) -> dict[str, list[str]]:
    """{evidence record IRI: its quotes} for the records in the RDF files ``paths`` whose target's source is ``source``.

    Raises InputError when a file does not parse.
    """
    objects: dict[tuple[_Term, str], list[_Term]] = {}
    for path in paths:
        for quad in parse_file(path):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                objects.setdefault((quad.subject, quad.predicate.value), []).append(quad.object)
    found: dict[str, list[str]] = {}
    for (record, predicate), targets in objects.items():
        if predicate != OA + "hasTarget" or not isinstance(record, ox.NamedNode):
            continue
        for target in targets:
            if ox.NamedNode(source) not in objects.get((target, OA + "hasSource"), []):
                continue
            for selector in objects.get((target, OA + "hasSelector"), []):
                exact = objects.get((selector, OA + "exact"), [])
                found.setdefault(record.value, []).extend(q.value for q in exact if isinstance(q, ox.Literal))
    return found
