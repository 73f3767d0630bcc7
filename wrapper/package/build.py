"""``package_stage``: one deterministic zip per function, rebuilt only when its inputs change.

Each function's inputs (its source files' hashes, the dependency layer's
digest, runtime and architecture) reduce to one cache key. A run whose keys
all match the last run's, with the zips still in place, writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from wrapper.config import ProjectConfig
from wrapper.package.layer import Layer, build_layer, cached_digest, layer_contents, load_layer
from wrapper.package.manifest import ZipInfo, dist_dir, manifest_dict, read_manifest, read_state, state_path, write_json
from wrapper.package.requirements import RUNTIME_PROVIDED, Requirements, Target, read_requirements
from wrapper.package.sizes import SizeLimits, check_size
from wrapper.package.sources import SourceFile, function_files, shared_files
from wrapper.package.zipwriter import Entry, compress, ordered, write_zip

BUILD_FORMAT = 1  # bump when the zip layout changes so every function rebuilds

ProgressKind = Literal["deps-start", "pip", "deps-done", "function"]


@dataclass(frozen=True)
class Progress:
    kind: ProgressKind
    message: str
    function: str | None = None


@dataclass(frozen=True)
class FunctionPackage:
    name: str
    zip: str
    path: Path
    sha256: str
    source_code_hash: str
    size: int
    status: Literal["built", "unchanged"]


@dataclass(frozen=True)
class DependencyReport:
    cache: Literal["none", "hit", "installed"]
    key: str | None
    packages: tuple[str, ...]
    excluded: tuple[str, ...]
    runtime_provided: Literal["bundled", "excluded"]


@dataclass(frozen=True)
class PackageResult:
    stage: str
    dist: Path
    manifest: Path
    functions: dict[str, FunctionPackage]
    dependencies: DependencyReport
    seconds: float
    notes: tuple[str, ...] = field(default=())

    @property
    def changed(self) -> list[str]:
        return [name for name, fn in self.functions.items() if fn.status == "built"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "dist": str(self.dist),
            "manifest": str(self.manifest),
            "seconds": round(self.seconds, 3),
            "functions": {
                name: {"zip": f.zip, "sha256": f.sha256, "source_code_hash": f.source_code_hash, "size": f.size, "status": f.status}
                for name, f in self.functions.items()
            },
            "dependencies": {
                "cache": self.dependencies.cache,
                "key": self.dependencies.key,
                "packages": list(self.dependencies.packages),
                "excluded": list(self.dependencies.excluded),
                "runtime_provided": self.dependencies.runtime_provided,
            },
            "notes": list(self.notes),
        }


def cache_root(config: ProjectConfig) -> Path:
    """Shared by every stage of the project: the same requirements and platform install once."""
    return config.root / ".wrapper" / "cache"


def package_stage(
    config: ProjectConfig,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    limits: SizeLimits = SizeLimits(),
) -> PackageResult:
    """Write ``.wrapper/<stage>/dist/<function>-<hash12>.zip`` for every function and the manifest."""
    started = time.perf_counter()
    emit = on_progress or (lambda _: None)
    target = Target(config.runtime, config.architecture)
    requirements = read_requirements(config)
    shared = shared_files(config)
    # Read and check everything first, so bad input or an oversized function leaves nothing half-written.
    sources = {name: function_files(config, config.functions[name], shared) for name in sorted(config.functions)}
    deps_key, deps_digest, fresh_layer = _dependencies(config, requirements, target, emit)
    work_dir = config.work_dir
    dist = dist_dir(work_dir)
    previous = read_manifest(work_dir)
    state = read_state(work_dir)
    old_zips: dict[str, Any] = (previous or {}).get("functions", {})
    inputs: dict[str, str] = {}
    zips: dict[str, ZipInfo] = {}
    to_build: dict[str, list[SourceFile]] = {}
    for name, files in sources.items():
        inputs[name] = _inputs_key(target, deps_digest, files)
        old = old_zips.get(name)
        if old and state["inputs"].get(name) == inputs[name] and _zip_intact(dist / old["zip"], old["size"]):
            zips[name] = ZipInfo(old["zip"], old["sha256"], old["size"])
        else:
            to_build[name] = files
    layer = fresh_layer
    if to_build and layer is None and deps_key is not None:
        layer = load_layer(cache_root(config), deps_key)
    planned = {name: _entries(name, files, layer, limits) for name, files in to_build.items()}
    for name, entries in planned.items():
        zips[name] = _write_function_zip(name, entries, dist)
    results: dict[str, FunctionPackage] = {}
    for name in sorted(zips):
        info = zips[name]
        status: Literal["built", "unchanged"] = "built" if name in planned else "unchanged"
        results[name] = FunctionPackage(name, info.zip, dist / info.zip, info.sha256, info.source_code_hash, info.size, status)
        emit(Progress("function", status, name))
    manifest = manifest_dict(config.stage, config.runtime, config.architecture, zips)
    deps_state = _deps_state(cache_root(config), deps_key, layer, state["deps"])
    if manifest != previous or inputs != state["inputs"] or deps_state != state["deps"]:
        write_json(dist / "manifest.json", manifest)
        write_json(state_path(work_dir), {"inputs": inputs, "deps": deps_state})
        _remove_stale(dist, {z.zip for z in zips.values()})
    report = DependencyReport(
        cache="none" if deps_key is None else ("installed" if fresh_layer else "hit"),
        key=deps_key,
        packages=tuple(deps_state.get("packages", ())),
        excluded=tuple(deps_state.get("excluded", ())),
        runtime_provided="bundled" if requirements.bundle_runtime_provided else "excluded",
    )
    return PackageResult(
        config.stage, dist, dist / "manifest.json", results, report, time.perf_counter() - started, _notes(requirements, report)
    )


def _dependencies(
    config: ProjectConfig, requirements: Requirements, target: Target, emit: Callable[[Progress], None]
) -> tuple[str | None, str, Layer | None]:
    """(layer key, layer digest, the layer if it was just built); installs only on a cache miss."""
    if requirements.empty:
        return None, "none", None
    key = requirements.cache_key(target)
    digest = cached_digest(cache_root(config), key)
    if digest is not None:
        return key, digest, None
    emit(Progress("deps-start", f"installing {len(requirements.names)} requirement(s) for {target.describe()}"))
    layer = build_layer(requirements, target, cache_root(config), cwd=config.root, on_line=lambda line: emit(Progress("pip", line)))
    emit(Progress("deps-done", f"{len(layer.packages)} package(s) installed"))
    return key, layer.digest, layer


def _inputs_key(target: Target, deps_digest: str, files: list[SourceFile]) -> str:
    material = {
        "format": BUILD_FORMAT,
        "runtime": target.runtime,
        "architecture": target.architecture,
        "deps": deps_digest,
        "files": [[f.name, f.sha256, f.executable] for f in files],
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def _zip_intact(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size == size
    except FileNotFoundError:
        return False


def _entries(name: str, files: list[SourceFile], layer: Layer | None, limits: SizeLimits) -> list[Entry]:
    entries: list[Entry] = [compress(f.name, f.data, executable=f.executable) for f in files]
    if layer is not None:
        entries.extend(layer.entries)
    check_size(name, entries, limits)
    return ordered(entries)


def _write_function_zip(name: str, entries: list[Entry], dist: Path) -> ZipInfo:
    dist.mkdir(parents=True, exist_ok=True)
    tmp = dist / f".{name}.{os.getpid()}.tmp"
    try:
        write_zip(tmp, entries)
        data = tmp.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        final = f"{name}-{sha[:12]}.zip"
        os.replace(tmp, dist / final)
    finally:
        tmp.unlink(missing_ok=True)
    return ZipInfo(final, sha, len(data))


def _deps_state(cache: Path, key: str | None, layer: Layer | None, previous: dict[str, Any]) -> dict[str, Any]:
    if key is None:
        return {}
    if previous.get("key") == key:
        return previous
    if layer is not None:
        return {"key": key, "packages": list(layer.packages), "excluded": list(layer.excluded)}
    packages, excluded = layer_contents(cache, key)
    return {"key": key, "packages": packages, "excluded": excluded}


def _remove_stale(dist: Path, keep: set[str]) -> None:
    for path in dist.glob("*.zip"):
        if path.name not in keep:
            path.unlink(missing_ok=True)


def _notes(requirements: Requirements, report: DependencyReport) -> tuple[str, ...]:
    names = ", ".join(RUNTIME_PROVIDED)
    if requirements.bundle_runtime_provided:
        return (f"{names} are bundled because requirements pin them (the Lambda runtime also provides them)",)
    note = f"{names} are not bundled: the Lambda runtime provides them (pin them in requirements to bundle your own)"
    if report.excluded:
        note += f"; left out: {', '.join(report.excluded)}"
    return (note,)
