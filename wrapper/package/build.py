"""``package_stage``: one deterministic zip per function, rebuilt only when its inputs change.

Planned by ``plan.plan_package`` (reads, checks, decides), then written here.

Each function's inputs (its source files' hashes, the dependency layer's
digest, runtime and architecture) reduce to one cache key. A run whose keys
all match the last run's, with the zips still in place, writes nothing.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from wrapper.config import ProjectConfig
from wrapper.files import staged_file, write_json_atomic
from wrapper.package.layer import Layer, layer_contents
from wrapper.package.manifest import Manifest, ZipInfo, manifest_path, state_path, write_manifest
from wrapper.package.plan import LAYER_ZIP, PackagePlan, Progress, cache_root, plan_package
from wrapper.package.requirements import RUNTIME_PROVIDED, Requirements
from wrapper.package.sizes import SizeLimits
from wrapper.package.zipwriter import Entry, write_zip


@dataclass(frozen=True)
class FunctionPackage(ZipInfo):
    """A function's zip as the manifest lists it, where it is, and whether this run built it."""

    name: str = ""
    path: Path = Path()
    status: Literal["built", "unchanged"] = "unchanged"

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "status": self.status}


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
    layer: FunctionPackage | None = None  # package.layer: the shared dependency layer's zip

    @property
    def changed(self) -> list[str]:
        return [name for name, fn in self.functions.items() if fn.status == "built"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "dist": str(self.dist),
            "manifest": str(self.manifest),
            "seconds": round(self.seconds, 3),
            "functions": {name: f.to_dict() for name, f in self.functions.items()},
            **({"layer": self.layer.to_dict()} if self.layer is not None else {}),
            "dependencies": {
                "cache": self.dependencies.cache,
                "key": self.dependencies.key,
                "packages": list(self.dependencies.packages),
                "excluded": list(self.dependencies.excluded),
                "runtime_provided": self.dependencies.runtime_provided,
            },
            "notes": list(self.notes),
        }


def package_stage(
    config: ProjectConfig,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    limits: SizeLimits = SizeLimits(),
) -> PackageResult:
    """Write ``.wrapper/<stage>/dist/<function>-<hash12>.zip`` for every function and the manifest."""
    started = time.perf_counter()
    emit = on_progress or (lambda _: None)
    plan = plan_package(config, emit, limits)
    return write_package(config, plan, emit, started)


def write_package(config: ProjectConfig, plan: PackagePlan, emit: Callable[[Progress], None], started: float) -> PackageResult:
    """Carry out ``plan``: the new zips, then the manifest and build state, then stale zips removed."""
    dist = plan.dist
    zips = dict(plan.reused)
    for name, entries in plan.to_build.items():
        zips[name] = _write_function_zip(name, entries, dist)
    results: dict[str, FunctionPackage] = {}
    for name in sorted(zips):
        info = zips[name]
        status: Literal["built", "unchanged"] = "built" if name in plan.to_build else "unchanged"
        results[name] = FunctionPackage(info.zip, info.sha256, info.size, name, dist / info.zip, status)
        emit(Progress("function", status, name))
    layer = plan.layer_zip
    if plan.layer_to_build is not None:
        layer = _write_function_zip(LAYER_ZIP, plan.layer_to_build, dist)
    manifest = Manifest(config.stage, config.runtime, config.architecture, {name: zips[name] for name in sorted(zips)}, layer)
    deps_state = _deps_state(cache_root(config), plan.deps_key, plan.layer, plan.state["deps"])
    layer_state = plan.layer_digest if layer is not None else ""
    if (
        manifest != plan.previous
        or plan.inputs != plan.state["inputs"]
        or deps_state != plan.state["deps"]
        or layer_state != plan.state["layer"]
    ):
        write_manifest(config.work_dir, manifest)
        write_json_atomic(state_path(config.work_dir), {"inputs": plan.inputs, "deps": deps_state, "layer": layer_state})
        _remove_stale(dist, {z.zip for z in zips.values()} | ({layer.zip} if layer is not None else set()))
    report = DependencyReport(
        cache="none" if plan.deps_key is None else ("installed" if plan.fresh_layer else "hit"),
        key=plan.deps_key,
        packages=tuple(deps_state.get("packages", ())),
        excluded=tuple(deps_state.get("excluded", ())),
        runtime_provided="bundled" if plan.requirements.bundle_runtime_provided else "excluded",
    )
    notes = _notes(plan.requirements, report)
    layer_package = None
    if layer is not None:
        built: Literal["built", "unchanged"] = "built" if plan.layer_to_build is not None else "unchanged"
        layer_package = FunctionPackage(layer.zip, layer.sha256, layer.size, LAYER_ZIP, dist / layer.zip, built)
    seconds = time.perf_counter() - started
    return PackageResult(config.stage, dist, manifest_path(config.work_dir), results, report, seconds, notes, layer_package)


def _write_function_zip(name: str, entries: list[Entry], dist: Path) -> ZipInfo:
    with staged_file(dist, name) as tmp:
        write_zip(tmp, entries)
        data = tmp.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        final = f"{name}-{sha[:12]}.zip"  # named by content, so it is known only once written
        os.replace(tmp, dist / final)
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
