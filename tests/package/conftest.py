"""Small fixture projects for packaging tests, and a dependency cache shared by the whole session.

Installing for Lambda's platform really runs pip against the package index;
the session fixture does it once per architecture and tests copy the cached
layer into their own project (the cache is keyed by content, so a copy is a
legitimate hit).
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import projects
from wrapper.config import ProjectConfig, load_config
from wrapper.package.build import package_stage
from wrapper.package.plan import cache_root

# A small real package with a native extension and wheels for both Lambda architectures.
NATIVE_REQUIREMENT = "markupsafe==3.0.2"

HANDLERS = {
    "connect": "from common.replies import ok\n\n\ndef handler(event, context):\n    return ok()\n",
    "pose": "from common.replies import ok\n\n\ndef handler(event, context):\n    return ok('pose')\n",
    "default": "from common.replies import ok\n\n\ndef handler(event, context):\n    return ok('default')\n",
}


def write_project(
    root: Path,
    *,
    architecture: str = "x86_64",
    requirements: str | None = None,
    shared: tuple[str, ...] = ("common",),
    exclude: tuple[str, ...] = (),
) -> Path:
    """A project with three handlers and a shared package under functions/."""
    functions = "\n".join(
        f'[functions.{name}]\nhandler = "{name}.handler"\nroutes = ["{route}"]\n'
        for name, route in (("connect", "$connect"), ("pose", "pose"), ("default", "$default"))
    )
    shared_list = ", ".join(f'"{s}"' for s in shared)
    exclude_list = ", ".join(f'"{e}"' for e in exclude)
    config = (
        f'[service]\nname = "pk"\nregion = "eu-west-2"\nruntime = "python3.12"\narchitecture = "{architecture}"\n\n'
        f"[package]\nshared = [{shared_list}]\nexclude = [{exclude_list}]\n\n"
        f'[tables.players]\nhash_key = "room"\n\n{functions}\n[stages.dev]\n'
    )
    files = {f"functions/{name}.py": source for name, source in HANDLERS.items()}
    files["functions/common/__init__.py"] = ""
    files["functions/common/replies.py"] = "def ok(body=''):\n    return {'statusCode': 200, 'body': body}\n"
    if requirements is not None:
        files["requirements.txt"] = requirements
    return projects.write_project(root, config, files)


def config_of(root: Path, stage: str = "dev") -> ProjectConfig:
    return load_config(root, stage)


@pytest.fixture(scope="session")
def native_layers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Architecture -> a .wrapper/cache folder holding markupsafe installed for it (real pip, once per session)."""
    caches: dict[str, Path] = {}
    for arch in ("x86_64", "arm64"):
        root = write_project(tmp_path_factory.mktemp(f"seed-{arch}"), architecture=arch, requirements=NATIVE_REQUIREMENT + "\n")
        config = config_of(root)
        package_stage(config)
        caches[arch] = cache_root(config)
    return caches


@pytest.fixture
def native_project(tmp_path: Path, native_layers: dict[str, Path]) -> Callable[..., Path]:
    """``native_project(arch)``: a fresh project depending on markupsafe whose cache already holds the layer."""

    def make(architecture: str = "x86_64", name: str = "app") -> Path:
        root = write_project(tmp_path / name, architecture=architecture, requirements=NATIVE_REQUIREMENT + "\n")
        shutil.copytree(native_layers[architecture], root / ".wrapper" / "cache")
        return root

    return make


def fake_wheel(folder: Path, name: str, tag: str, requires: tuple[str, ...] = (), version: str = "1.0") -> None:
    """A real, installable wheel in a local folder (so a test needs no index), for one tag, with optional Requires-Dist."""
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(f"Requires-Dist: {r}\n" for r in requires)
    files = {
        f"{name}/__init__.py": f"VERSION = {version!r}\n".encode(),
        f"{name}-{version}.dist-info/METADATA": metadata.encode(),
        f"{name}-{version}.dist-info/WHEEL": f"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: false\nTag: {tag}\n".encode(),
    }
    record = [
        f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},{len(data)}"
        for path, data in files.items()
    ]
    files[f"{name}-{version}.dist-info/RECORD"] = ("\n".join([*record, f"{name}-{version}.dist-info/RECORD,,"]) + "\n").encode()
    folder.mkdir(exist_ok=True)
    with zipfile.ZipFile(folder / f"{name}-{version}-{tag}.whl", "w") as wheel:
        for path, data in files.items():
            wheel.writestr(path, data)
