"""checkov finds no failing check in the rendered stack; every skip carries its reason in the HCL."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.projects import scaffold
from wrapper.config import load_config
from wrapper.terraform.stage import render

ROOT = Path(__file__).resolve().parents[2]


def checkov() -> str | None:
    local = ROOT / ".venv-checkov" / "bin" / "checkov"
    return str(local) if local.exists() else shutil.which("checkov")


@pytest.mark.slow
def test_rendered_stack_passes_checkov(tmp_path: Path) -> None:
    binary = checkov()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("checkov is missing; scripts/bootstrap --test installs it into .venv-checkov")
        pytest.skip("checkov is not installed (scripts/bootstrap --test installs it into .venv-checkov)")
    folder = render(load_config(scaffold(tmp_path / "world", service="world"), "prod", env={}))
    done = subprocess.run(
        [binary, "-d", str(folder), "--framework", "terraform", "--skip-download", "--quiet", "--compact", "-o", "json"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE"},
    )
    report = json.loads(done.stdout)
    summary = report["summary"]
    failed = [f"{c['check_id']} {c['resource']}" for c in report.get("results", {}).get("failed_checks", [])]
    assert summary["failed"] == 0, failed
    assert summary["passed"] > 100
    for path in folder.rglob("*.tf"):
        for skip in re.findall(r"#checkov:skip=([A-Z0-9_]+)(:?)(.*)", path.read_text()):
            assert skip[1] == ":" and len(skip[2].strip()) > 20, f"{path.name}: {skip[0]} is skipped without a reason"
