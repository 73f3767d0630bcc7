"""Deciding what to package: which zips can stay, which must be built and from what.

Reads and checks every input first (sources, sizes, the dependency layer, installed on a
cache miss into the shared cache), so bad input or an oversized function stops the run
before anything in ``dist/`` is touched; ``build.write_package`` then only writes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from wrapper.config import ProjectConfig
from wrapper.package.layer import Layer, build_layer, cached_digest, load_layer
from wrapper.package.manifest import Manifest, ZipInfo, dist_dir, read_manifest, read_state
from wrapper.package.requirements import Requirements, Target, check_auth_dependency, read_requirements
from wrapper.package.sizes import SizeLimits, check_size
from wrapper.package.sources import SourceFile, function_files, shared_files
from wrapper.package.zipwriter import Entry, compress, ordered

BUILD_FORMAT = 1  # bump when the zip layout changes so every function rebuilds

ProgressKind = Literal["deps-start", "pip", "deps-done", "function"]


@dataclass(frozen=True)
class Progress:
    kind: ProgressKind
    message: str
    function: str | None = None


@dataclass(frozen=True)
class PackagePlan:
    """Everything ``write_package`` needs, decided; nothing written yet."""

    dist: Path
    requirements: Requirements
    deps_key: str | None
    fresh_layer: Layer | None  # the layer when this run installed it
    layer: Layer | None  # the layer the new zips include
    inputs: dict[str, str]  # function -> cache key of its inputs
    reused: dict[str, ZipInfo]  # zips still valid
    to_build: dict[str, list[Entry]]  # function -> the entries of its new zip, checked for size
    previous: Manifest | None
    state: dict[str, Any]


def cache_root(config: ProjectConfig) -> Path:
    """Shared by every stage of the project: the same requirements and platform install once."""
    return config.root / ".wrapper" / "cache"


def plan_package(config: ProjectConfig, emit: Callable[[Progress], None], limits: SizeLimits = SizeLimits()) -> PackagePlan:
    target = Target(config.runtime, config.architecture)
    requirements = read_requirements(config)
    check_auth_dependency(config, requirements)
    shared = shared_files(config)
    sources = {name: function_files(config, config.functions[name], shared) for name in sorted(config.functions)}
    deps_key, deps_digest, fresh_layer = _dependencies(config, requirements, target, emit)
    dist = dist_dir(config.work_dir)
    previous = read_manifest(config.work_dir)
    state = read_state(config.work_dir)
    old_zips = previous.functions if previous is not None else {}
    inputs: dict[str, str] = {}
    reused: dict[str, ZipInfo] = {}
    stale: dict[str, list[SourceFile]] = {}
    for name, files in sources.items():
        inputs[name] = _inputs_key(target, deps_digest, files)
        old = old_zips.get(name)
        if old and state["inputs"].get(name) == inputs[name] and _zip_intact(dist / old.zip, old.size):
            reused[name] = old
        else:
            stale[name] = files
    layer = fresh_layer
    if stale and layer is None and deps_key is not None:
        layer = load_layer(cache_root(config), deps_key)
    to_build = {name: _entries(name, files, layer, limits) for name, files in stale.items()}
    return PackagePlan(dist, requirements, deps_key, fresh_layer, layer, inputs, reused, to_build, previous, state)


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
