"""A DynamoDB answer compressed as DynamoDB compresses it for a client that accepts gzip or deflate.

DynamoDB compresses an answer over 4 KB with the coding the request's first ``Accept-Encoding``
header prefers (RFC 9110 section 12.5.3): the highest quality wins, an equal one goes to the
coding named first, a named coding before one ``*`` stands for, and ``*`` means gzip before
deflate. Its reading of malformed values is its own, observed by Alternator's
test_compressed_response.py against DynamoDB and kept here: the first ``q=`` inside a parameter
sets the quality (``nq=0`` too, ``q =0`` not), a quality that is no number counts as 1 and one
above 1 as 1, a coding listed twice takes its best quality, and ``identity`` is ignored.
"""

from __future__ import annotations

import gzip
import math
import zlib

THRESHOLD_BYTES = 4096
CODINGS = ("gzip", "deflate")  # in the order ``*`` prefers them


def preferred(accept_encoding: str | None) -> str | None:
    """The coding DynamoDB answers in for this header value, or None for an answer as it is."""
    named: dict[str, float] = {}
    anything: float | None = None
    for entry in (accept_encoding or "").split(","):
        name, *params = entry.split(";")
        name = name.strip().lower()
        quality = _quality(params)
        if name == "*":
            anything = quality if anything is None else max(anything, quality)
        elif name in CODINGS:
            named[name] = max(named.get(name, quality), quality)
    ranked = list(named.items())
    if anything is not None:
        ranked += [(coding, anything) for coding in CODINGS if coding not in named]
    best = max(ranked, key=lambda pair: pair[1], default=None)  # max keeps the first of equals
    return best[0] if best is not None and best[1] > 0 else None


def compressed(body: bytes, accept_encoding: str | None) -> tuple[bytes, str | None]:
    """``body`` as DynamoDB sends it, and the Content-Encoding it then carries (None: as it is)."""
    coding = preferred(accept_encoding) if len(body) > THRESHOLD_BYTES else None
    if coding == "gzip":
        return gzip.compress(body, compresslevel=6), coding
    if coding == "deflate":
        return zlib.compress(body, 6), coding
    return body, None


def _quality(params: list[str]) -> float:
    for param in params:
        at = param.find("q=")
        if at >= 0:
            try:
                value = float(param[at + 2 :].strip())
            except ValueError:
                return 1.0
            return min(value, 1.0) if math.isfinite(value) or value < 0 else 1.0
    return 1.0
