"""A DynamoDB request's body as DynamoDB reads it: decoded from its ``Content-Encoding``, gzip or deflate.

SDKs may compress requests (https://docs.aws.amazon.com/sdkref/latest/guide/feature-compression.html),
so DynamoDB decodes gzip (RFC 1952: one member or several concatenated) and deflate (RFC 1950's zlib
format: one stream). A body it cannot decode, an empty one among them, and an encoding it does not
know get HTTP 500 and nothing is done. What follows the last gzip member or the zlib stream and
does not start another member is ignored, as DynamoDB ignores it (Alternator's
test_compressed_request.py, which passes against DynamoDB, marks the junk case a DynamoDB bug).
The size limit applies to the decoded body, so a small request cannot expand past it.

The server that mounts the endpoint must hand over the bytes as sent (``RAW_BODIES``): aiohttp would
otherwise inflate gzip itself and pass a truncated stream as if it were whole.
"""

from __future__ import annotations

import zlib
from typing import Any

RAW_BODIES: dict[str, Any] = {"auto_decompress": False}
_GZIP_MAGIC = b"\x1f\x8b"
_WINDOWS = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
_AS_SENT = {"", "identity"}


class Undecodable(Exception):
    """The body does not decode as its Content-Encoding says (DynamoDB answers HTTP 500)."""


def decoded(body: bytes, content_encoding: str | None, limit: int) -> bytes | None:
    """``body`` decoded from every coding ``content_encoding`` lists (the last applied first); None past ``limit`` bytes."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    for coding in reversed([c for c in codings if c not in _AS_SENT]):
        if coding not in _WINDOWS:
            raise Undecodable(f"Content-Encoding {coding!r} is not one DynamoDB decodes (gzip or deflate)")
        inflated = _inflate(body, coding, limit)
        if inflated is None:
            return None
        body = inflated
    return body if len(body) <= limit else None


def _inflate(data: bytes, coding: str, limit: int) -> bytes | None:
    out: list[bytes] = []
    size = 0
    while True:
        stream = zlib.decompressobj(_WINDOWS[coding])
        try:
            chunk = stream.decompress(data, limit + 1 - size)
        except zlib.error as exc:
            raise Undecodable(f"the body is not valid {coding} ({exc})") from None
        size += len(chunk)
        if size > limit:
            return None
        out.append(chunk)
        if not stream.eof:
            raise Undecodable(f"the body's {coding} stream ends before its end marker")
        data = stream.unused_data
        if coding != "gzip" or not data.startswith(_GZIP_MAGIC):
            return b"".join(out)
