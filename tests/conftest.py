"""Fixtures every test area shares: a CLI runner and a freshly scaffolded project."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.projects import scaffold
from wrapper.cli.app import app


@pytest.fixture(autouse=True)
def _ctrl_c_reaches_children() -> None:
    """Children started by a test get Ctrl-C as from a terminal.

    An ignored SIGINT is inherited through exec, and something earlier in the same test process
    (a browser driver, an embedded runtime) may have left it ignored: then the tests that press
    Ctrl-C on `wrapper dev`, `wrapper init` or Terraform would see it do nothing.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def _isolated_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach real AWS: fake credentials, a fixed region, no profile."""
    for var in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "WRAPPER_STAGE", "WRAPPER_REGION", "WRAPPER_DEV_PORT"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    # This suite runs under CI=true, where deploy refuses local state; tests of that rule unset this.
    monkeypatch.setenv("WRAPPER_ALLOW_LOCAL_STATE", "1")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """One Playwright per test process: its sync API cannot be started twice in the same process."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as started:
        yield started


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """``cli(args, cwd=path)`` runs the wrapper CLI in a folder and returns the result."""

    def invoke(args: list[str], cwd: Path | None = None, input: str | None = None):  # type: ignore[no-untyped-def]
        if cwd is not None:
            monkeypatch.chdir(cwd)
        return runner.invoke(app, args, input=input)

    yield invoke


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A new webxr project named ``demo`` in eu-west-2 with stages dev and prod."""
    return scaffold(tmp_path / "demo")
