"""Queries with a deadline: pyoxigraph evaluates a query inside one Rust call that Python
cannot interrupt, and a thread left running would keep its core busy. So queries run in
child processes, forked from the process that holds the store (they share its memory,
copy-on-write, and so see the same graph without loading it), and a query past its
deadline is stopped by killing its child.

The children persist: forking the interpreter costs 10-30 ms, a round trip to a waiting
child a fraction of a millisecond, and a stored question itself about one millisecond.
A child is forked on first need, answers queries one at a time through a pair of pipes,
and is killed and replaced only when a query runs out of time (or the store changes:
it holds the graph as it was when forked). Up to ``size`` children answer at once, so
one runaway query never holds up the others.

A child also ends itself a little after a query's deadline (an alarm whose default
action the query cannot block), exits when its parent closes the pipe, limits its memory,
and caps the rows it collects, so a runaway query cannot take the machine with it, even
when its parent is gone.
"""

from __future__ import annotations

import math
import os
import pickle
import resource
import select
import signal
import struct
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from ..errors import InputError, QueryTimeout, RealpolitikError

# Rows one answer may hold: far beyond any question a person reads, small enough to
# keep a cartesian product from filling the memory before its deadline.
MAX_ROWS = 1_000_000
# Address space a query child may add on top of what it inherits.
_EXTRA_MEMORY = 4 * 1024**3
_LENGTH = struct.Struct("!Q")
# Seconds a child lets a query run past its deadline before it ends itself (see _serve).
_GRACE = 2
_DEADLINE_KEY = "__deadline_seconds"
_FORKING = threading.Lock()
# The parent's ends of every child's pipes: a new child closes those of its siblings, so
# that a child sees end-of-file when its own parent end closes.
_PARENT_ENDS: set[int] = set()


class _Child:
    """One forked child: its process id and the parent's ends of its two pipes."""

    def __init__(self, work: Callable[[dict[str, Any]], Any]) -> None:
        # One fork at a time, and the parent's ends registered before it: every child then
        # closes every parent end (its own too), and sees end-of-file when the parent closes.
        with _FORKING:
            request_read, request_write = os.pipe()
            answer_read, answer_write = os.pipe()
            _PARENT_ENDS.update((request_write, answer_read))
            try:
                pid = os.fork()
            except OSError:
                for fd in (request_read, request_write, answer_read, answer_write):
                    os.close(fd)
                _PARENT_ENDS.difference_update((request_write, answer_read))
                raise
            if pid == 0:  # the child: never returns
                _serve(work, request_read, answer_write)
            os.close(request_read)
            os.close(answer_write)
        self.pid, self.requests, self.answers = pid, request_write, answer_read
        self.generation = 0

    def ask(self, request: dict[str, Any], deadline: float) -> tuple[Any, ...]:
        """Send one request; return the child's ("ok", value) or ("error", kind, message).

        Raises TimeoutError at the deadline and ChildProcessError when the child died.
        """
        data = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            os.write(self.requests, _LENGTH.pack(len(data)))
            _write_all(self.requests, data)
            length = _LENGTH.unpack(_read_exactly(self.answers, _LENGTH.size, deadline))[0]
            answer: tuple[Any, ...] = pickle.loads(_read_exactly(self.answers, length, deadline))
        except (BrokenPipeError, EOFError) as error:
            raise ChildProcessError(self.stop()) from error
        return answer

    def stop(self) -> str:
        """Kill the child (it may be stuck in a query) and reap it; say how it ended."""
        for fd in (self.requests, self.answers):
            _PARENT_ENDS.discard(fd)
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return "gone"
        if os.WIFSIGNALED(status):
            return f"signal {os.WTERMSIG(status)}"
        return f"exit status {os.WEXITSTATUS(status)}"


