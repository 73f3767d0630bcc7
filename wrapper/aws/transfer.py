"""S3 uploads through boto3's transfer manager (parallel, multipart above a threshold)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def transfer_manager(s3: Any, *, part_size: int, concurrency: int) -> Any:
    """A context manager that uploads in parallel; parts of ``part_size`` above that size (ETags follow it)."""
    from boto3.s3.transfer import TransferConfig, create_transfer_manager

    config = TransferConfig(multipart_threshold=part_size, multipart_chunksize=part_size, max_concurrency=concurrency)
    return create_transfer_manager(s3, config)


def progress_subscriber(on_bytes: Callable[[int], None]) -> Any:
    """A subscriber reporting each chunk of bytes sent (called from the manager's worker threads)."""
    from s3transfer.subscribers import BaseSubscriber

    class Progress(BaseSubscriber):
        def on_progress(self, future: Any, bytes_transferred: int, **kwargs: Any) -> None:
            on_bytes(bytes_transferred)

    return Progress()
