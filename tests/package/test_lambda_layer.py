"""package.layer: the requirements in one Lambda layer zip (python/ inside), function zips without them."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.package.conftest import config_of
from tests.projects import edit_config
from wrapper.package.build import package_stage
from wrapper.package.manifest import read_manifest
from wrapper.terraform.render import tfvars


def layered(root: Path) -> Path:
    return edit_config(root, "[package]\n", "[package]\nlayer = true\n")


def names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def test_the_layer_holds_the_dependencies_under_python_and_the_functions_do_not(native_project: Callable[..., Path]) -> None:
    config = config_of(layered(native_project()))
    result = package_stage(config)
    assert result.layer is not None and result.layer.status == "built"
    inside = names(result.layer.path)
    assert "python/markupsafe/__init__.py" in inside
    assert all(n.startswith("python/") for n in inside)
    for function in result.functions.values():
        files = names(function.path)
        assert not [n for n in files if n.startswith("markupsafe/")]
        assert "common/replies.py" in files
    manifest = json.loads((config.work_dir / "dist" / "manifest.json").read_text())
    assert manifest["layer"]["zip"] == result.layer.zip and manifest["layer"]["zip"].startswith("layer.deps-")
    # Off, the same project ships the dependencies in every zip and has no layer.
    plain = package_stage(config_of(edit_config(config.root, "layer = true\n", "")))
    assert plain.layer is None and "layer" not in json.loads((config.work_dir / "dist" / "manifest.json").read_text())
    assert all("markupsafe/__init__.py" in names(f.path) for f in plain.functions.values())
    assert not list((config.work_dir / "dist").glob("layer.deps-*.zip"))  # the stale layer zip is gone


def test_the_layer_zip_is_byte_identical_across_folders_and_kept_when_only_code_changes(native_project: Callable[..., Path]) -> None:
    first = package_stage(config_of(layered(native_project(name="one"))))
    second_root = layered(native_project(name="two"))
    second = package_stage(config_of(second_root))
    assert first.layer is not None and second.layer is not None
    assert first.layer.path.read_bytes() == second.layer.path.read_bytes()
    (second_root / "functions" / "pose.py").write_text("def handler(event, context):\n    return {'statusCode': 204}\n")
    again = package_stage(config_of(second_root))
    assert again.layer is not None and again.layer.status == "unchanged" and again.layer.zip == second.layer.zip
    assert again.changed == ["pose"]


def test_a_removed_layer_zip_is_rebuilt(native_project: Callable[..., Path]) -> None:
    root = layered(native_project())
    result = package_stage(config_of(root))
    assert result.layer is not None
    data = result.layer.path.read_bytes()
    result.layer.path.unlink()
    again = package_stage(config_of(root))
    assert again.layer is not None and again.layer.status == "built" and again.layer.path.read_bytes() == data


def test_terraform_gets_the_layer_only_when_there_is_one(native_project: Callable[..., Path]) -> None:
    config = config_of(layered(native_project()))
    package_stage(config)
    manifest = read_manifest(config.work_dir)
    assert manifest is not None and manifest.layer is not None
    layer = tfvars(config, manifest)["layer"]
    assert layer == {
        "name": "pk-dev-deps",
        "zip_path": f"../dist/{manifest.layer.zip}",
        "source_code_hash": manifest.layer.source_code_hash,
        "runtime": "python3.12",
        "architecture": "x86_64",
    }
    shutil.rmtree(config.work_dir)
    plain = config_of(edit_config(config.root, "layer = true\n", ""))
    package_stage(plain)
    manifest = read_manifest(plain.work_dir)
    assert manifest is not None and "layer" not in tfvars(plain, manifest)
