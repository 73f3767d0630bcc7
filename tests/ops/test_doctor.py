"""`wrapper doctor` on a healthy setup and on broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from moto import mock_aws

TEMPLATE_MODULES = Path(__file__).resolve().parents[2] / "templates" / "frontend" / "webxr" / "node_modules"


@mock_aws
def test_healthy(cli, project: Path) -> None:
    if not (TEMPLATE_MODULES / "three").is_dir():
        pytest.skip("three.js not installed in templates/frontend/webxr (scripts/bootstrap --test does it)")
    (project / "frontend" / "node_modules").symlink_to(TEMPLATE_MODULES, target_is_directory=True)
    config = project / "wrapper.toml"
    config.write_text(config.read_text().replace("port = 3001", "port = 0").replace("frontend_port = 8080", "frontend_port = 0"))
    result = cli(["doctor", "--json"], cwd=project)
    report = json.loads(result.stdout)
    assert result.exit_code == 0, report
    assert {c["check"] for c in report["checks"]} == {"terraform engine", "aws credentials", "packaging", "frontend", "wrapper dev ports"}
    assert all(c["ok"] for c in report["checks"])


def test_broken_engine_credentials_and_frontend(cli, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WRAPPER_TERRAFORM", "/nonexistent/terraform")
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no instance-role lookup: it times out, slowly, off EC2
    result = cli(["doctor", "--json"], cwd=project)
    assert result.exit_code == 1
    checks = {c["check"]: c for c in json.loads(result.stdout)["checks"]}
    assert not checks["terraform engine"]["ok"] and "wrapper-xr[terraform]" in checks["terraform engine"]["fix"]
    assert not checks["aws credentials"]["ok"] and "aws configure" in checks["aws credentials"]["fix"]
    assert not checks["frontend"]["ok"] and "npm install" in checks["frontend"]["fix"]
