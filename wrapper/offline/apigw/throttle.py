"""API Gateway's throttling of a stage: a token bucket per route with the stage's rate and burst.

API Gateway applies a stage's default route settings (``throttling_rate_limit`` requests per
second, ``throttling_burst_limit`` at once) to each route separately, with the token bucket
algorithm; a request that finds the bucket empty is refused (429 Too Many Requests; on an open
WebSocket, ``{"message": "Limit Exceeded", ...}``) and is never integrated. The limits hold for
the whole stage, not per client: one client flooding a route uses up that route's bucket.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class TokenBucket:
    rate: float  # tokens added per second
    burst: int  # bucket size
    clock: Callable[[], float] = time.monotonic
    tokens: float = field(init=False)
    updated: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = float(self.burst)
        self.updated = self.clock()

    def take(self) -> bool:
        """Spend one token if there is one; False means the request is throttled."""
        now = self.clock()
        self.tokens = min(float(self.burst), self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class Throttle:
    """One bucket per route key, each with the stage's limits."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self._buckets: dict[str, TokenBucket] = {}
        self.throttled: dict[str, int] = {}

    def allow(self, route: str) -> bool:
        bucket = self._buckets.get(route)
        if bucket is None:
            bucket = self._buckets[route] = TokenBucket(self.rate, self.burst, self.clock)
        if bucket.take():
            return True
        self.throttled[route] = self.throttled.get(route, 0) + 1
        return False
