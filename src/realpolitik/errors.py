"""The exceptions realpolitik raises. The command line turns each into one line and an exit status."""

from __future__ import annotations


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
        where = path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class EndpointError(RealpolitikError):
    """A remote SPARQL endpoint is down, refuses us or answers with an error."""

    exit_status = 1
