"""A dependency-free text progress line on stderr for long materialisations."""

from __future__ import annotations

import sys
from typing import TextIO


class TextProgress:
    """Progress callback that stays silent for the first ``delay`` seconds
    and then redraws one line: a bar that fills as the delta shrinks
    relative to its largest size, the round and the store size.  The
    number of rounds is not known in advance, so the bar measures how far
    the delta has decayed, which is what "almost done" looks like."""

    def __init__(self, stream: TextIO | None = None, delay: float = 2.0, width: int = 30):
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.width = width
        self.peak = 1
        self.shown = False

    def __call__(self, round_no: int, size: int, delta: int, elapsed: float) -> None:
        self.peak = max(self.peak, delta)
        if elapsed < self.delay:
            return
        done = 1.0 - (delta / self.peak if delta else 0.0)
        fill = int(done * self.width)
        bar = "#" * fill + "." * (self.width - fill)
        self.stream.write(f"\rmaterialising [{bar}] round {round_no:3d} "
                          f"{size:>11,d} triples (+{delta:,d}) {elapsed:6.1f}s")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """End the line if anything was drawn."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def default_progress() -> TextProgress | None:
    """A :class:`TextProgress` when stderr is a terminal, else None."""
    try:
        tty = sys.stderr.isatty()
    except (AttributeError, ValueError):
        tty = False
    return TextProgress() if tty else None
