"""Keep the page's bucket in step with the local files: upload what changed, delete what is gone.

``plan`` is pure (local files against the bucket's listing); ``execute`` acts, in an order that
keeps the deployed page whole: new and changed assets first, then the HTML that points at them
(index.html last), then the CloudFront invalidation, and only then deletions.
"""

from __future__ import annotations

import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wrapper.page.files import INDEX_KEY, PART_SIZE, PageFile

WILDCARD_ABOVE = 100  # more changed paths than this: one "/*" (CloudFront bills every path after 1,000 a month)
DELETE_BATCH = 1000
CONCURRENCY = 10  # botocore's connection pool holds 10  # DeleteObjects takes at most 1,000 keys

Progress = Callable[[int, int], None]  # (bytes sent so far, bytes to send)


@dataclass(frozen=True)
class Remote:
    etag: str
    size: int


@dataclass
class SyncPlan:
    uploads: list[PageFile]
    deletes: list[str]
    unchanged: int
    invalidations: list[str] = field(default_factory=list)

    @property
    def upload_bytes(self) -> int:
        return sum(f.size for f in self.uploads)

    def to_dict(self) -> dict[str, Any]:
        return {
            "uploaded": [f.key for f in self.uploads],
            "deleted": self.deletes,
            "unchanged": self.unchanged,
            "invalidated": self.invalidations,
            "bytes": self.upload_bytes,
        }


def listing(s3: Any, bucket: str) -> dict[str, Remote]:
    from wrapper.aws import paginate

    return {
        item["Key"]: Remote(item["ETag"].strip('"'), item["Size"]) for item in paginate(s3, "list_objects_v2", "Contents", Bucket=bucket)
    }


def _path(key: str) -> str:
    return "/" + urllib.parse.quote(key, safe="/-_.~")


def invalidation_paths(keys: list[str]) -> list[str]:
    """Paths CloudFront must forget: changed or deleted files that are not content-hashed."""
    from wrapper.page.headers import is_content_hashed

    paths = sorted({_path(k) for k in keys if not is_content_hashed(k)})
    if "/" + INDEX_KEY in paths:
        paths.insert(0, "/")  # the distribution's root answers with index.html
    return ["/*"] if len(paths) > WILDCARD_ABOVE else paths


def plan(local: list[PageFile], remote: dict[str, Remote]) -> SyncPlan:
    uploads = [f for f in local if f.key not in remote or remote[f.key].etag != f.etag or remote[f.key].size != f.size]
    keys = {f.key for f in local}
    deletes = sorted(k for k in remote if k not in keys)
    changed = [f.key for f in uploads if f.key in remote] + deletes
    return SyncPlan(uploads, deletes, len(local) - len(uploads), invalidation_paths(changed))


def _waves(uploads: list[PageFile]) -> list[list[PageFile]]:
    """Assets, then HTML pages, then index.html: a page never points at a file not there yet."""
    assets = [f for f in uploads if not f.key.endswith(".html")]
    pages = [f for f in uploads if f.key.endswith(".html") and f.key != INDEX_KEY]
    index = [f for f in uploads if f.key == INDEX_KEY]
    return [wave for wave in (assets, pages, index) if wave]


def execute(
    s3: Any,
    cloudfront: Callable[[], Any] | None,
    bucket: str,
    distribution_id: str | None,
    sync: SyncPlan,
    on_progress: Progress | None = None,
) -> None:
    """``cloudfront`` makes the client, only when there is something to invalidate."""
    import io
    import threading

    from wrapper.aws.transfer import progress_subscriber, transfer_manager

    total = sync.upload_bytes
    sent = [0]
    lock = threading.Lock()

    def on_bytes(count: int) -> None:
        with lock:  # the transfer manager reports from its worker threads
            sent[0] += count
            if on_progress is not None:
                on_progress(sent[0], total)

    with transfer_manager(s3, part_size=PART_SIZE, concurrency=CONCURRENCY) as manager:
        for wave in _waves(sync.uploads):
            futures = []
            for item in wave:
                extra = {"ContentType": item.content_type, "CacheControl": item.cache_control}
                source: Any = io.BytesIO(item.body) if item.body is not None else str(item.path)
                futures.append(manager.upload(source, bucket, item.key, extra_args=extra, subscribers=[progress_subscriber(on_bytes)]))
            for future in futures:
                future.result()  # the first failure stops here, before the next wave switches anything
    if sync.invalidations and cloudfront is not None and distribution_id:
        cloudfront().create_invalidation(
            DistributionId=distribution_id,
            InvalidationBatch={
                "Paths": {"Quantity": len(sync.invalidations), "Items": sync.invalidations},
                "CallerReference": f"wrapper-{time.time_ns()}-{uuid.uuid4().hex[:8]}",
            },
        )
    for start in range(0, len(sync.deletes), DELETE_BATCH):
        batch = sync.deletes[start : start + DELETE_BATCH]
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True})


def empty_bucket(s3: Any, bucket: str) -> int:
    """Delete every version and delete marker, so Terraform can delete the (versioned) bucket."""
    removed = 0
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        items = [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
        for start in range(0, len(items), DELETE_BATCH):
            s3.delete_objects(Bucket=bucket, Delete={"Objects": items[start : start + DELETE_BATCH], "Quiet": True})
        removed += len(items)
    return removed
