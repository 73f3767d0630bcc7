"""checkov finds no failing check in the rendered stack; every skip carries its reason in the HCL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.projects import scaffold
from tests.support.checkov import run_checkov
from wrapper.config import load_config
from wrapper.terraform.stage import render

# The scaffold's prod requires signed tokens; its dev stage is anonymous, and checkov must say so
# (no skip may claim a token check that multiplayer.auth = false does not make).
EXPECTED_FAILURES = {"prod": [], "dev": ["CKV_AWS_309 module.websocket.aws_apigatewayv2_route.anonymous_connect[0]"]}


@pytest.mark.slow
@pytest.mark.parametrize("stage", sorted(EXPECTED_FAILURES))
def test_rendered_stack_passes_checkov(tmp_path: Path, stage: str) -> None:
    folder = render(load_config(scaffold(tmp_path / "world", service="world"), stage, env={}))
    report = run_checkov(folder)
    assert report.failed == EXPECTED_FAILURES[stage]
    assert report.passed > 100
    for path in folder.rglob("*.tf"):
        for skip in re.findall(r"#checkov:skip=([A-Z0-9_]+)(:?)(.*)", path.read_text()):
            assert skip[1] == ":" and len(skip[2].strip()) > 20, f"{path.name}: {skip[0]} is skipped without a reason"
