"""Running checkov on a folder of Terraform, as CI does: one place for its binary, flags and report."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def checkov() -> str | None:
    local = ROOT / ".venv-checkov" / "bin" / "checkov"
    return str(local) if local.exists() else shutil.which("checkov")


@dataclass(frozen=True)
class CheckovReport:
    failed: list[str]  # "<check id> <resource>" of each failed check
    passed: int


def run_checkov(folder: Path) -> CheckovReport:
    """checkov's verdict on ``folder``; skips the test where checkov is missing, except in CI, where that fails it."""
    binary = checkov()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("checkov is missing; scripts/bootstrap --test installs it into .venv-checkov")
        pytest.skip("checkov is not installed (scripts/bootstrap --test installs it into .venv-checkov)")
    done = subprocess.run(
        [binary, "-d", str(folder), "--framework", "terraform", "--skip-download", "--quiet", "--compact", "-o", "json"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE"},  # no download of the guideline mapping: these machines are offline
    )
    report = json.loads(done.stdout)
    failed = sorted(f"{c['check_id']} {c['resource']}" for c in report.get("results", {}).get("failed_checks", []))
    return CheckovReport(failed, report["summary"]["passed"])
