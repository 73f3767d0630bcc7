"""Deciding what to package: which zips can stay, which must be built and from what.

Reads and checks every input first (sources, sizes, the dependency layer, installed on a
cache miss into the shared cache), so bad input or an oversized function stops the run
before anything in ``dist/`` is touched; ``build.write_package`` then only writes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
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
LAYER_PREFIX = "python/"  # Lambda puts a layer's python/ folder on sys.path of Python runtimes
LAYER_ZIP = "layer.deps"  # the layer zip's name stem (a dot: no function can be named so)

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
    layer_digest: str = ""  # package.layer: the dependencies' digest the Lambda layer zip holds ("" without one)
    layer_zip: ZipInfo | None = None  # package.layer: the layer zip still valid
    layer_to_build: list[Entry] | None = None  # package.layer: the entries of a new layer zip


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
    # With a Lambda layer the function zips hold no dependencies, so a new layer leaves them as they are.
    layered = config.package.layer and deps_key is not None
    inputs: dict[str, str] = {}
    reused: dict[str, ZipInfo] = {}
    stale: dict[str, list[SourceFile]] = {}
    for name, files in sources.items():
        inputs[name] = _inputs_key(target, "lambda-layer" if layered else deps_digest, files)
        old = old_zips.get(name)
        if old and state["inputs"].get(name) == inputs[name] and _zip_intact(dist / old.zip, old.size):
            reused[name] = old
        else:
            stale[name] = files
    old_layer = previous.layer if previous is not None else None
    layer_zip = (
        old_layer if layered and old_layer and state["layer"] == deps_digest and _zip_intact(dist / old_layer.zip, old_layer.size) else None
    )
    rebuild_layer = layered and layer_zip is None
    layer = fresh_layer
    if ((stale and not layered) or rebuild_layer) and layer is None and deps_key is not None:
        layer = load_layer(cache_root(config), deps_key)
    to_build = {name: _entries(name, files, None if layered else layer, limits) for name, files in stale.items()}
    layer_to_build = lambda_layer_entries(layer, limits) if rebuild_layer and layer is not None else None
    return PackagePlan(
        dist,
        requirements,
        deps_key,
        fresh_layer,
        layer,
        inputs,
        reused,
        to_build,
        previous,
        state,
        deps_digest if layered else "",
        layer_zip,
        layer_to_build,
    )


def lambda_layer_entries(layer: Layer, limits: SizeLimits) -> list[Entry]:
    """The dependency layer as a Lambda layer zip's entries: everything under ``python/``."""
    entries = [replace(entry, name=LAYER_PREFIX + entry.name) for entry in layer.entries]
    check_size(LAYER_ZIP, entries, limits)
    return ordered(entries)


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
