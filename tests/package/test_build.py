"""package_stage: content-hashed zips, the manifest, and rebuilding only what changed."""

from __future__ import annotations

import base64
import hashlib
import json
import platform
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.package.conftest import NATIVE_REQUIREMENT, config_of, write_project
from tests.projects import edit_config
from wrapper.errors import WrapperError
from wrapper.package.build import package_stage


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time (ns)."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_manifest_names_each_zip_by_its_content_hash(native_project: Callable[..., Path]) -> None:
    config = config_of(native_project())
    result = package_stage(config)
    manifest = json.loads((config.work_dir / "dist" / "manifest.json").read_text())
    assert manifest["version"] == 1 and manifest["stage"] == "dev"
    assert (manifest["runtime"], manifest["architecture"]) == ("python3.12", "x86_64")
    assert sorted(manifest["functions"]) == ["connect", "default", "pose"]
    for name, entry in manifest["functions"].items():
        data = (config.work_dir / "dist" / entry["zip"]).read_bytes()
        digest = hashlib.sha256(data)
        assert entry["zip"] == f"{name}-{digest.hexdigest()[:12]}.zip"
        assert entry["sha256"] == digest.hexdigest()
        assert entry["source_code_hash"] == base64.b64encode(digest.digest()).decode()
        assert entry["size"] == len(data)
        assert result.functions[name].status == "built"
    with zipfile.ZipFile(result.functions["pose"].path) as archive:
        names = archive.namelist()
    assert {"pose.py", "common/replies.py", "markupsafe/__init__.py"} <= set(names)
    assert "connect.py" not in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc") or n.startswith("/") or n.startswith("bin/")]
    assert not [n for n in names if n.endswith(".dist-info/RECORD")]  # RECORD hashes machine-specific scripts


def test_second_run_with_nothing_changed_touches_nothing(native_project: Callable[..., Path]) -> None:
    root = native_project()
    package_stage(config_of(root))
    before = _snapshot(root / ".wrapper")
    again = package_stage(config_of(root))
    assert {f.status for f in again.functions.values()} == {"unchanged"}
    assert again.dependencies.cache == "hit"
    assert _snapshot(root / ".wrapper") == before
    assert again.seconds < 0.2


def test_a_handler_edit_rebuilds_and_rehashes_exactly_that_function(native_project: Callable[..., Path]) -> None:
    root = native_project()
    first = package_stage(config_of(root))
    (root / "functions" / "pose.py").write_text("def handler(event, context):\n    return {'statusCode': 204}\n")
    second = package_stage(config_of(root))
    assert second.changed == ["pose"]
    changed = {name for name in first.functions if first.functions[name].sha256 != second.functions[name].sha256}
    assert changed == {"pose"}
    assert sorted(p.name for p in (root / ".wrapper" / "dev" / "dist").glob("*.zip")) == sorted(f.zip for f in second.functions.values())


def test_a_shared_code_edit_rebuilds_every_function(native_project: Callable[..., Path]) -> None:
    root = native_project()
    package_stage(config_of(root))
    (root / "functions" / "common" / "replies.py").write_text("def ok(body=''):\n    return {'statusCode': 200}\n")
    assert package_stage(config_of(root)).changed == ["connect", "default", "pose"]


def test_a_deleted_zip_is_rebuilt_identically(native_project: Callable[..., Path]) -> None:
    root = native_project()
    first = package_stage(config_of(root))
    first.functions["connect"].path.unlink()
    second = package_stage(config_of(root))
    assert second.changed == ["connect"]
    assert second.functions["connect"].sha256 == first.functions["connect"].sha256


def test_boto3_is_left_to_the_runtime_and_the_output_says_so(tmp_path: Path) -> None:
    result = package_stage(config_of(write_project(tmp_path / "p")))
    assert result.dependencies.cache == "none"
    assert result.dependencies.runtime_provided == "excluded"
    assert any("not bundled" in note and "boto3" in note for note in result.notes)


@pytest.mark.slow
def test_two_clean_builds_in_different_folders_are_byte_identical(tmp_path: Path) -> None:
    """Each build installs from the index into its own empty cache: nothing is shared but the inputs."""
    hashes = []
    for name in ("first", "elsewhere/second"):
        root = write_project(tmp_path / name, requirements=NATIVE_REQUIREMENT + "\n")
        (root / "functions" / "connect.py").chmod(0o600)  # a stricter umask must not show in the zip
        result = package_stage(config_of(root))
        assert result.dependencies.cache == "installed"
        hashes.append({name: (f.zip, f.path.read_bytes()) for name, f in result.functions.items()})
        shutil.rmtree(root / ".wrapper" / "cache")
    assert hashes[0] == hashes[1]


def test_a_damaged_dependency_cache_is_reported_not_shipped(native_project: Callable[..., Path]) -> None:
    root = native_project()
    (blob,) = (root / ".wrapper" / "cache" / "deps").glob("*/layer.bin")
    blob.write_bytes(blob.read_bytes()[:-10])
    with pytest.raises(WrapperError, match=r"cached dependencies in .* are damaged") as failure:
        package_stage(config_of(root))
    assert failure.value.hint is not None and "delete" in failure.value.hint
    assert not (root / ".wrapper" / "dev").exists()


@pytest.mark.slow
@pytest.mark.skipif(
    platform.machine() != "x86_64" or sys.version_info[:2] != (3, 11), reason="needs a host that matches the built platform (x86_64, 3.11)"
)
def test_the_zip_imports_and_runs_on_a_matching_platform(tmp_path: Path) -> None:
    """Built for python3.11/x86_64 like this host, the extracted zip alone must import the native wheel and run the handler."""
    root = write_project(tmp_path / "p", requirements=NATIVE_REQUIREMENT + "\n")
    (root / "wrapper.toml").write_text((root / "wrapper.toml").read_text().replace('runtime = "python3.12"', 'runtime = "python3.11"'))
    (root / "functions" / "pose.py").write_text(
        "import markupsafe._speedups\nfrom markupsafe import escape\n\n\ndef handler(event, context):\n    return str(escape(event))\n"
    )
    result = package_stage(config_of(root))
    with zipfile.ZipFile(result.functions["pose"].path) as archive:
        archive.extractall(tmp_path / "task")
    code = "import sys; sys.path[:] = [sys.argv[1]] + [p for p in sys.path if 'site-packages' not in p]; import pose; print(pose.handler('<b>', None))"
    done = subprocess.run(
        [sys.executable, "-I", "-c", code, str(tmp_path / "task")], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "&lt;b&gt;"


def test_shared_code_clashing_with_a_dependency_is_refused_before_any_zip_is_written(native_project: Callable[..., Path]) -> None:
    root = native_project()
    (root / "functions" / "markupsafe").mkdir()
    (root / "functions" / "markupsafe" / "__init__.py").write_text("# my own markupsafe\n")
    edit_config(root, 'shared = ["common"]', 'shared = ["common", "markupsafe"]')
    with pytest.raises(WrapperError, match=r"two files would land at 'markupsafe/__init__\.py'"):
        package_stage(config_of(root))
    assert not (root / ".wrapper" / "dev").exists()
