"""The dependency layer: installed requirements, filtered and compressed once, cached on disk.

A layer lives in ``.wrapper/cache/deps/<key>/`` (key = requirements, platform,
Python version) as ``layer.bin`` (compressed payloads back to back),
``layer.json`` (the index) and ``digest`` (sha256 of both, so a function's
cache key changes whenever its dependencies' bytes do). It is written to a
temporary folder and renamed into place, so a crash never leaves half a layer.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from wrapper.errors import WrapperError
from wrapper.package.install import pip_install
from wrapper.package.markers import marker_error, skipped_by_markers
from wrapper.package.requirements import RUNTIME_PROVIDED, Requirements, Target, canonical
from wrapper.package.zipwriter import Entry, compress

# pip's bookkeeping: RECORD hashes generated scripts whose shebang is this machine's Python.
_BOOKKEEPING = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


@dataclass(frozen=True)
class Layer:
    key: str
    digest: str
    entries: tuple[Entry, ...]
    packages: tuple[str, ...]  # "name==version" of every bundled distribution
    excluded: tuple[str, ...]  # runtime-provided distributions left out


def layer_dir(cache_root: Path, key: str) -> Path:
    return cache_root / "deps" / key


def cached_digest(cache_root: Path, key: str) -> str | None:
    """The layer's digest if it is cached; one small read, for the no-change fast path."""
    try:
        return (layer_dir(cache_root, key) / "digest").read_text().strip()
    except FileNotFoundError:
        return None


def layer_contents(cache_root: Path, key: str) -> tuple[list[str], list[str]]:
    """(bundled, excluded) distributions of a cached layer, without reading its payloads."""
    index = json.loads((layer_dir(cache_root, key) / "layer.json").read_text())
    return list(index["packages"]), list(index["excluded"])


def load_layer(cache_root: Path, key: str) -> Layer:
    folder = layer_dir(cache_root, key)
    index_bytes = (folder / "layer.json").read_bytes()
    index = json.loads(index_bytes)
    blob = (folder / "layer.bin").read_bytes()
    entries = tuple(
        Entry(name, crc, size, method, bool(executable), blob[offset : offset + length])
        for name, crc, size, method, executable, offset, length in index["entries"]
    )
    digest = (folder / "digest").read_text().strip()
    if _digest(index_bytes, hashlib.sha256(blob).digest()) != digest:
        raise WrapperError(f"the cached dependencies in {folder} are damaged", f"delete {folder} and run again; they will be reinstalled")
    return Layer(key, digest, entries, tuple(index["packages"]), tuple(index["excluded"]))


def build_layer(
    requirements: Requirements,
    target: Target,
    cache_root: Path,
    *,
    cwd: Path,
    on_line: Callable[[str], None] | None = None,
) -> Layer:
    """Install the requirements for ``target`` and store them as a layer under ``cache_root``."""
    key = requirements.cache_key(target)
    final = layer_dir(cache_root, key)
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=final.parent))
    work.chmod(0o755)  # mkdtemp makes it private; a cache shared in CI should stay readable
    try:
        site = work / "site"
        pip_install(requirements, target, site, cwd=cwd, on_line=on_line)
        missing = skipped_by_markers(site, requirements, target)
        if missing:
            raise marker_error(missing, target, requirements)
        files, packages, excluded = select_installed(site, bundle_runtime_provided=requirements.bundle_runtime_provided)
        entries = _compress_all(site, files)
        _store(work, entries, packages, excluded)
        shutil.rmtree(site)
        try:
            os.replace(work, final)
        except OSError:
            if not final.exists():
                raise
            shutil.rmtree(work)  # another run finished first; its layer is equivalent
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return load_layer(cache_root, key)


def select_installed(site: Path, *, bundle_runtime_provided: bool) -> tuple[list[str], list[str], list[str]]:
    """Files worth shipping (relative POSIX paths, sorted), bundled distributions, and excluded ones."""
    provided = set(RUNTIME_PROVIDED)
    dropped_tops: set[str] = set()
    packages: list[str] = []
    excluded: list[str] = []
    for info in sorted(site.glob("*.dist-info")):
        name, _, version = info.name.removesuffix(".dist-info").partition("-")
        label = f"{canonical(name)}=={version}"
        if canonical(name) in provided and not bundle_runtime_provided:
            excluded.append(label)
            dropped_tops.add(info.name)
            dropped_tops.update(_top_levels(info))
        else:
            packages.append(label)
    files: list[str] = []
    for root, dirs, names in os.walk(site):
        rel_root = Path(root).relative_to(site)
        if rel_root == Path("."):
            # Console scripts in bin/ carry this machine's interpreter path in their shebang.
            dirs[:] = [d for d in dirs if d not in dropped_tops and d != "bin"]
            names = [n for n in names if n not in dropped_tops and Path(n).stem not in dropped_tops]
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        in_dist_info = rel_root.name.endswith(".dist-info")
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")) or (in_dist_info and name in _BOOKKEEPING):
                continue
            files.append((rel_root / name).as_posix())
    return sorted(files), packages, excluded


def _top_levels(info: Path) -> set[str]:
    top_level = info / "top_level.txt"
    if top_level.is_file():
        return {line.strip() for line in top_level.read_text().splitlines() if line.strip()}
    return {info.name.split("-", 1)[0]}


def _compress_all(site: Path, files: list[str]) -> list[Entry]:
    def one(name: str) -> Entry:
        path = site / name
        return compress(name, path.read_bytes(), executable=bool(path.stat().st_mode & 0o111))

    # zlib releases the GIL, so threads use every core on the big shared objects.
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        return list(pool.map(one, files))


def _store(folder: Path, entries: list[Entry], packages: list[str], excluded: list[str]) -> None:
    rows = []
    offset = 0
    blob_hash = hashlib.sha256()
    with (folder / "layer.bin").open("wb") as blob:
        for entry in entries:
            blob.write(entry.payload)
            blob_hash.update(entry.payload)
            rows.append([entry.name, entry.crc, entry.size, entry.method, int(entry.executable), offset, entry.compressed_size])
            offset += entry.compressed_size
    index = json.dumps({"entries": rows, "packages": packages, "excluded": excluded}, separators=(",", ":")).encode()
    (folder / "layer.json").write_bytes(index)
    (folder / "digest").write_text(_digest(index, blob_hash.digest()) + "\n")


def _digest(index: bytes, payloads_sha256: bytes) -> str:
    return hashlib.sha256(index + payloads_sha256).hexdigest()
