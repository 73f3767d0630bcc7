"""What serving the page costs per player-hour, from the page's real files.

Each player loads the page once per session (counted once per player-hour, like joining):
one CloudFront request per file and its bytes as CloudFront sends them (compressed where
CloudFront compresses). Content-hashed files stay cached at the edge; every other file is
revalidated against S3 on each load (no-cache), so it costs one S3 GET per player.
CloudFront's free tier (1 TB and 10 million requests a month) is left out: it is per account.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable

from wrapper.config import ProjectConfig
from wrapper.cost import prices
from wrapper.cost.meter import Meter
from wrapper.page.files import PageFile

COMPRESSED_TYPES = ("text/", "application/json", "application/javascript", "image/svg+xml", "model/gltf+json", "application/wasm")
COMPRESS_MIN, COMPRESS_MAX = 1000, 10_000_000  # CloudFront compresses files between 1,000 bytes and 10 MB


def sent_bytes(item: PageFile) -> int:
    """The bytes CloudFront sends a browser that accepts gzip (Brotli is smaller still)."""
    if not item.content_type.startswith(COMPRESSED_TYPES) or not COMPRESS_MIN <= item.size <= COMPRESS_MAX:
        return item.size
    data = item.body if item.body is not None else item.path.read_bytes() if item.path else b""
    return min(item.size, len(gzip.compress(data, compresslevel=6)))


def page_meters(files: Iterable[PageFile], players: int) -> tuple[Meter, ...]:
    files = list(files)
    loads = float(players)
    requests = loads * len(files)
    gigabytes = loads * sum(sent_bytes(f) for f in files) / 1e9
    origin_gets = loads * sum(1 for f in files if not f.hashed)
    return (
        Meter("CloudFront requests (page)", requests, "HTTPS requests", requests / 1e6 * prices.CLOUDFRONT_REQUEST_PER_MILLION),
        Meter("CloudFront data out (page)", gigabytes, "GB", gigabytes * prices.CLOUDFRONT_DATA_OUT_PER_GB),
        Meter("S3 requests (page)", origin_gets, "GET requests", origin_gets / 1e6 * prices.S3_GET_PER_MILLION),
    )


def page_cost(config: ProjectConfig, players: int) -> tuple[tuple[Meter, ...], str | None]:
    """The hosted page's meters from its files as they would be uploaded, and a note saying what was priced."""
    from wrapper.errors import WrapperError
    from wrapper.page.deploy import local_files

    if not config.frontend.enabled:
        return (), None
    try:
        files = local_files(config, f"wss://example.execute-api.{config.region}.amazonaws.com/{config.stage}")
    except WrapperError as err:
        return (), f"the page is not priced: {err.message}"
    total = sum(f.size for f in files)
    return page_meters(files, players), f"the page: {len(files)} files, {total / 1e6:.2f} MB, loaded once per player-hour"
