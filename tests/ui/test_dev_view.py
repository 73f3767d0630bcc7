"""What `wrapper dev` prints: a refused $connect says so, and a stage that needs tokens says how to get one."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from wrapper.config import load_config
from wrapper.offline.apigw.gateway import Invocation
from wrapper.offline.lambda_runtime.invoker import Outcome
from wrapper.ui import dev_view


def _line(capsys: pytest.CaptureFixture[str], route: str, outcome: Outcome) -> str:
    dev_view.invocation(Invocation(route=route, function="connect", connection_id="abc=", outcome=outcome))
    return capsys.readouterr().err


def test_a_connect_the_handler_refuses_is_not_logged_as_ok(capsys: pytest.CaptureFixture[str]) -> None:
    line = _line(capsys, "$connect", Outcome(ok=True, result={"statusCode": 401, "body": "token required"}))
    assert "refused 401" in line and " ok" not in line


def test_an_accepted_connect_and_a_message_are_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert _line(capsys, "$connect", Outcome(ok=True, result={"statusCode": 200})).rstrip().endswith("ok")
    assert _line(capsys, "pose", Outcome(ok=True, result={"statusCode": 401})).rstrip().endswith("ok"), "only $connect refuses"
    assert "KeyError" in _line(capsys, "$connect", Outcome(ok=False, error_type="KeyError"))


def _banner(project: Path, stage: str, capsys: pytest.CaptureFixture[str]) -> str:
    # The banner only reads these attributes of a DevServer; starting a real one takes workers and ports.
    server = SimpleNamespace(
        config=load_config(project, stage),
        ws_url=f"ws://127.0.0.1:3001/{stage}",
        http_url=None,
        management_url=f"http://127.0.0.1:3001/{stage}",
        page_url="http://127.0.0.1:8080/",
        embedded=SimpleNamespace(endpoint="http://127.0.0.1:4000"),
        warnings=[],
        lan=None,
    )
    dev_view.banner(server)  # type: ignore[arg-type]
    return capsys.readouterr().err


def test_a_stage_that_needs_tokens_says_how_to_open_the_page(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The scaffold sets multiplayer.auth = true on prod: without a token the page only ever says "reconnecting".
    banner = _banner(project, "prod", capsys)
    assert "http://127.0.0.1:8080/?token=" in banner
    assert "wrapper token --player NAME --local --stage prod" in banner
    assert "?token=" not in _banner(project, "dev", capsys), "dev is open: no token to mention"
