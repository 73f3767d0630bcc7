"""Dependencies come from wheels built for Lambda's platform, never from this machine's."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.package.conftest import config_of, fake_wheel, write_project
from tests.projects import edit_config
from wrapper.errors import WrapperError
from wrapper.package.build import package_stage

ELF_MACHINE = {b"\x3e\x00": "x86_64", b"\xb7\x00": "arm64"}  # e_machine at offset 18 of a little-endian ELF header


def _shared_objects(zip_path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(zip_path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.endswith(".so")}


def test_arm64_and_x86_64_bundle_different_native_wheels(native_project: Callable[..., Path]) -> None:
    built = {arch: package_stage(config_of(native_project(arch, name=arch))) for arch in ("x86_64", "arm64")}
    objects = {arch: _shared_objects(result.functions["pose"].path) for arch, result in built.items()}
    assert list(objects["x86_64"]) == ["markupsafe/_speedups.cpython-312-x86_64-linux-gnu.so"]
    assert list(objects["arm64"]) == ["markupsafe/_speedups.cpython-312-aarch64-linux-gnu.so"]
    for arch, found in objects.items():
        (data,) = found.values()
        assert data[:4] == b"\x7fELF" and ELF_MACHINE[data[18:20]] == arch
    assert built["x86_64"].functions["pose"].sha256 != built["arm64"].functions["pose"].sha256


def test_a_dependency_without_a_wheel_for_the_platform_fails_naming_it(tmp_path: Path) -> None:
    requirements = "--no-index\n--find-links wheels\nonlyintel==1.0\n"
    intel = write_project(tmp_path / "intel", architecture="x86_64", requirements=requirements)
    fake_wheel(intel / "wheels", "onlyintel", "cp312-cp312-manylinux2014_x86_64")
    assert package_stage(config_of(intel)).dependencies.packages == ("onlyintel==1.0",)

    arm = write_project(tmp_path / "arm", architecture="arm64", requirements=requirements)
    fake_wheel(arm / "wheels", "onlyintel", "cp312-cp312-manylinux2014_x86_64")
    with pytest.raises(WrapperError) as failure:
        package_stage(config_of(arm))
    assert "no wheel of onlyintel for Lambda's platform (Amazon Linux 2023 aarch64, glibc 2.34, CPython 3.12)" in failure.value.message
    assert failure.value.hint is not None and "pip wheel onlyintel" in failure.value.hint
    # Nothing half-written: no layer, no temporary install, no zips.
    assert list((arm / ".wrapper" / "cache" / "deps").iterdir()) == []
    assert not (arm / ".wrapper" / "dev").exists()


def _glibc_project(root: Path, runtime: str, wheels: list[tuple[str, str]]) -> Path:
    project = write_project(root, requirements="--no-index\n--find-links wheels\nnewglibc\n")
    edit_config(project, 'runtime = "python3.12"', f'runtime = "{runtime}"')
    for version, tag in wheels:
        fake_wheel(project / "wheels", "newglibc", tag, version=version)
    return project


def test_wheels_for_any_glibc_the_runtime_has_are_used_newest_version_first(tmp_path: Path) -> None:
    # numpy 2.3.5 publishes only manylinux_2_28 wheels: Amazon Linux 2023 (glibc 2.34) runs them.
    project = _glibc_project(
        tmp_path / "al2023",
        "python3.12",
        [
            ("1.0", "cp312-cp312-manylinux2014_x86_64"),
            ("2.0", "cp312-cp312-manylinux_2_28_x86_64"),
            ("3.0", "cp312-cp312-manylinux_2_35_x86_64"),
        ],
    )
    assert package_stage(config_of(project)).dependencies.packages == ("newglibc==2.0",)


def test_python311_runs_on_amazon_linux_2_so_glibc_2_28_wheels_do_not_fit(tmp_path: Path) -> None:
    project = _glibc_project(tmp_path / "al2", "python3.11", [("2.0", "cp311-cp311-manylinux_2_28_x86_64")])
    with pytest.raises(WrapperError) as failure:
        package_stage(config_of(project))
    assert "(Amazon Linux 2 x86_64, glibc 2.26, CPython 3.11)" in failure.value.message
    assert failure.value.hint is not None and "glibc 2.26 or older" in failure.value.hint
