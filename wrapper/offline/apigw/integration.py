"""API Gateway's integration timeout: the client gets an answer when it passes, the function runs on."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from wrapper.offline.lambda_runtime.invoker import Outcome


async def outcome_within(invocation: Coroutine[Any, Any, Outcome], timeout: float, running: set[asyncio.Task[Any]]) -> Outcome | None:
    """The invocation's outcome, or None when ``timeout`` came first; the invocation stays in ``running`` until it ends."""
    task = asyncio.ensure_future(invocation)
    running.add(task)
    task.add_done_callback(running.discard)
    try:
        return await asyncio.wait_for(asyncio.shield(task), timeout)
    except TimeoutError:
        return None
