"""`wrapper dev` as a user runs it: a banner with URLs, a log line per invocation, Ctrl-C to stop."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.disks import on_small_disk
from tests.offline.conftest import CONFIG, write_project
from tests.support.dev_child import BANNER_END, WRAPPER, dev_child
from wrapper.offline.aws.embedded import free_port

DEV = (*WRAPPER, "dev", "--port", "0", "--frontend-port", "0")


def test_dev_prints_urls_logs_invocations_and_stops_on_ctrl_c(gw_project: Path) -> None:
    secrets_port = free_port()
    with dev_child([*DEV, "--secrets-port", str(secrets_port)], gw_project) as (proc, lines):
        banner = lines.until(BANNER_END)
        url = re.search(r"ws://127\.0\.0\.1:\d+/dev", banner)
        assert url is not None, banner
        assert "@connections" in banner and "gw-dev-items" in banner and re.search(r"page\s+http://127\.0\.0\.1:\d+/", banner)
        assert f"Secrets Manager http://127.0.0.1:{secrets_port}" in banner, "every port wrapper dev opens is chosen and shown"
        with connect(url.group(0)) as ws:
            ws.send(json.dumps({"action": "echo", "text": "hi"}))
            assert ws.recv(timeout=10) == "echo:hi"
            log = lines.until(r"echo\s+echo\s+\S+\s+[\d.]+ ms ok")
            assert "$connect" in log
            proc.send_signal(signal.SIGINT)
            try:
                ws.recv(timeout=20)
            except ConnectionClosed as closed:
                assert closed.rcvd is not None and closed.rcvd.code == 1001
        assert proc.wait(timeout=30) == 0
        rest = lines.until(r"stopped", 10)
        assert "$disconnect" in rest


def test_dev_outside_a_project_says_how_to_start_one(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "wrapper", "dev"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "no wrapper.toml" in done.stderr and "wrapper init" in done.stderr


def test_missing_handler_module_is_named(gw_project: Path) -> None:
    (gw_project / "functions" / "echo.py").unlink()
    done = subprocess.run(
        [sys.executable, "-m", "wrapper", "dev", "--port", "0"], cwd=gw_project, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, "a configuration error, as `wrapper package` says for the same file"
    assert "functions.echo: handler module 'echo' not found" in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("disk", [{"read_only": True}, {"full": True}], ids=["read-only", "disk-full"])
def test_a_failed_save_is_reported_serving_goes_on_and_nothing_is_claimed(tmp_path: Path, disk: dict[str, bool]) -> None:
    gw_project = write_project(tmp_path / "gw", CONFIG.replace("timeout = 3\n", "timeout = 20\n"))  # a slow shared machine
    argv = on_small_disk(gw_project / ".wrapper" / "local", list(DEV), list_after=True, **disk)
    with dev_child(argv, gw_project, start_new_session=True) as (proc, lines):
        banner = lines.until(BANNER_END)
        url = re.search(r"ws://127\.0\.0\.1:\d+/dev", banner)
        assert url is not None, banner
        lines.until(r"could not save local data")  # at start: the signing key is saved at once
        with connect(url.group(0)) as ws:
            ws.send(json.dumps({"action": "store", "id": "k", "value": "v"}))
            assert ws.recv(timeout=30) == "stored"
        time.sleep(6)  # a periodic save (every 5 s after writes) fails too
        with connect(url.group(0)) as ws:  # and the gateway still serves
            ws.send(json.dumps({"action": "load", "id": "k"}))
            assert json.loads(ws.recv(timeout=30)) == "v"
        os.killpg(proc.pid, signal.SIGINT)
        status = proc.wait(timeout=60)
        rest = lines.until(r"left behind:.*\n", 10)
        assert status == 0, rest
    assert "NOT saved" in rest and "data saved" not in rest, rest
    assert rest.count("warning: could not save local data") == 1, "reported once, not every 5 s"
    assert re.search(r"left behind: *\n", rest), "no temp file may be left"
    assert "Traceback" not in rest


def test_a_failing_handler_prints_one_trimmed_traceback_and_counts_repeats(gw_project: Path) -> None:
    (gw_project / "functions" / "echo.py").write_text("def handler(event, context):\n    return {}['x']\n")
    with dev_child(DEV, gw_project) as (proc, lines):
        url = re.search(r"ws://127\.0\.0\.1:\d+/dev", lines.until(BANNER_END))
        assert url is not None
        with connect(url.group(0)) as ws:
            for _ in range(3):
                ws.send(json.dumps({"action": "echo", "text": "hi"}))
                assert "Internal server error" in str(ws.recv(timeout=10))
        seen = lines.until(r"again \(×2")
        assert "echo handler raised KeyError: 'x'" in seen
        assert seen.count("Traceback (most recent call last)") == 1, "one traceback per distinct error"
        assert 'echo.py", line 2, in handler' in seen
        assert "worker.py" not in seen and "importlib" not in seen, "trimmed to the project's frames"
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
