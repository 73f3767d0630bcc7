"""The dev server's periodic save of the embedded database: reported when it fails, never fatal."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from wrapper.offline.aws.embedded import EmbeddedAws
from wrapper.offline.metrics import Metrics

SAVE_EVERY_SECONDS = 5.0


async def save_until_stopped(embedded: EmbeddedAws, metrics: Metrics, stop: asyncio.Event, on_failure: Callable[[Any], None]) -> None:
    """Save every few seconds after writes; a failed save is reported and retried, and serving goes on."""
    saved_writes = 0.0
    if embedded.save_error is not None:
        on_failure(embedded.save_error)
    reported = embedded.save_error
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), SAVE_EVERY_SECONDS)
        except TimeoutError:
            if metrics.dynamodb_write_units != saved_writes or embedded.save_error is not None:
                saved_writes = metrics.dynamodb_write_units
                await asyncio.to_thread(embedded.try_save)
                failure = embedded.save_error
                if failure is not None and (reported is None or failure.message != reported.message):
                    on_failure(failure)  # once per distinct failure, not every 5 s
                reported = failure
