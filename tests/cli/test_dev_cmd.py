"""`wrapper dev`'s port flags are checked like the file's ports: bad ones stop it before anything starts (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["--port", "8681", "--frontend-port", "8681"], ["command-line flag --port", "both 8681"]),
        # The scaffold's page port is 8080: the clash is the flag's doing, so the flag is named.
        (["--port", "8080"], ["command-line flag --port", "dev.port and dev.frontend_port are both 8080"]),
        (["--frontend-port", "3001"], ["command-line flag --frontend-port", "both 3001"]),
    ],
    ids=["both-flags", "port-flag-vs-file", "page-flag-vs-file"],
)
def test_one_port_for_page_and_websocket_is_a_usage_error(cli, project: Path, flags: list[str], words: list[str]) -> None:
    result = cli(["dev", *flags], cwd=project)
    assert result.exit_code == 2, result.output
    for word in words:
        assert word in result.output
    assert "hint: give the page and the WebSocket different ports" in result.output
    assert not (project / ".wrapper" / "local").exists(), "nothing started, nothing saved"


@pytest.mark.parametrize("flag", ["--port", "--frontend-port", "--secrets-port"])
def test_a_port_out_of_range_is_refused_by_the_option_itself(cli, project: Path, flag: str) -> None:
    result = cli(["dev", flag, "99999"], cwd=project)
    assert result.exit_code == 2
    assert flag in result.output and "65535" in result.output
    assert "unexpected" not in result.output and "OverflowError" not in result.output
