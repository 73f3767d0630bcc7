"""The handlers' "now": the real clock, or the real clock plus an offset a test kit set.

``WRAPPER_CLOCK_FILE`` (set only by ``wrapper.testing``; never on AWS) names a file holding
seconds to add, so a test can move time forward for TTL expiry, held-object silence and
ticks without sleeping. The file is read at every call: a test changes it while the
handlers' environments stay warm.
"""

from __future__ import annotations

import os
import time


def offset() -> float:
    path = os.environ.get("WRAPPER_CLOCK_FILE")
    if not path:
        return 0.0
    try:
        with open(path) as file:
            return float(file.read().strip() or 0)
    except (OSError, ValueError):
        return 0.0


def now() -> float:
    """Seconds since the epoch."""
    return time.time() + offset()


def now_ms() -> int:
    return int(now() * 1000)
