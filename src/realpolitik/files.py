"""Writing output files so that a failure never leaves half a file behind; reading files,
and asking the system whether a process lives or a port is free, with errors in one line."""

from __future__ import annotations

import errno
import glob
import os
from pathlib import Path

from .errors import InputError, display_path


def write_atomically(path: str | Path, content: bytes) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it into place.

    Raises InputError when the folder does not exist or cannot be written, when ``path``
    is a folder, or when the disk is full; ``path`` is then as it was.
    """
    write_all_atomically([(path, content)])


def write_all_atomically(files: list[tuple[str | Path, bytes]]) -> None:
    """Write several files, all or none: each to a temporary file beside it, and only when
    every one is written are they renamed into place.

    Raises InputError as ``write_atomically`` does; no target is changed then.
    """
    temporaries: list[tuple[str, Path]] = []
    try:
        for path, content in files:
            target = Path(path)
            temporaries.append((_write_beside(target, content), target))
        for temporary, target in temporaries:
            try:
                os.replace(temporary, target)
            except OSError as error:
                raise InputError(f"{display_path(target)}: cannot write: {_why(target, error)}") from None
    finally:
        for temporary, _ in temporaries:
            Path(temporary).unlink(missing_ok=True)


def _write_beside(target: Path, content: bytes) -> str:
    """A temporary file beside ``target`` holding ``content``, with the mode a plain open() would give."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{display_path(target)}: cannot write: folder {display_path(folder)} does not exist")
    if target.is_dir():
        raise InputError(f"{display_path(target)}: cannot write: it is a folder; name a file")
    _remove_leftovers(folder, target.name)
    try:
        import tempfile  # imported here: a query never writes, and tempfile is slow to import

        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", dir=folder)
    except OSError as error:
        raise InputError(f"{display_path(target)}: cannot write: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f"{display_path(target)}: cannot write: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def _remove_leftovers(folder: Path, name: str) -> None:
    """Remove temporary files that writers of ``name`` killed mid-write left beside it
    (``.<name>.<pid>.<random>``, whose process is gone)."""
    for leftover in folder.glob(f".{glob.escape(name)}.*.*"):
        pid = leftover.name[len(name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` is running (True when unsure)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def read_bytes(path: str | Path) -> bytes:
    """The bytes of an input file.

    Raises InputError naming the file and what is wrong with it: missing, a dangling or
    looping symbolic link, a folder, unreadable.
    """
    target = Path(path)
    try:
        return target.read_bytes()
    except OSError as error:
        raise InputError(f"{display_path(target)}: cannot read: {_why(target, error)}") from None


def read_text(path: str | Path) -> str:
    """The text of an input file, which must be UTF-8.

    Raises InputError as ``read_bytes`` does, and naming the line and column of the first
    byte that is not UTF-8.
    """
    return decode(read_bytes(path), display_path(path))


def decode(data: bytes, where: str) -> str:
    """``data`` as UTF-8 text; raises InputError at ``where:line:column`` of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(f"{where}:{line}:{column}: not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8") from None


def _why(path: Path, error: OSError) -> str:
    if path.is_symlink() and not path.exists():
        try:
            path.stat()
        except OSError as inner:
            if inner.errno == errno.ELOOP:
                return "a symbolic link loop"
        return f"a dangling symbolic link (to {os.readlink(path)})"
    if isinstance(error, IsADirectoryError):
        return "a folder, not a file"
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, PermissionError):
        return "permission denied"
    if error.errno == errno.ELOOP:
        return "a symbolic link loop"
    return error.strerror or str(error)


def remove_tree(path: str | Path) -> None:
    """Remove a folder and everything in it, as far as possible (a leftover is no error)."""
    import shutil  # imported here: shutil is slow to import, and a query seldom removes anything

    shutil.rmtree(path, ignore_errors=True)


def check_port(host: str, port: int) -> None:
    """Raise InputError (one line) when ``host:port`` cannot be listened on: out of range or taken."""
    import socket

    if not 0 < port < 65536:
        raise InputError(f"--port {port}: expected a port number between 1 and 65535")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise InputError(f"{host}:{port}: cannot listen there: {error.strerror}; choose another --port") from None
