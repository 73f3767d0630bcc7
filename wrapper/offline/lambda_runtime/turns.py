"""Fair turns at a function's environments: waiting invocations are served round-robin by connection.

A function has a bounded number of environments. When all are busy, invocations wait; a
first-come line would let whoever sends most fill it, so the line is kept per key (the
connection an invocation came from) and the keys take turns: one connection's hundredth
waiting message does not delay another connection's first.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from typing import Generic, TypeVar

T = TypeVar("T")


class Turns(Generic[T]):
    """Free items (environments), handed to waiters one key at a time, in rotation."""

    def __init__(self) -> None:
        self.free: list[T] = []  # the most recently returned last: taken first, so the oldest idle ages out
        self._waiting: OrderedDict[str, deque[asyncio.Future[T]]] = OrderedDict()

    @property
    def waiting(self) -> int:
        return sum(len(line) for line in self._waiting.values())

    async def get(self, key: str) -> T:
        if self.free and not self._waiting:
            return self.free.pop()
        turn: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(key, deque()).append(turn)
        try:
            return await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.put(turn.result())  # it arrived as the waiter gave up: pass it on
            else:
                self._forget(key, turn)
            raise

    def put(self, item: T) -> None:
        """Hand ``item`` to the next key in rotation, or keep it free."""
        while self._waiting:
            key, line = self._waiting.popitem(last=False)
            turn = line.popleft()
            if line:
                self._waiting[key] = line  # the key goes to the back of the rotation
            if not turn.done():
                turn.set_result(item)
                return
        self.free.append(item)

    def _forget(self, key: str, turn: asyncio.Future[T]) -> None:
        line = self._waiting.get(key)
        if line is not None and turn in line:
            line.remove(turn)
            if not line:
                del self._waiting[key]
