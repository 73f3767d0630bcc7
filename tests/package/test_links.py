"""Links in the source folder: nothing from outside the project ever reaches a zip."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.package.conftest import config_of, write_project
from tests.package.test_fresh import packaged
from wrapper.errors import ConfigError
from wrapper.package import fresh
from wrapper.package.sources import function_files, shared_files


def _files(root: Path, function: str = "pose") -> dict[str, bytes]:
    config = config_of(root)
    return {f.name: f.data for f in function_files(config, config.functions[function], shared_files(config))}


@pytest.mark.parametrize("target", ["/proc/self/environ", "/etc/passwd"])
def test_a_link_to_a_file_outside_the_project_is_refused(tmp_path: Path, target: str) -> None:
    root = write_project(tmp_path / "p")
    (root / "functions" / "common" / "env.txt").symlink_to(target)
    with pytest.raises(ConfigError, match=r"functions/common/env\.txt is a link to .*outside the project") as err:
        _files(root)
    assert "copy the file into the project" in err.value.hint


def test_a_linked_folder_outside_the_project_is_refused_not_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.py").write_text("KEY = 'x'\n")
    root = write_project(tmp_path / "p")
    (root / "functions" / "common" / "vendor").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ConfigError, match=r"functions/common/vendor is a link to .*elsewhere, outside the project"):
        _files(root)


def test_links_inside_the_project_are_stored_as_the_files_they_point_to(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    lib = root / "lib" / "geometry"
    lib.mkdir(parents=True)
    (lib / "__init__.py").write_text("")
    (lib / "vec.py").write_text("def add(a, b):\n    return a + b\n")
    (root / "functions" / "common" / "geometry").symlink_to(lib, target_is_directory=True)
    (root / "functions" / "common" / "alias.py").symlink_to(root / "functions" / "common" / "replies.py")
    files = _files(root)
    assert files["common/geometry/vec.py"] == (lib / "vec.py").read_bytes()
    assert files["common/alias.py"] == (root / "functions" / "common" / "replies.py").read_bytes()


def test_a_link_cycle_ends(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    (root / "functions" / "common" / "loop").symlink_to(root / "functions" / "common", target_is_directory=True)
    assert "common/replies.py" in _files(root)


def test_broken_links_and_special_files_are_named(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    (root / "functions" / "common" / "gone.py").symlink_to(root / "nowhere.py")
    with pytest.raises(ConfigError, match=r"functions/common/gone\.py is a broken link"):
        _files(root)
    (root / "functions" / "common" / "gone.py").unlink()
    os.mkfifo(root / "functions" / "common" / "pipe")
    with pytest.raises(ConfigError, match=r"functions/common/pipe is not a regular file"):
        _files(root)


def test_the_package_command_refuses_with_exit_2_and_writes_no_zip(cli: Any, tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    (root / "functions" / "common" / "env.txt").symlink_to("/proc/self/environ")
    result = cli(["package", "--stage", "dev", "--project", str(root)])
    assert result.exit_code == 2, result.output
    assert "outside the project" in result.output
    dist = root / ".wrapper" / "dev" / "dist"
    assert not dist.exists() or not list(dist.glob("*.zip"))


def test_a_file_added_behind_a_linked_folder_makes_the_fast_path_decline(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    lib = root / "lib"
    lib.mkdir()
    (lib / "extra.py").write_text("X = 1\n")
    (root / "functions" / "common" / "lib").symlink_to(lib, target_is_directory=True)
    key = packaged(root)
    assert fresh.replay(root, key) is not None
    (lib / "more.py").write_text("Y = 2\n")
    os.utime(lib / "more.py", (1, 1))  # an old mtime: only the listing behind the link can reveal it
    assert fresh.replay(root, key) is None
