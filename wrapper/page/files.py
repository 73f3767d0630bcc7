"""The page as it will be stored: one entry per object, with its ETag and headers.

Pure apart from reading the dist folder: the same folder gives the same list.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from wrapper.errors import WrapperError
from wrapper.page import graph
from wrapper.page.headers import cache_control, content_type, inline_script_hashes, is_content_hashed

CONFIG_KEY = "wrapper-config.json"
INDEX_KEY = "index.html"
PART_SIZE = 8 * 1024 * 1024  # the multipart threshold and part size used for uploads, so ETags can be predicted
MAX_OBJECT_BYTES = 50 * 1024**3  # CloudFront serves files up to 50 GB (S3 itself allows 5 TB)
MAX_KEY_BYTES = 1024  # S3's key length limit
_TEXT = (".html", ".js", ".mjs", ".css")


@dataclass(frozen=True)
class PageFile:
    """One object of the page: from a file on disk, or bytes wrapper wrote (the stage's config)."""

    key: str
    size: int
    etag: str
    content_type: str
    cache_control: str
    path: Path | None = None
    body: bytes | None = None

    @property
    def hashed(self) -> bool:
        return is_content_hashed(self.key)


def s3_etag(data_parts: list[bytes] | None = None, *, path: Path | None = None) -> str:
    """The ETag S3 gives an object uploaded with PART_SIZE parts: the MD5, or the MD5 of part MD5s."""
    digests = []
    if path is not None:
        with path.open("rb") as handle:
            while chunk := handle.read(PART_SIZE):
                digests.append(hashlib.md5(chunk, usedforsecurity=False).digest())
    else:
        digests = [hashlib.md5(part, usedforsecurity=False).digest() for part in data_parts or [b""]]
    if len(digests) <= 1:
        return digests[0].hex() if digests else hashlib.md5(b"", usedforsecurity=False).hexdigest()
    return f"{hashlib.md5(b''.join(digests), usedforsecurity=False).hexdigest()}-{len(digests)}"


def from_bytes(key: str, body: bytes) -> PageFile:
    return PageFile(key, len(body), s3_etag([body]), content_type(key), cache_control(key), body=body)


def _excluded(key: str, patterns: tuple[str, ...]) -> bool:
    name = PurePosixPath(key).name
    return any(fnmatch.fnmatch(key, p) or fnmatch.fnmatch(name, p) for p in patterns)


def collect(dist: Path, exclude: tuple[str, ...] = ()) -> list[PageFile]:
    """Every file of dist to upload, sorted by key; node_modules/ only as far as the page imports it."""
    if not dist.is_dir():
        raise WrapperError(
            f"the page's folder {dist} does not exist", "set frontend.dist in wrapper.toml, or check frontend.build writes it"
        )
    if not (dist / INDEX_KEY).is_file():
        raise WrapperError(f"{dist} has no {INDEX_KEY}", "the page's folder must hold index.html at its top (set frontend.dist)")
    keys: dict[str, Path] = {}
    for folder, dirs, names in os.walk(dist, followlinks=True):
        dirs[:] = sorted(d for d in dirs if d != "node_modules")  # read on demand below, never listed
        for name in names:
            path = Path(folder) / name
            key = path.relative_to(dist).as_posix()
            if key != CONFIG_KEY and not _excluded(key, exclude):
                keys[key] = path

    def module_path(key: str) -> Path | None:
        path = dist / key
        return path if "node_modules" in PurePosixPath(key).parts and path.is_file() else None

    def read(key: str) -> str | None:
        path = keys.get(key) or module_path(key)
        if path is None:
            return None
        return path.read_text(errors="replace") if key.endswith(_TEXT) else ""

    mapped = any(graph.import_map(read(k) or "", k) for k in keys if k.endswith(".html"))
    if mapped or any(dist.rglob("node_modules")):  # following imports costs time only such a page needs
        missing: set[str] = set()
        for key in graph.reachable(list(keys), read, missing):
            if key not in keys:
                keys[key] = dist / key
        absent = sorted(k for k in missing if "node_modules" in PurePosixPath(k).parts)
        if absent:
            raise WrapperError(
                f"the page imports {absent[0]}"
                + (f" and {len(absent) - 1} more file(s)" if len(absent) > 1 else "")
                + ", which is not there",
                f"run `npm install` in {dist}; nothing was uploaded",
            )
    return [_describe(key, keys[key]) for key in sorted(keys)]


def _describe(key: str, path: Path) -> PageFile:
    size = path.stat().st_size
    if size > MAX_OBJECT_BYTES:
        raise WrapperError(
            f"{key} is {size / 1024**3:.1f} GB; CloudFront serves files of at most {MAX_OBJECT_BYTES // 1024**3} GB",
            "split it, or host it elsewhere and load it by URL; nothing was uploaded",
        )
    if len(key.encode()) > MAX_KEY_BYTES:
        raise WrapperError(f"the path {key[:80]}... is longer than S3's {MAX_KEY_BYTES} bytes", "shorten it; nothing was uploaded")
    return PageFile(key, size, s3_etag(path=path), content_type(key), cache_control(key), path=path)


def script_hashes(dist: Path) -> list[str]:
    """CSP hashes of every inline script in the page's HTML files (none when dist is not built yet)."""
    if not dist.is_dir():
        return []
    found: set[str] = set()
    for path in sorted(dist.rglob("*.html")):
        if "node_modules" not in path.relative_to(dist).parts:
            found.update(inline_script_hashes(path.read_text(errors="replace")))
    return sorted(found)
