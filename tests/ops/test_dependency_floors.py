"""The declared dependencies keep out releases with published advisories.

pip-audit needs an advisory service these machines cannot reach (`.ci/audit` runs it where
one is); this test holds the floors themselves, offline: each package below was affected
up to the version named, with the advisory that says so.
"""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]

# package: (last affected version, an advisory fixed after it)
AFFECTED = {
    "aiohttp": ("3.14.4", "GHSA-5wr8-gcqf-gqf3"),
    "jinja2": ("3.1.5", "CVE-2025-27516"),
    "werkzeug": ("3.1.5", "CVE-2026-27199"),
    "flask-cors": ("5.0.1", "CVE-2024-6844"),
    "urllib3": ("2.6.2", "CVE-2026-21441"),
    "requests": ("2.32.3", "CVE-2024-47081"),
    "cryptography": ("49.0.0", "CVE-2026-69247"),
}


def runtime_requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {(req := Requirement(line)).name.lower(): req for line in project["dependencies"]}


@pytest.mark.parametrize("name", sorted(AFFECTED))
def test_the_floor_excludes_every_affected_release(name: str) -> None:
    requirement = runtime_requirements().get(name)
    last_affected, advisory = AFFECTED[name]
    assert requirement is not None, f"{name} must be declared with a floor ({advisory})"
    assert not requirement.specifier.contains(last_affected, prereleases=True), f"{name}=={last_affected} is allowed ({advisory})"


def test_the_installed_set_satisfies_the_floors() -> None:
    for name, requirement in runtime_requirements().items():
        assert requirement.specifier.contains(Version(version(name)), prereleases=True), f"installed {name} {version(name)}"


def test_the_audit_script_runs_pip_audit_on_the_runtime_set() -> None:
    script = (ROOT / ".ci" / "audit").read_text()
    assert "pip-audit" in script and "--strict" in script
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(Requirement(r).name == "pip-audit" for r in extras["audit"])
