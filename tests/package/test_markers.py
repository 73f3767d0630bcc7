"""pip judges environment markers by the Python running it; wrapper re-checks them for Lambda's Python."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.package.conftest import config_of, fake_wheel, write_project
from tests.projects import edit_config
from wrapper.errors import WrapperError
from wrapper.package.build import package_stage
from wrapper.package.markers import lambda_environment
from wrapper.package.requirements import Target

# A Lambda runtime that is not this machine's Python, so the host and the target disagree on the marker.
OTHER = next(v for v in ("3.12", "3.13", "3.11") if v != f"{sys.version_info.major}.{sys.version_info.minor}")


def test_lambda_environment_describes_the_target_not_this_machine() -> None:
    env = lambda_environment(Target("python3.13", "arm64"))
    assert (env["python_version"], env["platform_machine"], env["sys_platform"]) == ("3.13", "aarch64", "linux")


def _project(tmp_path: Path, requirements: str) -> Path:
    root = write_project(tmp_path / "p", requirements=requirements)
    edit_config(root, 'runtime = "python3.12"', f'runtime = "python{OTHER}"')
    fake_wheel(root / "wheels", "needsnew", "py3-none-any", requires=(f'newonly; python_version == "{OTHER}"',))
    fake_wheel(root / "wheels", "newonly", "py3-none-any")
    return root


def test_a_dependency_pip_skips_by_this_machines_python_is_named(tmp_path: Path) -> None:
    root = _project(tmp_path, "--no-index\n--find-links wheels\nneedsnew==1.0\n")
    with pytest.raises(WrapperError) as failure:
        package_stage(config_of(root))
    assert failure.value.message.startswith("pip left out newonly (needed by needsnew)")
    assert failure.value.hint is not None and failure.value.hint.startswith("add newonly to requirements.txt without a marker")
    assert list((root / ".wrapper" / "cache" / "deps").iterdir()) == []


def test_listing_it_explicitly_bundles_it(tmp_path: Path) -> None:
    root = _project(tmp_path, "--no-index\n--find-links wheels\nneedsnew==1.0\nnewonly==1.0\n")
    assert package_stage(config_of(root)).dependencies.packages == ("needsnew==1.0", "newonly==1.0")
