"""With [auth], the handlers verify sign-in tokens with PyJWT, so `wrapper package` must ship it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.package.conftest import config_of, write_project
from tests.projects import append_config
from wrapper.errors import ConfigError
from wrapper.package.build import package_stage

AUTH = '\n[auth]\nprovider = "cognito"\n'


def test_auth_without_pyjwt_in_requirements_is_refused_before_anything_is_built(tmp_path: Path) -> None:
    root = append_config(write_project(tmp_path / "app", requirements="# nothing yet\n"), AUTH)
    with pytest.raises(ConfigError) as refused:
        package_stage(config_of(root))
    assert "does not name PyJWT" in refused.value.message and "PyJWT[crypto]>=2.10" in (refused.value.hint or "")
    assert not (root / ".wrapper" / "dev" / "dist").exists()


def test_pyjwt_is_packaged_into_every_function(tmp_path: Path) -> None:
    # PyJWT alone is pure Python; its crypto extra (cryptography) has no wheel for Lambda on this offline machine.
    root = append_config(write_project(tmp_path / "app", requirements="PyJWT>=2.10\n"), AUTH)
    result = package_stage(config_of(root))
    assert set(result.functions) == {"connect", "pose", "default"}
    for built in result.functions.values():
        with zipfile.ZipFile(built.path) as archive:
            assert "jwt/__init__.py" in archive.namelist()
