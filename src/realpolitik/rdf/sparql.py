"""SPARQL text: the ``#+`` header of a stored ``.rq`` file, syntax errors as one line, binding
parameters as a VALUES block, and the triple patterns of a query.

A header is the run of ``#+`` lines at the top of a file; together they are YAML
(grlc's convention). Stored questions and report checks both use it:

    >>> header = read_header("#+ summary: Who?\\n#+ needs_reasoning: true\\nSELECT * {}", "q.rq")
    >>> header.values["needs_reasoning"], header.line_of("summary")
    (True, 1)
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox

from ..errors import InputError, QueryRefused, did_you_mean
from ..files import write_atomically
from .namespaces import PREFIXES
from .terms import Term


class Header(NamedTuple):
    """The YAML of a file's ``#+`` lines, and where each of its keys stands."""

    where: str
    values: dict[str, Any]
    lines: tuple[str, ...]

    def line_of(self, key: str) -> int:
        """The 1-based line of the header where ``key:`` (or ``- key:``) first appears, else 1."""
        pattern = re.compile(rf"\s*-?\s*{re.escape(key)}\s*:")
        return next((number for number, line in enumerate(self.lines, 1) if pattern.match(line)), 1)

    def error(self, key: str, message: str) -> InputError:
        """An InputError ``file:line: message`` at the line of ``key``."""
        return InputError(f"{self.where}:{self.line_of(key)}: {message}")

    def check_keys(self, known: set[str], required: tuple[str, ...]) -> None:
        """Raise InputError for an unknown key (with "did you mean") or a missing one."""
        for key in self.values:
            if key not in known:
                raise self.error(str(key), f"unknown header key {key!r}{did_you_mean(str(key), known)}")
        for key in required:
            if key not in self.values or self.values[key] in (None, ""):
                raise InputError(f"{self.where}:1: header has no '{key}:' line")


def read_header(text: str, where: str, index: Path | None = None) -> Header:
    """The ``#+`` header at the top of ``text``; ``where`` names the file in errors.

    ``index`` is a JSON file of headers already read, by a hash of their text: reading
    YAML costs more than the rest of answering a stored question (importing the YAML
    parser alone takes about 25 ms), so a header is parsed once and then looked up. A
    missing, unreadable or unwritable index is only slower, never an error.

    Raises InputError (``file:line``) when there is no header or it is not a YAML mapping.
    """
    lines = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        lines.append(line[3:] if line.startswith("#+ ") else line[2:])
    if not lines:
        raise InputError(f"{where}:1: no '#+' header; the file must start with '#+ key: value' lines")
    key = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    known = _read_index(index) if index is not None else {}
    if isinstance(known.get(key), dict):
        return Header(where, known[key], tuple(lines))
    header = Header(where, _parse_yaml(lines, where), tuple(lines))
    if index is not None:
        _remember(index, known, key, header.values)
    return header


def _read_index(index: Path) -> dict[str, Any]:
    try:
        known = json.loads(index.read_bytes())
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _remember(index: Path, known: dict[str, Any], key: str, values: dict[str, Any]) -> None:
    try:
        json.dumps(values)  # YAML can hold what JSON cannot (dates): such headers stay unindexed
        index.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(index, json.dumps({**known, key: values}).encode())
    except (OSError, TypeError, ValueError, InputError):
        pass


def _parse_yaml(lines: list[str], where: str) -> dict[str, Any]:
    import yaml

    try:
        values = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(f"{where}:{mark.line + 1 if mark else 1}: header is not valid YAML: {problem}") from None
    if not isinstance(values, dict):
        raise InputError(f"{where}:1: header must be 'key: value' lines")
    return values


def mentions_variable(text: str, name: str) -> bool:
    """True when the query text uses ``?name`` or ``$name``."""
    return re.search(rf"[?$]{re.escape(name)}\b", text) is not None


def syntax_error(source: str, error: SyntaxError) -> InputError:
    """One line naming where the SPARQL text is wrong (``source:line:column``)."""
    message = str(error)
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if match:
        return InputError(f"{source}:{match.group(1)}:{match.group(2)}: SPARQL syntax error: {match.group(3).splitlines()[0]}")
    return InputError(f"{source}: SPARQL syntax error: {message.splitlines()[0] if message else 'cannot parse'}")


@functools.cache
def _token_pattern() -> re.Pattern[str]:
    """SPARQL's tokens, as far as finding the WHERE clause needs (compiled on first use).

    A variable's name is any run of ASCII letters, digits, ``_`` and characters from U+00B7
    on, written as one negated class: it compiles in a tenth of the time of the range
    ``\u00B7-\uFFFF`` and matches as fast.
    """
    return re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>\"\"\"(?:[^\\]|\\.)*?\"\"\"|'''(?:[^\\]|\\.)*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<variable>[?$][^\x00-/:-@\[-^`{-\xB6]+)
      | (?P<word>[A-Za-z_][\w\-.]*(?::[\w\-.]*)?|:[\w\-.]*)
      | (?P<open>\{) | (?P<close>\}) | (?P<other>.)""",
        re.VERBOSE | re.DOTALL,
    )


# The deepest nesting of groups, brackets and parentheses a query may have. Oxigraph's
# parser recurses once per level and overflows the stack (a segmentation fault) a few
# thousand levels down; real queries stay under twenty.
MAX_NESTING = 100
_OPENING, _CLOSING = "{([", "})]"
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
READ_ONLY = "the knowledge graph is queried read-only: SPARQL Update ({word}) is not accepted; send a SELECT, ASK, CONSTRUCT or DESCRIBE query"
FEDERATION_OFF = "federated queries are off: SERVICE <…> would make this program fetch another server; allow them explicitly (--allow-federation)"


def _code_tokens(text: str) -> list[tuple[str, int, str]]:
    """The query's tokens outside comments, strings and IRIs: (kind, start, text)."""
    return [(m.lastgroup or "", m.start(), m.group()) for m in _token_pattern().finditer(text) if m.lastgroup != "comment" and not m.group().isspace()]


