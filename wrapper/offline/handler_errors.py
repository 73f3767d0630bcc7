"""Handler errors seen by `wrapper dev`, grouped so each distinct one is shown once, with a count.

The terminal prints a group's traceback the first time and a count after; the page asks for the
groups (``/_wrapper/errors``, served by the dev server only) to show a toast and "server error".
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class HandlerError:
    function: str
    route: str
    error: str  # "KeyError: 'x'"
    trace: str | None
    count: int = 1
    last_seen: float = field(default_factory=time.monotonic)

    def to_dict(self, now: float) -> dict[str, Any]:
        return {
            "function": self.function,
            "route": self.route,
            "error": self.error,
            "count": self.count,
            "secondsAgo": round(now - self.last_seen, 2),
        }


def describe(error_type: str | None, message: str | None) -> str:
    kind = error_type or "Error"
    return f"{kind}: {message}" if message else kind


class HandlerErrors:
    """Thread-safe: the gateway records on its loop, the page's requests read on theirs."""

    def __init__(self, keep: int = 20) -> None:
        self._groups: dict[tuple[str, str, str], HandlerError] = {}
        self._keep = keep
        self._lock = threading.Lock()

    def record(self, function: str, route: str, error: str, trace: str | None) -> tuple[HandlerError, bool]:
        """Count one failure; True when it is the first of its kind (same function, error and place)."""
        # The place is the trace's last frame lines: the same KeyError from another line is another error.
        place = "\n".join((trace or "").splitlines()[-4:-1])
        key = (function, error, place)
        with self._lock:
            group = self._groups.get(key)
            if group is not None:
                group.count += 1
                group.last_seen = time.monotonic()
                return group, False
            group = HandlerError(function, route, error, trace)
            self._groups[key] = group
            if len(self._groups) > self._keep:
                oldest = min(self._groups, key=lambda k: self._groups[k].last_seen)
                del self._groups[oldest]
            return group, True

    def groups(self) -> list[HandlerError]:
        with self._lock:
            return list(self._groups.values())

    def recent(self) -> list[dict[str, Any]]:
        now = time.monotonic()
        with self._lock:
            groups = sorted(self._groups.values(), key=lambda g: g.last_seen, reverse=True)
            return [g.to_dict(now) for g in groups]