def _serve(work: Callable[[dict[str, Any]], Any], requests: int, answers: int) -> None:
    """The child's loop: answer requests until the parent closes the pipe, then exit."""
    status = 0
    try:
        for fd in list(_PARENT_ENDS):
            try:
                os.close(fd)
            except OSError:
                pass
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        # SIGALRM's default action ends the process even inside a Rust call, where no Python
        # handler runs: a query outlives its deadline by at most _GRACE seconds even if the
        # parent is gone and cannot kill it. (PR_SET_PDEATHSIG would not do: it fires when
        # the *thread* that forked the child ends, as a server's request threads do.)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        _limit_memory()
        while True:
            try:
                length = _LENGTH.unpack(_read_exactly(requests, _LENGTH.size, None))[0]
                request = pickle.loads(_read_exactly(requests, length, None))
            except EOFError:
                break
            signal.alarm(math.ceil(request.pop(_DEADLINE_KEY, 3600)) + _GRACE)
            try:
                answer: tuple[Any, ...] = ("ok", work(request))
            except SyntaxError as error:
                answer = ("error", "syntax", str(error))
            except InputError as error:
                answer = ("error", "input", str(error))
            except MemoryError:
                answer = ("error", "memory", "the query needs more memory than a query may use")
            except Exception as error:  # sent to the parent, which raises it there
                answer = ("error", type(error).__name__, str(error))
            signal.alarm(0)
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
            os.write(answers, _LENGTH.pack(len(data)))
            _write_all(answers, data)
    except BaseException:  # a child must never run the parent's code after fork
        status = 1
    finally:
        os._exit(status)


def _limit_memory() -> None:
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = size + _EXTRA_MEMORY
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError):
        pass


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes:
    chunks: list[bytes] = []
    wanted = size
    while wanted:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(wanted, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)


class QueryWorkers:
    """Child processes that run ``work(request)`` with a deadline (see the module docstring).

    ``work`` runs in a child, on the memory of this process as it was at the fork; it
    returns something picklable, or raises (SyntaxError and InputError come back as
    themselves, anything else as RealpolitikError).
    """

    def __init__(self, work: Callable[[dict[str, Any]], Any], size: int = 4) -> None:
        self.work = work
        self.size = size
        self._idle: list[_Child] = []
        self._busy = 0
        self._generation = 0  # children forked before the last restart() hold an old graph
        self._changed = threading.Condition()
        self._finalizer = weakref.finalize(self, _stop_all, self._idle)

    def run(self, request: dict[str, Any], timeout: float, describe: str = "the query") -> Any:
        """``work(request)`` in a child, stopped after ``timeout`` seconds.

        Raises QueryTimeout when the deadline passes (the child is killed, its CPU freed),
        SyntaxError or InputError as ``work`` raised them, and RealpolitikError when the
        child died (a crash in the query engine).
        """
        deadline = time.monotonic() + timeout
        child = self._take(deadline, timeout, describe)
        try:
            answer = child.ask({**request, _DEADLINE_KEY: timeout}, deadline)
        except TimeoutError:
            child.stop()
            self._give_back(None)
            raise QueryTimeout(f"{describe}: stopped after {timeout:g} s (the time limit); narrow the query or raise --timeout") from None
        except ChildProcessError as error:
            self._give_back(None)
            raise RealpolitikError(f"{describe}: the query engine crashed on this query ({error}); it was not answered") from None
        except BaseException:
            child.stop()  # interrupted mid-answer: the pipe is out of step
            self._give_back(None)
            raise
        self._give_back(child)
        if answer[0] == "ok":
            return answer[1]
        _, kind, message = answer
        if kind == "syntax":
            raise SyntaxError(message)
        if kind == "input":
            raise InputError(message)
        raise RealpolitikError(f"{describe}: {message}" if kind == "memory" else f"{describe}: {kind}: {message}")

    def restart(self) -> None:
        """Stop the idle children, so that the next queries see the store as it is now."""
        with self._changed:
            self._generation += 1
            idle, self._idle[:] = list(self._idle), []
        for child in idle:
            child.stop()

    def close(self) -> None:
        self._finalizer()

    def _take(self, deadline: float, timeout: float, describe: str) -> _Child:
        with self._changed:
            while not self._idle and self._busy >= self.size:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._changed.wait(remaining):
                    raise QueryTimeout(f"{describe}: not started within {timeout:g} s: every query worker is busy")
            self._busy += 1
            if self._idle:
                return self._idle.pop()
            generation = self._generation
        try:
            child = _Child(self.work)
            child.generation = generation
            return child
        except OSError as error:
            self._give_back(None)
            raise RealpolitikError(f"{describe}: cannot start a query worker: {error.strerror}") from None

    def _give_back(self, child: _Child | None) -> None:
        stale = None
        with self._changed:
            self._busy -= 1
            if child is not None and child.generation == self._generation:
                self._idle.append(child)
            else:
                stale = child
            self._changed.notify()
        if stale is not None:
            stale.stop()


def _stop_all(children: list[_Child]) -> None:
    for child in list(children):
        child.stop()
    children.clear()
