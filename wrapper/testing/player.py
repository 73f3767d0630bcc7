"""A WebSocket client for tests: connect as a player, send, and wait for what you expect.

Synchronous on purpose (plain pytest, no event loop): each ``Player`` owns one
connection; messages that arrive while you wait for another stay in ``inbox``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from wrapper.errors import WrapperError

Message = dict[str, Any]
Match = str | Callable[[Message], bool]


class ConnectionRefused(WrapperError):
    """``$connect`` said no: ``status`` is the HTTP status the handshake got."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"$connect refused the connection with HTTP {status}: {body or '(no body)'}", "check the token and query")
        self.status = status
        self.body = body


class Player:
    """One connection to a running backend, as a browser or headset would hold it."""

    def __init__(self, ws_url: str, *, room: str | None = None, name: str | None = None, token: str | None = None, **query: str) -> None:
        params = {k: v for k, v in {"room": room, "name": name, "token": token, **query}.items() if v is not None}
        self.url = f"{ws_url}?{urlencode(params)}" if params else ws_url
        self.inbox: list[Message | str] = []
        try:
            # Entered as a context manager, which is how websockets wants a connection held.
            self.ws: ClientConnection = connect(self.url, open_timeout=30, max_size=None).__enter__()
        except InvalidStatus as refused:
            raise ConnectionRefused(
                refused.response.status_code, refused.response.body.decode(errors="replace") if refused.response.body else ""
            ) from None
        self.close_code: int | None = None

    def send(self, message: Message | str) -> None:
        """Send a JSON object (or a raw text frame)."""
        self.ws.send(message if isinstance(message, str) else json.dumps(message))

    def wait_for(self, match: Match, timeout: float = 10.0) -> Message:
        """The first message (already received or arriving within ``timeout`` s) whose ``type`` is ``match``, or for which ``match(message)`` is true."""
        test = (lambda m: m.get("type") == match) if isinstance(match, str) else match
        deadline = time.monotonic() + timeout
        while True:
            for i, message in enumerate(self.inbox):
                if isinstance(message, dict) and test(message):
                    found = self.inbox.pop(i)
                    assert isinstance(found, dict)
                    return found
            left = deadline - time.monotonic()
            if left <= 0 or self.close_code is not None:
                why = f"the connection closed ({self.close_code})" if self.close_code is not None else f"nothing within {timeout} s"
                raise AssertionError(f"no message matching {match!r}: {why}; received {self.inbox[-10:]}")
            self._receive(left)

    def receive_all(self, seconds: float = 0.3) -> list[Message | str]:
        """Everything that arrives within ``seconds``, added to (and returned as) ``inbox``."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0 and self.close_code is None:
            self._receive(left)
        return self.inbox

    def _receive(self, timeout: float) -> None:
        try:
            raw = self.ws.recv(timeout=timeout)
        except TimeoutError:
            return
        except ConnectionClosed as closed:
            self.close_code = closed.rcvd.code if closed.rcvd else 1006
            return
        text = raw.decode(errors="replace") if isinstance(raw, bytes) else raw
        try:
            self.inbox.append(json.loads(text))
        except ValueError:
            self.inbox.append(text)

    def close(self) -> None:
        self.ws.__exit__(None, None, None)

    def __enter__(self) -> Player:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
