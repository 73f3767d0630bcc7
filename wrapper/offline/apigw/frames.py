"""API Gateway's 32 KB frame limit, which aiohttp cannot express: it only limits whole messages.

``FrameLimit`` sits in front of aiohttp's WebSocket parser and reads each incoming frame's
header (RFC 6455 §5.2) before the parser assembles fragments; a data frame over the limit
trips it, and the gateway closes the connection with 1009 as API Gateway does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aiohttp import WSCloseCode, web

DATA_OPCODES = {0x0, 0x1, 0x2}  # continuation, text, binary


class FrameLimit:
    def __init__(self, inner: Any, limit: int, on_violation: Callable[[], None]) -> None:
        self.inner = inner
        self.limit = limit
        self.on_violation = on_violation
        self.tripped = False
        self._head = b""
        self._skip = 0

    def feed_data(self, data: bytes | bytearray | memoryview) -> Any:
        if not self.tripped:
            self._scan(bytes(data))
        if self.tripped:
            return False, b""  # the connection is closing; what follows is not parsed
        return self.inner.feed_data(data)

    def feed_eof(self) -> Any:
        return self.inner.feed_eof()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def _scan(self, data: bytes) -> None:
        i, n = 0, len(data)
        while i < n:
            if self._skip:
                step = min(self._skip, n - i)
                self._skip -= step
                i += step
                continue
            need = self._header_length()
            take = min(need - len(self._head), n - i)
            self._head += data[i : i + take]
            i += take
            if len(self._head) < self._header_length():
                continue  # the header continues in the next chunk
            opcode, length = self._head[0] & 0x0F, self._payload_length()
            self._head = b""
            if opcode in DATA_OPCODES and length > self.limit:
                self.tripped = True
                self.on_violation()
                return
            self._skip = length

    def _header_length(self) -> int:
        if len(self._head) < 2:
            return 2
        short = self._head[1] & 0x7F
        extended = 2 if short == 126 else 8 if short == 127 else 0
        return 2 + extended + (4 if self._head[1] & 0x80 else 0)

    def _payload_length(self) -> int:
        short = self._head[1] & 0x7F
        if short == 126:
            return int.from_bytes(self._head[2:4], "big")
        if short == 127:
            return int.from_bytes(self._head[2:10], "big")
        return short


class LimitedWebSocketResponse(web.WebSocketResponse):
    """aiohttp's WebSocket with API Gateway's frame limit in front of its parser."""

    def __init__(self, *args: Any, max_frame_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._max_frame_bytes = max_frame_bytes

    def _post_start(self, request: web.BaseRequest, *args: Any, **kwargs: Any) -> None:
        super()._post_start(request, *args, **kwargs)
        protocol = request.protocol
        parser = getattr(protocol, "_payload_parser", None)
        if parser is not None:  # an aiohttp without this hook keeps only the message limit
            protocol._payload_parser = FrameLimit(parser, self._max_frame_bytes, self._too_big)

    def _too_big(self) -> None:
        self._closing_task = asyncio.ensure_future(self.close(code=WSCloseCode.MESSAGE_TOO_BIG, message=b"Frame too big"))
