"""The exceptions realpolitik raises, and the pieces of their messages: the command line turns
each into one line and an exit status. A message says where (``file:line:column``, shown
relative to the working folder) and what to do, with "did you mean" for a near miss."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path


class RealpolitikError(Exception):
    """Root of every error realpolitik raises on purpose."""

    exit_status = 1


class InputError(RealpolitikError):
    """The user's input is wrong: a file that does not parse, an unknown name, a bad parameter.

    The message starts with where the problem is (``file:line:column`` or the query and
    parameter) and says what to do about it.
    """

    exit_status = 2


class SourceSyntaxError(InputError):
    """An RDF or SPARQL file does not parse."""

    def __init__(self, path: str, line: int | None, column: int | None, message: str) -> None:
        self.path, self.line, self.column = path, line, column
        # One line: a parser quoting the character it choked on may quote a newline.
        message = re.sub(r"[\x00-\x1f\x7f]", lambda found: repr(found.group())[1:-1], message.strip())
        where = path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class QueryRefused(InputError):
    """A query no store here runs: ``kind`` says why (``"update"``: SPARQL Update on a
    read-only graph; ``"federation"``: SERVICE while federation is off; ``"nesting"``:
    nested deeper than the parser can take). A server answers 405, 403 and 400."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class QueryTimeout(RealpolitikError):
    """A query ran past its deadline and was stopped (a server answers 503)."""

    exit_status = 2


class EndpointError(RealpolitikError):
    """A remote SPARQL endpoint is down, refuses us or answers with an error."""

    exit_status = 1


def display_path(path: str | Path) -> str:
    """The path as the user should see it: relative to the working directory when inside it."""
    # abspath, not resolve: a symbolic link is shown as the link (it may dangle or loop).
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except (ValueError, OSError):
        pass
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def did_you_mean(name: str, candidates: Iterable[str], *, quote: str = '"') -> str:
    """`` (did you mean "x"?)`` for the closest candidate, or an empty string."""
    import difflib  # only on the way to an error message
    close = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return f" (did you mean {quote}{close[0]}{quote}?)" if close else ""
