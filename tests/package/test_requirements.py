"""Which requirement changes reinstall dependencies, and when boto3 is bundled."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.package.conftest import config_of, write_project
from wrapper.errors import ConfigError
from wrapper.package.requirements import Target, read_requirements


def test_comments_and_blank_lines_do_not_change_the_cache_key(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", requirements="pydantic==2.9.2\n")
    target = Target("python3.12", "arm64")
    before = read_requirements(config_of(root)).cache_key(target)
    (root / "requirements.txt").write_text("# models\n\npydantic==2.9.2   # validation\n")
    assert read_requirements(config_of(root)).cache_key(target) == before
    (root / "requirements.txt").write_text("pydantic==2.9.1\n")
    assert read_requirements(config_of(root)).cache_key(target) != before


def test_platform_and_python_version_are_part_of_the_key(tmp_path: Path) -> None:
    requirements = read_requirements(config_of(write_project(tmp_path / "p", requirements="attrs\n")))
    keys = {requirements.cache_key(Target(rt, arch)) for rt in ("python3.12", "python3.13") for arch in ("x86_64", "arm64")}
    assert len(keys) == 4
    assert Target("python3.12", "arm64").platforms[0] == "manylinux_2_34_aarch64"
    assert Target("python3.12", "arm64").platforms[-1] == "manylinux2014_aarch64"
    assert Target("python3.11", "x86_64").platforms[0] == "manylinux_2_26_x86_64"
    assert "manylinux_2_17_x86_64" in Target("python3.11", "x86_64").platforms
    assert Target("python3.13", "x86_64").python_version == "3.13"


def test_an_included_file_is_hashed_too(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", requirements="-r base.txt\n")
    (root / "base.txt").write_text("attrs==24.1.0\n")
    target = Target("python3.12", "x86_64")
    before = read_requirements(config_of(root)).cache_key(target)
    (root / "base.txt").write_text("attrs==24.2.0\n")
    assert read_requirements(config_of(root)).cache_key(target) != before
    (root / "base.txt").unlink()
    with pytest.raises(ConfigError, match=r"includes base\.txt"):
        read_requirements(config_of(root))


def test_boto3_is_bundled_only_when_pinned(tmp_path: Path) -> None:
    assert not read_requirements(config_of(write_project(tmp_path / "a", requirements="attrs\n"))).bundle_runtime_provided
    assert read_requirements(config_of(write_project(tmp_path / "b", requirements="Boto3==1.35.0\n"))).bundle_runtime_provided


def test_no_requirements_file_means_no_dependencies(tmp_path: Path) -> None:
    requirements = read_requirements(config_of(write_project(tmp_path / "p")))
    assert requirements.empty and requirements.path is None
