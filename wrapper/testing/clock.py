"""Fake time for tests: move the handlers' clock (and the embedded DynamoDB's TTL sweep) forward.

The template's handlers read "now" through ``common/clock.py``, which adds the seconds
held in the file named by ``WRAPPER_CLOCK_FILE``. ``Backend`` gives its handlers such a
file and this clock; ``backend.advance(3600)`` then makes an hour pass for the handlers
and expires the table items whose TTL that hour ends, without sleeping. Time never goes
back, not even at ``backend.reset()``: warm handler environments remember when each room's
next tick is due.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

VARIABLE = "WRAPPER_CLOCK_FILE"


class FakeClock:
    """Real time plus ``offset`` seconds, shared with the handlers through ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0.0
        self._write()

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time only moves forward (a handler's rate limits and ticks assume it)")
        self.offset += seconds
        self._write()

    def _write(self) -> None:
        # Renamed into place: a handler reading at the same moment sees the old or the new offset, never half.
        partial = self.path.with_suffix(".partial")
        partial.write_text(repr(self.offset))
        os.replace(partial, self.path)
