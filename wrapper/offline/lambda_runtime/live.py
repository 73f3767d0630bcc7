"""The ids of the open connections, mirrored into every handler environment.

With the mirror a handler's ``post_to_connection`` needs no round trip: the environment knows
whether the target is open (200, the post travels one way on the pipe, in order) or not (410,
``GoneException``), and whether the payload is too large (413), from the same answers the
gateway gives (``answers``, set by the gateway: one fact in one place). Updates travel on the
pipe that also carries invocations, so an invocation sent after a connection closed sees it
closed. A connection that closes while an invocation runs can still get a post the gateway
then drops, as a post to a connection that is going away is lost on AWS.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Write = Callable[[bytes], None]


class LiveConnections:
    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.answers: dict[str, Any] = {}  # "ok", "gone", "too_large" answers and "max_bytes", from the gateway
        self._subscribers: dict[object, Write] = {}

    def subscribe(self, who: object, write: Write) -> None:
        """Send ``who`` the whole set now, then every change."""
        self._subscribers[who] = write
        write(_line({"live": sorted(self.ids), "answers": self.answers}))

    def unsubscribe(self, who: object) -> None:
        self._subscribers.pop(who, None)

    def opened(self, connection_id: str) -> None:
        self.ids.add(connection_id)
        self._tell({"opened": connection_id})

    def gone(self, connection_id: str) -> None:
        if connection_id in self.ids:
            self.ids.discard(connection_id)
            self._tell({"gone": connection_id})

    def _tell(self, message: dict[str, Any]) -> None:
        line = _line(message)
        for write in list(self._subscribers.values()):
            write(line)


def _line(message: dict[str, Any]) -> bytes:
    return json.dumps(message).encode() + b"\n"
