"""``dist/manifest.json`` (the contract with rendering) and the build state beside it.

The manifest says which zip each function uses, with the sha256 and the base64
sha256 Terraform's ``source_code_hash`` wants. The state file records the cache
key of each function's inputs so a run with nothing changed can stop after a
few stats and hashes.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wrapper.files import write_json_atomic

MANIFEST_VERSION = 1


@dataclass(frozen=True)
class ZipInfo:
    zip: str
    sha256: str
    size: int

    @property
    def source_code_hash(self) -> str:
        return base64.b64encode(bytes.fromhex(self.sha256)).decode()

    def to_dict(self) -> dict[str, Any]:
        return {"zip": self.zip, "sha256": self.sha256, "source_code_hash": self.source_code_hash, "size": self.size}


def dist_dir(work_dir: Path) -> Path:
    return work_dir / "dist"


def manifest_path(work_dir: Path) -> Path:
    return dist_dir(work_dir) / "manifest.json"


def state_path(work_dir: Path) -> Path:
    return work_dir / "package-state.json"


@dataclass(frozen=True)
class Manifest:
    """What packaging hands to rendering: the zip of each function of one stage."""

    stage: str
    runtime: str
    architecture: str
    functions: Mapping[str, ZipInfo]
    layer: ZipInfo | None = None  # the shared dependency layer (package.layer), python/ inside

    def to_dict(self) -> dict[str, Any]:
        layer = {"layer": self.layer.to_dict()} if self.layer is not None else {}
        return {
            "version": MANIFEST_VERSION,
            "stage": self.stage,
            "runtime": self.runtime,
            "architecture": self.architecture,
            "functions": {name: self.functions[name].to_dict() for name in sorted(self.functions)},
            **layer,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Manifest:
        zips = {name: _zip_info(z) for name, z in data["functions"].items()}
        layer = _zip_info(data["layer"]) if data.get("layer") else None
        return cls(data["stage"], data["runtime"], data["architecture"], zips, layer)


def _zip_info(z: Mapping[str, Any]) -> ZipInfo:
    return ZipInfo(z["zip"], z["sha256"], int(z["size"]))


def read_manifest(work_dir: Path) -> Manifest | None:
    """The stage's manifest; None if there is none, or it is unreadable or of another format (then packaging rebuilds)."""
    try:
        data = json.loads(manifest_path(work_dir).read_text())
        return Manifest.from_dict(data) if data.get("version") == MANIFEST_VERSION else None
    except (FileNotFoundError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_manifest(work_dir: Path, manifest: Manifest) -> None:
    write_json_atomic(manifest_path(work_dir), manifest.to_dict())


def read_state(work_dir: Path) -> dict[str, Any]:
    """``inputs``: function name -> cache key of what its zip was built from; ``deps``: what the layer held;
    ``layer``: the dependency digest the Lambda layer zip was built from ("" if none)."""
    try:
        data = json.loads(state_path(work_dir).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        data = None
    if not isinstance(data, dict):
        return {"inputs": {}, "deps": {}, "layer": ""}
    return {"inputs": dict(data.get("inputs") or {}), "deps": dict(data.get("deps") or {}), "layer": str(data.get("layer") or "")}