def nesting_depth(text: str) -> int:
    """How deep groups ``{}``, parentheses and brackets nest in the query, outside strings, IRIs and comments."""
    depth = deepest = 0
    for kind, _, value in _code_tokens(text):
        if kind == "open" or (kind == "other" and value in _OPENING):
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close" or (kind == "other" and value in _CLOSING):
            depth -= 1
    return deepest


def check_query(text: str, source: str = "<query>", *, allow_federation: bool = False) -> None:
    """Refuse, before any parser sees it, a query that no store here should run.

    Raises QueryRefused (an InputError) naming ``source`` for a query nested deeper than MAX_NESTING (it would
    crash the parser), for SPARQL Update (the graph is read-only), and for a SERVICE clause
    unless ``allow_federation`` (it makes this process fetch any URL the query names).
    """
    depth = deepest = 0
    first_word = None
    for kind, start, value in _code_tokens(text):
        if kind == "open" or (kind == "other" and value in _OPENING):
            depth += 1
            if depth > deepest:
                deepest = depth
                if depth > MAX_NESTING:
                    line, column = _position(text, start)
                    raise QueryRefused(f"{source}:{line}:{column}: the query nests deeper than {MAX_NESTING} levels; simplify it", "nesting")
        elif kind == "close" or (kind == "other" and value in _CLOSING):
            depth -= 1
        elif kind == "word":
            word = value.upper()
            # The first keyword after the prologue (PREFIX p: <…>, BASE <…>) says what the request is.
            if first_word is None and ":" not in value and word not in ("PREFIX", "BASE"):
                first_word = word
                if word in _UPDATE_WORDS:
                    raise QueryRefused(f"{source}: {READ_ONLY.format(word=word)}", "update")
            if word == "SERVICE" and not allow_federation:
                line, column = _position(text, start)
                raise QueryRefused(f"{source}:{line}:{column}: {FEDERATION_OFF}", "federation")


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def with_values(text: str, bindings: dict[str, Term], *, check: bool = True) -> str:
    """The query with ``bindings`` as a VALUES block at the start of its WHERE clause.

    Each term is written in its N-Triples form, so nothing the user typed reaches the
    query text unparsed. Stores push a VALUES block into every branch of a UNION, which
    they do not always do with a bound variable. With ``check`` the result is parsed here
    (for a store that reports errors less clearly). Raises InputError when the query has
    no WHERE clause to bind in.
    """
    if not bindings:
        return text
    for name, term in bindings.items():
        if not re.fullmatch(r"\w+", name) or isinstance(term, ox.BlankNode):
            raise InputError(f"cannot bind ?{name} to {term!r}")
    variables = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    block = f" VALUES ({variables}) {{ ({values}) }} "
    tokens = [(m.lastgroup or "", m.start(), m.end(), m.group()) for m in _token_pattern().finditer(text)]
    tokens = [t for t in tokens if t[0] != "comment" and not (t[0] == "other" and t[3].isspace())]
    opening = _where_brace(tokens)
    if opening is None:
        raise InputError("cannot bind parameters: the query has no WHERE clause")
    position = tokens[opening][2]
    following = tokens[opening + 1] if opening + 1 < len(tokens) else None
    if following and following[0] == "word" and following[3].upper() == "SELECT":
        # The WHERE clause is a sub-select: bind around it, in a group of its own.
        end = tokens[_matching_brace(tokens, opening)][1]
        rewritten = text[:position] + block + "{" + text[position:end] + "}" + text[end:]
    else:
        rewritten = text[:position] + block + text[position:]
    if check:
        try:
            ox.Store().query(rewritten, prefixes=PREFIXES)
        except SyntaxError as error:
            raise InputError(f"cannot bind parameters in this query: {str(error).splitlines()[0]}") from None
    return rewritten


def _where_brace(tokens: list[tuple[str, int, int, str]]) -> int | None:
    """The index of the brace that opens the outermost WHERE clause."""
    depth = 0
    after_form = False
    for index, (kind, _, _, value) in enumerate(tokens):
        if kind == "open":
            if depth == 0 and after_form:
                return index
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0:
            word = value.upper()
            if word in ("WHERE", "SELECT", "ASK", "DESCRIBE"):
                after_form = True  # WHERE is optional after SELECT, ASK and DESCRIBE
            elif word == "CONSTRUCT":
                after_form = False  # the first group is the template
    return None


def _matching_brace(tokens: list[tuple[str, int, int, str]], opening: int) -> int:
    depth = 0
    for index in range(opening, len(tokens)):
        if tokens[index][0] == "open":
            depth += 1
        elif tokens[index][0] == "close":
            depth -= 1
            if depth == 0:
                return index
    raise InputError("cannot bind parameters: unbalanced braces in the query")


def triple_patterns(query_text: str) -> list[tuple[Any, Any, Any]]:
    """The triple patterns of a SPARQL query's basic graph patterns, as rdflib terms and Variables."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    found: list[tuple[Any, Any, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, CompValue):
            if node.name == "BGP":
                found.extend(tuple(t) for t in node.triples)
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)

    walk(prepareQuery(query_text).algebra)
    return list(dict.fromkeys(found))
